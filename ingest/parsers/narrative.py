"""Figures stated in prose, and zeros stated in words.

The phrase patterns live in ingest/taxonomy/narrative.yml. They are matched against a compact
copy of the normalised text with every whitespace run removed (so a number crawled onto its
own line, "申请\\n777\\n件", reads "申请777件"), except that one space is kept between two ASCII
letters or digits, so two numbers on consecutive lines never fuse. Each figure's start/end map
back to offsets in doc.text.

Never guess: a metric is emitted only when its best-tier matches all state the same value; a
sentence about cumulative totals, a breakdown clause (其中…) for a total, a wider scope in a
department's report, figures in tables and in the problems/plans section are skipped.

Modules: `narrative_rules` (the taxonomy's patterns compiled), `narrative_numerals` (counts in
Chinese numerals), `narrative_compact` (the whitespace-free text and its offset map),
`narrative_exclusions` (tables, plans sections, a department's wider scope); this module runs the
rules over the text and keeps the figures the best evidence agrees on.
"""
from __future__ import annotations

import re
from bisect import bisect_right
from itertools import accumulate, count
from operator import add

from ingest.parsers.model import Document, Figure, ReportMeta
from ingest.parsers.narrative_compact import _Compact
from ingest.parsers.narrative_exclusions import _excluded_spans, _in_spans, _is_department, _merged
from ingest.parsers.narrative_numerals import _CN_FIRST, _cn_count
from ingest.parsers.narrative_rules import _may_match, _spec
# Used by the tests (tests/parsers/test_fast_paths.py, test_one_line.py) as ingest.parsers.narrative.X:
from ingest.parsers.narrative_compact import _CompactSlow  # noqa: F401
from ingest.parsers.narrative_exclusions import _pipe_runs  # noqa: F401
from ingest.parsers.narrative_rules import _required_words  # noqa: F401

_SENTENCE_END = re.compile(r"[。！？!?]")
_CLAUSE_END = re.compile(r"[。！？!?，,；;：:]")
_KEYWORDS = ("申请", "公开", "复议", "诉讼", "费", "发布会", "培训")
_UNIT_CHARS = "件条元场次期篇个人"


def parse_narrative(doc: Document, meta: ReportMeta | None = None) -> list[Figure]:
    try:
        return _parse(doc, meta)
    except Exception:  # never let one odd report break the run
        return []


def _char_ends(rx: re.Pattern, text: str) -> list[int]:
    """[m.end() for m in rx.finditer(text)] for a one-character `rx`, without a Python loop."""
    pieces = rx.split(text)
    # the k-th match ends after the first k+1 pieces and k+1 matched characters
    return list(map(add, accumulate(map(len, pieces[:-1])), count(1)))


def _parse(doc: Document, meta: ReportMeta | None) -> list[Figure]:
    text = doc.text
    if not text or not any(k in text for k in _KEYWORDS):
        return []
    spec = _spec()
    comp = _Compact(text)
    ctext = comp.text
    sentence_ends = _char_ends(_SENTENCE_END, ctext)
    clause_ends = _char_ends(_CLAUSE_END, ctext)
    excluded = _merged(_excluded_spans(doc))
    department = _is_department(meta)
    cumulative_re = spec["cumulative"]
    wider_re = spec["wider_scope"]

    # metric -> list of (tier, cstart, value, kind, orig_start, orig_end, unit, note)
    candidates: dict[str, list[tuple]] = {}
    for rule in spec["rules"]:
        if not _may_match(rule.words, ctext):
            continue
        if rule.unless_doc is not None and _may_match(rule.unless_words, ctext) and rule.unless_doc.search(ctext):
            continue
        for m in rule.regex.finditer(ctext):
            ms, me = m.span()
            i = bisect_right(sentence_ends, ms) - 1
            sent_start = sentence_ends[i] if i >= 0 else 0
            prefix = ctext[sent_start:ms]
            sentence = ctext[sent_start:me]
            if rule.require is not None and not rule.require.search(sentence):
                continue
            if rule.reject is not None and rule.reject.search(prefix):
                continue
            if rule.total and "其中" in prefix:
                continue  # a breakdown (其中 …) of a total
            if not rule.cumulative:
                j = bisect_right(clause_ends, ms) - 1
                clause = ctext[clause_ends[j] if j >= 0 else 0 : me]
                if cumulative_re.search(clause):
                    continue
            if department and wider_re.search(prefix):
                continue
            if rule.zero:
                value, kind = 0.0, "zero"
                os_, oe = comp.span(ms, me)
                unit_char = None
            else:
                g = next((g for g in rule.groups if m.group(g) is not None), None)
                if g is None:
                    continue
                raw = m.group(g)
                if raw[0] in _CN_FIRST:
                    number = _cn_count(raw)
                    if number is None:
                        continue
                    value = float(number)
                else:
                    try:
                        value = float(raw.replace(",", ""))
                    except ValueError:
                        continue
                kind = "zero" if value == 0 else "number"
                gs, ge = m.span(g)
                os_, oe = comp.span(gs, ge)
                unit_char = ctext[ge] if ge < len(ctext) and ctext[ge] in _UNIT_CHARS else None
            if _in_spans(os_, excluded):
                continue
            for metric in rule.metrics:
                note = None
                if metric == "outcome_granted" and "已主动公开" in sentence:
                    note = "同意公开 as stated; answers 属于已主动公开 are stated separately"
                metric_unit = spec["units"].get(metric)
                unit = metric_unit if not unit_char or (metric_unit or "").startswith(unit_char) else unit_char
                candidates.setdefault(metric, []).append((rule.tier, ms, value, kind, os_, oe, unit, note))

    figures: list[Figure] = []
    for metric, cands in candidates.items():
        best_tier = min(c[0] for c in cands)
        chosen = sorted((c for c in cands if c[0] == best_tier), key=lambda c: c[1])
        if len({c[2] for c in chosen}) != 1:
            continue  # the best evidence disagrees with itself: unsure, emit nothing
        _, _, value, kind, os_, oe, unit, note = chosen[0]
        figures.append(
            Figure(
                source="narrative",
                table_id="narrative",
                row_key=metric,
                column_key="value",
                metric_key=metric,
                value=value,
                value_kind=kind,
                unit=unit,
                start=os_,
                end=oe,
                note=note,
                read_as="prose",
            )
        )
    figures.sort(key=lambda f: f.start)
    return figures

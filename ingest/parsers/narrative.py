"""Figures stated in prose, and zeros stated in words.

The phrase patterns live in ingest/taxonomy/narrative.yml. They are matched against a compact
copy of the normalised text with every whitespace run removed (so a number crawled onto its
own line, "申请\\n777\\n件", reads "申请777件"), except that one space is kept between two ASCII
letters or digits, so two numbers on consecutive lines never fuse. Each figure's start/end map
back to offsets in doc.text.

Never guess: a metric is emitted only when its best-tier matches all state the same value; a
sentence about cumulative totals, a breakdown clause (其中…) for a total, a wider scope in a
department's report, figures in tables and in the problems/plans section are skipped.
"""
from __future__ import annotations

import re
from bisect import bisect_right
from dataclasses import dataclass
from functools import lru_cache
from itertools import accumulate, count
from operator import add

from ingest.parsers.model import Document, Figure, ReportMeta
from ingest.parsers.page_chrome import is_one_line
from ingest.parsers.sections import split_sections
from ingest.taxonomy import metrics as taxonomy_metrics
from ingest.taxonomy import section as taxonomy_section

_WS = re.compile(r"\s+")
_SENTENCE_END = re.compile(r"[。！？!?]")
_CLAUSE_END = re.compile(r"[。！？!?，,；;：:]")
# Matched against one line at a time (doc.lines()): a `|` row is a line with two or more `|`.
_TOP_HEADING = re.compile(r"[ \t#]*([一二三四五六七八九十]{1,3})[ \t]*[、.．][ \t]*(.{0,60})")
_TOP_HEADING_FIRST = frozenset("一二三四五六七八九十")
_KEYWORDS = ("申请", "公开", "复议", "诉讼", "费", "发布会", "培训")
_UNIT_CHARS = "件条元场次期篇个人"

_COUNT_DIGITS = r"(?<![\d.．])(?<!\d )(?:\d{{1,3}}(?:,\d{{3}})+|\d+)(?![\d.．,，]\d)(?![\d.．])(?! \d)"
# A count in Chinese numerals (三, 十二, 两, 一百零五): the whole run of numeral characters, not after
# 第 (第三条) or a word that makes it vague (数十, 近三十, 十余); not 一次性, 一件事, 一条龙, 一件件.
_CN_CHARS = "零〇一二两三四五六七八九十百千万"
_COUNT_CN = (rf"(?<![{_CN_CHARS}第数几余多上近约逾超统同唯逐之])[一二两三四五六七八九十][{_CN_CHARS}]*"
             rf"(?![{_CN_CHARS}点])(?!.[性事龙])(?!件件|条条|次次|个个|场场)")
_COUNT = rf"(?P<{{g}}>{_COUNT_DIGITS}|{_COUNT_CN})"
_AMOUNT = r"(?<![\d.．])(?<!\d )(?P<{g}>\d+(?:\.\d+)?)(?![\d.．])(?! \d)"


@dataclass(frozen=True)
class _Rule:
    metrics: tuple[str, ...]
    regex: re.Pattern
    groups: tuple[str, ...]
    tier: int
    zero: bool
    total: bool
    cumulative: bool
    require: re.Pattern | None
    reject: re.Pattern | None
    unless_doc: re.Pattern | None
    words: tuple[str, ...] | None = None  # every `regex` match holds one (see _required_words)
    unless_words: tuple[str, ...] | None = None  # the same for `unless_doc`


_CN_FIRST = frozenset("一二两三四五六七八九十")
_CN_DIGIT_PAIR = re.compile(r"[一二两三四五六七八九]{2}")


@lru_cache(maxsize=4096)
def _cn_count(numeral: str) -> int | None:
    """三 -> 3, 十二 -> 12, 两 -> 2, 一百零五 -> 105, by cn2an; None when it is no whole count.

    Digits read one by one are no count here: 三四件 is "three or four", 一〇五 is not how a count
    is written (years are, and ingest.parsers.metadata reads those).
    """
    if _CN_DIGIT_PAIR.search(numeral.replace("零", "").replace("〇", "")):
        return None
    try:
        import cn2an  # imported on the first Chinese numeral: most reports have none

        value = cn2an.cn2an(numeral, "smart")
    except Exception:  # noqa: BLE001 - cn2an raises ValueError and others on what it cannot read
        return None
    if isinstance(value, float):
        if not value.is_integer():
            return None
        value = int(value)
    return value if isinstance(value, int) and value >= 0 else None


def _expand(pattern: str) -> tuple[str, list[str]]:
    groups: list[str] = []

    def sub(m: re.Match) -> str:
        kind = m.group(1)
        if kind in ("N", "M"):
            g = f"v{len(groups)}"
            groups.append(g)
            return (_COUNT if kind == "N" else _AMOUNT).format(g=g)
        return "[“\"‘「]?" if kind == "Q" else "[”\"’」]?"

    return re.sub(r"\{([NMQq])\}", sub, pattern), groups


def _required_words(pattern: str) -> tuple[str, ...] | None:
    """Words one of which every match of `pattern` holds; None when no such words are known.

    A text without any of them cannot match, so the regex is not run: most rule regexes have no
    literal prefix, and `re` then tries them at every position of the text. Read from the parse
    tree of `re` (a private module: any surprise there only turns the shortcut off).
    """
    try:
        from re import _constants as sre_c
        from re import _parser as sre_parse

        parsed = sre_parse.parse(pattern)
        if parsed.state.flags & (sre_c.SRE_FLAG_IGNORECASE | sre_c.SRE_FLAG_VERBOSE):
            return None
        words = _words_in(parsed, sre_c)
    except Exception:
        return None
    return tuple(sorted(words)) if words else None


def _words_in(items, sre_c) -> set[str] | None:
    """`_required_words` of a parsed sequence: its most selective required literal or alternation."""
    best: set[str] | None = None
    run: list[str] = []

    def keep(words: set[str] | None) -> None:
        nonlocal best
        if words and all(words) and (best is None or min(map(len, words)) > min(map(len, best))):
            best = words

    for op, av in items:
        if op is sre_c.LITERAL:
            run.append(chr(av))
            continue
        keep({"".join(run)} if run else None)
        run = []
        if op is sre_c.SUBPATTERN and not av[1] and not av[2]:  # (group, add_flags, del_flags, items)
            keep(_words_in(av[3], sre_c))
        elif op is sre_c.BRANCH:
            alternatives = [_words_in(alt, sre_c) for alt in av[1]]
            if all(alternatives):
                keep(set().union(*alternatives))
        elif op in (sre_c.MAX_REPEAT, sre_c.MIN_REPEAT) and av[0] >= 1:  # (min, max, item)
            keep(_words_in(av[2], sre_c))
    keep({"".join(run)} if run else None)
    return best


def _may_match(words: tuple[str, ...] | None, text: str) -> bool:
    return words is None or any(w in text for w in words)


@lru_cache(maxsize=1)
def _spec() -> dict:
    spec = taxonomy_section("narrative")
    rules = []
    for i, r in enumerate(spec["rules"]):
        pattern, groups = _expand(r["re"])
        metrics = tuple(r.get("metrics") or [r["metric"]])
        rules.append(
            _Rule(
                metrics=metrics,
                regex=re.compile(pattern),
                groups=tuple(groups),
                tier=int(r.get("tier", 1)),
                zero=bool(r.get("zero")),
                total=bool(r.get("total")),
                cumulative=bool(r.get("cumulative")),
                require=re.compile(r["require"]) if r.get("require") else None,
                reject=re.compile(r["reject"]) if r.get("reject") else None,
                unless_doc=re.compile(r["unless_doc"]) if r.get("unless_doc") else None,
                words=_required_words(pattern),
                unless_words=_required_words(r["unless_doc"]) if r.get("unless_doc") else None,
            )
        )
    units = {k: m.get("unit") for k, m in taxonomy_metrics().items()}
    return {
        "rules": rules,
        "cumulative": re.compile(spec["cumulative_markers"]),
        "wider_scope": re.compile(spec["wider_scope"]),
        "plan_headings": re.compile(spec["plan_headings"]),
        "units": units,
    }


_ASCII_ALNUM = frozenset("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789")


class _Compact:
    """The text without whitespace, and the map from its offsets back to the text.

    The map is a list of break points: from compact offset `_c[i]` on, the text offset is the
    compact one plus `_shift[i]` (the whitespace removed before it). Built from `str.split()`
    (the same whitespace as `\\s`), one step per word rather than per regex match.
    """

    __slots__ = ("text", "_c", "_shift")

    def __init__(self, text: str):
        words = text.split()
        breaks: list[int] = []
        shifts: list[int] = []
        spaced: list[int] = []  # indexes of the words that keep a space before them
        pos = removed = 0
        prev_last = ""
        for k, word in enumerate(words):
            start = text.find(word, pos)  # text[pos:start] is whitespace, so this is the word itself
            gap = start - pos
            if gap:
                if prev_last in _ASCII_ALNUM and word[0] in _ASCII_ALNUM:
                    spaced.append(k)
                    gap -= 1
                if gap:
                    removed += gap
                    breaks.append(start - removed)
                    shifts.append(removed)
            pos = start + len(word)
            prev_last = word[-1]
        for k in reversed(spaced):
            words.insert(k, " ")
        self.text = "".join(words)
        self._c = breaks
        self._shift = shifts

    def to_orig(self, cpos: int) -> int:
        i = bisect_right(self._c, cpos) - 1
        return cpos if i < 0 else cpos + self._shift[i]

    def span(self, cs: int, ce: int) -> tuple[int, int]:
        if ce <= cs:
            p = self.to_orig(cs)
            return p, p
        return self.to_orig(cs), self.to_orig(ce - 1) + 1


class _CompactSlow:
    """Reference implementation of `_Compact` (one regex match at a time), kept for the tests."""

    __slots__ = ("text", "_c", "_o")

    def __init__(self, text: str):
        pieces: list[str] = []
        c_starts: list[int] = []
        o_starts: list[int] = []
        pos = cpos = 0
        n = len(text)
        for m in _WS.finditer(text):
            s, e = m.span()
            if s > pos:
                pieces.append(text[pos:s])
                c_starts.append(cpos)
                o_starts.append(pos)
                cpos += s - pos
            if 0 < s and e < n:
                a, b = text[s - 1], text[e]
                if a.isascii() and b.isascii() and a.isalnum() and b.isalnum():
                    pieces.append(" ")
                    c_starts.append(cpos)
                    o_starts.append(s)
                    cpos += 1
            pos = e
        if pos < n:
            pieces.append(text[pos:])
            c_starts.append(cpos)
            o_starts.append(pos)
        self.text = "".join(pieces)
        self._c = c_starts
        self._o = o_starts

    def to_orig(self, cpos: int) -> int:
        i = bisect_right(self._c, cpos) - 1
        if i < 0:
            return cpos
        return self._o[i] + (cpos - self._c[i])


def _is_department(meta: ReportMeta | None) -> bool:
    if meta is None:
        return False
    if meta.agency_type:
        return meta.agency_type == "department"
    name = meta.agency or meta.agency_as_written or ""
    if not name or "人民政府" in name:
        return False
    return bool(re.search(r"(局|委员会|委|办公室|办|厅|中心|署|院)$", name))


def _excluded_spans(doc: Document) -> list[tuple[int, int]]:
    """Where prose figures are never read: tables (by their spans), `|` rows, problems/plans sections."""
    text = doc.text
    spans: list[tuple[int, int]] = []
    plan = _spec()["plan_headings"]
    if is_one_line(doc):
        # One line holds the whole report: the `|` cells by their runs, the headings inside the line.
        spans += _pipe_runs(text)
        for sec in split_sections(doc):
            if sec.level == 1 and plan.search(sec.heading):
                spans.append((sec.start, sec.end))
    else:
        heads: list[tuple[int, str]] = []  # (start, heading text) of every 一、 heading
        for start, end, line in doc.lines():
            if line.count("|") >= 2:
                spans.append((start, end))
            if line.lstrip(" \t#")[:1] in _TOP_HEADING_FIRST:
                h = _TOP_HEADING.match(line)
                if h:
                    heads.append((start, h.group(2)))
        for i, (start, heading) in enumerate(heads):
            if plan.search(heading):
                end = heads[i + 1][0] if i + 1 < len(heads) else len(text)
                spans.append((start, end))
    try:
        from ingest.parsers.tables.national import table_spans

        spans.extend(table_spans(doc))
    except Exception:  # noqa: BLE001 - a table reader's failure only loses this exclusion
        pass
    try:
        from ingest.parsers.tables.legacy import find_legacy_tables

        spans.extend((s, e) for s, e, _ in find_legacy_tables(doc))
    except Exception:  # noqa: BLE001
        pass
    spans.sort()
    return spans


_PIPE_GAP = 40  # a run of `|` cells ends where more characters than this pass without a `|`


def _pipe_runs(text: str) -> list[tuple[int, int]]:
    """(first `|`, last `|` + 1) of every run of two or more `|` no more than _PIPE_GAP apart."""
    out: list[tuple[int, int]] = []
    first = last = -1
    pos = text.find("|")
    while pos >= 0:
        if first >= 0 and pos - last > _PIPE_GAP:
            if last > first:
                out.append((first, last + 1))
            first = pos
        elif first < 0:
            first = pos
        last = pos
        pos = text.find("|", pos + 1)
    if last > first >= 0:
        out.append((first, last + 1))
    return out


def _merged(spans: list[tuple[int, int]]) -> tuple[list[int], list[int]]:
    """Sorted spans -> (starts, ends) of their union as disjoint spans: `_in_spans` bisects them."""
    starts: list[int] = []
    ends: list[int] = []
    for s, e in spans:
        if e <= s:
            continue  # an empty span holds no position
        if ends and s <= ends[-1]:
            ends[-1] = max(ends[-1], e)
        else:
            starts.append(s)
            ends.append(e)
    return starts, ends


def _in_spans(pos: int, merged: tuple[list[int], list[int]]) -> bool:
    starts, ends = merged
    i = bisect_right(starts, pos) - 1
    return i >= 0 and pos < ends[i]


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

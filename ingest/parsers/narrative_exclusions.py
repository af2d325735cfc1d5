"""Where and whose prose figures are never read: tables (by their spans), `|` rows, the problems/plans
sections; and whether the report is a department's (its wider-scope figures are skipped)."""
from __future__ import annotations

import re
from bisect import bisect_right

from ingest.parsers.model import Document, ReportMeta
from ingest.parsers.narrative_rules import _spec
from ingest.parsers.page_chrome import is_one_line
from ingest.parsers.sections import split_sections

# Matched against one line at a time (doc.lines()): a `|` row is a line with two or more `|`.
_TOP_HEADING = re.compile(r"[ \t#]*([一二三四五六七八九十]{1,3})[ \t]*[、.．][ \t]*(.{0,60})")
_TOP_HEADING_FIRST = frozenset("一二三四五六七八九十")


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

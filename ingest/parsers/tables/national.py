"""表二 / 表三 / 表四 of the 2019 and 2021 national report formats: where they are, and who reads them.

The regions are found in the text by character offsets, not lines (a crawl may have joined the
body into one line): 表三 from the first 本年新收 followed by 上年结转, 表四 from the first 行政复议
after it followed by the table's header words, 表二 from 第二十条第. Each table has its reader:
`table2` (line by line), `table3` and `table4` (rows found by their labels anywhere, values read
whatever the separators, digit runs decided by the table's arithmetic).

The result is computed once per Document (the narrative parser asks for the tables' spans too).
"""
from __future__ import annotations

import re
from bisect import bisect_right
from dataclasses import dataclass, field

from ingest.parsers.model import Ambiguity, Document, Figure
from ingest.parsers.tables.table2 import parse_table2
from ingest.parsers.tables.table3 import MERGED_NOTE, parse_table3
from ingest.parsers.tables.table4 import parse_table4

__all__ = ["MERGED_NOTE", "NationalTables", "national_tables", "parse_national_tables", "table_spans"]

_T3_ANCHOR = re.compile(r"本年度?新收")
_T3_CHECK = re.compile(r"上年度?结转")
_T4_ANCHOR = re.compile(r"行政复议")
_T4_CHECK = re.compile(r"结果维持|结果纠正|尚未审结|未经复议|复议后起诉")  # national 表四 header words, not legacy 维持具体行政行为数
_T2_ANCHOR = re.compile(r"第二十条第")
_T2_CHECK = re.compile(r"信息内容|规章|规范性文件|行政许可|本年制发|本年新")
_END = re.compile(r"(?:^|\n)\s*#*\s*[五六七]、|存在的主要问题|其他需要报告|改进情况")

_T3_REACH = 15000  # characters a 表三 region spans at most
_T4_REACH = 3000
_T2_MAX_LINES = 150


@dataclass
class NationalTables:
    figures: list[Figure] = field(default_factory=list)
    ambiguities: list[Ambiguity] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)
    spans: list[tuple[int, int]] = field(default_factory=list)  # offsets in doc.text of each table read


def _find_anchor(text: str, anchor: re.Pattern, check: re.Pattern, window: int, pos: int = 0) -> int | None:
    """Start of the first `anchor` match at or after `pos` followed within `window` by `check`."""
    for m in anchor.finditer(text, pos):
        if check.search(text, m.end(), m.end() + window):
            return m.start()
    return None


def _end_after(text: str, pos: int, reach: int) -> int:
    m = _END.search(text, pos, pos + reach)
    return m.start() if m else min(len(text), pos + reach)


def _span(figures: list[Figure], ambiguities: list[Ambiguity], floor: int) -> tuple[int, int] | None:
    ends = [f.run_end or f.end for f in figures] + [a.end for a in ambiguities]
    return (floor, max(ends)) if ends else None


def national_tables(doc: Document) -> NationalTables:
    """Every national table of the document, read once and kept on it."""
    cached = doc.cache.get("national")
    if cached is None:
        cached = doc.cache["national"] = _read(doc)
    return cached


def _read(doc: Document) -> NationalTables:
    text = doc.text
    out = NationalTables()
    if not text or ("新收" not in text and "行政复议" not in text and "第二十条" not in text):
        return out
    t3 = _find_anchor(text, _T3_ANCHOR, _T3_CHECK, 3000)
    if t3 is None:
        m = _T3_ANCHOR.search(text)
        t3 = m.start() if m else None
    t4 = _find_anchor(text, _T4_ANCHOR, _T4_CHECK, 400, t3 or 0)
    t2 = _find_anchor(text, _T2_ANCHOR, _T2_CHECK, 300)
    if t2 is not None:
        lines = doc.lines()
        starts = [s for s, _, _ in lines]
        first = bisect_right(starts, t2) - 1
        limit = next((bisect_right(starts, x) - 1 for x in (t3, t4) if x is not None and x > t2), len(lines))
        chunk = lines[first:max(first + 1, min(limit, first + _T2_MAX_LINES))]
        figs = parse_table2(chunk)
        out.figures += figs
        if figs:
            out.spans.append((chunk[0][0], chunk[-1][1]))
    regions = []
    if t3 is not None:
        end = t4 if t4 is not None and t4 > t3 else _end_after(text, t3, _T3_REACH)
        regions.append((parse_table3, t3, min(end, t3 + _T3_REACH)))
    if t4 is not None:
        regions.append((parse_table4, t4, _end_after(text, t4, _T4_REACH)))
    for reader, start, end in regions:
        figs, amb, warn = reader(text, start, end)
        out.figures += figs
        out.ambiguities += amb
        out.warnings += warn
        span = _span(figs, amb, start)
        if span:
            out.spans.append(span)
    out.spans.sort()
    return out


def parse_national_tables(doc: Document) -> list[Figure]:
    """Figures of 表二 / 表三 / 表四 found in the document (empty list when there are none)."""
    return national_tables(doc).figures


def table_spans(doc: Document) -> list[tuple[int, int]]:
    """(start, end) offsets in doc.text of the 表二 / 表三 / 表四 read, for the narrative parser to skip."""
    return national_tables(doc).spans

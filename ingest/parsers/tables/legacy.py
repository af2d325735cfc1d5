"""Legacy (pre-2019) statistics tables: the nine-section table and local short tables.

A table starts at its header (指标名称 / 统计指标 … 单位, then the value column headers:
统计数 / 年末统计 / 2013年度 → "year", 历年累计 → "cumulative") and is read as one stream of
cells whatever the crawl did to its layout (`legacy_cells`): one cell per line, `|` rows,
cells separated by spaces, cells run together, the whole report on one line. Rows are found by
the row labels of the taxonomy (ingest/taxonomy/legacy.yml); a row's cells are the unit, then
its value(s), up to the next label (`legacy_rows`).

Only what is certain is emitted (`legacy_rows` says what a row's cells can be read as). What
the text leaves open (a digit run holding two columns, a number cut across lines that no sum
of the table decides, digits run into the next row's numbering, one value for two columns)
yields no figure but a warning (`legacy_table_warnings`) and an `Ambiguity`
(`legacy_table_ambiguities`); the sums the table states choose between readings where they can
(`legacy_sums`). Every figure says how it was read (`read_as`): 'cell',
'segmented' (cut out of a digit run), 'joined' (pieces across line breaks, `run_start`/
`run_end` their span); its start/end cite exactly the value's characters.

This module finds the tables and reads their header and rows; `legacy_figures` turns the rows
into figures, warnings and ambiguities.
"""
from __future__ import annotations

import re
from functools import lru_cache

from ingest.parsers.model import Ambiguity, Document, Figure
from ingest.parsers.tables.legacy_cells import iter_cells
from ingest.parsers.tables.legacy_figures import _Table, _table_figures
from ingest.parsers.tables.legacy_rows import read_rows
from ingest.taxonomy import section as taxonomy_section

# Header of a legacy table: 指标名称 / 统计指标 (possibly one character per line), then 单位.
_HEADER = re.compile(r"(?:指\s*标\s*名\s*称|统\s*计\s*指\s*标)[\s|]*(?:计\s*量\s*)?单\s*位")
_HEADER_WORD = re.compile(r"计量单位|计量|单位|统计数|年末统计|年末数|历年累计|累计|本年度?|年度|\d{4}年度?统计数?|\d+|年")
_SEPARATORS = " \t\n|"
_TABLE_IDS = ("legacy_stats", "legacy_short")


@lru_cache(maxsize=1)
def _taxonomy() -> dict:
    out = {}
    every_label: set[str] = set()
    for table_id in _TABLE_IDS:
        spec = taxonomy_section(table_id)
        rows = []
        by_label: dict[str, list[dict]] = {}
        for row in spec["rows"]:
            labels = [re.sub(r"\s+", "", lab) for lab in row["labels"]]
            row = {**row, "labels": labels}
            rows.append(row)
            for lab in labels:
                by_label.setdefault(lab, []).append(row)
        every_label.update(by_label)
        # a lookahead alternation finds, at every position, the longest label starting there
        alternation = "|".join(re.escape(lab) for lab in sorted(by_label, key=len, reverse=True))
        out[table_id] = {**spec, "rows": rows, "by_label": by_label, "label_re": re.compile(f"(?=({alternation}))")}
    # every label of both families, longest first: where labels end in text run together
    out["labels"] = re.compile("|".join(re.escape(lab) for lab in sorted(every_label, key=len, reverse=True)))
    return out


def _columns(header_text: str) -> list[tuple[str, str]]:
    """Value columns from the header text: [(column_key, header label)]."""
    h = "".join(header_text.split())
    cols: list[tuple[int, str, str]] = []
    m = re.search(r"历年累计|累计", h)
    if m:
        cols.append((m.start(), "cumulative", m.group(0)))
    m2 = re.search(r"\d{4}年度?|本年度?|统计数|年末统计|年末数", h)
    if m2:
        cols.append((m2.start(), "year", m2.group(0)))
    if not cols:
        return [("year", "")]
    if len(cols) == 1 and cols[0][1] == "cumulative":
        return [("year", ""), ("cumulative", cols[0][2])]
    cols.sort()
    return [(k, lab) for _, k, lab in cols]


# ------------------------------------------------------------------------------- public API


def find_legacy_tables(doc: Document) -> list[tuple[int, int, str]]:
    """(start, end, table_id) of every legacy table in the document."""
    return [(t.start, t.end, t.table_id) for t in _tables(doc)]


def parse_legacy_tables(doc: Document) -> list[Figure]:
    return [f for t in _tables(doc) for f in t.figures]


def legacy_table_warnings(doc: Document) -> list[str]:
    """What the legacy tables leave open: rows that yield no figure because the text allows several readings."""
    return [w for t in _tables(doc) for w in t.warnings]


def legacy_table_ambiguities(doc: Document) -> list[Ambiguity]:
    """The same rows as `legacy_table_warnings`, as `Ambiguity` records (ParseResult.ambiguities)."""
    return [a for t in _tables(doc) for a in t.ambiguities]


_LAST: tuple = (None, ())  # (text, tables) of the last document: the narrative parser and report.py ask again


def _tables(doc: Document) -> tuple[_Table, ...]:
    global _LAST
    text = doc.text
    last = _LAST  # one read: a tuple swapped whole, safe across threads
    if last[0] is text:
        return last[1]
    try:
        out = tuple(_find_tables(text))
    except Exception:  # never let one odd table break the report
        out = ()
    _LAST = (text, out)
    return out


# ------------------------------------------------------------------------------- reading


def _find_tables(text: str) -> list[_Table]:
    if "单" not in text or not ("指" in text and "标" in text):
        return []
    headers = list(_HEADER.finditer(text))
    if not headers:
        return []
    tax = _taxonomy()
    out = []
    for k, m in enumerate(headers):
        region_end = headers[k + 1].start() if k + 1 < len(headers) else len(text)
        table = _read_table(text, m, region_end, tax)
        if table is not None:
            out.append(table)
    return out


def _skip_header(text: str, pos: int, end: int, labels: re.Pattern) -> int:
    """The end of the header's column cells (统计数, 2009 / 年度, 历年累计 …) after 单位."""
    header_end = pos
    while True:
        while pos < end and text[pos] in _SEPARATORS:
            pos += 1
        if pos >= end or labels.match(text, pos):
            return header_end
        hm = _HEADER_WORD.match(text, pos, end)
        if not hm:
            return header_end
        pos = header_end = hm.end()


def _read_table(text: str, m: re.Match, region_end: int, tax: dict) -> _Table | None:
    body_start = _skip_header(text, m.end(), region_end, tax["labels"])
    columns = _columns(text[m.start():body_start])
    rows, table_end = read_rows(iter_cells(text, body_start, region_end, tax["labels"]))
    if not rows:
        return None
    body = "".join(text[m.start():table_end].split())
    table_id = "legacy_stats" if ("主动公开情况" in body and "依申请公开情况" in body) else "legacy_short"
    line_start = text.rfind("\n", 0, m.start()) + 1
    start = line_start if not text[line_start:m.start()].strip(_SEPARATORS) else m.start()
    table = _Table(start, max(table_end, m.end()), table_id)
    _table_figures(table, tax[table_id], columns, rows)
    return table

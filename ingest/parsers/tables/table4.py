"""表四 (administrative reconsideration and litigation): fifteen numbers after the header.

The values are the tokens after the table's header words, whatever the lines (`runs`): fifteen
cells are read as they stand, blank cells keep their place (a row with trailing blanks is still
fifteen cells). A digit run or numbers broken over lines are read by the table's arithmetic: each
of the three 总计 is the sum of the four before it; a cell is emitted only when every best reading
agrees on it (`20103110001100000` gives every 总计, not the first two parts of 直接起诉). A table of
a single merged 0 gives the three 总计 as 0.
"""
from __future__ import annotations

import re
from functools import lru_cache

from ingest.parsers.model import Ambiguity, Figure
from ingest.parsers.tables import runs
from ingest.parsers.tables.solve import decide
from ingest.parsers.tables.table3 import MERGED_NOTE
from ingest.taxonomy import section

_CJK = re.compile(r"[\u4e00-\u9fff]")
# the header words of the table (and of its three sub-tables when they come apart)
_HEADER_WORDS = re.compile(r"结果维持|结果纠正|其他结果|尚未审结|总计|行政复议|行政诉讼|未经复议直接起诉|复议后起诉|直接起诉|未经复议|---+|:?-+:?")


def _without_header_blanks(text: str, tokens: list[runs.Token]) -> list[runs.Token]:
    """Blank cells followed by header words (`总计 |  |  |`, a sub-table's header padded on the right)
    are the header's, not the values'."""
    out = []
    for i, t in enumerate(tokens):
        if t.kind == "blank":
            nxt = next((u for u in tokens[i + 1:] if u.kind != "blank"), None)
            if nxt is not None and _CJK.search(text, t.end, nxt.start):
                continue
        out.append(t)
    return out


def _is_header(run: str) -> bool:
    return not _HEADER_WORDS.sub("", run).strip("#（）()·、:：")


@lru_cache(maxsize=1)
def _spec():
    cols = section("t4")["columns"]
    return [c["key"] for c in cols], {c["key"]: c.get("metric") for c in cols}


def parse_table4(text: str, start: int, end: int) -> tuple[list[Figure], list[Ambiguity], list[str]]:
    columns, metrics = _spec()
    n = len(columns)
    tokens = runs.trim_blanks(_without_header_blanks(text, runs.tokenize(text, start, end, allow=_is_header)), n)
    if not tokens:
        return [], [], []
    if runs.digit_count(tokens) < n and all(t.kind != "blank" for t in tokens):
        if all(t.text == "0" for t in tokens):
            cell = runs.as_cells(tokens[-1:])[0]
            return [_fig(k, metrics[k], cell, MERGED_NOTE) for k in columns if k.endswith(".total")], [], []
        return [], [], [f"表四: {len(tokens)} values for {n} columns: which column each belongs to is unknown, nothing emitted"]
    if len(tokens) == n:
        readings = [runs.as_cells(tokens)]
    elif len(tokens) > n and not any(t.joinable for t in tokens):
        readings = [runs.as_cells(tokens[:n])]
    elif runs.digit_count(tokens) == n:
        readings = [runs.one_digit_per_cell(tokens)]
    else:
        readings = runs.readings(tokens, n)
    if not readings:
        why = "too many readings" if readings is None else f"no reading as {n} cells"
        return [], [], [f"表四: the values {' '.join(t.text or '□' for t in tokens)!r} allow {why}: nothing emitted"]
    return decide([readings], ["t4"], columns, _identities(columns), lambda _row, col: metrics[col],
                  "t4", "表四", unit="件")


def _identities(columns: list[str]):
    out = []
    for g in ("review", "direct", "after_review"):
        parts = [i for i, c in enumerate(columns) if c.startswith(g + ".") and not c.endswith(".total")]
        out.append(tuple([(0, columns.index(g + ".total"), 1)] + [(0, i, -1) for i in parts]))
    return out


def _fig(col: str, metric: str | None, cell: runs.Cell, note: str | None) -> Figure:
    return Figure(source="table", table_id="t4", row_key="t4", column_key=col, metric_key=metric,
                  value=cell.value, value_kind=cell.kind, unit="件", start=cell.start, end=cell.end, note=note,
                  read_as=cell.read_as, run_start=cell.run_start, run_end=cell.run_end)

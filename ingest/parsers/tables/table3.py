"""表三 (applications received and handled) of the 2019 and 2021 national formats.

Rows are found by their labels anywhere in the text (`row_labels`), whatever the lines; each
row's values are read from the stretch up to the next row (`runs`). A row whose tokens are seven
cells is read as it stands. Otherwise its possible readings (digit runs cut, numbers joined across
line breaks) are decided by the table's arithmetic (`solve`): 总计 = the six other columns on every
row; 一 + 二 = 三（七） + 四 and （七） = （一）+（二）+ the four groups in every column; each group
（三）–（六） = its items. A cell is emitted only when every best reading agrees on it.

A row with fewer values than columns and no blank cell comes from merged cells: only its last
value, the 总计, is certain (emitted with `MERGED_NOTE`), and only where it is the sum of the values
before it (2 1 0 3, not 1 0 0 0 0 0: there a blank 总计 was dropped). Where those few values ran together
(`…办理2103`), the 总计 is the last number of every split whose last number is the sum of the
others (2 1 0 | 3): emitted when all such splits agree. With a blank cell among too few values the
columns cannot be told apart: nothing is emitted, and a warning says so.
"""
from __future__ import annotations

from functools import lru_cache

from ingest.parsers.model import Ambiguity, Figure
from ingest.parsers.tables import runs
from ingest.parsers.tables.row_labels import Element, LabelIndex
from ingest.parsers.tables.solve import Identity, decide
from ingest.taxonomy import section

MERGED_NOTE = "merged cells: only the total is certain"
_ORDINAL = "（一二三四五六七八九十）()、.． "
HEADER = "outcomes"  # 三、本年度办理结果: a row without values


@lru_cache(maxsize=1)
def _spec():
    """The rows in table order as label elements: 三、本年度办理结果 before （一）, each group's own row
    （三）不予公开 … （六）其他处理 before its numbered items (the 2019 （六） is a row without items)."""
    t3 = section("t3")
    groups = t3.get("groups", {})
    by_key = {r["key"]: r for r in t3["rows"]}
    elements: list[Element] = []
    metric: dict[str, str | None] = {}
    placed: set[str] = set()
    for row in t3["rows"]:
        key, group = row["key"], row.get("group")
        if key in placed:
            continue
        if key == "granted":
            elements.append(Element(HEADER, tuple(t3["outcome_header"])))
        if group and group not in placed:
            placed.add(group)
            labels = by_key[group]["labels"] if group in by_key else [groups[group]["zh"].strip(_ORDINAL)]
            elements.append(Element(group, tuple(labels)))
            metric[group] = groups[group].get("metric")
        elements.append(Element(key, tuple(row["labels"])))
        metric[key] = row.get("metric")
        placed.add(key)
    columns = [c["key"] for c in t3["columns"]]
    return LabelIndex(elements), metric, columns, t3.get("total_column", "total"), groups


def parse_table3(text: str, start: int, end: int) -> tuple[list[Figure], list[Ambiguity], list[str]]:
    index, metric, columns, total_col, groups = _spec()
    n = len(columns)
    chain = index.chain(text, start, end)
    if len(chain) < 2:
        return [], [], []
    keys = [index.elements[h.element].key for h in chain]
    pipe_mode = text.count("|", start, end) >= 6 and text.count("\n", start, end) >= 3
    figures: list[Figure] = []
    ambiguities: list[Ambiguity] = []
    warnings: list[str] = []
    rows: list[list[tuple[runs.Cell, ...]]] = []
    row_keys: list[str] = []
    for k, hit in enumerate(chain):
        key = keys[k]
        if key == HEADER:
            continue
        stop = chain[k + 1].start if k + 1 < len(chain) else min(end, hit.end + 600)
        own = _own_label(index.elements[hit.element].labels)
        tokens = runs.trim_blanks(runs.tokenize(text, hit.end, stop, newline_ends=pipe_mode, allow=own,
                                                    junction_ends=True), n)
        if not tokens:
            continue
        readings = _readings(text, tokens, n)
        if readings == "merged":
            cells = runs.as_cells(tokens)
            last = cells[-1]
            parts = [c.value for c in cells[:-1]]
            if len(cells) > 1 and (None in parts or last.value is None or abs(sum(parts) - last.value) > 1e-6):
                warnings.append(f"表三 row {key}: {len(cells)} values for {n} columns and the last is not the sum "
                                "of the others: which is the 总计 is unknown, nothing emitted")
            elif last.value is not None or last.kind == "not_applicable":
                figures.append(_fig(key, total_col, metric.get(key), last, MERGED_NOTE))
            continue
        if readings == "sparse":
            totals = _sparse_totals(tokens, n)
            if len(totals) == 1:
                figures.append(_fig(key, total_col, metric.get(key), totals[0], MERGED_NOTE))
                continue
            if totals:
                first = totals[0]
                ambiguities.append(Ambiguity("t3", key, total_col, metric.get(key),
                                             tuple(sorted(c.value for c in totals)), len(totals),
                                             first.run_start, first.run_end))
                warnings.append(f"表三 row {key}: the run {_digits(tokens)!r} of fewer values than columns has "
                                f"{len(totals)} readings whose last value is the sum of the others "
                                f"(总计 {' or '.join(runs.fmt(c.value) for c in totals)}): nothing emitted")
                continue
        if readings in ("blank", "sparse"):
            warnings.append(f"表三 row {key}: the values {_digits(tokens)!r} are fewer than its {n} columns and "
                            "not separated from each other or from blanks: which column each belongs to is "
                            "unknown, nothing emitted")
            continue
        if readings is None:
            warnings.append(f"表三 row {key}: the digits {_digits(tokens)!r} allow too many readings: nothing emitted")
            continue
        if not readings:
            warnings.append(f"表三 row {key}: the digits {_digits(tokens)!r} cannot be read as {n} cells: nothing emitted")
            continue
        rows.append(readings)
        row_keys.append(key)
    ident = _identities(row_keys, n, columns.index(total_col), groups)

    def metric_of(row: str, col: str) -> str | None:
        return metric.get(row) if col == total_col else None

    f2, amb, w2 = decide(rows, row_keys, columns, ident, metric_of, "t3", "表三", unit="件")
    return figures + f2, ambiguities + amb, warnings + w2


def _own_label(labels: tuple[str, ...]):
    """A copy of the row's own label (a merged cell rendered into every grid position) is part of the row."""
    def allow(run: str) -> bool:
        core = runs.ROW_START.sub("", run)
        return bool(core) and any(core.startswith(lab) for lab in labels)
    return allow


def _readings(text: str, tokens: list[runs.Token], n: int):
    if len(tokens) == n:
        return [runs.as_cells(tokens)]
    has_blank = any(t.kind == "blank" for t in tokens)
    if len(tokens) > n and not any(t.joinable for t in tokens):
        return [runs.as_cells(tokens[-n:])]  # surplus leading cells (a label number cell, say)
    digits = runs.digit_count(tokens)
    if digits < n:
        if has_blank:
            return "blank"  # too few cells to place
        if any(len(t.text) > 1 and runs.glued(text, t) for t in tokens):
            return "sparse"  # a run that may be one number or several cells (2103: 2, 1, 0, 3?)
        return "merged"
    if digits == n:
        return [runs.one_digit_per_cell(tokens)]
    return runs.readings(tokens, n)


def _sparse_totals(tokens: list[runs.Token], n: int) -> list[runs.Cell]:
    """The possible 总计 of a row of fewer than `n` values that ran together: the last number of
    each reading in 2..n-1 numbers whose last is the sum of the others (distinct values)."""
    out: dict[float, runs.Cell] = {}
    for k in range(2, n):
        found = runs.readings(tokens, k, limit=2000)
        if found is None:
            return []
        for cells in found:
            if all(c.value is not None for c in cells) and abs(sum(c.value for c in cells[:-1]) - cells[-1].value) < 1e-6:
                out.setdefault(cells[-1].value, cells[-1])
    return list(out.values())


def _digits(tokens: list[runs.Token]) -> str:
    return " ".join(t.text or "□" for t in tokens)


def _identities(row_keys: list[str], n: int, total_col: int, groups: dict) -> list[Identity]:
    at = {k: i for i, k in enumerate(row_keys)}
    out: list[Identity] = [tuple([(i, total_col, 1)] + [(i, c, -1) for c in range(n) if c != total_col])
                           for i in range(len(row_keys))]
    items: dict[str, list[int]] = {}
    for k, i in at.items():
        if "." in k:
            items.setdefault(k.split(".")[0], []).append(i)
    parts: list[list[int]] | None = [[at[k]] for k in ("granted", "partial") if k in at]
    for g in groups:
        if g in at:
            parts.append([at[g]])
            if items.get(g):
                out += [tuple([(at[g], c, 1)] + [(i, c, -1) for i in items[g]]) for c in range(n)]
        elif items.get(g):
            parts.append(items[g])
        else:
            parts = None
            break
    for c in range(n):
        if all(k in at for k in ("new", "carried_over", "total", "carried_forward")):
            out.append(((at["new"], c, 1), (at["carried_over"], c, 1), (at["total"], c, -1), (at["carried_forward"], c, -1)))
        if parts is not None and "total" in at and len(parts) >= 3:
            out.append(tuple([(at["total"], c, 1)] + [(i, c, -1) for p in parts for i in p]))
    return out


def _fig(row: str, col: str, metric: str | None, cell: runs.Cell, note: str | None, table_id: str = "t3") -> Figure:
    return Figure(source="table", table_id=table_id, row_key=row, column_key=col, metric_key=metric,
                  value=cell.value, value_kind=cell.kind, unit="件", start=cell.start, end=cell.end, note=note,
                  read_as=cell.read_as, run_start=cell.run_start, run_end=cell.run_end)

"""Rows of a legacy table from its cells, and what each row's value cells can be read as.

Rows: label fragments accumulate until a unit or a value; the values follow until the next
label. In a `|` layout a label closed by `|` is a row of its own even with no cell after it.

Readings: a row's value cells are read into the table's value columns (统计数 / 本年 /
历年累计). Only the layout decides, never a guess:

- as many value cells as columns: one per column, in the header's order;
- no value at all: every column blank (value_kind `empty`, never 0);
- one value for two columns (blank cells vanish in one-cell-per-line crawls): its column is
  unknown, except a single 0, which is 0 this year whichever column it is in (this year's count
  never exceeds the cumulative one);
- one digit run glued to other text for two columns (`条254378967`): every split into two
  numbers without leading zeros and with this year <= cumulative, and the run as one value of
  either column, are readings; what all readings share is known (`条00` is 0 and 0, `条0107` is
  0 and 107), the rest is not;
- more value lines than columns (one-cell-per-line crawls cut numbers at Word run boundaries,
  `1` / `62`): every way of joining neighbouring pieces into one number per column is a reading.
  One piece too many with a single way to join it (`3` / `5` for one column) is that value; else
  only the table's arithmetic may pick one (`resolve_sums`): alone, the row yields nothing.

`legacy_sums.resolve_sums` narrows the readings with the sums the table states; `agreed` then
gives, per column, the value every remaining reading shares.
"""
from __future__ import annotations

import itertools
from collections.abc import Iterable
from dataclasses import dataclass

from ingest.parsers.model import classify_cell
from ingest.parsers.tables.legacy_cells import Cell

class Row:
    __slots__ = ("label", "label_start", "label_end", "unit", "values", "explicit")

    def __init__(self) -> None:
        self.label = ""
        self.label_start = -1
        self.label_end = -1
        self.unit: Cell | None = None
        self.values: list[Cell] = []
        self.explicit = False  # blank cells are visible (`|` layout)

    def add_label(self, cell: Cell) -> None:
        if self.label_start < 0:
            self.label_start = cell.start
        self.label_end = cell.end
        self.label += "".join(cell.text.split())


def _is_prose(cell: Cell) -> bool:
    t = cell.text.strip()
    if ("。" in t and len(t) > 12) or (("，" in t or "；" in t) and len(t) > 20):
        return True
    return cell.whole and len(t) > 60  # text run together is judged by its punctuation only


MAX_LABEL = 100  # a row label longer than this, with no cell yet, is prose: the table has ended


def read_rows(cells: Iterable[Cell]) -> tuple[list[Row], int]:
    """Rows from a stream of cells; returns (rows, end offset of the last cell read)."""
    rows: list[Row] = []
    row = Row()
    table_end = -1
    for cell in cells:
        kind = cell.kind
        if kind == "unit" and not (row.label and row.unit is None and not row.values):
            kind = "text"
        if kind == "text":
            if _is_prose(cell):
                break
            if row.label and (row.unit is not None or row.values or cell.pipe):
                if row.unit is not None or row.values:
                    rows.append(row)
                elif cell.pipe:  # `label |` then the next label: a row with no cell
                    row.explicit = True
                    rows.append(row)
                    table_end = max(table_end, row.label_end)
                row = Row()
            row.add_label(cell)
            if not (row.unit or row.values) and len(row.label) > MAX_LABEL:
                row = Row()
                break
            continue
        if not row.label:
            continue  # a value before any label (right after the header): nobody's
        if cell.pipe:
            row.explicit = True
        if kind == "unit":
            row.unit = cell
        else:
            row.values.append(cell)
        table_end = max(table_end, cell.end)
    if row.label and (row.unit is not None or row.values):
        rows.append(row)
    return rows, table_end


# ---------------------------------------------------------------------------------- readings


@dataclass(slots=True)
class Val:
    value: float | None
    kind: str  # number | zero | empty | not_applicable
    start: int
    end: int
    read_as: str = "cell"
    run_start: int | None = None
    run_end: int | None = None
    implied: bool = False  # 0 this year implied by a cumulative 0


@dataclass
class RowReading:
    readings: list[tuple]  # each: one Val (or None: not stated) per value column
    guess: bool = False  # readings that only the arithmetic may choose between (joined pieces)
    confirmed: bool = False  # the arithmetic narrowed the readings
    reason: str | None = None  # why the row cannot be read, when it cannot
    pieces: str = ""  # the value text, for warnings


def _valid_int(s: str) -> bool:
    return s.isdigit() and (len(s) == 1 or s[0] != "0")


def _cell_val(cell: Cell) -> Val | None:
    if cell.kind == "blank":
        return Val(None, "empty", cell.start, cell.end)
    value, kind = classify_cell(cell.text)
    if kind == "text":
        return None
    if kind == "empty":
        return Val(None, "empty", cell.start, cell.end)
    return Val(value, kind, cell.start, cell.end)


def _ordered(reading: tuple, columns: list[str]) -> bool:
    """This year <= cumulative, when both are numbers."""
    if "year" not in columns or "cumulative" not in columns:
        return True
    y, c = reading[columns.index("year")], reading[columns.index("cumulative")]
    if y is None or c is None or y.value is None or c.value is None:
        return True
    return y.value <= c.value


def row_readings(row: Row, columns: list[str], blank_span: tuple[int, int]) -> RowReading:
    ncols = len(columns)
    cells = list(row.values)
    if row.explicit:
        # "label | | 98 |": the blank cell is the unit's; "label | 条 | 5 | | |": surplus blanks
        if row.unit is None and len(cells) > 1 and cells[0].kind == "blank" and cells[1].kind != "blank":
            cells = cells[1:]
        if len(cells) > ncols and all(c.kind == "blank" for c in cells[ncols:]):
            cells = cells[:ncols]
    else:
        cells = [c for c in cells if c.kind != "blank"]
    pieces = " / ".join(c.text for c in cells)
    doubt = next((c.doubt for c in cells if c.doubt), None)
    if doubt:
        return RowReading([], reason=doubt, pieces=pieces)
    n = len(cells)
    empty = Val(None, "empty", *blank_span)
    if n == 0:
        if row.explicit or row.unit is not None:
            return RowReading([tuple(empty for _ in columns)], pieces=pieces)
        return RowReading([], pieces=pieces)
    if n == ncols:
        bad = next((c.text for c in cells if c.run and c.text.isdigit() and not _valid_int(c.text)), None)
        if bad is not None:  # `条02`: not a number as written (digits of two cells run together?)
            return RowReading([], reason=f"digits {bad!r} start with 0", pieces=pieces)
        return RowReading([tuple(_cell_val(c) for c in cells)], pieces=pieces)
    if n > ncols:
        if row.explicit:
            return RowReading([], reason=f"{n} cells for {ncols} value column(s)", pieces=pieces)
        return _joined(cells, columns, pieces)
    # fewer cells than columns (two columns, one cell)
    if all(c.kind == "blank" for c in cells):
        return RowReading([tuple(empty for _ in columns)], pieces=pieces)
    if ncols != 2 or n != 1:
        return RowReading([], reason=f"{n} cells for {ncols} value columns", pieces=pieces)
    cell = cells[0]
    readings: list[tuple] = []
    v = _cell_val(cell)
    digits = cell.text
    if v is not None and not (cell.run and digits.isdigit() and not _valid_int(digits)):
        readings.append((v, None))
        implied = Val(0.0, "zero", v.start, v.end, implied=True) if v.kind == "zero" else None
        readings.append((implied, v))
    if cell.run and digits.isdigit() and len(digits) >= 2:
        for i in range(1, len(digits)):
            a, b = digits[:i], digits[i:]
            if not (_valid_int(a) and _valid_int(b)):
                continue
            va = Val(float(a), "zero" if int(a) == 0 else "number", cell.start, cell.start + i, "segmented",
                     cell.start, cell.end)
            vb = Val(float(b), "zero" if int(b) == 0 else "number", cell.start + i, cell.end, "segmented",
                     cell.start, cell.end)
            r = (va, vb)
            if _ordered(r, columns):
                readings.append(r)
    if not readings:
        return RowReading([], reason=f"value {digits!r} unreadable", pieces=pieces)
    return RowReading(readings, pieces=pieces)


def _joined(cells: list[Cell], columns: list[str], pieces: str) -> RowReading:
    """More value pieces than columns: every join of neighbouring pieces into one number per column."""
    ncols = len(columns)
    n = len(cells)
    readings: list[tuple] = []
    for cuts in itertools.combinations(range(1, n), ncols - 1):
        bounds = (0, *cuts, n)
        reading = []
        for a, b in zip(bounds, bounds[1:]):
            group = cells[a:b]
            if len(group) == 1:
                v = _cell_val(group[0])
                if v is None:
                    break
                reading.append(v)
                continue
            joined = "".join(c.text for c in group)
            if not all(c.text.isdigit() for c in group) or not _valid_int(joined):
                break
            s, e = group[0].start, group[-1].end
            reading.append(Val(float(joined), "zero" if int(joined) == 0 else "number", s, e, "joined", s, e))
        else:
            r = tuple(reading)
            if _ordered(r, columns):
                readings.append(r)
    if len(readings) == 1 and n == ncols + 1:
        return RowReading(readings, pieces=pieces)  # one cut, one way to join it
    reason = (f"{n} value pieces for {ncols} column(s): a number cut across lines, "
              f"and no sum of the table decides how to join them")
    return RowReading(readings, guess=True, reason=reason, pieces=pieces)


def _num(v: Val | None) -> float | None:
    return v.value if v is not None and v.value is not None else None


def agreed(rr: RowReading, ncols: int) -> tuple[list[Val | None], list[tuple[int, tuple[float, ...]]]]:
    """Per column, the value every reading gives (or None), and the columns left open with their values."""
    out: list[Val | None] = [None] * ncols
    open_cols: list[tuple[int, tuple[float, ...]]] = []
    if not rr.readings or (rr.guess and not rr.confirmed):
        for c in range(ncols):
            vals = tuple(sorted({_num(r[c]) for r in rr.readings if _num(r[c]) is not None}))
            if vals or rr.reason:
                open_cols.append((c, vals))
        return out, open_cols
    for c in range(ncols):
        vs = [r[c] for r in rr.readings]
        if all(v is not None for v in vs) and len({(v.value, v.kind) for v in vs}) == 1:
            out[c] = next((v for v in vs if not v.implied), vs[0])
            if any(v.implied for v in vs):
                out[c] = Val(out[c].value, out[c].kind, out[c].start, out[c].end, out[c].read_as,
                             out[c].run_start, out[c].run_end, implied=True)
        else:
            vals = tuple(sorted({_num(v) for v in vs if _num(v) is not None}))
            if vals:
                open_cols.append((c, vals))
    return out, open_cols

"""Excel .xlsx / .xls -> text: each sheet's name as a line, then its non-empty rows (python-calamine).

Rows are written as ' | ' cells, each with `Location(cell="Sheet1!C7")` (sheet name, A1-style).
Cells of a merged range all carry the value of its top-left cell, as the HTML renderer expands
merged <td>s. Numbers are written as a person reads them in Excel: 12.0 -> "12", 4068.208 stays.
Formulas are read as the values Excel cached when the file was saved.
"""
from __future__ import annotations

import datetime as dt
import io

import python_calamine as calamine

from ingest.decode import Unreadable
from ingest.formats import Extracted
from ingest.formats.provenance import Location, TextBuilder
from ingest.formats.zip_limits import check_office_zip

MAX_ROWS = 20_000  # per sheet; an annual report's tables have a few dozen rows


def read(data: bytes, kind: str) -> Extracted:
    """`kind` is "xlsx" or "xls" (the container, as ingest.formats recognised it)."""
    if kind == "xlsx":
        check_office_zip(data, "workbook")
    try:
        workbook = calamine.CalamineWorkbook.from_filelike(io.BytesIO(data))
    except calamine.PasswordError as exc:
        raise Unreadable("password-protected Office document (encrypted): save it without a password") from exc
    except Exception as exc:  # calamine raises CalamineError, ValueError or a Rust panic on bad files
        raise Unreadable(f"corrupt or unreadable workbook ({type(exc).__name__}: {exc})") from exc
    builder = TextBuilder()
    warnings: list[str] = []
    for name in workbook.sheet_names:
        try:
            sheet = workbook.get_sheet_by_name(name)
            grid = sheet.to_python(nrows=MAX_ROWS + 1)
            origin, merged = sheet.start, sheet.merged_cell_ranges or []
        except Exception as exc:  # a chart sheet, a damaged sheet part
            warnings.append(f"sheet {name}: not read ({type(exc).__name__}: {exc})")
            continue
        if len(grid) > MAX_ROWS:
            warnings.append(f"sheet {name}: only the first {MAX_ROWS} rows read")
            grid = grid[:MAX_ROWS]
        builder.line(name)
        if origin is not None:
            _write_sheet(builder, name, _expand_merged(grid, origin, merged), origin)
    if not builder.text():
        if warnings:  # every sheet failed: the workbook itself is damaged
            raise Unreadable(f"corrupt or unreadable workbook ({warnings[0]})")
        raise Unreadable("a workbook without any sheet")
    return Extracted(builder.text(), kind, "spreadsheet", kind, builder.locations, tuple(warnings))


def _expand_merged(grid: list[list], origin: tuple[int, int], merged) -> list[list[str]]:
    """The sheet's cells as text, each merged range filled with its top-left cell's text."""
    cells = [[cell_text(v) for v in row] for row in grid]
    top, left = origin
    for (r0, c0), (r1, c1) in merged:
        r0, r1, c0, c1 = r0 - top, r1 - top, c0 - left, c1 - left
        if not (0 <= r0 < len(cells) and 0 <= c0 < len(cells[r0])):
            continue
        value = cells[r0][c0]
        for r in range(r0, min(r1, len(cells) - 1) + 1):
            row = cells[r]
            for c in range(max(c0, 0), min(c1, len(row) - 1) + 1):
                row[c] = value
    return cells


def _write_sheet(builder: TextBuilder, name: str, cells: list[list[str]], origin: tuple[int, int]) -> None:
    top, left = origin
    for r, row in enumerate(cells):
        if not any(row):
            continue
        last = max(c for c, text in enumerate(row) if text)
        builder.row([(text, Location(cell=f"{name}!{column_letters(left + c)}{top + r + 1}"))
                     for c, text in enumerate(row[:last + 1])])


def cell_text(value) -> str:
    """A cell value as Excel shows it by default: whole floats without '.0', no float noise."""
    if isinstance(value, bool):
        return "TRUE" if value else "FALSE"
    if isinstance(value, float):
        if value.is_integer() and abs(value) < 1e15:
            return str(int(value))
        return format(value, ".15g")
    if isinstance(value, (dt.date, dt.time)):
        return value.isoformat()
    if isinstance(value, dt.timedelta):
        return str(value)
    return str(value).strip()


def column_letters(index: int) -> str:
    """0 -> A, 25 -> Z, 26 -> AA."""
    letters = ""
    index += 1
    while index:
        index, rem = divmod(index - 1, 26)
        letters = chr(65 + rem) + letters
    return letters

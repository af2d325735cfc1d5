"""Report blocks -> a workbook (openpyxl): the whole report on one sheet, a paragraph in column A,
a table row across columns, numbers stored as numbers."""
from __future__ import annotations

import io
import re

from openpyxl import Workbook

from ingest.evaluation.formats.render_html import Block, Table

_INT = re.compile(r"-?(0|[1-9]\d*)")
_DECIMAL = re.compile(r"-?(0|[1-9]\d*)\.\d+")


def cell_value(text: str) -> str | int | float | None:
    """'517645' -> 517645, '4068.208' -> 4068.208, '' -> None (an empty cell); anything else as written."""
    if not text:
        return None
    if _INT.fullmatch(text):
        return int(text)
    if _DECIMAL.fullmatch(text):
        return float(text)
    return text


def blocks_xlsx(blocks: list[Block], sheet_title: str = "报告") -> bytes:
    wb = Workbook()
    ws = wb.active
    ws.title = sheet_title
    for b in blocks:
        if isinstance(b, Table):
            for row in b.rows:
                ws.append([cell_value(c) for c in row])
        else:
            ws.append([b])
    buf = io.BytesIO()
    wb.save(buf)
    return buf.getvalue()

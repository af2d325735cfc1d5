"""Report blocks -> a Word document (python-docx): one paragraph per paragraph, real Word tables."""
from __future__ import annotations

import io

from docx import Document
from docx.oxml.ns import qn
from docx.shared import Mm, Pt

from ingest.evaluation.formats.render_html import Block, Table

FONT = "WenQuanYi Zen Hei"


def blocks_docx(blocks: list[Block]) -> bytes:
    doc = Document()
    section = doc.sections[0]
    section.page_width, section.page_height = Mm(210), Mm(297)
    normal = doc.styles["Normal"]
    normal.font.name = FONT
    normal.font.size = Pt(11)
    normal.element.get_or_add_rPr().get_or_add_rFonts().set(qn("w:eastAsia"), FONT)  # CJK runs use eastAsia
    for b in blocks:
        if isinstance(b, Table):
            _add_table(doc, b)
        else:
            doc.add_paragraph(b)
    buf = io.BytesIO()
    doc.save(buf)
    return buf.getvalue()


def _add_table(doc, table: Table) -> None:
    t = doc.add_table(rows=len(table.rows), cols=table.n_cols)
    t.style = "Table Grid"
    for row, cells in zip(t.rows, table.rows):
        for cell, text in zip(row.cells, cells):
            cell.text = text

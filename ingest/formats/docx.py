"""Word .docx -> text: paragraphs as lines, tables as ' | ' rows on the full grid (python-docx).

The body is walked in document order, paragraphs and tables interleaved. A merged cell is
copied to every grid position it covers: python-docx's `_Row.cells` already repeats a
horizontally spanned cell (gridSpan) and returns the cell that starts a vertical merge for the
rows it continues into (vMerge). A table nested in a cell is written, row by row, after the row
of its cell. Each cell's text carries `Location(cell="表3!R5C2")`: the table's ordinal in the
document (nested tables counted too, in the order written), then its 1-based row and grid column.
Headers, footers, footnotes and text boxes are not read: they hold page chrome, not figures.
"""
from __future__ import annotations

import io

import docx
from docx.table import Table, _Cell

from ingest.decode import Unreadable
from ingest.formats import Extracted
from ingest.formats.provenance import Location, TextBuilder
from ingest.formats.zip_limits import check_office_zip


def read(data: bytes) -> Extracted:
    check_office_zip(data, "document")
    try:
        document = docx.Document(io.BytesIO(data))
    except Exception as exc:  # python-docx raises anything from KeyError to lxml errors on bad files
        raise Unreadable(f"corrupt or unreadable Word document ({type(exc).__name__}: {exc})") from exc
    writer = _DocxWriter()
    try:
        for block in document.iter_inner_content():
            if isinstance(block, Table):
                writer.table(block)
            else:
                writer.builder.line(block.text.strip())
    except Exception as exc:  # a malformed attribute (gridSpan="x") surfaces only when read
        raise Unreadable(f"corrupt or unreadable Word document ({type(exc).__name__}: {exc})") from exc
    warnings = tuple(writer.warnings)
    if not writer.builder.text().strip():
        raise Unreadable("a Word document without any text (scanned pages pasted as pictures?)")
    return Extracted(writer.builder.text(), "docx", "docx", "docx", writer.builder.locations, warnings)


class _DocxWriter:
    def __init__(self) -> None:
        self.builder = TextBuilder()
        self.warnings: list[str] = []
        self._tables = 0

    def table(self, table: Table) -> None:
        self._tables += 1
        name = f"表{self._tables}"
        written: set = set()  # <w:tc> elements whose nested tables are already written
        for r, row in enumerate(table.rows, start=1):
            try:
                cells = [None] * row.grid_cols_before + list(row.cells)
            except ValueError:  # a vMerge with no cell above it: keep the row's own cells, unexpanded
                self.warnings.append(f"{name} row {r}: merged cells malformed, the row read without them")
                cells = [None] * row.grid_cols_before + [_Cell(tc, table) for tc in row._tr.tc_lst]
            self.builder.row([self._cell_text(c, f"{name}!R{r}C{col}") for col, c in enumerate(cells, start=1)])
            self._nested(cells, written)

    def _cell_text(self, cell: _Cell | None, ref: str) -> tuple[str, Location | None]:
        if cell is None:  # a grid column before the row's first cell
            return "", None
        return cell.text, Location(cell=ref)

    def _nested(self, cells: list[_Cell | None], written: set) -> None:
        """Rows of the tables inside this row's cells; a merged cell's tables only once."""
        for cell in cells:
            if cell is None or cell._tc in written:
                continue
            written.add(cell._tc)
            for inner in cell.tables:
                self.table(inner)

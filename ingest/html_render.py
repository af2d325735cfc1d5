"""Render an HTML report page to plain text that the text parsers read.

- Block elements (p, div, br, li, headings, ...) end the current line; inline elements do not.
- script, style, noscript, template, nav, head-only elements (meta, link) and comments are dropped;
  <title> is kept as its own line.
- Character references are unescaped (html.parser does this with convert_charrefs=True).
- Every data <table> becomes one line per table row, cells separated by " | ".
  Merged cells are expanded into a full grid: **every grid position covered by a cell with
  rowspan/colspan carries a copy of that cell's text** (a label spanning three columns appears
  three times; a value spanning two rows appears on both rows). Rows are not padded on the right.
  Line breaks inside a cell become a single space.
- A layout table (one whose cells contain a nested table) is not rendered as a grid: each of its
  cells is emitted as block content, so the data tables nested inside keep their own rows.

Only the standard library is used.
"""
from __future__ import annotations

import re
from html.parser import HTMLParser

_DROP = {"script", "style", "noscript", "template", "nav", "iframe", "svg", "object", "select", "button"}
_VOID = {"br", "hr", "img", "input", "meta", "link", "area", "base", "col", "embed", "param", "source", "track", "wbr"}
_BLOCK = {
    "p", "div", "br", "hr", "li", "ul", "ol", "dl", "dt", "dd", "h1", "h2", "h3", "h4", "h5", "h6",
    "section", "article", "header", "footer", "aside", "main", "blockquote", "pre", "form", "title",
    "address", "figure", "figcaption", "fieldset", "legend", "center", "caption", "body", "html", "head",
}
_WS = re.compile(r"[ \t\r\n\f\v]+")
_SPAN_MAX = 200  # rowspan/colspan beyond this are treated as malformed


class _Sink:
    """Lines of text being collected (the document, or one table cell)."""

    __slots__ = ("lines", "buf")

    def __init__(self) -> None:
        self.lines: list[str] = []
        self.buf: list[str] = []

    def text(self, s: str) -> None:
        self.buf.append(s)

    def newline(self) -> None:
        if not self.buf:  # nothing since the last line break (most block tags)
            return
        line = _WS.sub(" ", "".join(self.buf)).strip()
        self.buf = []
        if line:
            self.lines.append(line)

    def extend(self, lines: list[str]) -> None:
        self.newline()
        self.lines.extend(lines)

    def finish(self) -> list[str]:
        self.newline()
        return self.lines


class _Cell:
    __slots__ = ("sink", "rowspan", "colspan", "has_table")

    def __init__(self, rowspan: int, colspan: int) -> None:
        self.sink = _Sink()
        self.rowspan = rowspan
        self.colspan = colspan
        self.has_table = False


class _Table:
    __slots__ = ("rows", "row", "cell", "stray")

    def __init__(self) -> None:
        self.rows: list[list[_Cell]] = []
        self.row: list[_Cell] | None = None
        self.cell: _Cell | None = None
        self.stray = _Sink()  # text inside <table> but outside any cell (e.g. <caption>)


def _span(value: str | None) -> int:
    if not value:
        return 1
    m = re.match(r"\s*(\d+)", value)
    if not m:
        return 1
    n = int(m.group(1))
    return n if 1 <= n <= _SPAN_MAX else 1


def _render_table(table: _Table) -> list[str]:
    """Lines for one closed table: a grid with merged cells copied, or blocks for a layout table."""
    lines = table.stray.finish()
    rows = [r for r in table.rows if r]
    if any(c.has_table for r in rows for c in r):
        for r in rows:
            for c in r:
                lines.extend(c.sink.finish())
        return lines
    grid: dict[tuple[int, int], str] = {}
    widths: list[int] = []
    for ri, row in enumerate(rows):
        col = 0
        for cell in row:
            while (ri, col) in grid:
                col += 1
            text = " ".join(cell.sink.finish())
            for dr in range(cell.rowspan):
                for dc in range(cell.colspan):
                    grid[(ri + dr, col + dc)] = text
            col += cell.colspan
        width = col
        while (ri, width) in grid:
            width += 1
        widths.append(width)
    n_rows = len(rows)
    extra = max((r for r, _ in grid), default=-1) + 1
    for ri in range(max(n_rows, extra)):
        width = widths[ri] if ri < n_rows else 1 + max(c for r, c in grid if r == ri)
        cells = [grid.get((ri, c), "") for c in range(width)]
        if any(cells):
            lines.append(" | ".join(cells))
    return lines


class _Renderer(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.root = _Sink()
        self.tables: list[_Table] = []
        self.drop_depth = 0
        self.drop_tag: list[str] = []

    def updatepos(self, i: int, j: int) -> int:
        """Skip the line/offset bookkeeping of `getpos()` (never used here): it counts every newline."""
        return j

    # the sink that text currently goes to
    def _sink(self) -> _Sink:
        if self.tables:
            t = self.tables[-1]
            return t.cell.sink if t.cell is not None else t.stray
        return self.root

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if self.drop_depth:
            if tag == self.drop_tag[-1] and tag not in _VOID:
                self.drop_depth += 1
            return
        if tag in _DROP:
            self.drop_depth = 1
            self.drop_tag.append(tag)
            return
        if tag == "table":
            if self.tables and self.tables[-1].cell is not None:
                self.tables[-1].cell.has_table = True
            self._sink().newline()
            self.tables.append(_Table())
            return
        if self.tables:
            t = self.tables[-1]
            if tag == "tr":
                self._close_cell(t)
                t.row = []
                t.rows.append(t.row)
                return
            if tag in ("td", "th"):
                self._close_cell(t)
                if t.row is None:
                    t.row = []
                    t.rows.append(t.row)
                a = dict(attrs)
                t.cell = _Cell(_span(a.get("rowspan")), _span(a.get("colspan")))
                t.row.append(t.cell)
                return
        if tag in _BLOCK:
            self._sink().newline()

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if self.drop_depth:
            return
        if tag in _BLOCK:
            self._sink().newline()

    def handle_endtag(self, tag: str) -> None:
        if self.drop_depth:
            if tag == self.drop_tag[-1]:
                self.drop_depth -= 1
                if not self.drop_depth:
                    self.drop_tag.pop()
            return
        if tag == "table":
            if self.tables:
                t = self.tables.pop()
                self._close_cell(t)
                lines = _render_table(t)
                self._sink().extend(lines)
            return
        if self.tables:
            t = self.tables[-1]
            if tag in ("td", "th"):
                self._close_cell(t)
                return
            if tag == "tr":
                self._close_cell(t)
                t.row = None
                return
        if tag in _BLOCK:
            self._sink().newline()

    def _close_cell(self, t: _Table) -> None:
        if t.cell is not None:
            t.cell.sink.newline()
            t.cell = None

    def handle_data(self, data: str) -> None:
        if self.drop_depth:
            return
        self._sink().text(data)

    def close_all(self) -> str:
        self.close()
        while self.tables:  # unclosed tables at end of input
            t = self.tables.pop()
            self._close_cell(t)
            self._sink().extend(_render_table(t))
        return "\n".join(self.root.finish())


def render_html(html: str) -> str:
    """Plain text of an HTML page: one line per block, one ' | '-separated line per table row."""
    r = _Renderer()
    r.feed(html or "")
    return r.close_all()

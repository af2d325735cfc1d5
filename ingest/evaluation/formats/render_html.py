"""A labelled report's text as blocks (paragraphs and tables), and those blocks as a printable HTML page.

The text of a report (or, for an HTML report, the text `ingest.html_render` makes of it, merged
cells already copied into every grid position) is read line by line: a line of `|`-separated
cells is a table row, consecutive rows are one table, markdown separator rows (`|---|---|`) are
dropped; every other non-blank line is a paragraph, kept as it is (a line the source broke stays
broken, as in the text the parsers are scored on).
"""
from __future__ import annotations

import html
import re
from dataclasses import dataclass

from ingest.decode import decode
from ingest.formats import looks_like_html

_SEPARATOR_ROW = re.compile(r"^\|?\s*:?-{2,}:?\s*(\|\s*:?-{2,}:?\s*)*\|?$")

PAGE_STYLE = """
@page { size: A4; margin: 18mm 16mm; }
body { font-family: "WenQuanYi Zen Hei"; font-size: 11pt; line-height: 1.5; }
p { margin: 0 0 3pt 0; }
table { border-collapse: collapse; width: 100%; margin: 6pt 0; }
td { border: 0.8pt solid #000; padding: 2pt 4pt; font-size: 9.5pt; vertical-align: middle; }
tr { break-inside: avoid; }
"""


@dataclass(frozen=True)
class Table:
    rows: tuple[tuple[str, ...], ...]  # rectangular: short rows padded with empty cells

    @property
    def n_cols(self) -> int:
        return len(self.rows[0]) if self.rows else 0


Block = str | Table  # a paragraph, or a table


def source_text(file_name: str, data: bytes) -> tuple[str, bool]:
    """(text, is_html) of a report file: the decoded text, or the HTML page as it is."""
    text = decode(data).text
    return text, looks_like_html(text, file_name)


def report_blocks(file_name: str, data: bytes) -> list[Block]:
    """Paragraphs and tables of a report file, HTML pages through the project's own HTML renderer."""
    text, is_html = source_text(file_name, data)
    if is_html:
        from ingest.html_render import render_html

        text = render_html(text)
    return text_blocks(text)


def is_table_row(line: str) -> bool:
    s = line.strip()
    return "|" in s and (" | " in s or s.startswith("|") or s.endswith("|"))


def row_cells(line: str) -> list[str]:
    """The cells of a table row; a row written markdown-style (`| a | b |`) loses its outer bars."""
    s = line.strip()
    if s.startswith("|") and s.endswith("|") and len(s) > 1:
        s = s[1:-1]
    return [" ".join(c.split()) for c in s.split("|")]


def text_blocks(text: str) -> list[Block]:
    blocks: list[Block] = []
    rows: list[list[str]] = []

    def close_table() -> None:
        if rows:
            width = max(len(r) for r in rows)
            blocks.append(Table(tuple(tuple(r + [""] * (width - len(r))) for r in rows)))
            rows.clear()

    for line in text.splitlines():
        if is_table_row(line):
            if not _SEPARATOR_ROW.match(line.strip()):
                rows.append(row_cells(line))
            continue
        close_table()
        if line.strip():
            blocks.append(line.strip())
    close_table()
    return blocks


def blocks_html(blocks: list[Block], title: str = "") -> str:
    """A printable A4 page: paragraphs as <p>, tables as bordered <table>s (no header row: the
    first row of a report's table is as much data as any other)."""
    out = ['<!doctype html>\n<html lang="zh-CN">\n<head>\n<meta charset="utf-8">\n',
           f"<title>{html.escape(title)}</title>\n<style>{PAGE_STYLE}</style>\n</head>\n<body>\n"]
    for b in blocks:
        if isinstance(b, Table):
            out.append("<table>\n")
            for row in b.rows:
                out.append("<tr>" + "".join(f"<td>{html.escape(c)}</td>" for c in row) + "</tr>\n")
            out.append("</table>\n")
        else:
            out.append(f"<p>{html.escape(b)}</p>\n")
    out.append("</body>\n</html>\n")
    return "".join(out)


def report_html(file_name: str, data: bytes) -> str:
    """The page Chromium prints: an HTML report as it is (only an A4 @page rule added), a text
    report as paragraphs and tables."""
    text, is_html = source_text(file_name, data)
    if is_html:
        a4 = "<style>@page { size: A4; }</style>"
        head_end = re.search(r"</head\s*>", text, re.IGNORECASE)
        return text[:head_end.start()] + a4 + text[head_end.start():] if head_end else a4 + text
    blocks = text_blocks(text)
    title = next((b for b in blocks if isinstance(b, str)), file_name)
    return blocks_html(blocks, title)

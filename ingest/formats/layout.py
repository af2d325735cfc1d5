"""Words with boxes (a PDF's text layer, or OCR) -> lines, paragraphs and table rows in a TextBuilder.

Shared by the text-layer reader (ingest.formats.pdf) and OCR (ingest.formats.ocr): `Word`, `Page`
and `write_pages` are the API. Per page, words become lines (vertical overlap) and a line's
segments (a gap over CELL_GAP of the line height separates two cells); the tables among them
(ruled, or aligned without rules, and one table over a page break) are found by
ingest.formats.layout_tables. Across pages: page numbers and lines repeated at the top or bottom
of most pages are dropped (a repeated line is kept once), and a paragraph's lines broken only by
the page width are joined back.
"""
from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass, field

from ingest.formats.layout_tables import (RULE_THICKNESS, Cell, _aligned_tables, _chain_rows, _chains, _grids,
                                          _ruled_table, _Table)
from ingest.formats.provenance import Location, TextBuilder

__all__ = ["RULE_THICKNESS", "SPACE_GAP", "Page", "Word", "write_pages"]  # RULE_THICKNESS: from layout_tables


@dataclass(frozen=True, slots=True)
class Word:
    text: str
    x0: float
    y0: float
    x1: float
    y1: float  # PDF points, top-left origin
    confidence: float | None = None  # OCR only


@dataclass
class Page:
    number: int  # 1-based
    width: float  # points
    height: float
    words: list[Word]
    rules: list[tuple[float, float, float, float]] = field(default_factory=list)  # table borders (x0, y0, x1, y1)


SPACE_GAP = 0.15  # a gap over this share of the line height is a space (not between two CJK characters)
CELL_GAP = 0.7  # a gap over this share of the line height separates two cells
EDGE_BAND = 0.12  # top and bottom share of the page where running headers and footers sit

_PAGE_NUMBER = re.compile(
    r"^[-—–－_~·•\s]*(\d{1,4}|第\s*\d+\s*页(\s*[,，/]?\s*共\s*\d+\s*页)?|\d+\s*/\s*\d+|"
    r"page\s*\d+(\s*of\s*\d+)?)[-—–－_~·•\s]*$", re.IGNORECASE)
_HEADING = re.compile(r"^\s*([一二三四五六七八九十]+、|[（(][一二三四五六七八九十\d]+[)）]|\d+[.、．]\D|第[一二三四五六七八九十]+[章节部分])")
_CJK = re.compile(r"[\u2e80-\u9fff\uf900-\ufaff\uff00-\uffef\u3000-\u303f“”‘’]")
_LATIN_END = re.compile(r"[A-Za-z0-9.,;:%)]$")
_LATIN_START = re.compile(r"^[A-Za-z0-9(]")


@dataclass
class _Line:
    words: list[Word]  # left to right
    page: int
    x0: float
    y0: float
    x1: float
    y1: float

    @property
    def h(self) -> float:
        return max(self.y1 - self.y0, 1.0)

    def segments(self) -> list[list[Word]]:
        segs: list[list[Word]] = [[self.words[0]]]
        for w in self.words[1:]:
            if w.x0 - segs[-1][-1].x1 > CELL_GAP * self.h:
                segs.append([w])
            else:
                segs[-1].append(w)
        return segs

    def text(self) -> str:
        return "".join(_spaced(self.words, self.h))



def _spaced(words: list[Word], h: float) -> list[str]:
    """Each word's text, preceded by a space where the gap is a space (never between CJK characters)."""
    out = [words[0].text]
    for prev, w in zip(words, words[1:]):
        gap = w.x0 - prev.x1 > SPACE_GAP * h and not (_CJK.match(prev.text[-1]) and _CJK.match(w.text[0]))
        out.append((" " if gap else "") + w.text)
    return out


def _join(a: str, b: str) -> str:
    """Two pieces of one paragraph or cell: a space only between Latin letters or digits."""
    return " " if _LATIN_END.search(a) and _LATIN_START.match(b) else ""


def _box(words: list[Word], page: int) -> Location:
    confs = [w.confidence for w in words if w.confidence is not None]
    return Location(page=page, bbox=(min(w.x0 for w in words), min(w.y0 for w in words),
                                     max(w.x1 for w in words), max(w.y1 for w in words)),
                    confidence=min(confs) if confs else None)


def _lines(words: list[Word], page: int) -> list[_Line]:
    """Words grouped into lines by vertical overlap, top to bottom."""
    lines: list[_Line] = []
    for w in sorted(words, key=lambda w: (w.y0 + w.y1) / 2):
        line = lines[-1] if lines else None
        if line is not None and line.y0 <= (w.y0 + w.y1) / 2 <= line.y1 and \
                min(line.y1, w.y1) - max(line.y0, w.y0) >= 0.5 * min(line.h, w.y1 - w.y0):
            line.words.append(w)
            line.x0, line.x1 = min(line.x0, w.x0), max(line.x1, w.x1)
            line.y0, line.y1 = min(line.y0, w.y0), max(line.y1, w.y1)
        else:
            lines.append(_Line([w], page, w.x0, w.y0, w.x1, w.y1))
    for line in lines:
        line.words.sort(key=lambda w: w.x0)
    return lines


def _cell(words: list[Word], page: int) -> Cell:
    if not words:
        return "", None
    text = ""
    for line in _lines(words, page):
        t = line.text()
        text += (_join(text, t) if text else "") + t
    return text, _box(words, page)


# --------------------------------------------------------------------------- pages, then the document

def _page_blocks(page: Page) -> tuple[list[_Line | _Table], list[str]]:
    inside = [w for w in page.words if w.text.strip() and w.x1 > 0 and w.y1 > 0
              and w.x0 < page.width and w.y0 < page.height]
    warnings = []
    if len(inside) < len(page.words):
        warnings.append(f"page {page.number}: {len(page.words) - len(inside)} word(s) outside the page area left out")
    blocks: list[_Line | _Table] = []
    for grid in _grids(page.rules):
        table, taken = _ruled_table(grid, inside, page.number)
        if table.rows:
            blocks.append(table)
        inside = [w for k, w in enumerate(inside) if k not in taken]
    blocks.extend(_aligned_tables(_lines(inside, page.number)))
    blocks.sort(key=lambda b: b.y0)
    return blocks, warnings


def _drop_running_lines(pages: list[tuple[Page, list]]) -> None:
    """Page numbers, and lines repeated at the top or bottom of most pages (kept once), are removed."""
    def edge_lines(page: Page, blocks: list) -> list[_Line]:
        return [b for b in blocks[:2] + blocks[-2:] if isinstance(b, _Line) and
                (b.y1 <= EDGE_BAND * page.height or b.y0 >= (1 - EDGE_BAND) * page.height)]

    def key(line: _Line) -> str:
        return re.sub(r"\d+", "#", "".join(w.text for w in line.words))

    def offset(page: Page, line: _Line) -> int | None:  # printed page number minus the page's number
        m = _PAGE_NUMBER.match(line.text())
        return int(re.search(r"\d+", m.group(0)).group(0)) - page.number if m else None

    counts = Counter(k for page, blocks in pages for k in {key(b) for b in edge_lines(page, blocks)})
    texts: dict[str, set[str]] = {}
    for page, blocks in pages:
        for b in edge_lines(page, blocks):
            texts.setdefault(key(b), set()).add(b.text())
    offsets = Counter(o for page, blocks in pages for o in {offset(page, b) for b in edge_lines(page, blocks)} - {None})
    need = 2 if len(pages) <= 3 else max(3, len(pages) // 2)
    numbering = {o for o, n in offsets.items() if n >= need}
    seen: set[str] = set()
    for page, blocks in pages:
        for b in edge_lines(page, blocks):
            k = key(b)
            repeated = counts[k] >= need and len(pages) >= 2 and len(k.replace("#", "").strip()) >= 2
            # a repeated line that changes from page to page (a counter in it) goes, a constant one is kept once
            if b in blocks and (offset(page, b) in numbering or (repeated and (len(texts[k]) > 1 or k in seen))):
                blocks.remove(b)
            seen.add(k)



def _margins(lines: list[_Line]) -> tuple[float, float]:
    """The left and right text margins: the extreme x that at least two lines reach."""
    def reached(values: list[float]) -> float:
        return next((a for a, b in zip(values, values[1:]) if abs(a - b) <= 6), values[0] if values else 0.0)
    return reached(sorted(ln.x0 for ln in lines)), reached(sorted((ln.x1 for ln in lines), reverse=True))


def _continues(prev: _Line, line: _Line, left: float, right: float, width: float) -> bool:
    """Is `line` the same paragraph as `prev`, broken only by the page width?"""
    h = prev.h
    if prev.x1 < max(right - 2.0 * h, 0.6 * width) or line.x0 > left + 0.5 * h or abs(line.h - h) > 0.25 * h:
        return False
    if line.page == prev.page and not -0.1 * h <= line.y0 - prev.y1 < 0.7 * h:
        return False
    return not _HEADING.match(line.text()) and len(prev.segments()) == 1 and len(line.segments()) == 1


def write_pages(pages: Iterable[Page], builder: TextBuilder) -> list[str]:
    """Lay out the words of each page into lines and table rows and write them into `builder`
    (every word's text with its Location: page, bbox, confidence). Removes running headers and
    footers; a table continued over a page break is written as one table. Returns warnings."""
    warnings: list[str] = []
    laid: list[tuple[Page, list]] = []
    for page in pages:
        blocks, page_warnings = _page_blocks(page)
        warnings += page_warnings
        laid.append((Page(page.number, page.width, page.height, []), blocks))
    _drop_running_lines(laid)
    widths = {page.number: page.width for page, _blocks in laid}
    blocks = [b for _page, bs in laid for b in bs]
    lines = [b for b in blocks if isinstance(b, _Line)]
    left, right = _margins(lines) if lines else (0.0, 0.0)
    prev: _Line | None = None
    for b in _chains(blocks):
        if isinstance(b, list):
            if prev is not None:
                builder.add("\n")
            for row in _chain_rows(b):
                builder.row(row)
            prev = None
            continue
        if prev is not None:
            joined = _continues(prev, b, left, right, widths[prev.page])
            builder.add(_join(prev.text(), b.text()) if joined else "\n")
        for w, text in zip(b.words, _spaced(b.words, b.h)):
            if text[0] == " ":
                builder.add(" ")
            builder.add(w.text, Location(page=b.page, bbox=(w.x0, w.y0, w.x1, w.y1), confidence=w.confidence))
        prev = b
    if prev is not None:
        builder.add("\n")
    return warnings

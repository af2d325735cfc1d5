"""Where each piece of an extracted text came from: a page and box, a sheet cell, an OCR confidence.

A reader builds its text with `TextBuilder`, which records a `Location` for every piece it is
given one for. Parsers never see these; `Locations.covering` turns a figure's span in the text
back into the place it was read from (for `stg_figures` and `ogi explain`).
"""
from __future__ import annotations

from bisect import bisect_right
from dataclasses import dataclass

CELL_SEPARATOR = " | "  # the same separator the HTML renderer writes between table cells


@dataclass(frozen=True, slots=True)
class Location:
    page: int | None = None  # 1-based page of a PDF or scan
    bbox: tuple[float, float, float, float] | None = None  # x0, y0, x1, y1 in PDF points, top-left origin
    cell: str | None = None  # spreadsheet cell, e.g. Sheet1!C7
    confidence: float | None = None  # OCR recognition confidence, 0..1


class Locations:
    """Spans of a text (start, end) with their Location, in text order, not overlapping."""

    __slots__ = ("starts", "ends", "locs")

    def __init__(self) -> None:
        self.starts: list[int] = []
        self.ends: list[int] = []
        self.locs: list[Location] = []

    def add(self, start: int, end: int, loc: Location) -> None:
        self.starts.append(start)
        self.ends.append(end)
        self.locs.append(loc)

    def __len__(self) -> int:
        return len(self.locs)

    def covering(self, start: int, end: int) -> Location | None:
        """The place a span of the text was read from: the first page and cell, the union of the
        boxes on that page, and the lowest confidence of the pieces it overlaps."""
        i = max(bisect_right(self.starts, start) - 1, 0)
        hit: list[Location] = []
        while i < len(self.starts) and self.starts[i] < max(end, start + 1):
            if self.ends[i] > start:
                hit.append(self.locs[i])
            i += 1
        if not hit:
            return None
        first = hit[0]
        boxes = [h.bbox for h in hit if h.bbox is not None and h.page == first.page]
        bbox = None
        if boxes:
            bbox = (min(b[0] for b in boxes), min(b[1] for b in boxes), max(b[2] for b in boxes), max(b[3] for b in boxes))
        confs = [h.confidence for h in hit if h.confidence is not None]
        return Location(page=first.page, bbox=bbox, cell=first.cell, confidence=min(confs) if confs else None)


class TextBuilder:
    """Text assembled line by line, table rows as cells joined by CELL_SEPARATOR."""

    def __init__(self) -> None:
        self._parts: list[str] = []
        self._pos = 0
        self.locations = Locations()

    def add(self, text: str, loc: Location | None = None) -> None:
        if not text:
            return
        if loc is not None:
            self.locations.add(self._pos, self._pos + len(text), loc)
        self._parts.append(text)
        self._pos += len(text)

    def line(self, text: str = "", loc: Location | None = None) -> None:
        self.add(text, loc)
        self.add("\n")

    def row(self, cells: list[tuple[str, Location | None]]) -> None:
        """One table row: each cell's text (newlines inside a cell become spaces) and its place."""
        for i, (text, loc) in enumerate(cells):
            if i:
                self.add(CELL_SEPARATOR)
            self.add(" ".join(text.split()), loc)
        self.add("\n")

    def text(self) -> str:
        return "".join(self._parts)

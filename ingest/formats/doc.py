"""Word 97-2003 .doc -> text with Debian's antiword, run as a subprocess.

antiword's DocBook output (`-x db`) is read rather than its plain text: it gives each paragraph
whole and each table cell whole, in explicit <row>/<entry> elements, where the plain text wraps
long cells over several '|' lines that cannot be told apart from rows. A merged cell appears
there as a row of fewer, wider entries (a <tgroup> of its own with wider <colspec>s); it is copied
across every grid column its width covers, the grid being the union of all column edges of the
table. Cells carry `Location(cell="表3!R5C2")` as in .docx.

Known losses of antiword 0.37 (Debian's), seen on .doc files saved by LibreOffice: a table of
eight or more columns that follows another table is dropped with no error, and the first row of
the table after it too; a line break inside a paragraph (Shift+Enter) disappears, joining the
text on either side. antiword ignores `-m` mappings in XML mode: the DocBook is always UTF-8.
"""
from __future__ import annotations

import os
import shutil
import subprocess
import tempfile
import xml.etree.ElementTree as ET

from ingest.decode import Unreadable
from ingest.formats import Extracted
from ingest.formats.provenance import Location, TextBuilder

TIMEOUT_SECONDS = 60
NOT_INSTALLED = ("a Word 97-2003 .doc file: install Debian's antiword (apt-get install antiword) "
                 "to read it, or save it as .docx")
_BLOCKS = {"para", "simpara", "title", "listitem", "footnote"}
_SKIPPED = {"bookinfo"}  # author and date of the file's properties, not of the report
_EDGE_TOLERANCE_PT = 2.0


def read(data: bytes) -> Extracted:
    antiword = shutil.which("antiword")
    if antiword is None:
        raise Unreadable(NOT_INSTALLED)
    with tempfile.TemporaryDirectory(prefix="ogi-doc-") as tmp:
        path = os.path.join(tmp, "report.doc")
        with open(path, "wb") as f:
            f.write(data)
        xml = _run([antiword, "-x", "db", path])
    try:
        tree = ET.fromstring(xml)
    except ET.ParseError as exc:
        raise Unreadable(f"antiword's reading of this .doc file is not well-formed XML ({exc})") from exc
    builder = TextBuilder()
    _DocBookWriter(builder).walk(tree)
    if not builder.text().strip():
        raise Unreadable("a Word 97-2003 .doc file in which antiword found no text")
    return Extracted(builder.text(), "doc", "antiword", "doc", builder.locations)


def _run(command: list[str]) -> bytes:
    try:
        done = subprocess.run(command, capture_output=True, timeout=TIMEOUT_SECONDS, check=False)
    except subprocess.TimeoutExpired as exc:
        raise Unreadable(f"antiword took longer than {TIMEOUT_SECONDS} s on this .doc file") from exc
    if done.returncode != 0:
        said = done.stderr.decode("utf-8", "replace").strip().splitlines()
        raise Unreadable(f"antiword could not read this .doc file ({said[0] if said else f'exit {done.returncode}'})")
    return done.stdout


class _DocBookWriter:
    """antiword's DocBook tree -> lines and ' | ' rows, in document order."""

    def __init__(self, builder: TextBuilder) -> None:
        self.builder = builder
        self._pending: list[str] = []
        self._tables = 0

    def walk(self, el: ET.Element) -> None:
        if el.tag in _SKIPPED:
            return
        if el.tag == "informaltable" or el.tag == "table":
            self._flush()
            self._table(el)
            return
        if el.tag in _BLOCKS:
            self._flush()
        self._pending.append(el.text or "")
        for child in el:
            self.walk(child)
            self._pending.append(child.tail or "")
        if el.tag in _BLOCKS:
            self._flush()

    def _flush(self) -> None:
        """The text gathered since the last block boundary, one line per line antiword wrote."""
        lines = [s.strip() for s in "".join(self._pending).splitlines()]
        self._pending = []
        for line in filter(None, lines):
            self.builder.line(line)

    def _table(self, table: ET.Element) -> None:
        self._tables += 1
        name = f"表{self._tables}"
        groups = [(_edges(g), g.findall("./tbody/row") + g.findall("./row")) for g in table.iter("tgroup")]
        grid = _merged_edges([e for edges, _ in groups for e in edges])
        r = 0
        for edges, rows in groups:
            for row in rows:
                r += 1
                texts = [" ".join("".join(entry.itertext()).split()) for entry in row.findall("entry")]
                cells = _spread(texts, edges, grid)
                self.builder.row([(text, Location(cell=f"{name}!R{r}C{c}") if text else None)
                                  for c, text in enumerate(cells, start=1)])


def _edges(tgroup: ET.Element) -> list[float]:
    """Left edges of a tgroup's columns and the right edge of its last, in points from the left."""
    edges = [0.0]
    for spec in tgroup.findall("colspec"):
        width = spec.get("colwidth", "0").removesuffix("pt")
        try:
            edges.append(edges[-1] + float(width))
        except ValueError:
            edges.append(edges[-1])
    return edges


def _merged_edges(edges: list[float]) -> list[float]:
    """All distinct column edges of a table, those closer than the tolerance taken as one."""
    grid: list[float] = []
    for e in sorted(edges):
        if not grid or e - grid[-1] > _EDGE_TOLERANCE_PT:
            grid.append(e)
    return grid


def _spread(texts: list[str], edges: list[float], grid: list[float]) -> list[str]:
    """One text per grid column: an entry as wide as several grid columns is copied into each."""
    if len(edges) < 2 or len(grid) < 2:
        return texts
    cells = [""] * (len(grid) - 1)
    for i, text in enumerate(texts[:len(edges) - 1]):
        for c in range(len(cells)):
            middle = (grid[c] + grid[c + 1]) / 2
            if edges[i] <= middle < edges[i + 1]:
                cells[c] = text
    return cells + texts[len(edges) - 1:]  # entries beyond the colspecs, kept rather than dropped


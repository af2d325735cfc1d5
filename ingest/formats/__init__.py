"""Bytes of any supported format -> one `Extracted` text, with where each piece came from.

One reader module per format, chosen by the file's leading bytes (never by its extension: a
`.doc` renamed `.pdf` is read as what it is):

    text / HTML  ingest.decode + ingest.html_render     (method 'text' / 'html')
    PDF          ingest.formats.pdf  (text layer; pages without one go to ingest.formats.ocr)
    images       ingest.formats.ocr  (PNG / JPEG page scans)
    .docx        ingest.formats.docx (Word tables as tables, merged cells expanded)
    .doc         ingest.formats.doc  (Debian's antiword, when installed)
    .xlsx / .xls ingest.formats.spreadsheet (python-calamine)

Every reader writes table rows as cells joined by ' | ', as the HTML renderer does, so the
parsers downstream read every format the same way. A reader that cannot read a file raises
`ingest.decode.Unreadable` with the quarantine reason.
"""
from __future__ import annotations

import io
import re
import zipfile
from dataclasses import dataclass

from ingest.decode import Unreadable, decode
from ingest.formats.provenance import Locations

_HTML = re.compile(r"^\s*(<!doctype html|<html|<\?xml[^>]*>\s*<html)", re.IGNORECASE)
OLE_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"


@dataclass
class Extracted:
    text: str  # what parsers read (after normalisation) and what figure offsets refer to
    source_format: str  # text | html | pdf | image | docx | doc | xlsx | xls
    method: str  # text | html | text_layer | ocr | text_layer+ocr | docx | antiword | spreadsheet
    encoding: str  # the text encoding; for binary formats the format itself
    locations: Locations | None = None  # pages and boxes, cells, OCR confidences
    warnings: tuple[str, ...] = ()  # what the reader could not read, said per page or sheet


def looks_like_html(text: str, file_name: str = "") -> bool:
    return file_name.lower().endswith((".html", ".htm", ".shtml")) or bool(_HTML.match(text[:500]))


def extract(file_name: str, data: bytes) -> Extracted:
    """Raises `Unreadable` (the quarantine reason) when the bytes cannot become report text."""
    head = data[:8]
    if head.startswith(b"%PDF"):
        from ingest.formats import pdf
        return pdf.read(data)
    if head.startswith(b"\x89PNG") or head.startswith(b"\xff\xd8\xff"):
        from ingest.formats import ocr
        return ocr.read_image(data)
    if head.startswith(b"PK\x03\x04"):
        return _read_zip(data)
    if head.startswith(OLE_MAGIC):
        return _read_ole(data)
    decoded = decode(data)
    if looks_like_html(decoded.text, file_name):
        from ingest.html_render import render_html  # HTML is rare; import lazily
        return Extracted(render_html(decoded.text), "html", "html", decoded.encoding)
    return Extracted(decoded.text, "text", "text", decoded.encoding)


def _read_zip(data: bytes) -> Extracted:
    try:
        names = set(zipfile.ZipFile(io.BytesIO(data)).namelist())
    except (zipfile.BadZipFile, ValueError) as exc:
        raise Unreadable(f"corrupt ZIP / Office file ({exc})") from exc
    if "word/document.xml" in names:
        from ingest.formats import docx
        return docx.read(data)
    if "xl/workbook.xml" in names:
        from ingest.formats import spreadsheet
        return spreadsheet.read(data, "xlsx")
    raise Unreadable("binary file: a ZIP archive that is not a Word or Excel document")


def _read_ole(data: bytes) -> Extracted:
    """Legacy Office (Word 97-2003, Excel 97-2003) and password-protected OOXML share this container."""
    streams = ole_stream_names(data)
    if "EncryptedPackage" in streams or "EncryptionInfo" in streams:
        raise Unreadable("password-protected Office document (encrypted): save it without a password")
    if "WordDocument" in streams:
        from ingest.formats import doc
        return doc.read(data)
    if "Workbook" in streams or "Book" in streams:
        from ingest.formats import spreadsheet
        return spreadsheet.read(data, "xls")
    if not streams - {"Root Entry"}:
        raise Unreadable("corrupt or truncated legacy Office file (no readable directory of its streams)")
    raise Unreadable("binary file: a legacy Office document that is neither Word nor Excel")


def ole_stream_names(data: bytes) -> set[str]:
    """Names in the directory of an OLE compound file: 128-byte entries, sector-aligned after the
    512-byte header, each a UTF-16 name, its byte length and an object type (1 storage, 2 stream,
    5 root). Read straight from the entries, not searched for in the bytes, so a name that happens
    to occur in the document's text is never taken for a stream."""
    sector = 1 << int.from_bytes(data[30:32], "little") if len(data) >= 512 else 512
    if sector not in (512, 4096):
        return set()
    names = set()
    for off in range(sector, len(data) - 127, 128):
        size = int.from_bytes(data[off + 64:off + 66], "little")
        if not (2 <= size <= 64 and size % 2 == 0) or data[off + 66] not in (1, 2, 5):
            continue
        raw = data[off:off + size - 2]
        if data[off + size - 2:off + size] != b"\x00\x00":
            continue
        try:
            name = raw.decode("utf-16-le")
        except UnicodeDecodeError:
            continue
        if name and name.isprintable():
            names.add(name)
    return names

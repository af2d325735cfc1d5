"""Zip-bomb guard for Office Open XML files (.docx, .xlsx), run before a library unpacks them.

A .docx or .xlsx is a ZIP archive; a small file can declare (or really hold) gigabytes of XML
that python-docx or calamine would inflate into memory. The archive is refused when the sizes its
members declare add up to more than MAX_UNZIPPED_BYTES, or when it inflates at an absurd ratio;
then the XML members the readers parse are actually inflated, chunk by chunk, and counted, so a
member that holds more than it declares cannot slip past either.
"""
from __future__ import annotations

import io
import zipfile
import zlib

from ingest.decode import Unreadable

MAX_UNZIPPED_BYTES = 200 * 1024 * 1024
# Deflate cannot exceed ~1032:1; real Office XML inflates 5-30x. Checked only past RATIO_FLOOR
# bytes, since tiny files of repeated markup can legitimately compress very well.
MAX_RATIO = 200
RATIO_FLOOR = 10 * 1024 * 1024
_PARSED_SUFFIXES = (".xml", ".rels")
_CHUNK = 1024 * 1024
_MB = 1024 * 1024


def check_office_zip(data: bytes, what: str, limit: int = MAX_UNZIPPED_BYTES) -> None:
    """Raise `Unreadable` if the archive `data` (a `what`, e.g. "document") is a zip bomb or corrupt."""
    try:
        archive = zipfile.ZipFile(io.BytesIO(data))
        members = archive.infolist()
    except (zipfile.BadZipFile, ValueError) as exc:
        raise Unreadable(f"corrupt ZIP / Office file ({exc})") from exc
    declared = sum(m.file_size for m in members)
    if declared > limit:
        raise Unreadable(_bomb(what, declared, limit))
    packed = sum(m.compress_size for m in members)
    if declared > RATIO_FLOOR and declared > MAX_RATIO * max(packed, 1):
        raise Unreadable(f"zip bomb? the {what} unpacks {declared // max(packed, 1)} times its packed size "
                         f"({declared // _MB} MB from {max(packed // 1024, 1)} KB)")
    inflated = 0
    for member in members:
        if member.filename.lower().endswith(_PARSED_SUFFIXES):
            inflated += _inflated_size(archive, member, limit - inflated)
            if inflated > limit:
                raise Unreadable(_bomb(what, inflated, limit))


def _inflated_size(archive: zipfile.ZipFile, member: zipfile.ZipInfo, budget: int) -> int:
    """Bytes `member` really inflates to, counting no further than `budget` + 1."""
    total = 0
    try:
        with archive.open(member) as stream:
            while total <= budget:
                chunk = stream.read(min(_CHUNK, budget + 1 - total))
                if not chunk:
                    break
                total += len(chunk)
    except (zipfile.BadZipFile, zlib.error, EOFError, NotImplementedError, RuntimeError, ValueError) as exc:
        raise Unreadable(f"corrupt ZIP / Office file ({member.filename}: {exc})") from exc
    return total


def _bomb(what: str, size: int, limit: int) -> str:
    return f"zip bomb? the {what} unpacks to {size // _MB} MB (limit {limit // _MB} MB)"

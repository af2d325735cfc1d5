"""Bytes -> text: detect the encoding of a report file, or say plainly why it cannot be read.

Order matters: byte-order marks first, then strict UTF-8, then UTF-16 without a BOM
(recognised by its NUL pattern), then GB18030 (a superset of GBK/GB2312), and only then a
statistical guess, which must be confident or the file is quarantined.
"""
from __future__ import annotations

import codecs
import re
from dataclasses import dataclass

from charset_normalizer import from_bytes

MAX_BYTES = 20 * 1024 * 1024  # larger files are quarantined: no report is that long

_MAGIC = [
    (b"%PDF", "a PDF document (extract its text first)"),
    (b"PK\x03\x04", "a ZIP archive or Office document (docx/xlsx), not text"),
    (b"\xd0\xcf\x11\xe0", "a legacy Office document (doc/xls), not text"),
    (b"\x89PNG", "a PNG image"),
    (b"\xff\xd8\xff", "a JPEG image"),
    (b"GIF8", "a GIF image"),
    (b"\x1f\x8b", "a gzip archive"),
    (b"Rar!", "a RAR archive"),
    (b"7z\xbc\xaf", "a 7z archive"),
]


# C0 control characters other than the whitespace ones (\t \n \v \f \r).
_CONTROL = re.compile("[\x00-\x08\x0e-\x1f]")
_PRIVATE_USE = re.compile("[\ue000-\uf8ff]")


class Unreadable(Exception):
    """The file cannot become report text; the message is the quarantine reason."""


@dataclass(frozen=True)
class Decoded:
    text: str
    encoding: str


def decode(data: bytes) -> Decoded:
    if len(data) == 0:
        raise Unreadable("empty file")
    if len(data) > MAX_BYTES:
        raise Unreadable(f"file too large ({len(data) // (1024 * 1024)} MB > {MAX_BYTES // (1024 * 1024)} MB limit)")
    for magic, what in _MAGIC:
        if data.startswith(magic):
            raise Unreadable(f"binary file: {what}")
    if data.startswith(codecs.BOM_UTF8):
        return _checked(data[3:], "utf-8-sig", "utf-8")
    if data.startswith(codecs.BOM_UTF32_LE) or data.startswith(codecs.BOM_UTF32_BE):
        return _checked(data, "utf-32", "utf-32")
    if data.startswith(codecs.BOM_UTF16_LE) or data.startswith(codecs.BOM_UTF16_BE):
        return _checked(data, "utf-16", "utf-16")
    try:
        return _finish(data.decode("utf-8"), "utf-8")
    except UnicodeDecodeError:
        pass
    if data.count(0) > 0:
        utf16 = _guess_utf16(data)
        if utf16 is None:
            raise Unreadable("binary file: contains NUL bytes and is not UTF-16 text")
        return utf16
    try:
        text = data.decode("gb18030")
    except UnicodeDecodeError:
        pass
    else:
        if not _garbled(text):
            return _finish(text, "gb18030")
    best = from_bytes(data).best()
    if best is None or best.chaos > 0.2 or _garbled(str(best)):
        raise Unreadable("encoding cannot be decided (not UTF-8/UTF-16/GB18030, and no confident guess; "
                         "mixed encodings in one file?)")
    return _finish(str(best), best.encoding)


def _garbled(text: str) -> bool:
    """Private-use characters: what UTF-8 bytes (or a mix of encodings) read as GB18030 produce.

    Real reports have none; a wrong decoding of Chinese text has about one in forty characters.
    """
    pua = len(_PRIVATE_USE.findall(text))
    return pua > max(2, len(text) // 500)


def _plausible_share(text: str) -> float:
    """Share of characters that report text is made of: CJK, ASCII printable, CJK punctuation."""
    if not text:
        return 0.0
    good = sum(
        1 for ch in text
        if "\u4e00" <= ch <= "\u9fff" or " " <= ch <= "~" or ch in "\n\r\t" or "\u3000" <= ch <= "\u303f"
        or "\uff00" <= ch <= "\uffef"
    )
    return good / len(text)


def _guess_utf16(data: bytes) -> Decoded | None:
    """UTF-16 without a byte-order mark: keep the byte order whose text looks like a report."""
    if len(data) % 2:
        return None
    best = None
    for codec in ("utf-16-le", "utf-16-be"):
        try:
            text = data.decode(codec)
        except UnicodeDecodeError:
            continue
        share = _plausible_share(text[:5000])
        if share > 0.9 and (best is None or share > best[0]):
            best = (share, codec, text)
    return _finish(best[2], best[1]) if best else None


def _checked(data: bytes, codec: str, name: str) -> Decoded:
    try:
        return _finish(data.decode(codec), name)
    except UnicodeDecodeError as exc:
        raise Unreadable(f"invalid {name} text at byte {exc.start}") from exc


def _finish(text: str, encoding: str) -> Decoded:
    if text.startswith("\ufeff"):
        text = text[1:]
    if not text.strip():
        raise Unreadable("whitespace only: no text")
    control = len(_CONTROL.findall(text, 0, 20000))
    if control > 0.05 * min(len(text), 20000):
        raise Unreadable(f"binary file: {control} control characters in decoded {encoding} text")
    return Decoded(text=text, encoding=encoding)

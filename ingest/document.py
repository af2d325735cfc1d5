"""Raw bytes -> Document: decode, render HTML tables to text rows, normalise."""
from __future__ import annotations

import re

from ingest.decode import Decoded, decode
from ingest.normalise import normalise
from ingest.parsers.model import Document

_HTML = re.compile(r"^\s*(<!doctype html|<html|<\?xml[^>]*>\s*<html)", re.IGNORECASE)


def looks_like_html(text: str, file_name: str = "") -> bool:
    return file_name.lower().endswith((".html", ".htm", ".shtml")) or bool(_HTML.match(text[:500]))


def load_document(report_id: str, file_name: str, data: bytes) -> tuple[Document, Decoded]:
    """Raises `ingest.decode.Unreadable` (the quarantine reason) when the bytes are not a report text."""
    from ingest.html_render import render_html  # HTML is rare; import lazily

    decoded = decode(data)
    text = decoded.text
    is_html = looks_like_html(text, file_name)
    if is_html:
        text = render_html(text)
    return Document(report_id=report_id, file_name=file_name, norm=normalise(text), is_html=is_html), decoded

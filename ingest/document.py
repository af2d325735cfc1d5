"""Raw bytes -> Document: extract the text of whatever format the file is in (ingest.formats),
then normalise it for the parsers."""
from __future__ import annotations

from ingest.formats import Extracted, extract, looks_like_html
from ingest.normalise import normalise
from ingest.parsers.model import Document

__all__ = ["load_document", "looks_like_html"]


def load_document(report_id: str, file_name: str, data: bytes) -> tuple[Document, Extracted]:
    """Raises `ingest.decode.Unreadable` (the quarantine reason) when the bytes are not a report."""
    ex = extract(file_name, data)
    doc = Document(report_id=report_id, file_name=file_name, norm=normalise(ex.text),
                   is_html=ex.source_format == "html", locations=ex.locations)
    return doc, ex

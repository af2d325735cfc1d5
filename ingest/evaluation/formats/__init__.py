"""Test files in other formats, made from the labelled reports, so every figure in them has a label
a person read.

    python -m ingest.evaluation.formats OUT_DIR [--formats pdf,docx,xlsx,scan] [--set real|seeds|all]

Each labelled report (a text or HTML file) becomes:

    html  a printable page: paragraphs and bordered tables (an HTML report: the page as it is)
    pdf   that page printed by headless Chromium, A4, WenQuanYi Zen Hei: a real text layer, long
          reports over several pages, tables broken across pages
    docx  python-docx: the paragraphs and real Word tables
    xlsx  openpyxl: the whole report on one sheet, numbers as numbers
    scan  the PDF's pages rasterised at 150 dpi, turned < 1 degree, grain added, JPEG in an
          image-only PDF: only OCR can read it

Rendered files are cached under `.cache/formats/<format>/` by a hash of the source bytes, the
format and GENERATOR_VERSION (bump it when a renderer changes), so evaluations do not re-render.
"""
from __future__ import annotations

import hashlib
import os
import tempfile
from pathlib import Path

from ingest.evaluation.formats.render_docx import blocks_docx
from ingest.evaluation.formats.render_html import report_blocks, report_html
from ingest.evaluation.formats.render_pdf import html_to_pdf
from ingest.evaluation.formats.render_scan import pdf_to_scan
from ingest.evaluation.formats.render_xlsx import blocks_xlsx

GENERATOR_VERSION = "1"
ROOT = Path(__file__).resolve().parents[3]
CACHE_DIR = ROOT / ".cache" / "formats"
FORMATS = ("html", "pdf", "docx", "xlsx", "scan")
EXTENSIONS = {"html": ".html", "pdf": ".pdf", "docx": ".docx", "xlsx": ".xlsx", "scan": ".pdf"}


def _source_key(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def render(file_name: str, data: bytes, fmt: str, cache_dir: Path = CACHE_DIR) -> bytes:
    """The report's bytes in `fmt`, from the cache when rendered before."""
    key = hashlib.sha256(f"{GENERATOR_VERSION}\0{fmt}\0{_source_key(data)}".encode()).hexdigest()[:24]
    path = Path(cache_dir) / fmt / f"{key}{EXTENSIONS[fmt]}"
    if path.exists():
        return path.read_bytes()
    if fmt == "html":
        out = report_html(file_name, data).encode("utf-8")
    elif fmt == "pdf":
        out = html_to_pdf(render(file_name, data, "html", cache_dir).decode("utf-8"))
    elif fmt == "docx":
        out = blocks_docx(report_blocks(file_name, data))
    elif fmt == "xlsx":
        out = blocks_xlsx(report_blocks(file_name, data))
    elif fmt == "scan":
        out = pdf_to_scan(render(file_name, data, "pdf", cache_dir), seed=int(_source_key(data)[:8], 16))
    else:
        raise ValueError(f"unknown format {fmt!r} (one of {', '.join(FORMATS)})")
    _write_atomic(path, out)
    return out


def rendered_name(file_name: str, fmt: str) -> str:
    """r001.txt -> r001.pdf; a scan is r001.scan.pdf (its format is in its bytes, not its name)."""
    stem = Path(file_name).stem
    return f"{stem}.scan.pdf" if fmt == "scan" else stem + EXTENSIONS[fmt]


def rendered_items(items, fmt: str, cache_dir: Path = CACHE_DIR) -> list[tuple[str, bytes, dict]]:
    """(file name, bytes, labels) of each labelled report in `fmt`, labels unchanged."""
    return [(rendered_name(name, fmt), render(name, data, fmt, cache_dir), labels) for name, data, labels in items]


def _write_atomic(path: Path, data: bytes) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=".tmp_")
    with os.fdopen(fd, "wb") as fh:
        fh.write(data)
    os.replace(tmp, path)

"""One report's bytes -> its staging rows (report, sections, figures) or a quarantine reason.

This is the per-report work of the staging step, run in the parser worker processes.
"""
from __future__ import annotations

from ingest.decode import Unreadable
from ingest.document import load_document
from ingest.parsers.model import figure_row
from ingest.parsers.report import PARSER_VERSION, parse_report

_REPORT_WORDS = ("公开", "公開")
_FORMAT_WORDS = {"html": "an HTML page", "pdf": "a PDF", "image": "a page image", "docx": "a Word document",
                 "doc": "a Word document", "xlsx": "a workbook", "xls": "a workbook"}


def parse_one(item: tuple[str, str, bytes]) -> dict:
    """Parse one report's bytes into staging rows, or a quarantine reason. Never raises."""
    report_id, file_name, content = item
    try:
        doc, extracted = load_document(report_id, file_name, content)
    except Unreadable as exc:
        return {"report_id": report_id, "quarantine": str(exc)}
    except Exception as exc:  # a decoder bug must not stop the run: the file is accounted for
        return {"report_id": report_id, "quarantine": f"could not be decoded ({type(exc).__name__}: {exc})"}
    if not any(w in doc.text for w in _REPORT_WORDS):
        what = _FORMAT_WORDS.get(extracted.source_format, extracted.source_format)
        return {"report_id": report_id, "quarantine": f"no report in it: {what} without any 信息公开 wording"}
    try:
        result = parse_report(doc)
    except Exception as exc:
        return {"report_id": report_id, "quarantine": f"parser error ({type(exc).__name__}: {exc})"}
    meta = result.meta
    src = doc.norm.source
    warnings = list(extracted.warnings) + list(result.warnings) + truncation_warnings(doc.text)
    report = {
        "report_id": report_id, "file_name": file_name, "n_source_files": 1, "parser_version": PARSER_VERSION,
        "family": result.family, "agency": meta.agency, "agency_as_written": meta.agency_as_written,
        "province": meta.province, "city": meta.city, "county": meta.county, "division_code": meta.division_code,
        "admin_level": meta.admin_level, "agency_type": meta.agency_type,
        "region_confidence": meta.region_confidence, "report_year": meta.report_year,
        "publication_date": meta.publication_date, "doc_number": meta.doc_number, "title": meta.title,
        **{f"contact_{k}": (meta.contact or {}).get(k) for k in ("address", "postcode", "phone", "fax", "email", "website")},
        "encoding": extracted.encoding, "is_html": doc.is_html, "warnings": warnings, "source_text": src,
        "source_format": extracted.source_format, "extraction_method": extracted.method,
    }
    sections = []
    for s in result.sections:
        cs, ce = doc.norm.source_span(s.start, s.end)
        sections.append({
            "report_id": report_id, "ordinal": s.ordinal, "level": s.level, "number": s.number,
            "heading": s.heading, "parent_ordinal": s.parent_ordinal, "line_no": doc.norm.source_line_no(cs),
            "char_start": cs, "char_end": ce, "body": src[cs:ce],
        })
    figures = []
    for i, fig in enumerate(result.figures):
        row = figure_row(doc, fig)
        row["figure_no"] = i
        figures.append(row)
    return {"report_id": report_id, "report": report, "sections": sections, "figures": figures}


def truncation_warnings(text: str) -> list[str]:
    """A file that ends inside a table row (fewer cells than the row before) was cut short."""
    lines = _last_nonblank_lines(text.rstrip(), 2)
    if len(lines) >= 2 and "|" in lines[-1] and "|" in lines[-2]:
        if lines[-1].count("|") * 2 <= lines[-2].count("|"):
            return [f"text ends in the middle of a table row ({lines[-1].strip()[:30]!r}): the file looks truncated"]
    return []


def _last_nonblank_lines(text: str, n: int) -> list[str]:
    """The last `n` non-blank lines of `text`, in order (read from the end, not splitting it all)."""
    out: list[str] = []
    end = len(text)
    while end >= 0 and len(out) < n:
        start = text.rfind("\n", 0, end) + 1
        line = text[start:end]
        if line.strip():
            out.append(line)
        end = start - 1
    return out[::-1]


def warm_up() -> None:
    """Load the parsers' lazy data (OpenCC, place names): once per process, before the first report."""
    parse_one(("warmup", "warmup.txt", "青岛市城阳区人民政府2017年政府信息公开工作年度报告".encode()))

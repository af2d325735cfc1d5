"""Run every parser over one Document and decide the report family."""
from __future__ import annotations

from ingest.parsers.metadata import extract_metadata
from ingest.parsers.model import Document, Figure, ParseResult
from ingest.parsers.narrative import parse_narrative
from ingest.parsers.sections import split_sections
from ingest.parsers.tables.legacy import legacy_table_ambiguities, legacy_table_warnings, parse_legacy_tables
from ingest.parsers.tables.national import national_tables

PARSER_VERSION = "0.3.0"  # bump when a parser changes what it emits: staged reports are re-parsed

FAMILIES = ("narrative", "legacy_table", "legacy_short", "national_2019", "national_2021")


def classify_family(figures: list[Figure], report_year: int | None) -> str:
    tables = {f.table_id for f in figures}
    t3_rows = {f.row_key for f in figures if f.table_id == "t3"}
    if "t2_2021" in tables or any(r.startswith("other.") for r in t3_rows):
        return "national_2021"
    if tables & {"t2_2019", "t3", "t4"}:
        if report_year and report_year >= 2021 and "t2_2019" not in tables:
            return "national_2021"
        return "national_2019"
    if "legacy_stats" in tables:
        return "legacy_table"
    if "legacy_short" in tables:
        return "legacy_short"
    return "narrative"


def _truncation_warnings(figures: list[Figure]) -> list[str]:
    """A national report whose 表三 stops early or has no 表四 after it was probably cut off."""
    t3_rows = {f.row_key for f in figures if f.table_id == "t3"}
    if not t3_rows:
        return []
    out = []
    if "carried_forward" not in t3_rows:
        out.append("表三 ends before its last row (四、结转下年度继续办理): the file looks truncated")
    if not any(f.table_id == "t4" for f in figures):
        out.append("表四 (reconsideration and litigation) not found after 表三: the file may be truncated")
    return out


def parse_report(doc: Document) -> ParseResult:
    meta = extract_metadata(doc)
    sections = split_sections(doc)
    national = national_tables(doc)
    figures = national.figures + parse_legacy_tables(doc)
    figures += parse_narrative(doc, meta)
    warnings = list(doc.norm.warnings) + national.warnings + legacy_table_warnings(doc)
    if meta.report_year is None:
        warnings.append("no report year found")
    if meta.agency is None:
        warnings.append("no agency found")
    warnings += _truncation_warnings(figures)
    return ParseResult(
        meta=meta,
        family=classify_family(figures, meta.report_year),
        sections=sections,
        figures=figures,
        warnings=warnings,
        ambiguities=list(national.ambiguities) + legacy_table_ambiguities(doc),
    )

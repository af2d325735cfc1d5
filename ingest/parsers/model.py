"""What parsers produce: figures with provenance, sections, report metadata."""
from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass, field

from ingest.formats.provenance import Locations
from ingest.normalise import Normalised

VALUE_KINDS = ("number", "zero", "empty", "not_applicable", "text")

NOT_APPLICABLE = {"/", "／", "-", "--", "—", "——", "－", "–", "不适用", "NA", "N/A", "n/a", "na", "\\"}
ZERO_WORDS = {"无", "没有", "零", "〇"}
_NUMBER = re.compile(r"^[+-]?(\d{1,3}(,\d{3})+|\d+)(\.\d+)?$")


def classify_cell(text: str) -> tuple[float | None, str]:
    """(value, value_kind) of one table cell; blank and '/' never become 0."""
    t = unicodedata.normalize("NFKC", text or "").strip().strip("|").strip()
    t = t.rstrip("。.;；,，") if len(t) > 1 else t
    if not t:
        return None, "empty"
    if t in NOT_APPLICABLE:
        return None, "not_applicable"
    if t in ZERO_WORDS:
        return 0.0, "zero"
    if _NUMBER.match(t):
        v = float(t.replace(",", ""))
        return v, "zero" if v == 0 else "number"
    return None, "text"


@dataclass(slots=True)
class Figure:
    """One stated figure. `start`/`end` are offsets in the normalised text of its span."""

    source: str  # 'table' | 'narrative'
    table_id: str  # t2_2019, t2_2021, t3, t4, legacy_stats, legacy_short, narrative
    row_key: str
    column_key: str
    metric_key: str | None
    value: float | None
    value_kind: str
    unit: str | None
    start: int
    end: int
    note: str | None = None
    # How the value was read: 'cell' (a delimited cell), 'segmented' (cut out of a run of digits by
    # the table's arithmetic), 'joined' (a number rebuilt across a line break), 'prose' (narrative).
    read_as: str = "cell"
    run_start: int | None = None  # the whole digit run (or joined pieces) the value came from
    run_end: int | None = None


READ_AS = ("cell", "segmented", "joined", "prose")


@dataclass
class Section:
    ordinal: int  # position in the report, 0-based
    level: int  # 1 = 一、 2 = （一） 3 = 1.
    number: str  # the heading's own numbering, e.g. 三 / 一 / 1
    heading: str
    parent_ordinal: int | None
    start: int
    end: int  # body runs to the next heading of the same or higher level


@dataclass
class ReportMeta:
    agency: str | None = None
    agency_as_written: str | None = None
    province: str | None = None
    city: str | None = None
    county: str | None = None
    division_code: str | None = None
    admin_level: str | None = None  # province | city | county | township
    agency_type: str | None = None  # government | department
    region_confidence: str | None = None  # high | medium | low
    report_year: int | None = None
    publication_date: str | None = None
    doc_number: str | None = None
    title: str | None = None
    contact: dict = field(default_factory=dict)


@dataclass(slots=True)
class Ambiguity:
    """A cell that the text allows reading in more than one way: no figure is emitted for it.

    `values` are the distinct values the best readings give (a digit run split two ways, say);
    `solutions` is how many readings of the whole table were equally good."""

    table_id: str
    row_key: str
    column_key: str
    metric_key: str | None
    values: tuple[float, ...]
    solutions: int
    start: int
    end: int


@dataclass
class ParseResult:
    meta: ReportMeta
    family: str  # narrative | legacy_table | legacy_short | national_2019 | national_2021
    sections: list[Section]
    figures: list[Figure]
    warnings: list[str]
    ambiguities: list[Ambiguity] = field(default_factory=list)


@dataclass
class Document:
    """A report ready for parsing: normalised text, its lines, and the map to the source."""

    report_id: str
    file_name: str
    norm: Normalised
    is_html: bool = False
    locations: Locations | None = None  # pages, boxes, cells and OCR confidences (PDF, scans, spreadsheets)
    _lines: list[tuple[int, int, str]] | None = field(default=None, init=False, repr=False, compare=False)
    cache: dict = field(default_factory=dict, init=False, repr=False, compare=False)  # parsers' shared results

    @property
    def text(self) -> str:
        return self.norm.text

    def lines(self) -> list[tuple[int, int, str]]:
        """(start, end, line) for every line of the normalised text; computed once, do not modify it."""
        if self._lines is None:
            out, pos = [], 0
            for line in self.text.split("\n"):
                end = pos + len(line)
                out.append((pos, end, line))
                pos = end + 1
            self._lines = out
        return self._lines

    def provenance(self, start: int, end: int) -> dict:
        s, e = self.norm.source_span(start, end)
        src = self.norm.source
        return {
            "line_no": self.norm.source_line_no(s),
            "char_start": s,
            "char_end": e,
            "raw_text": src[s:e],
        }


def figure_row(doc: Document, fig: Figure) -> dict:
    """A stg_figures row: the figure plus where in the file it came from.

    Built field by field (the keys of `asdict(fig)` without start/end, in the same order):
    `asdict` deep-copies every field and, at ~120 figures a report, was the largest single cost
    of `ingest.report_rows.parse_one`.
    """
    norm = doc.norm
    s, e = norm.source_span(fig.start, fig.end)
    return {
        "source": fig.source, "table_id": fig.table_id, "row_key": fig.row_key, "column_key": fig.column_key,
        "metric_key": fig.metric_key, "value": fig.value, "value_kind": fig.value_kind, "unit": fig.unit,
        "note": fig.note,
        # = doc.provenance(fig.start, fig.end)
        "line_no": norm.source_line_no(s), "char_start": s, "char_end": e, "raw_text": norm.source[s:e],
        "report_id": doc.report_id,
        "read_as": fig.read_as, **(_NO_RUN if fig.run_start is None else _run_provenance(norm, fig)),
        **(_NO_PLACE if doc.locations is None else _place(doc.locations, s, e)),
    }


_NO_RUN = {"run_char_start": None, "run_char_end": None, "run_text": None}
_NO_PLACE = {"page": None, "bbox": None, "cell_ref": None, "ocr_confidence": None}


def _place(locations: Locations, start: int, end: int) -> dict:
    loc = locations.covering(start, end)
    if loc is None:
        return _NO_PLACE
    bbox = None if loc.bbox is None else [round(v, 1) for v in loc.bbox]
    return {"page": loc.page, "bbox": bbox, "cell_ref": loc.cell, "ocr_confidence": loc.confidence}


def _run_provenance(norm: Normalised, fig: Figure) -> dict:
    s, e = norm.source_span(fig.run_start, fig.run_end)
    return {"run_char_start": s, "run_char_end": e, "run_text": norm.source[s:e]}

"""Legacy statistics tables: figures a person reads off each report's appendix table.

Expectations come from reading the files (and tests/data/real/labels.json), never from
parser output.
"""
from __future__ import annotations

import time
from pathlib import Path

import pytest

from ingest.document import load_document
from ingest.normalise import normalise
from ingest.parsers.model import Document
from ingest.parsers.tables.legacy import find_legacy_tables, parse_legacy_tables

ROOT = Path(__file__).resolve().parents[2]
SAMPLE = ROOT / "data" / "sample"
REAL = ROOT / "tests" / "data" / "real"


def _doc(path: Path) -> Document:
    doc, _ = load_document(path.stem, path.name, path.read_bytes())
    return doc


def _sample(prefix: str) -> Document:
    return _doc(next(SAMPLE.glob(f"{prefix}_*.txt")))


def _real(rid: str) -> Document:
    return _doc(REAL / f"r{rid}.txt")


def _text_doc(text: str) -> Document:
    return Document(report_id="t", file_name="t.txt", norm=normalise(text))


def _by_metric(figs, column="year"):
    out = {}
    for f in figs:
        if f.metric_key and f.column_key == column:
            assert f.metric_key not in out, f"{f.metric_key} twice in column {column}"
            out[f.metric_key] = f
    return out


def _row(figs, row_key, column="year"):
    hits = [f for f in figs if f.row_key == row_key and f.column_key == column]
    assert len(hits) <= 1
    return hits[0] if hits else None


# ---- seed 003: the nine-section table, `|` rows, value one row off -------------------------

def test_seed_003_value_on_section_row_belongs_to_proactive_items():
    figs = parse_legacy_tables(_sample("003"))
    assert figs and {f.table_id for f in figs} == {"legacy_stats"}
    m = _by_metric(figs)
    assert m["proactive_items"].value == 98
    assert m["proactive_items"].unit == "条"
    assert m["policy_interpretations"].value == 1
    assert m["dedicated_units"].value == 1
    assert m["reading_points"].value == 1
    assert m["staff_total"].value == 2
    assert m["staff_parttime"].value == 2
    assert m["meetings"].value == 2
    assert m["trainings"].value == 5
    assert m["training_attendees"].value == 350
    assert m["training_attendees"].unit == "人次"
    assert _row(figs, "channel_website").value == 36
    assert _row(figs, "channel_other").value == 62


def test_seed_003_blank_cells_are_empty_not_zero():
    m = _by_metric(parse_legacy_tables(_sample("003")))
    for key in ("applications_new", "outcome_total", "outcome_granted", "outcome_partial",
                "reconsideration_total", "litigation_total", "press_conferences", "staff_fulltime"):
        assert m[key].value is None, key
        assert m[key].value_kind == "empty", key


def test_seed_003_three_other_cases_rows_stay_in_their_sections():
    figs = parse_legacy_tables(_sample("003"))
    keys = [f.row_key for f in figs]
    for k in ("reconsideration.other", "litigation.other", "complaints.other"):
        assert keys.count(k) == 1, k


# ---- seed 004: short table, one cell per line, this year vs cumulative ---------------------

def test_seed_004_this_year_and_cumulative_kept_apart():
    figs = parse_legacy_tables(_sample("004"))
    assert {f.table_id for f in figs} == {"legacy_short"}
    year = _by_metric(figs, "year")
    cum = _by_metric(figs, "cumulative")
    assert year["proactive_items"].value == 166
    assert cum["proactive_items_cumulative"].value == 673
    assert "proactive_items" not in cum
    assert year["applications_new"].value == 0 and year["applications_new"].value_kind == "zero"
    assert year["outcome_total"].value == 0
    assert year["reconsideration_total"].value == 0
    # cumulative values of other rows never carry a metric key
    assert all(f.metric_key in (None, "proactive_items_cumulative") for f in figs if f.column_key == "cumulative")
    assert _row(figs, "applications_new", "cumulative").value == 0


# ---- real legacy reports --------------------------------------------------------------------

# (report, metric) -> value read off the appendix table by a person
EXPECTED_YEAR = {
    "007": {"proactive_items": 35, "applications_new": 0, "outcome_granted": 0, "outcome_partial": 0,
            "outcome_total": 0, "reconsideration_total": 0, "litigation_total": 0},
    "008": {"proactive_items": 39, "applications_new": 0, "outcome_granted": 0, "outcome_partial": 0,
            "outcome_total": 0, "reconsideration_total": 0, "litigation_total": 0},
    "009": {"proactive_items": 38954, "applications_new": 100, "outcome_granted": 88, "outcome_partial": 12,
            "outcome_total": 100, "reconsideration_total": 0, "litigation_total": 0,
            "applications_in_person": 55, "applications_letter": 11},
    "019": {"proactive_items": 17407, "applications_new": 777, "outcome_granted": 311, "outcome_partial": 166,
            "outcome_total": 777, "reconsideration_total": 4, "litigation_total": 11,
            "applications_in_person": 534, "applications_online": 137},
    "021": {"proactive_items": 97, "applications_new": 0, "outcome_granted": 0, "outcome_partial": 0,
            "outcome_total": 0, "reconsideration_total": 0, "litigation_total": 0},
    "026": {"proactive_items": 24, "applications_new": 0, "outcome_granted": 0, "outcome_partial": 0,
            "outcome_total": 0, "reconsideration_total": 0, "litigation_total": 0},
    "027": {"proactive_items": 24888, "applications_new": 170, "outcome_granted": 123, "outcome_partial": 5,
            "outcome_total": 170, "litigation_total": 0, "applications_in_person": 143,
            "applications_online": 18, "applications_letter": 9},
    "029": {"proactive_items": 35, "applications_new": 0, "outcome_granted": 0, "outcome_partial": 0,
            "outcome_total": 0, "reconsideration_total": 0, "litigation_total": 0},
}
EXPECTED_CUMULATIVE = {"008": 74, "019": 234205, "021": 814, "026": 237, "027": 154572, "029": 109}


@pytest.mark.parametrize("rid", sorted(EXPECTED_YEAR))
def test_real_legacy_year_figures(rid):
    m = _by_metric(parse_legacy_tables(_real(rid)))
    for metric, value in EXPECTED_YEAR[rid].items():
        assert metric in m, (rid, metric)
        assert m[metric].value == value, (rid, metric, m[metric].value)


@pytest.mark.parametrize("rid", sorted(EXPECTED_CUMULATIVE))
def test_real_legacy_cumulative_proactive(rid):
    m = _by_metric(parse_legacy_tables(_real(rid)), "cumulative")
    assert m["proactive_items_cumulative"].value == EXPECTED_CUMULATIVE[rid]


def test_r021_documents_on_request_are_not_applications():
    figs = parse_legacy_tables(_real("021"))
    docs = _row(figs, "on_request_docs")
    assert docs.value == 171 and docs.metric_key is None
    assert _by_metric(figs)["applications_new"].value == 0


def test_r027_fees_waived_are_not_fees_collected():
    figs = parse_legacy_tables(_real("027"))
    waived = _row(figs, "fees_waived")
    assert waived.value == 259 and waived.metric_key is None and waived.unit == "元"
    assert not [f for f in figs if f.metric_key == "fees_collected_yuan"]


def test_r027_single_nonzero_value_in_two_column_row_is_not_emitted():
    # 行政复议数 | 件 | 1 — this year or cumulative? Unknown, so nothing from the table.
    m = _by_metric(parse_legacy_tables(_real("027")))
    assert "reconsideration_total" not in m
    # 行政诉讼数 | 件 | 0 | 1 — both columns present
    figs = parse_legacy_tables(_real("027"))
    assert _row(figs, "litigation_total", "cumulative").value == 1


def test_r019_single_value_report_row_is_not_emitted():
    figs = parse_legacy_tables(_real("019"))
    assert _row(figs, "appeals_and_reports") is None


def test_single_zero_in_two_column_row_is_zero_this_year():
    figs = parse_legacy_tables(_real("008"))
    f = _row(figs, "applications_new")
    assert f.value == 0 and f.value_kind == "zero" and f.note
    assert _row(figs, "applications_new", "cumulative") is None


def test_separate_email_row_means_web_row_is_not_applications_online():
    figs = parse_legacy_tables(_real("009"))
    assert _row(figs, "online").value == 24 and _row(figs, "online").metric_key is None
    assert _row(figs, "email").value == 10
    assert "applications_online" not in _by_metric(figs)


def test_mislabelled_repeated_granted_row_is_the_partial_row():
    figs = parse_legacy_tables(_real("007"))
    granted = [f for f in figs if f.row_key == "granted"]
    assert len(granted) == 1
    partial = _row(figs, "partial")
    assert partial.metric_key == "outcome_partial" and partial.value == 0 and partial.note


def test_trailing_caption_is_not_a_row():
    for rid in ("026", "029"):
        figs = parse_legacy_tables(_real(rid))
        assert all("统计表" not in f.row_key for f in figs)
        assert _by_metric(figs)["litigation_total"].value == 0


def test_national_format_reports_have_no_legacy_table():
    for rid in ("001", "002", "003", "018", "020", "023", "028"):
        assert parse_legacy_tables(_real(rid)) == [], rid
    assert parse_legacy_tables(_sample("002")) == []
    assert parse_legacy_tables(_sample("000")) == []
    assert parse_legacy_tables(_sample("001")) == []


# ---- spans ------------------------------------------------------------------------------------

def _all_docs():
    docs = [_doc(p) for p in sorted(SAMPLE.glob("*.txt"))]
    docs += [_doc(p) for p in sorted(REAL.glob("r*.txt"))]
    return docs


def test_every_figure_span_contains_its_digits():
    for doc in _all_docs():
        for f in parse_legacy_tables(doc):
            assert 0 <= f.start <= f.end <= len(doc.text)
            if f.value is not None:
                span = doc.text[f.start:f.end]
                assert str(int(f.value)) in span.replace(",", ""), (doc.report_id, f)
                assert f.value_kind in ("number", "zero")


def test_table_regions_cover_the_figures():
    for doc in _all_docs():
        regions = find_legacy_tables(doc)
        for f in parse_legacy_tables(doc):
            assert any(s <= f.start < e for s, e, _ in regions), (doc.report_id, f)


# ---- robustness ----------------------------------------------------------------------------------

@pytest.mark.parametrize("text", [
    "", "指标名称", "指标名称\n单位", "指标名称\n单位\n2017年\n历年累计\n", "指 标 名 称 | 单位 | 统计数 |\n|||\n| 98 |",
    "指标名称\n计量单位\n2009\n年度\n历年累计\n主动公开信息数\n条\n39\n74\n1\n、\n2.\n条\n条\n/\n—",
    "统计指标|单位|统计数|\n一、主动公开情况|\n|x|\n(一)主动公开政府信息数|条|abc|",
])
def test_never_raises_on_odd_text(text):
    figs = parse_legacy_tables(_text_doc(text))
    assert isinstance(figs, list)


def test_slash_and_dash_cells_are_not_applicable_not_zero():
    text = "附表\n指标名称\n单位\n统计数\n主动公开信息数\n条\n/\n行政复议数\n件\n—\n"
    m = _by_metric(parse_legacy_tables(_text_doc(text)))
    assert m["proactive_items"].value is None and m["proactive_items"].value_kind == "not_applicable"
    assert m["reconsideration_total"].value_kind == "not_applicable"


def test_fast_enough():
    docs = _all_docs()
    for doc in docs:
        parse_legacy_tables(doc)
    t = time.perf_counter()
    for doc in docs:
        parse_legacy_tables(doc)
    per_doc = (time.perf_counter() - t) / len(docs)
    assert per_doc < 0.02  # generous: ~1 ms per table report on a laptop

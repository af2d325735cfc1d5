"""Figures stated in prose, and zeros stated in words: what a person reads in each report.

Expectations come from reading the files (and tests/data/real/labels.json notes), never from
parser output.
"""
from __future__ import annotations

import time
from pathlib import Path

import pytest

from ingest.document import load_document
from ingest.normalise import normalise
from ingest.parsers.model import Document, ReportMeta
from ingest.parsers.narrative import parse_narrative

ROOT = Path(__file__).resolve().parents[2]
SAMPLE = ROOT / "data" / "sample"
REAL = ROOT / "tests" / "data" / "real"

DEPARTMENT = ReportMeta(agency_type="department")
GOVERNMENT = ReportMeta(agency_type="government")


def _doc(path: Path) -> Document:
    doc, _ = load_document(path.stem, path.name, path.read_bytes())
    return doc


def _sample(prefix: str) -> Document:
    return _doc(next(SAMPLE.glob(f"{prefix}_*.txt")))


def _real(rid: str) -> Document:
    return _doc(REAL / f"r{rid}{'.html' if rid == '032' else '.txt'}")


def _text_doc(text: str) -> Document:
    return Document(report_id="t", file_name="t.txt", norm=normalise(text))


def _values(doc: Document, meta: ReportMeta | None = None) -> dict[str, float]:
    figs = parse_narrative(doc, meta if meta is not None else ReportMeta())
    out = {}
    for f in figs:
        assert f.table_id == "narrative" and f.column_key == "value" and f.row_key == f.metric_key
        assert f.metric_key not in out
        out[f.metric_key] = f.value
    return out


def _figs(doc, meta=None):
    return {f.metric_key: f for f in parse_narrative(doc, meta if meta is not None else ReportMeta())}


# ---- seeds ------------------------------------------------------------------------------------

def test_seed_000_traditional_script_narrative():
    v = _values(_sample("000"), DEPARTMENT)
    assert v["applications_new"] == 432  # 2017年共受理信息公开申请依申请公开432件
    assert v["litigation_total"] == 0  # 本年度無因政府信息公開申請提起的行政訴訟
    assert v["fees_collected_yuan"] == 0  # 本年度無政府信息公開收費
    assert v["press_conferences"] == 4  # 全年共召開新聞發布會4場
    assert v["trainings"] == 2  # 年內組織2次信息公開培訓
    assert v["training_attendees"] == 91


def test_seed_001_narrative_figures():
    v = _values(_sample("001"), GOVERNMENT)
    assert v["applications_new"] == 342
    assert v["applications_in_person"] == 45
    assert v["applications_online"] == 227  # 网上填表及电子邮件申请227件
    assert "applications_letter" not in v and "applications_fax" not in v  # 信函及传真 together: 70
    assert v["outcome_granted"] == 78
    assert v["outcome_partial"] == 64
    assert v["reconsideration_total"] == 9
    assert v["litigation_total"] == 2
    assert v["proactive_items"] == 6923  # not 6098 条次 by channel, not 累计 2303
    assert v["fees_collected_yuan"] == 0  # 全区未因依申请公开产生收费情况
    assert v["trainings"] == 4  # not the planned 举办专题培训2期 in 主要问题及改进措施


def test_seed_003_zero_statements_and_98():
    figs = _figs(_sample("003"), ReportMeta(agency_type="department", report_year=2017))
    assert figs["proactive_items"].value == 98  # 2017年以来，共公开政府信息98条
    assert figs["applications_new"].value == 0 and figs["applications_new"].value_kind == "zero"
    assert figs["reconsideration_total"].value == 0 and figs["reconsideration_total"].value_kind == "zero"
    assert figs["litigation_total"].value == 0
    assert figs["fees_collected_yuan"].value == 0


def test_seed_004_no_applications_and_166_this_year():
    v = _values(_sample("004"), DEPARTMENT)
    assert v["applications_new"] == 0  # 无政府信息公开申请
    assert v["fees_collected_yuan"] == 0
    assert v["reconsideration_total"] == 0 and v["litigation_total"] == 0
    # "本年度截止至2017年12月22日…累计主动公开政府信息达166条": year to date, not cumulative
    assert v["proactive_items"] == 166
    assert "proactive_items_cumulative" not in v


# ---- real reports -------------------------------------------------------------------------------

EXPECTED = {
    # legacy reports
    "007": {"applications_new": 0, "proactive_items": 10, "proactive_items_cumulative": 35,
            "fees_collected_yuan": 0, "reconsideration_total": 0, "litigation_total": 0},
    "008": {"applications_new": 0, "proactive_items": 39, "proactive_items_cumulative": 74,
            "fees_collected_yuan": 0, "reconsideration_total": 0, "litigation_total": 0},
    "009": {"applications_new": 100, "applications_in_person": 55, "outcome_total": 100, "outcome_granted": 88,
            "outcome_partial": 5,  # the prose says 5; the appendix says 12 (an inconsistency in the report)
            "fees_collected_yuan": 0, "reconsideration_total": 0, "litigation_total": 0},
    "019": {"applications_new": 777, "applications_in_person": 534, "outcome_total": 777,
            "outcome_granted": 259,  # 同意公开259 as written; 已主动公开52 stated apart
            "outcome_partial": 166, "proactive_items": 17407, "reconsideration_total": 4, "litigation_total": 11},
    "021": {"applications_new": 0, "proactive_items": 97, "proactive_items_cumulative": 814,
            "fees_collected_yuan": 0, "reconsideration_total": 0, "litigation_total": 0},
    "026": {"applications_new": 0, "proactive_items": 24, "proactive_items_cumulative": 237,
            "fees_collected_yuan": 0, "reconsideration_total": 0, "litigation_total": 0},
    "027": {"applications_new": 170, "applications_in_person": 143, "applications_letter": 9,
            "outcome_total": 170, "outcome_granted": 123, "outcome_partial": 5, "proactive_items": 24888,
            "fees_collected_yuan": 0, "reconsideration_total": 1},
    "029": {"applications_new": 0, "proactive_items": 35, "proactive_items_cumulative": 109,
            "fees_collected_yuan": 0, "reconsideration_total": 0, "litigation_total": 0},
    # national-format reports: their prose
    "001": {"proactive_items": 4511, "outcome_total": 718, "applications_carried_forward": 31,
            "fees_collected_yuan": 380},
    "002": {"applications_new": 34, "applications_carried_over": 2, "applications_carried_forward": 1,
            "outcome_granted": 9, "outcome_partial": 0, "proactive_items": 393, "reconsideration_total": 1,
            "litigation_total": 0, "fees_collected_yuan": 0},
    "003": {"outcome_total": 1191, "applications_carried_over": 189, "fees_collected_yuan": 0},
    "018": {"proactive_items": 23, "applications_new": 0},
    "020": {"proactive_items": 5, "applications_new": 3, "fees_collected_yuan": 0},
    "023": {"proactive_items": 14, "proactive_items_cumulative": 430, "applications_new": 0,
            "fees_collected_yuan": 0},
    "028": {"proactive_items": 20, "applications_new": 1, "fees_collected_yuan": 0},
    "032": {"proactive_items": 249, "applications_new": 26, "fees_collected_yuan": 0},
}
GOVERNMENTS = {"001", "003", "009", "019", "027"}


@pytest.mark.parametrize("rid", sorted(EXPECTED))
def test_real_reports(rid):
    meta = GOVERNMENT if rid in GOVERNMENTS else DEPARTMENT
    v = _values(_real(rid), meta)
    for metric, value in EXPECTED[rid].items():
        assert metric in v, (rid, metric)
        assert v[metric] == value, (rid, metric, v[metric])


def test_r021_documents_on_request_are_not_applications():
    # "我局共有依申请公开信息171条" counts documents; "没有收到任何形式公开信息的申请"
    figs = _figs(_real("021"), DEPARTMENT)
    assert figs["applications_new"].value == 0 and figs["applications_new"].value_kind == "zero"
    assert all(f.value != 171 for f in figs.values())


def test_r027_fees_waived_are_not_fees_collected():
    # "为73人减免259元 … 历年累计减免3918元" vs "均不收取任何费用"
    f = _figs(_real("027"), GOVERNMENT)["fees_collected_yuan"]
    assert f.value == 0 and f.value_kind == "zero"


def test_receipts_that_include_carried_over_are_not_new_applications():
    # r001: 受理749 = 新收713 + 上年结转36; r003: 受理1295 in a report whose 受理 may include 结转
    assert "applications_new" not in _values(_real("001"), GOVERNMENT)
    assert "applications_new" not in _values(_real("003"), GOVERNMENT)


def test_cumulative_counts_are_not_this_years():
    v = _values(_real("019"), GOVERNMENT)
    assert v["reconsideration_total"] == 4 and v["litigation_total"] == 11  # not 累计 18 / 35
    assert "proactive_items_cumulative" not in v  # 22.88万条 is rounded: not emitted


def test_corrections_are_not_zero_cases():
    # r003: "全年未发生因依申请公开被行政复议纠错或行政诉讼败诉情形" says nothing about how many
    v = _values(_real("003"), GOVERNMENT)
    assert "reconsideration_total" not in v and "litigation_total" not in v


def test_department_does_not_take_citywide_figures():
    text = ("一、概述\n2017年，全市共受理政府信息公开申请120件。我局共受理政府信息公开申请3件，"
            "全市主动公开政府信息5000条。")
    v = _values(_text_doc(text), DEPARTMENT)
    assert v["applications_new"] == 3
    assert "proactive_items" not in v
    # the same prose in a city government's report is its own scope: two values disagree -> unsure
    v = _values(_text_doc(text), GOVERNMENT)
    assert "applications_new" not in v
    assert v["proactive_items"] == 5000


def test_meta_with_none_fields_or_no_meta():
    doc = _sample("001")
    assert _values(doc, ReportMeta()) == _values(doc, GOVERNMENT)
    assert parse_narrative(doc, None)


def test_numbers_split_onto_their_own_lines_are_rejoined_but_never_fused():
    text = "2018\n年，共受理政府信息公开申请\n777\n件，其中：当面申请\n534\n件。"
    v = _values(_text_doc(text))
    assert v["applications_new"] == 777 and v["applications_in_person"] == 534
    # two digit runs on consecutive lines are two numbers, not 7773878
    text = "共受理政府信息公开申请\n777\n3878\n件。"
    assert "applications_new" not in _values(_text_doc(text))


def test_rounded_and_approximate_figures_are_not_emitted():
    v = _values(_text_doc("全年主动公开政府信息1.2万条。共受理政府信息公开申请100余件。"))
    assert v == {}


def test_figures_in_tables_are_not_narrative():
    v = _values(_sample("002"))
    assert "applications_new" not in v or v["applications_new"] is not None
    for f in parse_narrative(_real("009"), GOVERNMENT):
        assert "指标名称" not in _real("009").text[max(0, f.start - 5):f.end]


# ---- spans ----------------------------------------------------------------------------------------

def _all_docs():
    docs = [_doc(p) for p in sorted(SAMPLE.glob("*.txt"))]
    docs += [_doc(p) for p in sorted(REAL.glob("r*"))]
    return docs


def test_every_figure_span_contains_its_digits_or_zero_phrase():
    for doc in _all_docs():
        for f in parse_narrative(doc, ReportMeta()):
            assert 0 <= f.start < f.end <= len(doc.text), (doc.report_id, f)
            span = doc.text[f.start:f.end]
            if f.value_kind == "number" or (f.value_kind == "zero" and any(c.isdigit() for c in span)):
                assert span.strip() == str(int(f.value)), (doc.report_id, f, span)
            else:
                assert f.value == 0 and f.value_kind == "zero"
                assert any(w in span for w in ("无", "未", "没有", "不", "尚未")), (doc.report_id, span)


# ---- robustness -------------------------------------------------------------------------------------

@pytest.mark.parametrize("text", [
    "", "申请", "件件件", "共受理政府信息公开申请件", "共受理政府信息公开申请\n\n\n", "123456789" * 50,
    "未收到" * 100, "行政复议、行政诉讼" * 50, "收取费用元" * 10, "|申请|1|件|\n" * 20,
    "其中；其中。其中，" * 30, "一、存在的主要问题\n共受理政府信息公开申请5件。",
])
def test_never_raises_on_odd_text(text):
    figs = parse_narrative(_text_doc(text), ReportMeta())
    assert isinstance(figs, list)


def test_plans_section_is_not_read():
    assert _values(_text_doc("一、存在的主要问题及改进措施\n下一步共受理政府信息公开申请5件。")) == {}


def test_fast_enough():
    docs = _all_docs()
    for doc in docs:
        parse_narrative(doc, ReportMeta())
    t = time.perf_counter()
    for doc in docs:
        parse_narrative(doc, ReportMeta())
    per_doc = (time.perf_counter() - t) / len(docs)
    assert per_doc < 0.03  # generous bound; typically a few ms per report


# ---- Chinese numerals ---------------------------------------------------------------------------

def test_chinese_numerals_read_where_digits_would_be():
    text = ("一、总体情况\n全年主动公开政府信息十二条。\n三、收到和处理政府信息公开申请情况\n"
            "本年度共收到政府信息公开申请三件，其中当面申请两件。同意公开一件。\n"
            "四、政府信息公开行政复议、行政诉讼情况\n发生行政复议一起，行政诉讼0件。\n")
    doc = _text_doc(text)
    figs = _figs(doc, GOVERNMENT)
    assert {k: f.value for k, f in figs.items()} == {
        "proactive_items": 12, "applications_new": 3, "applications_in_person": 2, "outcome_granted": 1,
        "reconsideration_total": 1, "litigation_total": 0,
    }
    # the span is the numeral itself, and it is read as prose
    assert doc.text[figs["proactive_items"].start:figs["proactive_items"].end] == "十二"
    assert doc.text[figs["applications_in_person"].start:figs["applications_in_person"].end] == "两"
    assert all(f.read_as == "prose" and f.value_kind == "number" for k, f in figs.items() if k != "litigation_total")


@pytest.mark.parametrize("text, expected", [
    ("共收到政府信息公开申请一百零五件。", {"applications_new": 105}),
    ("全年主动公开政府信息一万二千条。", {"proactive_items": 12000}),
    ("组织开展一次培训。", {"trainings": 1}),  # as 组织开展1次培训 would be
    ("行政复议一起。", {"reconsideration_total": 1}),
])
def test_chinese_numeral_values(text, expected):
    assert _values(_text_doc(text), GOVERNMENT) == expected


@pytest.mark.parametrize("text", [
    "一是加强领导，二是完善制度。",
    "一、总体情况\n二、主动公开政府信息情况\n",
    "在“十三五”期间，建成一站式服务平台，实现一网通办，申请人最多跑一次。",
    "依据《条例》第三条，公开了一批政府信息。",
    "收到申请三四件。",  # three or four
    "共收到政府信息公开申请数十件。", "收到政府信息公开申请近三十件。", "共收到申请十余件。",
    "实现办理申请一件事一次办。", "开展一次性培训。", "主动公开政府信息一条龙服务。",
    "行政复议一起审理。",  # 一起 = together
    "收到申请二〇二一件。",  # digits one by one are a year's way, not a count's
    "浏览次数：1234",
])
def test_chinese_numerals_never_invented(text):
    assert _values(_text_doc(text), GOVERNMENT) == {}

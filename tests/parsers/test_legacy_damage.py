"""Legacy statistics tables in the layouts real crawls leave them in.

Every expected figure below was worked out by hand from the example text (not copied from the
parser's output): one-line bodies, cells separated by spaces, cells run together, numbers cut
across lines, blank cells, traditional script and page chrome.
"""
from __future__ import annotations

import time
from pathlib import Path

import pytest

from ingest.document import load_document
from ingest.normalise import normalise
from ingest.parsers.model import Document
from ingest.parsers.tables.legacy import (
    find_legacy_tables,
    legacy_table_ambiguities,
    legacy_table_warnings,
    parse_legacy_tables,
)

ROOT = Path(__file__).resolve().parents[2]
SAMPLE = ROOT / "data" / "sample"
REAL = ROOT / "tests" / "data" / "real"


def _doc(text: str) -> Document:
    return Document(report_id="t", file_name="t.txt", norm=normalise(text))


def _file_doc(path: Path, one_line: bool = False) -> Document:
    text = path.read_text(encoding="utf-8")
    if one_line:
        text = text.replace("\n", "")
    doc, _ = load_document(path.stem, path.name, text.encode("utf-8"))
    return doc


def _fig(figs, row_key, column="year"):
    hits = [f for f in figs if f.row_key == row_key and f.column_key == column]
    assert len(hits) <= 1, hits
    return hits[0] if hits else None


def _values(figs) -> dict:
    return {(f.row_key, f.column_key): f.value for f in figs}


def _check_spans(doc: Document, figs) -> None:
    """Each figure cites exactly its value: the value's digits are the digits of its span."""
    regions = find_legacy_tables(doc)
    for f in figs:
        assert any(s <= f.start < e for s, e, _ in regions), f
        if f.value is None:
            continue
        digits = "".join(ch for ch in doc.text[f.start:f.end] if ch.isdigit() or ch == ".")
        assert float(digits) == f.value, (f, doc.text[f.start:f.end])
        if f.read_as in ("joined", "segmented"):
            assert f.run_start is not None and f.run_start <= f.start and f.end <= f.run_end, f
        else:
            assert f.read_as == "cell" and f.run_start is None, f


PROSE = "某某区人民政府2016年政府信息公开工作年度报告。一、概述。本年度共主动公开政府信息120条。附件："

# ---- the nine-section table (seed 003's family) ----------------------------------------------

NINE = """2016年度政府信息公开工作情况统计表
统计指标 | 单位 | 统计数 |
一、主动公开情况 | | |
(一)主动公开政府信息数 | 条 | 120 |
其中:主动公开规范性文件数 | 条 | 4 |
制发规范性文件总数 | 件 | 6 |
(二)通过不同渠道和方式公开政府信息的情况 | | |
1.政府公报公开政府信息数 | 条 | 0 |
2.政府网站公开政府信息数 | 条 | 110 |
3.政务微博公开政府信息数 | 条 | 5 |
4.政务微信公开政府信息数 | 条 | 3 |
5.其他方式公开政府信息数 | 条 | 2 |
二、回应解读情况 | | |
(一)回应公众关注热点或重大舆情数 | 次 | 3 |
(二)通过不同渠道和方式回应解读的情况 | | |
1.参加或举办新闻发布会总次数 | 次 | 2 |
其中:主要负责同志参加新闻发布会次数 | 次 | 1 |
2.政府网站在线访谈次数 | 次 | 1 |
其中:主要负责同志参加政府网站在线访谈次数 | 次 | 0 |
3.政策解读稿件发布数 | 篇 | 7 |
4.微博微信回应事件数 | 次 | 4 |
5.其他方式回应事件数 | 次 | 0 |
三、依申请公开情况 | | |
(一)收到申请数 | 件 | 12 |
1.当面申请数 | 件 | 5 |
2.传真申请数 | 件 | 0 |
3.网络申请数 | 件 | 6 |
4.信函申请数 | 件 | 1 |
5.其他形式 | 件 | |
(二)申请办结数 | 件 | 12 |
1.按时办结数 | 件 | 11 |
2.延期办结数 | 件 | 1 |
(三)申请答复数 | 件 | 12 |
1.属于已主动公开范围数 | 件 | 2 |
2.同意公开答复数 | 件 | 7 |
3.同意部分公开答复数 | 件 | 1 |
4.不同意公开答复数 | 件 | 1 |
其中:涉及国家秘密 | 件 | 1 |
涉及商业秘密 | 件 | |
涉及个人隐私 | 件 | |
危及国家安全、公共安全、经济安全和社会稳定 | 件 | |
不是《条例》所指政府信息 | 件 | |
法律法规规定的其他情形 | 件 | |
5.不属于本行政机关公开数 | 件 | 1 |
6.申请信息不存在数 | 件 | 0 |
7.告知作出更改补充数 | 件 | 0 |
8.告知通过其他途径办理数 | 件 | 0 |
四、行政复议数量 | 件 | 1 |
(一)维持具体行政行为数 | 件 | 1 |
(二)被依法纠错数 | 件 | 0 |
(三)其他情形数 | 件 | 0 |
五、行政诉讼数量 | 件 | 0 |
(一)维持具体行政行为或者驳回原告诉讼请求数 | 件 | 0 |
(二)被依法纠错数 | 件 | 0 |
(三)其他情形数 | 件 | 0 |
六、被举报投诉数量 | 件 | 0 |
(一)维持具体行政行为数 | 件 | |
(二)被纠错数 | 件 | |
(三)其他情形数 | 件 | |
七、向图书馆、档案馆等查阅场所报送信息数 | 条 | 30 |
(一)纸质文件数 | 条 | 10 |
(二)电子文件数 | 条 | 20 |
八、机构建设和保障经费情况 | | |
(一)政府信息公开工作专门机构数 | 个 | 1 |
(二)设置政府信息公开查阅点数 | 个 | 2 |
(三)查阅点接待人数 | 人 | 15 |
(四)从事政府信息公开工作人员数 | 人 | 3 |
1.专职人员数(不包括政府公报及政府网站工作人员数) | 人 | 1 |
2.兼职人员数 | 人 | 2 |
(五)政府信息公开专项经费(不包括用于政府公报编辑管理及政府网站建设维护等方面的经费) | 万元 | 1.5 |
九、政府信息公开会议和培训情况 | | |
(一)召开政府信息公开工作会议或专题会议数 | 次 | 2 |
(二)举办各类培训班数 | 次 | 1 |
(三)接受培训人员数 | 人次 | 40 |
"""

# (row key, value) read off NINE by hand; None = the cell is blank
NINE_VALUES = {
    "proactive_items": 120, "proactive_normative_docs": 4, "normative_docs_issued": 6,
    "channel_gazette": 0, "channel_website": 110, "channel_weibo": 5, "channel_wechat": 3, "channel_other": 2,
    "responses_hot_topics": 3, "press_conferences": 2, "press_conferences_leader": 1, "online_interviews": 1,
    "online_interviews_leader": 0, "policy_interpretations": 7, "responses_weibo_wechat": 4, "responses_other": 0,
    "applications_new": 12, "in_person": 5, "fax": 0, "online": 6, "letter": 1, "other_channel": None,
    "closed": 12, "closed_on_time": 11, "closed_extended": 1,
    "answered": 12, "already_public": 2, "granted": 7, "partial": 1, "refused": 1,
    "refused.state_secret": 1, "refused.commercial_secret": None, "refused.privacy": None,
    "refused.security": None, "refused.not_government_info": None, "refused.other": None,
    "not_this_agency": 1, "not_exist": 0, "told_to_amend": 0, "told_other_route": 0,
    "reconsideration_total": 1, "reconsideration.upheld": 1, "reconsideration.corrected": 0,
    "reconsideration.other": 0,
    "litigation_total": 0, "litigation.upheld": 0, "litigation.corrected": 0, "litigation.other": 0,
    "complaints_total": 0, "complaints.upheld": None, "complaints.corrected": None, "complaints.other": None,
    "archive_submissions": 30, "archive_paper": 10, "archive_electronic": 20,
    "dedicated_units": 1, "reading_points": 2, "reading_point_visitors": 15, "staff_total": 3,
    "staff_fulltime": 1, "staff_parttime": 2, "budget": 1.5,
    "meetings": 2, "trainings": 1, "training_attendees": 40,
}

NINE_LAYOUTS = {
    "lines": PROSE + "\n" + NINE,
    # the whole report on one line, cells still separated by `|`
    "one_line": PROSE + NINE.replace("\n", "") + "扫一扫在手机打开当前页",
    # and with every separator gone: labels, units and values run together
    "run_together": PROSE + NINE.replace("\n", "").replace(" ", "").replace("|", ""),
}


@pytest.mark.parametrize("layout", sorted(NINE_LAYOUTS))
def test_nine_section_table_in_every_layout(layout):
    doc = _doc(NINE_LAYOUTS[layout])
    figs = parse_legacy_tables(doc)
    assert {f.table_id for f in figs} == {"legacy_stats"}
    got = {f.row_key: f for f in figs if f.column_key == "year"}
    for key, value in NINE_VALUES.items():
        assert key in got, (layout, key)
        assert got[key].value == value, (layout, key, got[key].value)
        assert got[key].value_kind == ("empty" if value is None else "zero" if value == 0 else "number"), key
    assert got["training_attendees"].unit == "人次" and got["budget"].unit == "万元"
    assert got["proactive_items"].metric_key == "proactive_items"
    assert legacy_table_warnings(doc) == []
    _check_spans(doc, figs)


def test_one_line_table_region_starts_at_its_header():
    doc = _doc(NINE_LAYOUTS["one_line"])
    (start, end, table_id), = find_legacy_tables(doc)
    assert table_id == "legacy_stats"
    assert doc.text[start:].startswith("统计指标")  # not the start of the line: the prose before is not table
    assert doc.text[:end].endswith("40")


def test_run_together_blank_cell_is_empty_not_the_next_rows_value():
    # "5.其他形式件(二)申请办结数件12": 其他形式 has a unit and no value; 12 is 申请办结数's
    figs = parse_legacy_tables(_doc(NINE_LAYOUTS["run_together"]))
    other = _fig(figs, "other_channel")
    assert other.value is None and other.value_kind == "empty"
    assert _fig(figs, "closed").value == 12


def test_traditional_script_and_chrome_do_not_break_a_one_line_table():
    import opencc

    trad = opencc.OpenCC("s2t").convert(NINE_LAYOUTS["run_together"])
    assert trad != NINE_LAYOUTS["run_together"]
    text = "當前位置：首頁 > 政務公開\n" + trad + "扫一扫在手机打开当前页\n上一条：2016年度部门决算公开\n"
    figs = parse_legacy_tables(_doc(text))
    got = {f.row_key: f.value for f in figs if f.column_key == "year"}
    assert {k: got.get(k) for k in NINE_VALUES} == NINE_VALUES


# ---- the local short table (seed 004's family): two value columns ------------------------------

INLINE = """附表 政府信息公开指标统计表
指标名称 单位 本年 累计
主动公开文件数 条 2543 78967
其中：1.政府网站公开数 条 2500 77000
2.政府公报公开数 条 43 1967
受理政府信息公开申请总数 件 12 40
其中：1.当面申请数 件 5 20
2.网络申请数 件 7 20
对申请的答复总数 件 12 40
行政复议数 件 0 1
行政诉讼数 件 0 0
"""


@pytest.mark.parametrize("layout", ["lines", "one_line"])
def test_inline_two_columns_this_year_then_cumulative(layout):
    text = INLINE if layout == "lines" else INLINE.replace("\n", " ")
    figs = parse_legacy_tables(_doc(text))
    assert {f.table_id for f in figs} == {"legacy_short"}
    year = {f.row_key: f.value for f in figs if f.column_key == "year"}
    cum = {f.row_key: f.value for f in figs if f.column_key == "cumulative"}
    assert year["proactive_items"] == 2543 and cum["proactive_items"] == 78967
    assert year["channel_gazette"] == 43 and cum["channel_gazette"] == 1967
    assert year["applications_new"] == 12 and cum["applications_new"] == 40
    assert year["reconsideration_total"] == 0 and cum["reconsideration_total"] == 1
    m = {f.metric_key: f.value for f in figs if f.metric_key}
    assert m["proactive_items"] == 2543 and m["proactive_items_cumulative"] == 78967
    assert m["applications_new"] == 12 and m["outcome_total"] == 12 and m["reconsideration_total"] == 0


def test_columns_follow_the_header_not_the_position_of_the_last_value():
    # 历年累计 printed before 本年: the first value is the cumulative one
    text = "指标名称 | 单位 | 历年累计 | 2017年 |\n主动公开文件数 | 条 | 78967 | 2543 |\n行政复议数 | 件 | 3 | 1 |\n"
    figs = parse_legacy_tables(_doc(text))
    assert _fig(figs, "proactive_items", "year").value == 2543
    assert _fig(figs, "proactive_items", "cumulative").value == 78967
    assert _fig(figs, "reconsideration_total", "year").value == 1


def test_two_columns_run_together_yield_no_figure_and_a_warning():
    text = "指标名称单位2017年历年累计主动公开文件数条254378967行政复议数件0行政诉讼数件00"
    doc = _doc(text)
    figs = parse_legacy_tables(doc)
    # 254378967 = 2|54378967, 25|4378967, 254|378967, 2543|78967 (this year <= cumulative), or one
    # value of either column: nothing can be said
    assert not [f for f in figs if f.row_key == "proactive_items"]
    warnings = legacy_table_warnings(doc)
    assert len(warnings) == 1 and "254378967" in warnings[0] and "proactive_items" in warnings[0]
    amb = [a for a in legacy_table_ambiguities(doc) if a.row_key == "proactive_items"]
    assert {a.column_key for a in amb} == {"year", "cumulative"}
    year_amb = next(a for a in amb if a.column_key == "year")
    assert {2, 25, 254, 2543} <= set(year_amb.values) and year_amb.metric_key == "proactive_items"
    # a single 0 (行政复议数件0): 0 this year whichever column it was in
    rec = _fig(figs, "reconsideration_total")
    assert rec.value == 0 and rec.read_as == "cell" and _fig(figs, "reconsideration_total", "cumulative") is None
    # 00 can only be 0 and 0 (a number does not start with 0)
    lit_y, lit_c = _fig(figs, "litigation_total"), _fig(figs, "litigation_total", "cumulative")
    assert (lit_y.value, lit_c.value) == (0, 0) and lit_y.read_as == lit_c.read_as == "segmented"
    assert doc.text[lit_y.run_start:lit_y.run_end] == "00"
    _check_spans(doc, figs)


def test_one_value_column_run_into_its_unit_is_fine():
    text = "统计指标单位统计数一、主动公开情况(一)主动公开政府信息数条98其中:主动公开规范性文件数条3三、依申请公开情况(一)收到申请数件2"
    doc = _doc(text)
    figs = parse_legacy_tables(doc)
    f = _fig(figs, "proactive_items")
    assert f.value == 98 and f.read_as == "cell" and doc.text[f.start:f.end] == "98"
    assert _fig(figs, "proactive_normative_docs").value == 3
    assert _fig(figs, "applications_new").value == 2
    assert legacy_table_warnings(doc) == []


def test_a_run_starting_with_zero_splits_one_way():
    # 不予公开数 0 this year, 107 in all: 0107 = 0|107 (01|07 and 010|7 start with 0)
    text = "指标名称计量单位2013年度历年累计3、不予公开数条0107行政复议数件0"
    figs = parse_legacy_tables(_doc(text))
    assert _fig(figs, "withheld_docs").value == 0
    assert _fig(figs, "withheld_docs", "cumulative").value == 107


def test_digits_run_into_the_next_rows_numbering():
    # 条353.新闻发布会: the numbering expects 3 after 2., so the value is 35
    text = "指标名称计量单位年末统计主动公开信息数条35其中：1.政府公报条02.政府网站条353.新闻发布会条0"
    doc = _doc(text)
    figs = parse_legacy_tables(doc)
    assert _fig(figs, "channel_gazette").value == 0
    assert _fig(figs, "channel_website").value == 35
    assert _fig(figs, "channel_press_conference").value == 0
    assert legacy_table_warnings(doc) == []
    # the numbering jumps (7. after 2.): where 357 ends is unknown
    doc = _doc(text.replace("353.新闻发布会", "357.新闻发布会"))
    figs = parse_legacy_tables(doc)
    assert _fig(figs, "channel_website") is None
    assert any("channel_website" in w for w in legacy_table_warnings(doc))


# ---- numbers cut across lines (one cell per line) ----------------------------------------------

def test_split_number_joined_by_the_channel_sum():
    # 收到申请数 162 printed as "1" / "62"; 当面 100 + 网络 62 = 162, so the pieces are one number
    text = ("统计指标\n单位\n统计数\n三、依申请公开情况\n(一)收到申请数\n件\n1\n62\n1.当面申请数\n件\n100\n"
            "2.传真申请数\n件\n0\n3.网络申请数\n件\n62\n4.信函申请数\n件\n0\n5.其他形式\n件\n0\n")
    doc = _doc(text)
    figs = parse_legacy_tables(doc)
    f = _fig(figs, "applications_new")
    assert f.value == 162 and f.read_as == "joined" and f.metric_key == "applications_new"
    assert doc.text[f.start:f.end] == "1\n62" and (f.run_start, f.run_end) == (f.start, f.end)
    assert _fig(figs, "online").value == 62
    assert legacy_table_warnings(doc) == []
    _check_spans(doc, figs)


def test_one_cut_in_a_one_column_row_is_joined():
    # 主动公开政府信息数 "9" / "8" in a table of one value column (统计数): one number cut once, 98
    text = "统计指标\n单位\n统计数\n(一)主动公开政府信息数\n条\n9\n8\n(二)政府网站公开政府信息数\n条\n36\n"
    doc = _doc(text)
    figs = parse_legacy_tables(doc)
    f = _fig(figs, "proactive_items")
    assert f.value == 98 and f.read_as == "joined" and doc.text[f.start:f.end] == "9\n8"
    assert _fig(figs, "channel_website").value == 36
    assert legacy_table_warnings(doc) == []
    _check_spans(doc, figs)


def test_two_cuts_without_a_sum_yield_no_figure_and_a_warning():
    # "9" / "8" / "7" for one column: 987 only if the number was cut twice; no sum of the table says so
    text = "统计指标\n单位\n统计数\n(一)主动公开政府信息数\n条\n9\n8\n7\n(二)政府网站公开政府信息数\n条\n36\n"
    doc = _doc(text)
    figs = parse_legacy_tables(doc)
    assert _fig(figs, "proactive_items") is None
    assert _fig(figs, "channel_website").value == 36
    (w,) = legacy_table_warnings(doc)
    assert "proactive_items" in w and "9 / 8 / 7" in w


def test_header_year_cut_across_lines_keeps_both_columns():
    # header "2009年度" printed as "2" / "009" / "年度": still two columns, so 39 / 74 is this year
    # then cumulative, and "3" / "9" / "7" / "4" below it is 3|974 or 39|74: no figure
    head = "指标名称\n计量单位\n2\n009\n年度\n历年累计\n主动公开信息数\n条\n"
    figs = parse_legacy_tables(_doc(head + "39\n74\n"))
    assert _fig(figs, "proactive_items").value == 39
    assert _fig(figs, "proactive_items", "cumulative").value == 74
    doc = _doc(head + "3\n9\n7\n4\n")
    assert _fig(parse_legacy_tables(doc), "proactive_items") is None
    assert any("proactive_items" in w for w in legacy_table_warnings(doc))


def test_split_number_in_a_two_column_table():
    # 受理申请总数 "1" / "62" / "400": (1, 62400) or (162, 400); 当面 100 + 网上 62 = 162 this year
    # and 300 + 100 = 400 in all: only (162, 400) makes both sums hold
    text = ("指标名称\n单位\n2012年\n历年累计\n受理政府信息公开申请总数\n件\n1\n62\n400\n其中：1.当面申请数\n件\n100\n300\n"
            "2.网上申请数\n件\n62\n100\n")
    figs = parse_legacy_tables(_doc(text))
    assert _fig(figs, "applications_new").value == 162
    assert _fig(figs, "applications_new", "cumulative").value == 400
    assert _fig(figs, "applications_new").read_as == "joined"
    assert _fig(figs, "applications_new", "cumulative").read_as == "cell"


def test_runs_decided_by_both_sums():
    # r027's figures run together: 170 = 143 + 18 + 9 and 1319 = 922 + 307 + 90
    text = ("指标名称计量单位2013年度历年累计受理政府信息公开申请总数条1701319其中：1.当面申请数条1439222.网上申请数"
            "条183073.信函申请数条990对申请的答复总数条170")
    doc = _doc(text)
    figs = parse_legacy_tables(doc)
    assert _values(figs)[("applications_new", "year")] == 170
    assert _values(figs)[("applications_new", "cumulative")] == 1319
    assert _values(figs)[("in_person", "year")] == 143 and _values(figs)[("in_person", "cumulative")] == 922
    assert _values(figs)[("online", "year")] == 18 and _values(figs)[("letter", "cumulative")] == 90
    assert _fig(figs, "in_person").read_as == "segmented"
    _check_spans(doc, figs)


def test_a_sum_that_holds_in_one_column_only_decides_nothing():
    # the same rows with a cumulative column that does not add up (922 + 307 + 90 != 1320):
    # this year's sum alone would pick a split, the cumulative one contradicts it: no figure
    text = ("指标名称计量单位2013年度历年累计受理政府信息公开申请总数条1701320其中：1.当面申请数条1439222.网上申请数"
            "条183073.信函申请数条990")
    figs = parse_legacy_tables(_doc(text))
    assert not [f for f in figs if f.row_key in ("applications_new", "in_person", "online")]


def test_two_column_row_with_no_value_is_empty_in_both_columns():
    text = "指标名称\n单位\n2017年\n历年累计\n主动公开文件数\n条\n\n政府公报公开数\n条\n3\n9\n"
    figs = parse_legacy_tables(_doc(text))
    for col in ("year", "cumulative"):
        f = _fig(figs, "proactive_items", col)
        assert f.value is None and f.value_kind == "empty"
    assert _fig(figs, "channel_gazette").value == 3


# ---- the seeds and the real reports on one line ------------------------------------------------

def test_seeds_on_one_line_read_as_the_files_do():
    for prefix in ("003", "004"):
        path = next(SAMPLE.glob(f"{prefix}_*.txt"))
        as_is = _values(parse_legacy_tables(_file_doc(path)))
        doc = _file_doc(path, one_line=True)
        figs = parse_legacy_tables(doc)
        assert _values(figs) == as_is, prefix
        _check_spans(doc, figs)


def test_real_legacy_reports_on_one_line():
    # one-column tables keep every figure; two-column tables lose only what runs together ambiguously
    for rid in ("007", "009"):
        assert _values(parse_legacy_tables(_file_doc(REAL / f"r{rid}.txt", True))) == \
            _values(parse_legacy_tables(_file_doc(REAL / f"r{rid}.txt")))
    # r019: 受理申请总数 777/3878 = 当面 534/2811 + 网络 137/650 + 信函、传真 106/417
    doc = _file_doc(REAL / "r019.txt", True)
    figs = parse_legacy_tables(doc)
    m = {f.metric_key: f.value for f in figs if f.metric_key and f.column_key == "year"}
    assert m["applications_new"] == 777 and m["applications_in_person"] == 534
    assert m["outcome_granted"] == 311 and m["outcome_partial"] == 166 and m["outcome_total"] == 777
    assert "proactive_items" not in m  # 17407234205: no sum decides
    assert any("17407234205" in w for w in legacy_table_warnings(doc))
    for rid in ("008", "019", "021", "026", "027", "029"):
        doc = _file_doc(REAL / f"r{rid}.txt", True)
        as_is = _values(parse_legacy_tables(_file_doc(REAL / f"r{rid}.txt")))
        got = _values(parse_legacy_tables(doc))
        assert all(as_is.get(k) == v for k, v in got.items()), rid  # nothing read differently
        _check_spans(doc, parse_legacy_tables(doc))


def test_no_table_costs_nothing():
    # a long report without a legacy table header: out after a few `in` tests and one regex search
    text = "某某局2017年政府信息公开工作年度报告" + "本年度共主动公开政府信息98条，其中规范性文件3件，单位指标。" * 2000
    docs = [_doc(text + str(i)) for i in range(20)]
    t = time.perf_counter()
    for doc in docs:
        assert parse_legacy_tables(doc) == []
    assert (time.perf_counter() - t) / len(docs) < 0.005
    assert legacy_table_warnings(docs[0]) == [] and find_legacy_tables(docs[0]) == []

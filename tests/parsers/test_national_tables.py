"""表二 / 表三 / 表四 parser on the seed report and real reports.

Expected figures are read off the report files by a person (and tests/data/real/labels.json),
not copied from parser output.
"""
from __future__ import annotations

import json
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from ingest.document import load_document
from ingest.html_render import render_html
from ingest.normalise import normalise
from ingest.parsers.model import Document, classify_cell
from ingest.parsers.tables.national import MERGED_NOTE, parse_national_tables
from ingest.taxonomy import section

ROOT = Path(__file__).resolve().parents[2]
REAL = ROOT / "tests" / "data" / "real"
SEED_002 = ROOT / "data" / "sample" / "002_e3122ac424a3c24d.txt"
LABELS = {e["file"]: e for e in json.loads((REAL / "labels.json").read_text(encoding="utf-8"))}
NATIONAL_FILES = ["r001.txt", "r002.txt", "r003.txt", "r018.txt", "r020.txt", "r023.txt", "r028.txt", "r032.html"]

T3_COLUMNS = [c["key"] for c in section("t3")["columns"]]
T4_COLUMNS = [c["key"] for c in section("t4")["columns"]]


def _doc(path: Path) -> Document:
    doc, _ = load_document(path.stem, path.name, path.read_bytes())
    return doc


def _doc_from_text(text: str, name: str = "synthetic.txt") -> Document:
    doc, _ = load_document("synthetic", name, text.encode("utf-8"))
    return doc


_CACHE: dict[str, tuple[Document, list]] = {}


def _parsed(name: str):
    if name not in _CACHE:
        path = SEED_002 if name == "002" else REAL / name
        doc = _doc(path)
        _CACHE[name] = (doc, parse_national_tables(doc))
    return _CACHE[name]


def _index(figures) -> dict[tuple[str, str, str], object]:
    out = {}
    for f in figures:
        key = (f.table_id, f.row_key, f.column_key)
        assert key not in out, f"duplicate figure {key}"
        out[key] = f
    return out


def _value(figs, table, row, col):
    f = figs.get((table, row, col))
    assert f is not None, f"missing {table} {row} {col}"
    return f.value


# ---------------------------------------------------------------- seed 002 (2019 format, `|` rows)


def test_seed_002_table3_all_zero():
    _, figures = _parsed("002")
    t3 = [f for f in figures if f.table_id == "t3"]
    rows = {f.row_key for f in t3}
    # 2019 format: 23 rows (（六）其他处理 is one row), seven columns each
    assert len(rows) == 23
    assert "other" in rows and not any(r.startswith("other.") for r in rows)
    assert len(t3) == 23 * 7
    assert all(f.value == 0 and f.value_kind == "zero" for f in t3)
    figs = _index(figures)
    assert figs[("t3", "new", "total")].metric_key == "applications_new"
    assert figs[("t3", "new", "natural_person")].metric_key is None
    assert figs[("t3", "refused.state_secret", "total")].metric_key is None
    assert figs[("t3", "total", "total")].metric_key == "outcome_total"
    assert figs[("t3", "carried_forward", "total")].metric_key == "applications_carried_forward"


def test_seed_002_table4_fifteen_zeros():
    _, figures = _parsed("002")
    t4 = [f for f in figures if f.table_id == "t4"]
    assert [f.column_key for f in t4] == T4_COLUMNS
    assert all(f.value == 0 and f.value_kind == "zero" and f.row_key == "t4" for f in t4)
    metrics = {f.column_key: f.metric_key for f in t4}
    assert metrics["review.total"] == "reconsideration_total"
    assert metrics["direct.total"] == "litigation_direct_total"
    assert metrics["after_review.total"] == "litigation_after_review_total"
    assert metrics["review.upheld"] is None


def test_seed_002_table2():
    _, figures = _parsed("002")
    figs = _index(figures)
    assert {f.table_id for f in figures if f.table_id.startswith("t2")} == {"t2_2019"}
    assert _value(figs, "t2_2019", "licensing", "items_last_year") == 2
    assert _value(figs, "t2_2019", "licensing", "change_this_year") == 0
    assert _value(figs, "t2_2019", "licensing", "decisions") == 5
    assert _value(figs, "t2_2019", "regulations", "published_total") == 0
    assert _value(figs, "t2_2019", "fees", "items_last_year") == 0
    assert _value(figs, "t2_2019", "procurement", "procurement_amount") == 0
    assert ("t2_2019", "fees", "decisions") not in figs  # 第(八)项 has two columns only


# ---------------------------------------------------------------- real reports


def test_r001_markdown_generic_columns_and_spurious_header():
    _, figures = _parsed("r001.txt")
    figs = _index(figures)
    assert _value(figs, "t3", "new", "total") == 713
    assert _value(figs, "t3", "new", "natural_person") == 705
    assert _value(figs, "t3", "new", "legal_services") == 5
    assert _value(figs, "t3", "carried_over", "total") == 36
    assert _value(figs, "t3", "granted", "total") == 294
    assert _value(figs, "t3", "partial", "total") == 101
    assert _value(figs, "t3", "total", "total") == 718
    assert _value(figs, "t3", "carried_forward", "total") == 31
    # rows after the spurious header row (项目 | 本年新收件数 | ...) are read per applicant type
    assert _value(figs, "t3", "other.overdue_fee", "total") == 7
    assert _value(figs, "t3", "other.other", "natural_person") == 142
    assert _value(figs, "t3", "other.other", "total") == 143
    assert _value(figs, "t3", "not_processed.repeated", "commercial") == 1
    # 表四 as three markdown tables of five
    assert _value(figs, "t4", "t4", "review.total") == 61
    assert _value(figs, "t4", "t4", "review.upheld") == 27
    assert _value(figs, "t4", "t4", "direct.total") == 3
    assert _value(figs, "t4", "t4", "after_review.total") == 10
    # 表二 in the 2021 layout
    assert _value(figs, "t2_2021", "normative_docs", "issued_this_year") == 6
    assert _value(figs, "t2_2021", "normative_docs", "in_force") == 32
    assert _value(figs, "t2_2021", "licensing", "decisions") == 517645
    assert _value(figs, "t2_2021", "fees", "fee_amount_wan") == pytest.approx(4068.208)
    assert figs[("t2_2021", "fees", "fee_amount_wan")].unit == "万元"


def test_r002_broken_pdf_table():
    _, figures = _parsed("r002.txt")
    figs = _index(figures)
    assert _value(figs, "t3", "new", "total") == 34
    assert _value(figs, "t3", "carried_over", "total") == 2
    assert _value(figs, "t3", "granted", "total") == 9
    assert _value(figs, "t3", "total", "total") == 35
    # 结转下年度: 自然人 1, the 总计 cell is blank: empty, not 0
    cf = figs[("t3", "carried_forward", "total")]
    assert cf.value is None and cf.value_kind == "empty"
    assert _value(figs, "t3", "carried_forward", "natural_person") == 1
    assert _value(figs, "t4", "t4", "review.total") == 1
    assert _value(figs, "t4", "t4", "direct.total") == 0
    assert _value(figs, "t2_2021", "normative_docs", "issued_this_year") == 13
    assert _value(figs, "t2_2021", "normative_docs", "in_force") == 55
    assert _value(figs, "t2_2021", "licensing", "decisions") == 97  # "行政许可 97"
    # number rows separated from their labels are not attributed to a guessed row
    assert ("t3", "partial", "total") not in figs
    assert ("t3", "unable.not_held", "total") not in figs


def test_r003_lost_column_and_detached_rows():
    _, figures = _parsed("r003.txt")
    figs = _index(figures)
    assert _value(figs, "t3", "new", "total") == 1295
    assert _value(figs, "t3", "new", "natural_person") == 1259
    assert _value(figs, "t3", "carried_over", "total") == 189
    assert _value(figs, "t3", "granted", "total") == 206
    assert _value(figs, "t3", "total", "total") == 1191
    assert _value(figs, "t3", "carried_forward", "total") == 293
    assert _value(figs, "t3", "refused.internal_affairs", "legal_services") == 1
    assert _value(figs, "t4", "t4", "review.total") == 55
    assert _value(figs, "t4", "t4", "direct.total") == 12
    assert _value(figs, "t4", "t4", "after_review.total") == 22
    # 表二 "规章 | 22 | 235" lost a column: not guessed
    assert not any(f.row_key in ("regulations", "normative_docs") for f in figures if f.table_id.startswith("t2"))
    assert _value(figs, "t2_2021", "licensing", "decisions") == 0


def test_r020_merged_cells_only_total():
    _, figures = _parsed("r020.txt")
    figs = _index(figures)
    new = [f for f in figures if f.table_id == "t3" and f.row_key == "new"]
    assert len(new) == 1  # 2 / 1 / 0 / 3 for seven columns: no per-column figure invented
    assert new[0].column_key == "total" and new[0].value == 3 and new[0].note == MERGED_NOTE
    assert new[0].metric_key == "applications_new"
    assert _value(figs, "t3", "granted", "total") == 3
    assert _value(figs, "t3", "total", "total") == 3
    assert _value(figs, "t3", "carried_over", "total") == 0  # a single 0: the total is 0
    assert _value(figs, "t3", "carried_forward", "total") == 0
    assert not any(f.column_key != "total" for f in figures if f.table_id == "t3")
    # 表四 is a single 0
    t4 = [f for f in figures if f.table_id == "t4"]
    assert {f.column_key for f in t4} == {"review.total", "direct.total", "after_review.total"}
    assert all(f.value == 0 and f.note == MERGED_NOTE for f in t4)
    # 表二 one cell per line
    assert _value(figs, "t2_2021", "normative_docs", "repealed_this_year") == 7
    assert _value(figs, "t2_2021", "normative_docs", "in_force") == 17
    assert _value(figs, "t2_2021", "penalties", "decisions") == 38
    assert _value(figs, "t2_2021", "fees", "fee_amount_wan") == pytest.approx(60.2642)
    assert ("t2_2021", "regulations", "issued_this_year") not in figs  # 规章 has one 0 for three columns


def test_r028_merged_three_values():
    _, figures = _parsed("r028.txt")
    figs = _index(figures)
    assert _value(figs, "t3", "new", "total") == 1
    assert ("t3", "new", "natural_person") not in figs
    assert _value(figs, "t3", "unable.not_held", "total") == 1
    assert _value(figs, "t3", "total", "total") == 1
    assert _value(figs, "t3", "granted", "total") == 0
    assert _value(figs, "t2_2021", "normative_docs", "in_force") == 22


def test_r018_trial_format_one_cell_per_line():
    _, figures = _parsed("r018.txt")
    figs = _index(figures)
    # "本年度新收" / "上年度结转" label variants
    assert _value(figs, "t3", "new", "total") == 0
    assert _value(figs, "t3", "carried_over", "total") == 0
    assert _value(figs, "t3", "other", "total") == 0  # 2019 （六）其他处理 as one row
    assert _value(figs, "t2_2019", "licensing", "items_last_year") == 5
    assert _value(figs, "t2_2019", "licensing", "decisions") == 12
    assert _value(figs, "t2_2019", "other_services", "items_last_year") == 36
    assert ("t2_2019", "penalties", "items_last_year") not in figs  # "行政处罚 11 0": a cell is missing


def test_r032_html_2021_format():
    _, figures = _parsed("r032.html")
    figs = _index(figures)
    assert _value(figs, "t3", "new", "total") == 26
    assert _value(figs, "t3", "new", "natural_person") == 26
    commercial = figs[("t3", "new", "commercial")]
    assert commercial.value is None and commercial.value_kind == "empty"  # blank cell, not 0
    assert _value(figs, "t3", "carried_over", "total") == 0
    assert _value(figs, "t3", "granted", "total") == 26
    assert _value(figs, "t3", "partial", "total") == 0
    assert _value(figs, "t3", "total", "total") == 26
    assert _value(figs, "t3", "carried_forward", "total") == 0
    rows = {f.row_key for f in figures if f.table_id == "t3"}
    assert {"other.overdue_correction", "other.overdue_fee", "other.other"} <= rows
    assert "other" not in rows
    assert _value(figs, "t4", "t4", "review.pending") == 1
    assert _value(figs, "t4", "t4", "review.total") == 1
    assert _value(figs, "t4", "t4", "direct.total") == 0
    assert _value(figs, "t4", "t4", "after_review.total") == 0
    assert _value(figs, "t2_2021", "normative_docs", "issued_this_year") == 8
    assert _value(figs, "t2_2021", "normative_docs", "repealed_this_year") == 0
    assert _value(figs, "t2_2021", "normative_docs", "in_force") == 18
    assert _value(figs, "t2_2021", "regulations", "in_force") == 0
    assert _value(figs, "t2_2021", "fees", "fee_amount_wan") == 0


_LABEL_TO_FIGURE = {
    "applications_new": ("t3", "new", "total"),
    "applications_carried_over": ("t3", "carried_over", "total"),
    "applications_carried_forward": ("t3", "carried_forward", "total"),
    "outcome_granted": ("t3", "granted", "total"),
    "outcome_partial": ("t3", "partial", "total"),
    "outcome_total": ("t3", "total", "total"),
    "reconsideration_total": ("t4", "t4", "review.total"),
    "litigation_direct_total": ("t4", "t4", "direct.total"),
    "litigation_after_review_total": ("t4", "t4", "after_review.total"),
}


@pytest.mark.parametrize("name", NATIONAL_FILES)
def test_no_figure_contradicts_labels(name):
    """Every labelled figure the parser emits agrees with labels.json (r002's blank total aside)."""
    _, figures = _parsed(name)
    figs = _index(figures)
    label = LABELS[name]
    emitted = 0
    for metric, key in _LABEL_TO_FIGURE.items():
        expected = label.get(metric)
        fig = figs.get(key)
        if expected is None or fig is None:
            continue
        emitted += 1
        if name == "r002.txt" and metric == "applications_carried_forward":
            assert fig.value_kind == "empty"  # the table cell is blank; 1 comes from the narrative
            continue
        assert fig.value == expected, (metric, fig)
        assert fig.metric_key == metric
    assert emitted >= 5


@pytest.mark.parametrize("name", ["002"] + NATIONAL_FILES)
def test_offsets_cite_the_cell(name):
    doc, figures = _parsed(name)
    assert figures
    for f in figures:
        cited = doc.text[f.start:f.end]
        assert classify_cell(cited) == (f.value, f.value_kind) or f.value is not None and f.value < 0
        if f.value_kind in ("number", "zero"):
            assert any(ch.isdigit() for ch in cited)
            assert cited == cited.strip()
        prov = doc.provenance(f.start, f.end)
        assert prov["line_no"] >= 1


@pytest.mark.parametrize("name", ["002", "r001.txt", "r003.txt"])
def test_table3_arithmetic_holds_on_complete_tables(name):
    _, figures = _parsed(name)
    figs = _index(figures)
    for col in T3_COLUMNS:
        new, over = figs[("t3", "new", col)].value, figs[("t3", "carried_over", col)].value
        total, fwd = figs[("t3", "total", col)].value, figs[("t3", "carried_forward", col)].value
        assert new + over == total + fwd, col


# ---------------------------------------------------------------- synthetic layouts

SYNTHETIC_T3 = """三、收到和处理政府信息公开申请情况
（本列数据的勾稽关系为：第一项加第二项之和，等于第三项加第四项之和） | 申请人情况
自然人 | 商业企业 | 科研机构 | 社会公益组织 | 法律服务机构 | 其他 | 总计
一、本年新收政府信息公开申请数量 | 12 | / |  | 0 | ／ | 3 | 15
二、上年结转政府信息公开申请数量 | 1 |  |  |  |  |  | 1
三、本年度办理结果 | （七）总计 | 13 | / |  | 0 | / | 3 | 16
四、结转下年度继续办理 | / | / | / | / | / | / | /
四、政府信息公开行政复议、行政诉讼情况
行政复议 | 行政诉讼
结果维持 | 结果纠正 | 其他结果 | 尚未审结 | 总计
1 | 0 | 0 | 0 | 1 | 0 | 0 | 0 | 0 | 0 | 0 | 0 | 0 | 0 | 0
五、存在的主要问题及改进情况
"""


def test_synthetic_slash_and_blank_cells():
    doc = _doc_from_text(SYNTHETIC_T3)
    figs = _index(parse_national_tables(doc))
    new = [figs[("t3", "new", c)] for c in T3_COLUMNS]
    assert [(f.value, f.value_kind) for f in new] == [
        (12, "number"),
        (None, "not_applicable"),
        (None, "empty"),
        (0, "zero"),
        (None, "not_applicable"),
        (3, "number"),
        (15, "number"),
    ]
    assert doc.text[new[0].start:new[0].end] == "12"
    assert doc.text[new[1].start:new[1].end] == "/"
    assert new[2].start == new[2].end  # a blank cell cites an empty span
    assert figs[("t3", "carried_over", "commercial")].value_kind == "empty"
    assert figs[("t3", "carried_over", "total")].value == 1
    assert figs[("t3", "total", "total")].value == 16
    fwd = figs[("t3", "carried_forward", "total")]
    assert fwd.value is None and fwd.value_kind == "not_applicable"
    assert figs[("t4", "t4", "review.total")].value == 1


def test_synthetic_one_cell_per_line_with_tabs():
    text = "\n".join(
        [
            "一、本年新收政府信息公开申请数量",
            "\t\t5", "\t\t0", "\t\t0", "\t\t0", "\t\t1", "\t\t0", "\t\t6",
            "二、上年结转政府信息公开申请数量",
            "\t0",
            "（二）部分公开",
            "（区分处理的，只计这一情形，不计其他情形）",
            "\t2",
            "\t4",
            "四、政府信息公开行政复议、行政诉讼情况",
            "行政复议", "结果维持", "0",
        ]
    )
    figs = _index(parse_national_tables(_doc_from_text(text)))
    assert figs[("t3", "new", "natural_person")].value == 5
    assert figs[("t3", "new", "legal_services")].value == 1
    assert figs[("t3", "new", "total")].value == 6
    co = figs[("t3", "carried_over", "total")]
    assert co.value == 0 and co.note == MERGED_NOTE
    # 2 and 4 for seven columns: 4 is not the sum of 2, so a blank cell was dropped and the last
    # value may be any column's (a blank 总计 leaves the 其他 value last): no figure
    assert not [f for k, f in figs.items() if k[1] == "partial"]
    assert ("t3", "other.other", "total") not in figs  # "不计其他情形" is not the 其他 row


def test_html_render_table_grid():
    html = """<html><head><title>报告</title><style>.x{}</style><script>var a = "本年新收 | 9";</script></head>
    <body><nav>首页 | 导航</nav><p>第一段&nbsp;文字&amp;符号</p><div>第二段<br>换行</div>
    <table><tr><td rowspan="2">三、本年度办理结果</td><td colspan="2">（七）总计</td><td>5</td></tr>
    <tr><td>甲</td><td>乙</td><td>6</td></tr></table><p>尾</p></body></html>"""
    text = render_html(html)
    lines = text.split("\n")
    assert "报告" in lines
    assert "var a" not in text and "首页" not in text and ".x{}" not in text
    assert "第一段\xa0文字&符号" in lines or "第一段 文字&符号" in lines
    assert "第二段" in lines and "换行" in lines
    assert "三、本年度办理结果 | （七）总计 | （七）总计 | 5" in lines
    assert "三、本年度办理结果 | 甲 | 乙 | 6" in lines
    assert lines[-1] == "尾"


def test_html_render_nested_layout_table():
    html = "<table><tr><td><p>正文</p><table><tr><td>规章</td><td>1</td></tr></table></td></tr></table>"
    lines = render_html(html).split("\n")
    assert "正文" in lines and "规章 | 1" in lines


def test_html_render_tolerates_broken_markup():
    for html in ["", "<table><tr><td rowspan='x' colspan='99999'>a", "<td>b</td></tr></table></table>", "<script>"]:
        assert isinstance(render_html(html), str)


def test_text_without_tables_is_cheap_and_empty():
    doc = _doc_from_text("一、总体情况\n本年度无行政复议。\n" * 50)
    assert parse_national_tables(doc) == []


@settings(max_examples=200, deadline=None)
@given(
    st.lists(
        st.one_of(
            st.sampled_from(
                [
                    "本年新收政府信息公开申请数量", "上年结转", "（七）总计", "3.其他", "行政复议", "结果维持",
                    "第二十条第（一）项", "信息内容", "本年制发件数", "规章", "|", " | ", "\t", "\n", "0", "12",
                    "/", "-5", "五、", "—", "||||", "|---|", "  ",
                ]
            ),
            st.text(max_size=8),
        ),
        max_size=60,
    )
)
def test_never_raises_on_arbitrary_text(parts):
    doc = Document(report_id="fuzz", file_name="fuzz.txt", norm=normalise("".join(parts)))
    for f in parse_national_tables(doc):
        assert 0 <= f.start <= f.end <= len(doc.text)


@settings(max_examples=200, deadline=None)
@given(
    st.lists(
        st.one_of(
            st.sampled_from(
                [
                    "<table>", "</table>", "<tr>", "</tr>", "<td>", "</td>", '<td rowspan="3">', '<td colspan="2">',
                    '<th colspan="0">', "<p>", "</p>", "<br/>", "<script>", "</script>", "<nav>", "</nav>",
                    "&amp;", "&#12345;", "&bogus;", "<!-- c -->", "<", ">", "本年新收", "0", "|",
                ]
            ),
            st.text(max_size=6),
        ),
        max_size=50,
    )
)
def test_html_render_never_raises(parts):
    text = render_html("".join(parts))
    doc = Document(report_id="fuzz", file_name="fuzz.html", norm=normalise(text), is_html=True)
    parse_national_tables(doc)

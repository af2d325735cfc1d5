"""One-line bodies: a crawl that joined the whole page (chrome, title, headings, tables, prose) into one line.

The expectations of the made-up report are what a person reads in it; the corpus tests ask that the
one-line version of every seed and labelled real report reads as its multi-line original does.
"""
from __future__ import annotations

from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from ingest.decode import decode
from ingest.document import load_document, looks_like_html
from ingest.normalise import normalise
from ingest.parsers.metadata import extract_metadata
from ingest.parsers.model import Document, ReportMeta
from ingest.parsers.narrative import _pipe_runs, parse_narrative
from ingest.parsers.page_chrome import chrome_spans, is_one_line
from ingest.parsers.sections import split_sections

ROOT = Path(__file__).resolve().parents[2]
SAMPLE = ROOT / "data" / "sample"
REAL = ROOT / "tests" / "data" / "real"

CHROME_HEAD = ("当前位置：首页 > 政务公开 > 政府信息公开年报 发布时间：2022-01-15 来源：本网 浏览次数：1234 字号：大 中 小 "
               "微信 微博 QQ空间 全真版 文字版 文件下载 ")
CHROME_TAIL = " 扫一扫在手机打开当前页 网站标识码1503000012 蒙ICP备05003353号"

# A short made-up 2021-format report as a crawler joins it: chrome, the title, six headings each run
# into its first sentence, a `|` table (表二, with a remark cell that reads like prose), prose figures,
# a problems/plans section with figures of its own (plans, not the year's), a signature, more chrome.
REPORT = (
    CHROME_HEAD + "乌海市商务局2021年政府信息公开工作年度报告"
    "一、总体情况2021年，乌海市商务局认真贯彻《中华人民共和国政府信息公开条例》。全年主动公开政府信息2645条，"
    "其中行政规范性文件5件。"
    "二、主动公开政府信息情况| 信息内容 | 本年制发件数 | 本年废止件数 | 现行有效件数 || 规章 | 0 | 0 | 0 |"
    "| 行政规范性文件 | 5 | 1 | 30 || 备注 | 网站主动公开政府信息777条 |"
    "三、收到和处理政府信息公开申请情况本年度共收到政府信息公开申请70件，均已按期答复。"
    "四、政府信息公开行政复议、行政诉讼情况全年发生政府信息公开行政复议3件，行政诉讼0件。"
    "五、存在的主要问题及改进情况一是主动公开意识有待加强；二是公开内容不够全面。下一步，计划全年主动公开政府信息5000条，"
    "组织开展培训2次。"
    "六、其他需要报告的事项本年度未收取信息处理费。"
    "乌海市商务局 2022年1月10日" + CHROME_TAIL
)
SIX = ["总体情况", "主动公开政府信息情况", "收到和处理政府信息公开申请情况", "政府信息公开行政复议、行政诉讼情况",
       "存在的主要问题及改进情况", "其他需要报告的事项"]


def doc_of(text: str) -> Document:
    return Document(report_id="t", file_name="t.txt", norm=normalise(text))


def values(doc: Document, meta: ReportMeta | None = None) -> dict[str, float]:
    figs = parse_narrative(doc, meta if meta is not None else ReportMeta())
    assert all(f.read_as == "prose" for f in figs)
    return {f.metric_key: f.value for f in figs}


# ---- the made-up report -------------------------------------------------------------------------

def test_made_up_report_figures():
    doc = doc_of(REPORT)
    assert is_one_line(doc)
    figs = {f.metric_key: f for f in parse_narrative(doc, ReportMeta(agency_type="department"))}
    assert {k: f.value for k, f in figs.items()} == {
        "proactive_items": 2645,  # 全年主动公开政府信息2645条 (not the table's 777, not the plan's 5000)
        "applications_new": 70,
        "reconsideration_total": 3,
        "litigation_total": 0,  # 行政诉讼0件
        "fees_collected_yuan": 0,  # 未收取信息处理费
    }
    # no trainings: 培训2次 is a plan of section 五
    assert doc.text[figs["proactive_items"].start:figs["proactive_items"].end] == "2645"
    assert doc.text[figs["applications_new"].start:figs["applications_new"].end] == "70"
    assert figs["litigation_total"].value_kind == "zero"
    assert all(f.read_as == "prose" for f in figs.values())


def test_made_up_report_reads_as_its_multi_line_form():
    # the same page before the crawl joined it: one line per heading, paragraph and table row
    lines = REPORT
    for cut in (CHROME_HEAD, "年度报告", "一、总体情况", "其中行政规范性文件5件。", "二、主动公开政府信息情况",
                "| 0 |", "| 30 |", "777条 |", "三、收到和处理政府信息公开申请情况", "均已按期答复。",
                "四、政府信息公开行政复议、行政诉讼情况", "行政诉讼0件。", "五、存在的主要问题及改进情况",
                "培训2次。", "六、其他需要报告的事项", "信息处理费。", "2022年1月10日"):
        lines = lines.replace(cut, cut + "\n", 1)
    multi = doc_of(lines)
    assert not is_one_line(multi) and "\n二、主动公开政府信息情况\n| 信息内容" in multi.text
    one = doc_of(REPORT)
    assert values(multi, ReportMeta(agency_type="department")) == values(one, ReportMeta(agency_type="department"))
    assert [(s.level, s.number, s.heading) for s in split_sections(multi)] == \
        [(s.level, s.number, s.heading) for s in split_sections(one)]
    m_meta, o_meta = extract_metadata(multi), extract_metadata(one)
    assert (m_meta.title, m_meta.agency, m_meta.report_year) == (o_meta.title, o_meta.agency, o_meta.report_year)


def test_made_up_report_sections():
    doc = doc_of(REPORT)
    secs = split_sections(doc)
    assert [(s.level, s.number, s.heading) for s in secs] == [(1, n, h) for n, h in zip("一二三四五六", SIX)]
    for a, b in zip(secs, secs[1:]):
        assert a.end == b.start
    assert doc.text[secs[0].start:].startswith("一、总体情况2021年")
    assert doc.text[secs[4].start:secs[4].end].startswith("五、存在的主要问题及改进情况一是")


def test_made_up_report_metadata_ignores_chrome():
    meta = extract_metadata(doc_of(REPORT))
    assert meta.title == "乌海市商务局2021年政府信息公开工作年度报告"
    assert meta.agency == "乌海市商务局" and meta.city == "乌海市" and meta.division_code == "150300"
    assert meta.report_year == 2021  # the statistics' year, not the publication date's 2022
    assert meta.publication_date == "2022-01-15"
    assert not meta.contact  # 1234, 1503000012, 05003353 are no phone, postcode or anything


def test_chrome_numbers_are_never_figures_or_years():
    doc = doc_of(CHROME_HEAD + "2021年，本局认真做好政府信息公开工作。" + CHROME_TAIL)
    assert parse_narrative(doc, ReportMeta()) == []
    meta = extract_metadata(doc)
    assert meta.report_year == 2021
    assert meta.doc_number is None
    text = doc.text
    spans = chrome_spans(text)
    chrome = "".join(text[a:b] for a, b in spans)
    for piece in ("浏览次数:1234", "字号:大 中 小", "微信 微博 QQ空间 全真版 文字版 文件下载", "扫一扫在手机打开当前页",
                  "网站标识码1503000012", "蒙ICP备05003353号"):
        assert piece in chrome, piece
    assert "2021年" not in chrome


def test_table_digit_run_is_not_prose():
    # 表三's first row with its cells run together: 52,1,0,0,3,0 | 56 is one run of digits
    text = ("三、收到和处理政府信息公开申请情况本年新收政府信息公开申请数量521003056"
            "二、上年结转政府信息公开申请数量00000000。全年共收到政府信息公开申请56件。")
    assert values(doc_of(text)) == {"applications_new": 56}


def test_pipe_runs():
    text = "共收到申请5件。| 规章 | 0 |" + "x" * 50 + "| a | b |" + "y" * 60 + "| 只有一个"
    first, second = text.index("| 规章"), text.index("| a")
    assert _pipe_runs(text) == [(first, first + len("| 规章 | 0 |")), (second, second + len("| a | b |"))]
    assert _pipe_runs("没有表格") == [] and _pipe_runs("a | b") == []


def test_multi_line_pipe_rows_are_excluded_by_line():
    # on multi-line text a line with two `|` is still excluded whole, as before
    text = "一、总体情况\n全年主动公开政府信息12条。\n主动公开政府信息99条 | 附注 | x |\n"
    assert values(doc_of(text)) == {"proactive_items": 12}


def test_headings_inside_the_line_need_a_boundary():
    # 一、 after a sentence end, a closing bracket, a table's last digit or chrome is a heading;
    # 第一、二季度, 一是…二是… and 一、二、三 lists are not
    text = ("本报告由乌海市商务局编制。一、总体情况本局认真落实条例，第一、二季度公开信息。一是加强领导，二是完善制度。"
            "二、主动公开政府信息情况（一）主动公开全年主动公开政府信息12条。三、收到和处理政府信息公开申请情况"
            "本年度共收到申请一、二、三类共5件。")
    secs = split_sections(doc_of(text))
    assert [(s.level, s.number, s.heading) for s in secs] == [
        (1, "一", "总体情况"), (1, "二", "主动公开政府信息情况"), (2, "一", "主动公开"),
        (1, "三", "收到和处理政府信息公开申请情况")]


# ---- the seeds and the labelled real reports, joined into one line -------------------------------

def _one_line(path: Path) -> tuple[Document, Document]:
    data = path.read_bytes()
    multi = load_document(path.stem, path.name, data)[0]
    text = decode(data).text
    if looks_like_html(text, path.name):
        from ingest.html_render import render_html

        text = render_html(text)
    joined = CHROME_HEAD.replace("发布时间：2022-01-15 ", "") + text.replace("\r", "").replace("\n", "") + CHROME_TAIL
    return multi, doc_of(joined)


CORPUS = sorted(SAMPLE.glob("*.txt")) + sorted(REAL.glob("r*.txt")) + sorted(REAL.glob("r*.html"))


@pytest.mark.parametrize("path", CORPUS, ids=lambda p: p.name)
def test_one_line_corpus_reads_as_multi_line(path):
    multi, one = _one_line(path)
    assert is_one_line(one) and not is_one_line(multi)
    m_meta, o_meta = extract_metadata(multi), extract_metadata(one)
    for field in ("agency", "division_code", "report_year", "title", "doc_number"):
        assert getattr(o_meta, field) == getattr(m_meta, field), field
    # the prose figures: the same metrics with the same values
    assert values(one, o_meta) == values(multi, m_meta)
    # the report's parts: the same 一、二、… in the same order (r028's multi-line text breaks "2021"
    # under 五、 and 六、 into "202" / "1", which hides those two headings there, not in one line)
    m_top = [s.number for s in split_sections(multi) if s.level == 1]
    o_top = [s.number for s in split_sections(one) if s.level == 1]
    if path.name == "r028.txt":
        assert m_top == ["一", "二", "三", "四"] and o_top == ["一", "二", "三", "四", "五", "六"]
    else:
        assert o_top == m_top


@settings(max_examples=150, deadline=None)
@given(st.lists(st.sampled_from(list("一二三四五六十、.．(（)）|\t 。；：1234567890情况事项报告申请件条政府信息公开市局第是#")
                                + ["总体情况", "签发人：", "标题：", "发布时间：", "〔2017〕", "号", "浏览次数：", "微信 微博",
                                   "当前位置：首页>", "两件", "三起，", "\n"]), max_size=60).map("".join))
def test_odd_one_line_text_never_breaks(text):
    doc = doc_of(text)
    for s in split_sections(doc):
        assert 0 <= s.start < s.end <= len(doc.text) and s.heading
    assert all(f.read_as == "prose" and 0 <= f.start <= f.end <= len(doc.text)
               for f in parse_narrative(doc, ReportMeta()))
    assert isinstance(extract_metadata(doc), ReportMeta)

"""A body crawled into one line: page chrome, title, headings, prose and a table run together.
The expected figures are read off the text by hand."""
from __future__ import annotations

from pathlib import Path

from ingest.document import load_document
from ingest.evaluation.scoring import canonical_values
from ingest.parsers.report import parse_report

ROOT = Path(__file__).resolve().parents[2]

ONE_LINE = (
    "当前位置：首页 > 政务公开 > 政府信息公开年报 微信 微博 QQ空间 全真版 文字版 文件下载 "
    "发布时间：2022-01-15 来源：本网 浏览次数：1234 字号：大 中 小 "
    "某某市某某局2021年政府信息公开工作年度报告"
    "一、总体情况 2021年，我局认真贯彻落实《条例》。（一）主动公开 全年主动公开政府信息2645条。"
    "（二）依申请公开 全年共收到政府信息公开申请70件，均按时办结。"
    "二、主动公开政府信息情况 本年度无新增规章。"
    "四、政府信息公开行政复议、行政诉讼情况 本年度发生政府信息公开行政复议3件，行政诉讼1件。"
    "五、存在的主要问题及改进情况 一是公开内容有待丰富。二是解读形式单一。"
    "扫一扫在手机打开当前页"
)


def _parse(text: str, name: str = "r.txt"):
    doc, _ = load_document(name, name, text.encode("utf-8"))
    return parse_report(doc)


def test_prose_figures_of_a_one_line_body():
    res = _parse(ONE_LINE)
    got = canonical_values(res.figures)
    assert got.get("proactive_items") == 2645
    assert got.get("applications_new") == 70
    assert got.get("reconsideration_total") == 3
    assert res.meta.report_year == 2021
    values = {f.value for f in res.figures}
    assert 1234 not in values  # 浏览次数 is page chrome, not a figure


def test_seed_002_without_its_newlines_keeps_its_tables():
    # seed 002 (乌海市商务局, 2020): every 表三 and 表四 figure is 0, 主动公开 327 (read off the file)
    text = (ROOT / "data" / "sample" / "002_e3122ac424a3c24d.txt").read_text(encoding="utf-8")
    res = _parse(text.replace("\n", ""))
    got = canonical_values(res.figures)
    assert res.family.startswith("national")
    assert got["applications_new"] == 0 and got["outcome_total"] == 0 and got["reconsideration_total"] == 0
    assert got.get("proactive_items") == 327


def test_chinese_numerals_in_prose_are_read_and_enumerations_are_not():
    text = ("某某县某某局二〇二一年政府信息公开工作年度报告\n一、总体情况\n"
            "本年度共收到政府信息公开申请三件，均已办结。全年主动公开政府信息十二条。"
            "本年度发生政府信息公开行政复议一起。\n"
            "五、存在的主要问题及改进情况\n一是落实“十三五”规划要求不够；二是一网通办仍需加强。\n")
    res = _parse(text)
    got = canonical_values(res.figures)
    assert res.meta.report_year == 2021
    assert got.get("applications_new") == 3
    assert got.get("proactive_items") == 12
    assert got.get("reconsideration_total") == 1
    assert not {13.0, 2.0} & {f.value for f in res.figures}  # 十三五, 二是 are not figures

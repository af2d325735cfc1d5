"""The degradation suite: each damage on small hand-written texts, the invented-figure check, the runner."""
from __future__ import annotations

import io
import re

from ingest.evaluation.damage import (
    DAMAGES, chrome, flattened, html_blank, one_line, run_together, split_numbers, traditional,
)
from ingest.evaluation.damage_html import html_blank as html_blank_text
from ingest.evaluation.degradation import print_report, run
from ingest.evaluation.invented import is_invented
from ingest.evaluation.report_sets import items_real
from ingest.html_render import render_html
from ingest.parsers.model import Figure

T3 = (
    "某区商务局2021年政府信息公开工作年度报告\n"
    "三、收到和处理政府信息公开申请情况\n"
    "| 申请人情况 | 自然人 | 法人或其他组织 | 总计 |\n"
    "|---|---|---|---|\n"
    "| 一、本年新收政府信息公开申请数量 | 52 | 1 | 0 | 0 | 3 | 0 | 56 |\n"
    "| 二、上年结转政府信息公开申请数量 | 2 | 0 | 0 | 0 | 0 | 0 | 2 |\n"
    "| 四、结转下年度继续办理 | 1 | 0 | 0 | 0 | 0 | 0 | 1 |\n"
    "四、政府信息公开行政复议、行政诉讼情况\n"
)


def test_damages_are_registered_in_order():
    assert list(DAMAGES) == ["one_line", "run_together", "flattened", "split_numbers", "html_blank", "chrome",
                             "traditional"]


def test_one_line_leaves_no_line_break():
    d = one_line("第一行\r\n第二行\n| 1 | 2 |\n", "a.txt")
    assert d.text == "第一行第二行| 1 | 2 |"
    assert "\n" not in d.text and "\r" not in d.text
    assert d.removed == frozenset()


def test_run_together_deletes_cell_separators():
    row = "| 一、本年新收政府信息公开申请数量 | 52 | 1 | 0 | 0 | 3 | 0 | 56 |"
    assert run_together(row, "a.txt").text == "一、本年新收政府信息公开申请数量521003056"
    # tab cells with ideographic spaces; the prose line keeps its spaces
    assert run_together("收到 申请\n\t受理\u3000总数\t条\t166", "a.txt").text == "收到 申请\n受理总数条166"


def test_run_together_appends_one_cell_per_line_values():
    text = "一、本年新收政府信息公开申请数量\n2\n1\n/\n无\n3\n二、上年结转"
    assert run_together(text, "a.txt").text == "一、本年新收政府信息公开申请数量21/无3\n二、上年结转"


def test_flattened_is_run_together_on_one_line():
    text = "标题\n| 四、结转下年度继续办理 | 1 | 0 | 1 |\n正文"
    assert flattened(text, "a.txt").text == "标题四、结转下年度继续办理101正文"


def test_split_numbers_one_cell_per_line_keeps_every_digit_in_order():
    d = split_numbers(T3, "r099.txt")
    assert "|" not in d.text
    assert "\n一、本年新收政府信息公开申请数量\n" in d.text
    assert re.sub(r"\D", "", d.text) == re.sub(r"\D", "", T3)  # every digit, in order
    # deterministic per file name, and some file splits the title year and a two-digit number
    assert split_numbers(T3, "r099.txt") == d
    outs = [split_numbers(T3, f"r{i:03}.txt").text for i in range(40)]
    assert any(re.match(r"某区商务局(2\n021|20\n21|202\n1)年", o) for o in outs)
    assert any(o.startswith("某区商务局2021年") for o in outs)
    assert any("\n5\n2\n" in o or "\n5\n6\n" in o for o in outs)
    assert all(re.sub(r"\D", "", o) == re.sub(r"\D", "", T3) for o in outs)


def test_html_blank_builds_merged_cells_and_blanks_two_totals():
    d = html_blank(T3, "r099.txt")
    assert d.applicable
    assert "<table" in d.text and "colspan=" in d.text
    assert d.text.count("<td></td>" * 5) == 1  # trailing empty cells on the first header row
    rows = re.findall(r"<tr>(.*?)</tr>", d.text)
    body = [r for r in rows if "申请数量" in r or "继续办理" in r]
    blanked = [r for r in body if r.endswith("<td></td>")]
    assert len(blanked) == 2  # two 总计 cells emptied, the cell kept
    fields = {"一、本年新收": "applications_new", "二、上年结转": "applications_carried_over",
              "四、结转下年度": "applications_carried_forward"}
    assert d.removed == {f for label, f in fields.items() if any(label in r for r in blanked)}
    rendered = [ln for ln in render_html(d.text).splitlines() if "|" in ln]
    assert len(rendered) == 4  # one line per row: header + three body rows
    assert rendered[0].startswith("申请人情况 | 自然人 | 法人或其他组织 | 总计 | 总计")  # padded by colspan


def test_html_blank_rowspan_for_an_empty_label_below():
    text = "| 三、本年度办理结果 | （一）予以公开 | 9 |\n|  | （二）部分公开 | 1 |"
    page = html_blank_text(text, "x.txt").text
    assert 'rowspan="2"' in page
    assert render_html(page).splitlines()[1].startswith("三、本年度办理结果 | （二）部分公开")


def test_html_blank_without_tables_is_unchanged():
    d = html_blank("一、本年新收\n52\n", "x.txt")
    assert (d.text, d.applicable, d.removed) == ("一、本年新收\n52\n", False, frozenset())


def test_chrome_wraps_the_report_in_page_chrome():
    d = chrome("正文第一行\n正文末行", "r099.txt", {"report_year": 2021})
    lines = d.text.splitlines()
    assert lines[0] == "当前位置：首页 > 政务公开 > 政府信息公开年报"
    assert re.match(r"发布时间：2022-0[1-3]-\d\d 10:2\d  来源：本网  浏览次数：\d{3,4}  ", lines[1])
    assert "微信 微博 QQ空间 全真版 文字版 文件下载" in lines and "扫一扫在手机打开当前页" in lines
    assert "正文第一行\n正文末行" in d.text
    assert lines[-2].startswith("上一条：") and "下一条：" in lines[-2]
    assert re.match(r"主办单位：.+  网站标识码：\d{10}  ICP备\d+号$", lines[-1])
    # the year from the text when no label is given
    assert "发布时间：2018-" in chrome("青岛市商务局2017年政府信息公开工作报告", "x.txt").text


def test_traditional_uses_opencc_s2t():
    assert traditional("政府信息公开申请", "a.txt").text == "政府信息公開申請"


def test_html_input_is_rendered_before_damage():
    page = "<html><body><p>标题</p><table><tr><td>本年新收</td><td>5</td><td>5</td></tr></table></body></html>"
    assert one_line(page, "x.html").text == "标题本年新收 | 5 | 5"


def _fig(value, start, end, run=None, read_as="cell"):
    return Figure("table", "t3", "new", "total", "applications_new", value, "number", "件", start, end,
                  read_as=read_as, run_start=run[0] if run else None, run_end=run[1] if run else None)


def test_invented_figure_check():
    text = "一、本年新收政府信息公开申请数量521003056 共收到三件 无 |  | 12.50"
    run_at = text.index("521003056")
    assert not is_invented(_fig(56.0, run_at + 7, run_at + 9), text)
    assert not is_invented(_fig(52.0, run_at, run_at + 2, (run_at, run_at + 9), "segmented"), text)
    assert is_invented(_fig(57.0, run_at, run_at + 2, (run_at, run_at + 9), "segmented"), text)
    three = text.index("三件")
    assert not is_invented(_fig(3.0, three, three + 2, read_as="prose"), text)
    assert is_invented(_fig(4.0, three, three + 2, read_as="prose"), text)
    none_at = text.index("无")
    assert not is_invented(_fig(0.0, none_at, none_at + 1), text)  # zero stated in words
    blank = text.index("|  |")
    assert is_invented(_fig(0.0, blank + 1, blank + 3), text)  # a blank cell read as zero
    dec = text.index("12.50")
    assert not is_invented(_fig(12.5, dec, dec + 5), text)
    assert not is_invented(_fig(None, blank + 1, blank + 3), text)
    joined = "申请数量\n1\n62\n"
    assert not is_invented(_fig(162.0, 5, 9, (5, 9), "joined"), joined)


def test_runner_on_one_real_report():
    report = [it for it in items_real() if it[0] == "r002.txt"]
    results = run(["one_line"], reports=report)
    assert [r["damage"] for r in results] == ["undamaged", "one_line"]
    for r in results:
        assert r["reports"] == 1
        for k in ("precision", "recall", "emitted", "emitted_right", "stated", "stated_found", "agency", "year",
                  "invented", "unrecoverable", "misses", "errors", "n_a", "removed"):
            assert k in r
        assert 0 <= r["emitted_right"] <= r["emitted"] and 0 <= r["stated_found"] <= r["stated"]
        assert isinstance(r["invented"], list) and isinstance(r["unrecoverable"], list)
    out = io.StringIO()
    print_report(results, 3, out)
    table = out.getvalue()
    assert re.search(r"^undamaged\s+1\s", table, re.M) and re.search(r"^one_line\s+1\s", table, re.M)
    assert "precision" in table and "invented" in table and "unrecoverable" in table


def test_unrecoverable_needs_two_readings_one_of_them_the_label():
    from types import SimpleNamespace

    from ingest.evaluation.degradation import _unrecoverable
    from ingest.parsers.model import Ambiguity

    amb = Ambiguity("t3", "new", "total", "applications_new", (56.0, 6.0), 2, 0, 9)
    res = SimpleNamespace(ambiguities=[amb])
    assert _unrecoverable(res, "applications_new", 56) == (56.0, 6.0)
    assert _unrecoverable(res, "applications_new", 7) is None  # the label is not among the readings
    assert _unrecoverable(res, "outcome_total", 56) is None
    one = SimpleNamespace(ambiguities=[Ambiguity("t3", "new", "total", "applications_new", (56.0,), 1, 0, 9)])
    assert _unrecoverable(one, "applications_new", 56) is None

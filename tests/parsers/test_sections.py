"""Section headings as a person reads them off the reports (not as the parser printed them)."""
from __future__ import annotations

import re
from pathlib import Path

import pytest

from ingest.document import load_document
from ingest.normalise import normalise
from ingest.parsers.model import Document
from ingest.parsers.sections import cn_ordinal, split_sections

ROOT = Path(__file__).resolve().parents[2]
SAMPLE = ROOT / "data" / "sample"
REAL = ROOT / "tests" / "data" / "real"

SIX = ["总体情况", "主动公开政府信息情况", "收到和处理政府信息公开申请情况", "政府信息公开行政复议、行政诉讼情况",
       "存在的主要问题及改进情况", "其他需要报告的事项"]


def load(path: Path) -> Document:
    return load_document(path.stem, path.name, path.read_bytes())[0]


def doc_of(text: str) -> Document:
    return Document(report_id="t", file_name="t.txt", norm=normalise(text))


def top(sections):
    return [s for s in sections if s.level == 1]


def test_cn_ordinal():
    assert [cn_ordinal(x) for x in ("一", "九", "十", "十一", "十二", "二十", "二十三")] == [1, 9, 10, 11, 12, 20, 23]
    assert cn_ordinal("十十") is None


def test_seed_002_six_sections():
    doc = load(next(SAMPLE.glob("002_*.txt")))
    secs = split_sections(doc)
    l1 = top(secs)
    assert [s.number for s in l1] == ["一", "二", "三", "四", "五", "六"]
    assert [s.heading for s in l1] == SIX
    # the 表三 rows "一、本年新收…" / "四、结转下年度继续办理" are not sections
    assert not any("本年新收" in s.heading or "结转下年度" in s.heading for s in secs)
    # section one has five numbered items (一)…(五), headings cut at the first sentence end
    subs = [s for s in secs if s.parent_ordinal == l1[0].ordinal]
    assert [s.heading for s in subs] == ["加强组织领导", "完善制度建设", "加大公开力度", "管理网站情况", "主动公开信息情况"]
    assert all(s.level == 2 for s in subs)
    # offsets: each section starts at its heading and runs to the next one of the same level
    assert doc.text[l1[0].start:].startswith("一、总体情况")
    for a, b in zip(l1, l1[1:]):
        assert a.end == b.start
    assert l1[-1].end == len(doc.text)
    assert doc.text[l1[2].start:l1[2].end].count("本年新收政府信息公开申请数量") == 1
    assert [s.ordinal for s in secs] == list(range(len(secs)))


def test_seed_000_twelve_parts_traditional():
    secs = split_sections(load(next(SAMPLE.glob("000_*.txt"))))
    l1 = top(secs)
    # the opening paragraph says the report has twelve parts, 一、概述 … 十二、需要说明的事项与附表
    assert len(l1) == 12
    assert l1[0].heading == "概述"
    assert l1[-1].number == "十二" and l1[-1].heading == "需要说明的事项与附表"


def test_seed_004_levels_and_table_rows():
    secs = split_sections(load(next(SAMPLE.glob("004_*.txt"))))
    l1 = top(secs)
    assert [s.number for s in l1] == ["一", "二", "三", "四", "五", "六"]
    assert l1[0].heading == "概述"
    # 1.公开的内容更加充实 … is a level-3 item under (一) of 一、概述
    first_l3 = next(s for s in secs if s.level == 3)
    assert first_l3.heading == "公开的内容更加充实"
    parent = secs[first_l3.parent_ordinal]
    assert parent.level == 2 and parent.number == "一" and parent.parent_ordinal == l1[0].ordinal
    # the one-cell-per-line appendix rows ("2.政府公报公开数" / "条" / "0") are not headings
    assert not any("公开数" in s.heading or "申请数" in s.heading for s in secs)


def test_r018_headings_split_by_word_runs():
    # "一" / "、" / "总体情况" and "六、" / "其他" / "需要" / "报告的事项" are headings on several lines
    secs = split_sections(load(REAL / "r018.txt"))
    l1 = top(secs)
    assert [s.number for s in l1] == ["一", "二", "三", "四", "五", "六"]
    assert l1[0].heading == "总体情况"
    assert l1[2].heading == "收到和处理政府信息公开申请情况"
    assert l1[5].heading == "其他需要报告的事项"


@pytest.mark.parametrize("name", ["r020.txt", "r001.txt"])
def test_national_format_six_sections(name):
    l1 = top(split_sections(load(REAL / name)))
    assert [s.number for s in l1] == ["一", "二", "三", "四", "五", "六"]
    assert l1[0].heading == "总体情况" and l1[-1].heading == "其他需要报告的事项"


def test_false_headings():
    text = (
        "一、总体情况\n"
        "一是加强领导，成立工作小组，明确分工，层层压实责任，确保各项工作落到实处，取得明显成效。二是完善制度。\n"
        "(一)主动公开。本年公开信息20条。\n"
        "1.规范性文件 | 2 | 3 |\n"
        "1.5万人次访问了网站。\n"
        "二、主动公开政府信息情况\n"
        "三、收到和处理政府信息公开申请情况\n"
        "一、本年新收政府信息公开申请数量\n"
        "0\n"
        "1.属于国家秘密\n"
        "0\n"
        "四、政府信息公开行政复议、行政诉讼情况\n"
    )
    secs = split_sections(doc_of(text))
    assert [(s.level, s.number, s.heading) for s in secs] == [
        (1, "一", "总体情况"),
        (2, "一", "主动公开"),
        (1, "二", "主动公开政府信息情况"),
        (1, "三", "收到和处理政府信息公开申请情况"),
        (1, "四", "政府信息公开行政复议、行政诉讼情况"),
    ]
    assert secs[1].parent_ordinal == 0
    assert secs[0].end == secs[2].start


def test_empty_and_odd_text():
    assert split_sections(doc_of("")) == []
    assert split_sections(doc_of("没有任何标题的一段话。\n1\n、\n")) == []


@pytest.mark.parametrize("path", sorted(SAMPLE.glob("*.txt")) + sorted(REAL.glob("r*.txt")), ids=lambda p: p.name)
def test_structure_invariants(path):
    doc = load(path)
    secs = split_sections(doc)
    for s in secs:
        assert 0 <= s.start < s.end <= len(doc.text)
        assert s.heading and len(s.heading) <= 60
        if s.parent_ordinal is not None:
            p = secs[s.parent_ordinal]
            assert p.level < s.level and p.start <= s.start and s.end <= p.end
        else:
            assert s.level == 1 or not any(x.level < s.level and x.start < s.start for x in secs)
        # a heading starts a line of the text
        assert s.start == 0 or doc.text[s.start - 1] == "\n"
        assert re.match(r"^[#\s]*[(（]?\s*[一二三四五六七八九十\d]", doc.text[s.start:])


def test_one_line_heading_ends():
    # a one-line body: where each heading's text ends although no line break says so
    text = ("本报告由概述等六个部分组成。一、概述2017年，市商务局认真落实条例。"
            "二、政府信息公开申请办理情况(包括统计指标表中依申请公开各项目情况)严格按照依申请公开办理工作要求办理。"
            "三、收到和处理政府信息公开申请情况(本列数据的勾稽关系为:第一项加第二项之和,等于第三项加第四项之和) | 申请人情况 |"
            "四、重点领域政府信息公开工作推进情况和公开情况(一)开展消费信息公开。推进消费升级。"
            "(二)需要说明的其他事项暂无其他需要说明的事项。"
            "五、组织领导和制度建设情况一是加强领导。六、其他需要报告的事项无其他需要报告的事项。")
    doc = doc_of(text)
    assert [(s.level, s.number, s.heading) for s in split_sections(doc)] == [
        (1, "一", "概述"),
        (1, "二", "政府信息公开申请办理情况(包括统计指标表中依申请公开各项目情况)"),
        (1, "三", "收到和处理政府信息公开申请情况"),
        (1, "四", "重点领域政府信息公开工作推进情况和公开情况"),
        (2, "一", "开展消费信息公开"),
        (2, "二", "需要说明的其他事项"),
        (1, "五", "组织领导和制度建设情况"),
        (1, "六", "其他需要报告的事项"),
    ]


def test_one_line_table_rows_are_not_headings():
    # legacy rows whose cells ran together ("1.当面申请数件0") or sit in `|` cells
    text = ("一、概述本局认真落实条例。二、依申请公开情况统计指标 | 单位 | 统计数 | | (一)收到申请数 | 件 | 5 | "
            "其中:1.当面申请数件02.网络申请数件5 三、其他需要报告的事项无。")
    assert [(s.level, s.number, s.heading) for s in split_sections(doc_of(text))] == [
        (1, "一", "概述"), (1, "二", "依申请公开情况"), (1, "三", "其他需要报告的事项")]

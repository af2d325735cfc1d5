"""Report metadata as a person reads it off each file (seeds and the labelled real reports).

The expectations below were read off the files and tests/data/real/labels.json, not taken from
the parser's output.
"""
from __future__ import annotations

import html
import json
import re
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from ingest.document import load_document
from ingest.normalise import normalise
from ingest.parsers.metadata import extract_metadata
from ingest.parsers.model import Document, ReportMeta

ROOT = Path(__file__).resolve().parents[2]
SAMPLE = ROOT / "data" / "sample"
REAL = ROOT / "tests" / "data" / "real"


def _crude_html_text(raw: str) -> str:
    raw = re.sub(r"(?is)<(script|style|head)\b[^>]*>.*?</\1>", "", raw)
    raw = re.sub(r"(?i)<br\s*/?>|</(p|div|tr|h\d|li|table)>", "\n", raw)
    raw = re.sub(r"(?i)</t[dh]>", " | ", raw)
    return html.unescape(re.sub(r"<[^>]+>", "", raw))


def load(path: Path) -> Document:
    data = path.read_bytes()
    try:
        return load_document(path.stem, path.name, data)[0]
    except ImportError:  # ingest.html_render not there yet: a minimal tag stripper stands in
        text = _crude_html_text(data.decode("utf-8"))
        return Document(report_id=path.stem, file_name=path.name, norm=normalise(text), is_html=True)


def sample(prefix: str) -> Path:
    return next(SAMPLE.glob(f"{prefix}_*.txt"))


@pytest.fixture(scope="module")
def seeds() -> dict[str, ReportMeta]:
    return {p: extract_metadata(load(sample(p))) for p in ("000", "001", "002", "003", "004")}


# --------------------------------------------------------------------------- seeds

SEEDS = {
    # id: agency, province, city, county, division code, level, type, year
    "000": ("青岛市商务局", "山东省", "青岛市", None, "370200", "city", "department", 2017),
    "001": ("青岛市城阳区人民政府", "山东省", "青岛市", "城阳区", "370214", "county", "government", 2017),
    "002": ("乌海市商务局", "内蒙古自治区", "乌海市", None, "150300", "city", "department", 2020),
    "003": ("菏泽市定陶区中小企业局", "山东省", "菏泽市", "定陶区", "371703", "county", "department", 2017),
    "004": ("泉港区商务局", "福建省", "泉州市", "泉港区", "350505", "county", "department", 2017),
}


@pytest.mark.parametrize("sid", sorted(SEEDS))
def test_seed_agency_region_year(seeds, sid):
    agency, prov, city, county, code, level, kind, year = SEEDS[sid]
    m = seeds[sid]
    assert m.agency == agency
    assert (m.province, m.city, m.county, m.division_code) == (prov, city, county, code)
    assert m.admin_level == level
    assert m.agency_type == kind
    assert m.report_year == year
    assert m.region_confidence in ("high", "medium")


def test_seed_000_traditional_partial_name(seeds):
    m = seeds["000"]
    assert m.agency_as_written == "市商务局"  # the report never writes its full name in the opening
    assert m.contact["postcode"] == "266071"
    assert "香港中路" in m.contact["address"]
    assert m.contact["email"] == "swjbangongshi@qd.shandong.cn"
    assert m.title is None


def test_seed_001_publication_date_is_not_the_year(seeds):
    m = seeds["001"]
    assert m.publication_date == "2018-02-08"
    assert m.report_year == 2017
    assert m.title == "青岛市城阳区人民政府2017年政府信息公开工作报告"
    assert m.contact["website"] == "www.chengyang.gov.cn"
    assert m.contact["phone"] == "0532-87866601"


def test_seed_002_year_from_opening_sentence(seeds):
    m = seeds["002"]
    assert m.agency_as_written == "市商务局"
    assert m.report_year == 2020
    assert m.title is None


def test_seed_003_title(seeds):
    m = seeds["003"]
    assert m.title == "菏泽市定陶区中小企业局2017年政府信息公开报告"
    assert m.contact["phone"] == "0530-2116333"


def test_seed_004_doc_number_and_date(seeds):
    m = seeds["004"]
    assert m.doc_number == "泉港商务〔2017〕213号"
    assert m.publication_date == "2017-12-22"
    assert m.report_year == 2017
    assert m.title == "泉港区商务局关于2017年度政府信息公开工作的报告"
    assert m.contact == {
        "address": "泉港区中兴西街商务局二楼综合股",
        "postcode": "362801",
        "phone": "0595-87998600",
        "fax": "0595-87998700",
    }


# --------------------------------------------------------------------------- real reports

LABELS = {row["id"]: row for row in json.loads((REAL / "labels.json").read_text(encoding="utf-8"))}

# What a person reads for each labelled report: canonical agency, province, city, county, code, level.
REAL_EXPECTED = {
    "001": ("沭阳县人民政府", "江苏省", "宿迁市", "沭阳县", "321322", "county", "government"),
    "002": ("上海市科学技术委员会", "上海市", None, None, "310000", "province", "department"),
    "003": ("上海市人民政府办公厅", "上海市", None, None, "310000", "province", "government"),
    "007": ("莆田市民族与宗教事务局", "福建省", "莆田市", None, "350300", "city", "department"),
    "008": ("莆田市民族与宗教事务局", "福建省", "莆田市", None, "350300", "city", "department"),
    "009": ("莆田市人民政府", "福建省", "莆田市", None, "350300", "city", "government"),
    "018": ("莆田市民族与宗教事务局", "福建省", "莆田市", None, "350300", "city", "department"),
    "019": ("莆田市人民政府", "福建省", "莆田市", None, "350300", "city", "government"),
    "020": ("莆田市应急管理局", "福建省", "莆田市", None, "350300", "city", "department"),
    "021": ("莆田市安全生产监督管理局", "福建省", "莆田市", None, "350300", "city", "department"),
    "023": ("莆田市民族与宗教事务局", "福建省", "莆田市", None, "350300", "city", "department"),
    "026": ("莆田市民族与宗教事务局", "福建省", "莆田市", None, "350300", "city", "department"),
    "027": ("莆田市人民政府", "福建省", "莆田市", None, "350300", "city", "government"),
    "028": ("莆田市应急管理局", "福建省", "莆田市", None, "350300", "city", "department"),
    "029": ("莆田市民族与宗教事务局", "福建省", "莆田市", None, "350300", "city", "department"),
    "032": ("沭阳县发展和改革局", "江苏省", "宿迁市", "沭阳县", "321322", "county", "department"),
}


def test_every_labelled_report_is_covered():
    assert set(REAL_EXPECTED) == set(LABELS)


@pytest.fixture(scope="module")
def real() -> dict[str, ReportMeta]:
    return {rid: extract_metadata(load(REAL / LABELS[rid]["file"])) for rid in LABELS}


@pytest.mark.parametrize("rid", sorted(REAL_EXPECTED))
def test_real_agency_region_year(real, rid):
    agency, prov, city, county, code, level, kind = REAL_EXPECTED[rid]
    label = LABELS[rid]
    m = real[rid]
    assert m.report_year == label["report_year"]
    assert m.agency == agency
    canonical = re.sub(r"（.*?）", "", label.get("agency_canonical") or label["agency"])
    assert m.agency == canonical
    assert (m.province, m.city, m.county, m.division_code) == (prov, city, county, code)
    assert m.admin_level == level
    assert m.agency_type == kind
    assert m.region_confidence in ("high", "medium")


@pytest.mark.parametrize("rid", sorted(REAL_EXPECTED))
def test_real_agency_as_written_is_in_the_file(real, rid):
    m = real[rid]
    src = (REAL / LABELS[rid]["file"]).read_text(encoding="utf-8")
    assert m.agency_as_written and m.agency_as_written in re.sub(r"\s+", "", src)


def test_r001_misspelling_kept_as_written(real):
    m = real["001"]
    assert m.agency_as_written == "沐阳县人民政府"
    assert m.agency == "沭阳县人民政府"
    assert m.publication_date == "2026-01-23"


def test_r009_statistics_period_spans_years(real):
    # the statistics period runs 2003-01-01 .. 2008-12-31: the report is for 2008
    assert real["009"].report_year == 2008
    assert real["009"].agency_as_written == "莆田市"


def test_r021_abbreviation_expanded(real):
    assert real["021"].agency_as_written == "莆田市安监局"


def test_r029_header_publication_date(real):
    # dated 二〇一〇年十二月三十一日 at the end, published 2011-01-12 (crawler header)
    assert real["029"].report_year == 2010
    assert real["029"].publication_date == "2011-01-12"


def test_crawled_header_publication_dates(real):
    assert real["007"].publication_date == "2009-01-28"
    assert real["020"].publication_date == "2024-01-18"
    assert real["019"].title == "莆田市2018年度政府信息公开工作年度报告"


def test_r032_html_meta_header(real):
    m = real["032"]
    assert m.title == "沭阳县发展和改革局2023年政府信息公开年度报告"
    assert m.report_year == 2023  # signed 2024年1月17日, crawled 2025-12-30


# --------------------------------------------------------------------------- small texts and robustness

def _doc(text: str) -> Document:
    return Document(report_id="t", file_name="t.txt", norm=normalise(text))


def test_chinese_numeral_signature_date():
    m = extract_metadata(_doc("某某\n一、概述\n2010年，本局工作。\n莆田市民族与宗教事务局\n二〇一一年一月五日\n"))
    assert m.publication_date == "2011-01-05"
    assert m.report_year == 2010


def test_year_from_title_not_from_publication():
    m = extract_metadata(_doc("胶州市人民政府2018年政府信息公开工作年度报告\n发布日期:2019-01-30\n一、概述\n"))
    assert m.report_year == 2018
    assert m.publication_date == "2019-01-30"
    assert (m.city, m.county, m.admin_level, m.agency_type) == ("青岛市", "胶州市", "county", "government")


def test_township_level():
    m = extract_metadata(_doc("青岛市城阳区流亭街道办事处2017年政府信息公开工作报告\n一、概述\n"))
    assert m.admin_level == "township"
    assert m.county == "城阳区"


def test_nothing_known_gives_none():
    m = extract_metadata(_doc("一、概述\n今年工作正常开展。\n"))
    assert m.agency is None and m.report_year is None and m.division_code is None


@settings(max_examples=60, deadline=None)
@given(st.one_of(st.text(alphabet="市局区县年月日省人民政府2017一、(0:：\n 青岛商务报告信息公开", max_size=300),
                 st.text(max_size=300)))
def test_never_raises(text):
    assert isinstance(extract_metadata(_doc(text)), ReportMeta)


def test_chinese_numeral_title_year_and_date():
    m = extract_metadata(_doc("乌海市商务局二〇二一年政府信息公开工作年度报告\n一、总体情况\n本局认真落实条例。\n"
                              "乌海市商务局\n二〇二二年一月十日\n"))
    assert m.title == "乌海市商务局2021年政府信息公开工作年度报告"
    assert m.report_year == 2021
    assert m.publication_date == "2022-01-10"
    assert m.agency == "乌海市商务局"


def test_one_line_body_with_chrome():
    # header, chrome, title and body all on one line (a crawler joined the page)
    text = ("标题：乌海市商务局2020年政府信息公开工作年度报告 发布时间：2021-01-20 来源：本网 浏览次数：2019 "
            "字号：大 中 小 微信 微博 QQ空间 乌海市商务局2020年政府信息公开工作年度报告一、总体情况2020年，市商务局"
            "认真落实条例。二、主动公开政府信息情况全年主动公开政府信息12条。乌海市商务局 2021年1月15日 扫一扫在手机打开当前页")
    m = extract_metadata(_doc(text))
    assert m.title == "乌海市商务局2020年政府信息公开工作年度报告"
    assert m.report_year == 2020  # never 2019 (a view counter) or 2021 (published)
    assert m.publication_date == "2021-01-20"
    assert (m.agency, m.division_code) == ("乌海市商务局", "150300")


def test_one_line_document_number_and_signer():
    # seed 004's head joined into one line: number, signer, title, addressee
    text = ("泉港商务〔2017〕213号 签发人：刘敬福泉港区商务局关于2017年度政府信息公开工作的报告区政府信息公开办：根据《条例》要求，"
            "特向社会公布泉港商务局2017年度政府信息公开工作年度报告。一、概述2017年，我局认真落实条例。")
    m = extract_metadata(_doc(text))
    assert m.doc_number == "泉港商务〔2017〕213号"
    assert m.title == "泉港区商务局关于2017年度政府信息公开工作的报告"
    assert m.report_year == 2017 and m.county == "泉港区"


def _meta(text: str) -> ReportMeta:
    return extract_metadata(Document(report_id="t", file_name="t.txt", norm=normalise(text)))


@pytest.mark.parametrize("head", [
    "标题: 莆田市民族与宗教事务局200\n9年度政府信息公开工作年度报告\n发布时间: 2010-01-13 10:51\n",
    "莆田市民族与宗教事务局20\n09年度政府信息公开工作年度报告\n",
])
def test_a_title_year_cut_across_lines_is_joined(head):
    # one-cell-per-line crawls of Word files cut 2009 at a run boundary: 200 / 9, 20 / 09
    meta = _meta(head + "一、概述\n本局认真贯彻《条例》。\n")
    assert meta.agency == "莆田市民族与宗教事务局" and meta.report_year == 2009
    assert meta.title == "莆田市民族与宗教事务局2009年度政府信息公开工作年度报告"


def test_only_a_cut_year_is_joined_in_the_head():
    from ingest.parsers.metadata.layout import head_lines

    lines = ["莆田市2", "008年度报告", "共12", "3件", "泉港商务〔201", "7〕213号", "30", "00"]
    assert head_lines(lines) == ["莆田市2008年度报告", "共12", "3件", "泉港商务〔2017〕213号", "30", "00"]


def test_chrome_lines_above_the_title_are_not_part_of_it():
    text = ("当前位置：首页 > 政务公开 > 政府信息公开年报\n微信 微博 QQ空间 全真版 文字版 文件下载\n"
            "扫一扫在手机打开当前页\n正文\n2024 年上海市科委政府信息公开工作\n年度报告\n"
            "根据《中华人民共和国政府信息公开条例》，编制本报告。\n")
    meta = _meta(text)
    assert meta.title == "2024年上海市科委政府信息公开工作年度报告"
    assert meta.agency == "上海市科学技术委员会" and meta.report_year == 2024

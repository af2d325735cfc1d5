"""Word .docx reader: r001 as a Word document, read back to the labelled figures; bad documents.

The DOCX is built here with python-docx from tests/data/real/r001.txt: lines of a markdown table
become rows of a Word table, the rest paragraphs; the first 表三 table gets a merged header
(申请人情况 spanning the value columns: gridSpan; 类别 merged down over two rows: vMerge).
"""
from __future__ import annotations

import io
import json
import re
import zipfile
from pathlib import Path
from types import SimpleNamespace

import docx
from docx.oxml import OxmlElement
import pytest

from ingest.decode import Unreadable
from ingest.evaluation.scoring import CANONICAL_FIELDS, EXTRA_FIELDS, canonical_values
from ingest.formats import extract
from ingest.formats.zip_limits import MAX_UNZIPPED_BYTES
from ingest.report_rows import parse_one
from tests.fixtures.bad_formats import docx_bomb

REAL = Path(__file__).resolve().parents[2] / "tests" / "data" / "real"
LABEL = next(e for e in json.loads((REAL / "labels.json").read_text(encoding="utf-8")) if e["file"] == "r001.txt")
_RULE = re.compile(r"\|[-|: ]+\|")


def _blocks(text: str):
    """('para', line) and ('table', rows) in the order of the markdown text."""
    table: list[list[str]] = []
    for line in text.splitlines():
        s = line.strip()
        if s.startswith("|"):
            if not _RULE.fullmatch(s):
                table.append([c.strip() for c in s.strip("|").split("|")])
            continue
        if table:
            yield "table", table
            table = []
        yield "para", re.sub(r"^#+\s*", "", s)
    if table:
        yield "table", table


def r001_docx() -> bytes:
    document = docx.Document()
    header_merged = False
    for kind, content in _blocks((REAL / "r001.txt").read_text(encoding="utf-8")):
        if kind == "para":
            document.add_paragraph(content)
            continue
        width = max(len(r) for r in content)
        merge = not header_merged and content[0][0] == "类别"
        rows = ([["类别", "申请人情况"]] if merge else []) + content
        table = document.add_table(rows=len(rows), cols=width)
        for i, row in enumerate(rows):
            for j, text in enumerate(row):
                table.cell(i, j).text = text
        if merge:
            header_merged = True
            table.cell(0, 1).merge(table.cell(0, width - 1)).text = "申请人情况"  # gridSpan
            table.cell(0, 0).merge(table.cell(1, 0)).text = "类别"  # vMerge
    out = io.BytesIO()
    document.save(out)
    return out.getvalue()


@pytest.fixture(scope="module")
def r001() -> bytes:
    data = r001_docx()
    xml = zipfile.ZipFile(io.BytesIO(data)).read("word/document.xml").decode()
    assert 'w:gridSpan w:val="7"' in xml and '<w:vMerge w:val="restart"/>' in xml and "<w:vMerge/>" in xml
    return data


def test_docx_gives_the_labelled_figures(r001):
    result = parse_one(("r001", "r001.docx", r001))
    assert "quarantine" not in result, result.get("quarantine")
    report = result["report"]
    assert (report["source_format"], report["extraction_method"], report["report_year"]) == ("docx", "docx", 2025)
    got = canonical_values([SimpleNamespace(**f) for f in result["figures"]])
    fields = [f for f in CANONICAL_FIELDS + EXTRA_FIELDS if LABEL.get(f) is not None]
    wrong = {f: (LABEL[f], got.get(f)) for f in fields if got.get(f) != LABEL[f]}
    assert len(fields) == 12 and not wrong, f"field: (label, got) {wrong}"


def test_table_figures_carry_their_table_cell(r001):
    result = parse_one(("r001", "r001.docx", r001))
    text = extract("r001.docx", r001).text
    table_figures = [f for f in result["figures"] if f["source"] == "table"]
    assert table_figures
    for f in table_figures:
        assert re.fullmatch(r"表\d+!R\d+C\d+", f["cell_ref"] or ""), f
        assert text[f["char_start"]:f["char_end"]] == f["raw_text"]
    new = next(f for f in table_figures if f["metric_key"] == "applications_new")
    assert new["cell_ref"] == "表8!R3C8"  # the 8th table; merged header, header, then the figures


def test_merged_cells_fill_the_grid_and_paragraphs_stay_in_order(r001):
    lines = extract("r001.docx", r001).text.splitlines()
    header = lines.index("类别 | " + " | ".join(["申请人情况"] * 7))
    assert lines[header - 1] == "一、本年新收政府信息公开申请数量"
    assert lines[header + 1] == "类别 | 数据1 | 数据2 | 数据3 | 数据4 | 数据5 | 数据6 | 总计"
    assert lines[header + 2] == "本年新收政府信息公开申请数量 | 705 | 3 | 0 | 0 | 5 | 0 | 713"


def test_nested_table_rows_follow_their_cell():
    document = docx.Document()
    document.add_paragraph("表四 政府信息公开行政复议情况")
    outer = document.add_table(rows=2, cols=2)
    outer.cell(0, 0).text, outer.cell(0, 1).text = "行政复议", "见下表"
    inner = outer.cell(0, 1).add_table(rows=2, cols=2)
    for (r, c), text in {(0, 0): "结果维持", (0, 1): "总计", (1, 0): "27", (1, 1): "61"}.items():
        inner.cell(r, c).text = text
    outer.cell(1, 0).text, outer.cell(1, 1).text = "尚未审结", "15"
    document.add_paragraph("其后的段落")
    out = io.BytesIO()
    document.save(out)
    ex = extract("nested.docx", out.getvalue())
    assert ex.text.splitlines() == ["表四 政府信息公开行政复议情况", "行政复议 | 见下表", "结果维持 | 总计", "27 | 61",
                                    "尚未审结 | 15", "其后的段落"]
    i = ex.text.index("61")
    assert ex.locations.covering(i, i + 2).cell == "表2!R2C2"


def test_zip_bomb_is_quarantined_before_it_is_unpacked():
    data = docx_bomb(300)
    assert len(data) < 1024 * 1024 and MAX_UNZIPPED_BYTES == 200 * 1024 * 1024
    result = parse_one(("bomb", "bomb.docx", data))
    assert result["quarantine"] == "zip bomb? the document unpacks to 300 MB (limit 200 MB)"


def test_absurd_compression_ratio_is_refused():
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as z:
        z.writestr("word/document.xml", bytes(20 * 1024 * 1024))
    with pytest.raises(Unreadable, match=r"^zip bomb\? the document unpacks \d+ times its packed size"):
        extract("ratio.docx", out.getvalue())


def test_corrupt_docx_is_quarantined_with_its_reason(r001):
    cut = parse_one(("cut", "cut.docx", r001[: len(r001) // 2]))
    assert cut["quarantine"].startswith("corrupt ZIP / Office file ("), cut
    # a whole archive whose document.xml is not XML
    out = io.BytesIO()
    src = zipfile.ZipFile(io.BytesIO(r001))
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as dst:
        for item in src.infolist():
            dst.writestr(item, b"<w:document><w:body>" if item.filename == "word/document.xml" else src.read(item))
    bad_xml = parse_one(("xml", "xml.docx", out.getvalue()))
    assert bad_xml["quarantine"].startswith("corrupt or unreadable Word document (XMLSyntaxError"), bad_xml
    # a member whose bytes were damaged after it was packed (its CRC no longer matches)
    damaged = bytearray(r001)
    info = src.getinfo("word/document.xml")
    start = info.header_offset + 30 + len(info.filename) + len(info.extra)
    damaged[start + 100:start + 140] = bytes(40)
    crc = parse_one(("crc", "crc.docx", bytes(damaged)))
    assert crc["quarantine"].startswith("corrupt ZIP / Office file (word/document.xml: "), crc


def test_docx_without_text_is_quarantined():
    out = io.BytesIO()
    docx.Document().save(out)
    assert parse_one(("empty", "empty.docx", out.getvalue()))["quarantine"] == \
        "a Word document without any text (scanned pages pasted as pictures?)"


def test_vertical_merge_with_nothing_above_keeps_the_row_and_says_so():
    document = docx.Document()
    document.add_paragraph("政府信息公开工作年度报告")
    table = document.add_table(rows=2, cols=2)
    for (r, c), text in {(0, 0): "行政复议", (0, 1): "61", (1, 0): "行政诉讼", (1, 1): "13"}.items():
        table.cell(r, c).text = text
    table.cell(0, 0)._tc.get_or_add_tcPr().append(OxmlElement("w:vMerge"))  # "continue" in the first row
    out = io.BytesIO()
    document.save(out)
    ex = extract("odd.docx", out.getvalue())
    assert ex.text.splitlines() == ["政府信息公开工作年度报告", "行政复议 | 61", "行政诉讼 | 13"]
    assert ex.warnings == ("表1 row 1: merged cells malformed, the row read without them",)

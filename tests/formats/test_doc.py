"""Word 97-2003 .doc reader (Debian's antiword): a real .doc with Chinese text and tables.

tests/formats/data/r001_part.doc is r001 (tests/data/real/r001.txt) without its sections 一, 三 and
五 -- the title, 表二 (with a title row merged over its four columns), 表四 and the fees paragraph --
built as a DOCX with python-docx as in test_docx.py and saved as "MS Word 97" by LibreOffice 7.4.
Section 三 is left out because antiword loses tables of eight or more columns (its 表三): see
eight_columns.doc and the expected failure below.
"""
from __future__ import annotations

import json
import re
import shutil
from pathlib import Path
from types import SimpleNamespace

import pytest

from ingest.evaluation.scoring import canonical_values
from ingest.formats import doc, extract
from ingest.report_rows import parse_one

ROOT = Path(__file__).resolve().parents[2]
DATA = Path(__file__).resolve().parent / "data"
LABEL = next(e for e in json.loads((ROOT / "tests/data/real/labels.json").read_text(encoding="utf-8"))
             if e["file"] == "r001.txt")
# The labelled figures in the parts of r001 that the .doc holds.
DOC_FIELDS = ("reconsideration_total", "litigation_total", "litigation_direct_total",
              "litigation_after_review_total", "fees_collected_yuan")
R001_DOC = (DATA / "r001_part.doc").read_bytes()

needs_antiword = pytest.mark.skipif(shutil.which("antiword") is None,
                                    reason="Debian's antiword is not installed (apt-get install antiword)")


@needs_antiword
def test_doc_gives_the_labelled_figures():
    result = parse_one(("r001", "r001.doc", R001_DOC))
    assert "quarantine" not in result, result.get("quarantine")
    report = result["report"]
    assert (report["source_format"], report["extraction_method"], report["report_year"]) == ("doc", "antiword", 2025)
    got = canonical_values([SimpleNamespace(**f) for f in result["figures"]])
    wrong = {f: (LABEL[f], got.get(f)) for f in DOC_FIELDS if got.get(f) != LABEL[f]}
    assert not wrong, f"field: (label, got) {wrong}"
    t4 = [f for f in result["figures"] if f["table_id"] == "t4"]
    assert t4 and all(re.fullmatch(r"表\d+!R\d+C\d+", f["cell_ref"] or "") for f in t4)


@needs_antiword
def test_paragraphs_whole_and_tables_as_rows_with_merged_cells_copied():
    lines = extract("r001.doc", R001_DOC).text.splitlines()
    assert lines[0] == "沐阳县人民政府 2025 年 政府信息公开工作年度报告"
    assert any(line.startswith("依据《中华人民共和国政府信息公开条例》") and line.endswith("向社会公布。") for line in lines)
    first = lines.index(" | ".join(["第二十条第（一）项"] * 4))
    assert lines[first + 1:first + 4] == ["信息内容 | 本年制发件数 | 本年废止件数 | 现行有效件数", "规章 | 0 | 0 | 0",
                                          "行政规范性文件 | 6 | 1 | 32"]
    assert "27 | 10 | 9 | 15 | 61" in lines


@needs_antiword
def test_doc_renamed_pdf_is_read_by_its_bytes():
    result = parse_one(("r001", "年报.pdf", R001_DOC))
    assert result["report"]["source_format"] == "doc", result.get("quarantine")


def test_without_antiword_the_doc_is_quarantined_with_the_install_hint(monkeypatch):
    monkeypatch.setenv("PATH", "")
    for name in ("r001.doc", "年报.pdf"):
        assert parse_one(("r001", name, R001_DOC))["quarantine"] == doc.NOT_INSTALLED


@needs_antiword
def test_damaged_doc_is_quarantined_with_antiwords_reason():
    damaged = bytearray(R001_DOC)
    damaged[512:4096] = b"\xff" * (4096 - 512)  # the OLE header kept, its block depot overwritten
    result = parse_one(("bad", "bad.doc", bytes(damaged)))
    assert result["quarantine"] == "antiword could not read this .doc file (The Big Block Depot is damaged)"


@needs_antiword
@pytest.mark.xfail(strict=True, reason="antiword 0.37 drops a table of 8+ columns that follows another table "
                                       "(and the first row of the table after it), with no error")
def test_eight_column_table_after_another_table():
    text = extract("eight.doc", (DATA / "eight_columns.doc").read_bytes()).text
    assert "格100 | 格101 | 格102 | 格103 | 格104 | 格105 | 格106 | 格107" in text and "表后段落1" in text

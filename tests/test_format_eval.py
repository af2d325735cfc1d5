"""The format test-file generator (ingest.evaluation.formats) on a labelled real report, and the
per-format evaluation harness surviving files no reader can read."""
from __future__ import annotations

import io

import pdfplumber
import pypdfium2 as pdfium
import pytest
from docx import Document
from python_calamine import CalamineWorkbook

from ingest.evaluation.format_eval import evaluate_format
from ingest.evaluation.formats import render, rendered_items
from ingest.evaluation.formats.render_html import Table, report_blocks, text_blocks
from ingest.evaluation.formats.render_pdf import chromium_path
from ingest.evaluation.formats.render_xlsx import cell_value
from ingest.evaluation.report_sets import items_real
from ingest.evaluation.scoring import place_names

LONG_REPORT = "r001.txt"  # five A4 pages, its 表三 in several tables, one of them across a page break


@pytest.fixture(scope="module")
def report():
    return next(it for it in items_real() if it[0] == LONG_REPORT)


@pytest.fixture(scope="module")
def cache(tmp_path_factory):
    return tmp_path_factory.mktemp("formats_cache")


@pytest.fixture(scope="module")
def pdf(report, cache):
    if chromium_path() is None:
        pytest.skip("chromium is not installed (apt-get install chromium): PDFs cannot be rendered")
    name, data, _labels = report
    return render(name, data, "pdf", cache)


def test_text_lines_become_paragraphs_and_tables():
    blocks = text_blocks("标题\n| a | b |\n|---|---|\n| 1 | 2 |\n| 3 |\n正文 1 件\n甲 | 乙\n")
    assert blocks == ["标题", Table((("a", "b"), ("1", "2"), ("3", ""))), "正文 1 件", Table((("甲", "乙"),))]


def test_workbook_cells_hold_numbers_as_numbers():
    assert [cell_value(x) for x in ("517645", "4068.208", "0", "007", "1,234", "", "—")] == \
        [517645, 4068.208, 0, "007", "1,234", None, "—"]


def test_pdf_spans_pages_and_breaks_a_table(pdf):
    doc = pdfium.PdfDocument(pdf)
    assert len(doc) > 1
    assert all(abs(doc[i].get_width() - 595.3) < 2 and abs(doc[i].get_height() - 841.9) < 2 for i in range(len(doc)))
    assert "沐阳县人民政府" in doc[0].get_textpage().get_text_range()
    doc.close()
    with pdfplumber.open(io.BytesIO(pdf)) as plumb:
        pages = [(p.height, [t.bbox for t in p.find_tables()]) for p in plumb.pages]
    split = [i for i in range(len(pages) - 1)
             if pages[i][1] and pages[i + 1][1]
             and pages[i][1][-1][3] > pages[i][0] - 80  # a table runs to the bottom margin of page i
             and pages[i + 1][1][0][1] < 80]  # and a table starts at the top margin of page i + 1
    assert split, "no table runs across a page break"


def test_scan_is_image_only_with_the_pdfs_pages(pdf, report, cache):
    name, data, _labels = report
    scan = pdfium.PdfDocument(render(name, data, "scan", cache))
    assert len(scan) == len(pdfium.PdfDocument(pdf))
    assert scan[0].get_textpage().get_text_range().strip() == ""
    assert abs(scan[0].get_width() - 595.3) < 3


def test_docx_has_the_reports_tables(report, cache):
    name, data, labels = report
    doc = Document(io.BytesIO(render(name, data, "docx", cache)))
    n_tables = sum(isinstance(b, Table) for b in report_blocks(name, data))
    assert len(doc.tables) == n_tables > 5
    cells = {c.text for t in doc.tables for row in t.rows for c in row.cells}
    assert str(labels["applications_new"]) in cells
    assert any(str(labels["outcome_total"]) == c for c in cells)


def test_xlsx_holds_the_report_with_numbers(report, cache):
    name, data, labels = report
    wb = CalamineWorkbook.from_filelike(io.BytesIO(render(name, data, "xlsx", cache)))
    rows = wb.get_sheet_by_index(0).to_python()
    assert any(isinstance(v, str) and "沐阳县人民政府" in v for v in rows[0])
    numbers = {v for row in rows for v in row if isinstance(v, (int, float)) and not isinstance(v, bool)}
    assert {labels["applications_new"], labels["outcome_total"], labels["applications_carried_forward"]} <= numbers


def test_rendered_files_come_from_the_cache(report, cache):
    name, data, _labels = report
    render(name, data, "xlsx", cache)
    cached = list((cache / "xlsx").iterdir())
    assert len(cached) == 1
    cached[0].write_bytes(b"cached")  # a second render must not re-render
    assert rendered_items([report], "xlsx", cache)[0][:2] == ("r001.xlsx", b"cached")


def test_evaluation_counts_unreadable_files_and_goes_on(report):
    broken = ("broken.pdf", b"%PDF-1.7 this is not a PDF", report[2])
    res = evaluate_format("text", [broken, report], place_names())
    assert res["reports"] == 2 and [e["file"] for e in res["errors"]] == ["broken.pdf"]
    assert "Unreadable" in res["errors"][0]["error"]
    s = res["summary"]["ALL"]
    assert s["stated_found"] > 0 and s["stated"] > s["stated_found"]  # the broken copy found nothing

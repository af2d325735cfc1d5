"""ingest.formats.pdf on labelled reports printed to PDF by headless Chromium (ingest.evaluation.formats:
real <table>s that break across pages as published ones do): the figures a person read off each
report (labels.json, seed_labels.json) must come out of the PDF, each with its page and box. Bad
PDFs are quarantined."""
from __future__ import annotations

import io
import json
from pathlib import Path
from types import SimpleNamespace

import pypdfium2 as pdfium
import pytest

from ingest.decode import Unreadable
from ingest.evaluation.formats import render
from ingest.evaluation.formats.render_html import blocks_html, report_blocks, text_blocks
from ingest.evaluation.formats.render_pdf import chromium_path, html_to_pdf
from ingest.evaluation.scoring import CANONICAL_FIELDS, EXTRA_FIELDS, canonical_values, num_equal
from ingest.formats import extract
from ingest.formats.pdf import MAX_PAGES, read
from ingest.report_rows import parse_one
from tests.fixtures.bad_formats import encrypted_pdf, many_pages_pdf

ROOT = Path(__file__).resolve().parents[2]
LABELS = {x["file"]: x for x in json.loads((ROOT / "tests/data/real/labels.json").read_text(encoding="utf-8"))}
SEED_LABELS = {x["file"]: x["expected"] for x in json.loads((ROOT / "tests/data/seed_labels.json").read_text(encoding="utf-8"))}
SEED_002 = "002_e3122ac424a3c24d.txt"
SEED_002_PATH = ROOT / "data" / "sample" / SEED_002
R001 = ROOT / "tests/data/real/r001.txt"
BREAK_INSIDE_TABLES = "tr:nth-child(15) { break-before: page; }"  # 表三 (the only long table) crosses a page


@pytest.fixture(scope="module")
def pdfs() -> dict[str, bytes]:
    if chromium_path() is None:
        pytest.skip("chromium is not installed: it prints the labelled reports to PDF (apt-get install chromium)")
    rendered = {path.name: render(path.name, path.read_bytes(), "pdf") for path in (R001, ROOT / "tests/data/real/r032.html")}
    page = blocks_html(report_blocks(SEED_002, SEED_002_PATH.read_bytes()), SEED_002)
    rendered["seed002_broken_table"] = html_to_pdf(page.replace("</style>", BREAK_INSIDE_TABLES + "\n</style>", 1))
    return rendered


def figures_of(data: bytes) -> tuple[dict, list[dict]]:
    res = parse_one(("t", "report.pdf", data))
    assert "quarantine" not in res, res.get("quarantine")
    return res, res["figures"]


def assert_labelled_figures(figures: list[dict], expected: dict) -> None:
    got = canonical_values([SimpleNamespace(**f) for f in figures])
    wanted = {k: v for k, v in expected.items() if k in CANONICAL_FIELDS + EXTRA_FIELDS and v is not None}
    assert wanted
    wrong = {k: (v, got.get(k)) for k, v in wanted.items() if not num_equal(v, got.get(k))}
    assert not wrong, wrong


@pytest.mark.parametrize("name", ["r001.txt", "r032.html"])
def test_labelled_figures_come_out_of_the_pdf(pdfs, name):
    res, figures = figures_of(pdfs[name])
    assert res["report"]["source_format"] == "pdf" and res["report"]["extraction_method"] == "text_layer"
    assert res["report"]["family"] == "national_2021"
    assert_labelled_figures(figures, LABELS[name])


@pytest.mark.parametrize("name", ["r001.txt", "r032.html"])
def test_every_figure_with_a_value_has_its_page_and_a_box_inside_the_page(pdfs, name):
    doc = pdfium.PdfDocument(pdfs[name])
    sizes = [doc[i].get_size() for i in range(len(doc))]
    doc.close()
    _res, figures = figures_of(pdfs[name])
    placed = [f for f in figures if f["value"] is not None]
    assert placed
    for f in placed:
        assert f["page"] is not None and f["bbox"] is not None, f
        w, h = sizes[f["page"] - 1]
        x0, y0, x1, y1 = f["bbox"]
        assert 0 <= x0 < x1 <= w and 0 <= y0 < y1 <= h, f


def test_a_table_over_a_page_break_still_gives_its_figures(pdfs):
    _res, figures = figures_of(pdfs["seed002_broken_table"])
    t3_pages = {f["page"] for f in figures if f["table_id"] == "t3" and f["value"] is not None}
    assert len(t3_pages) >= 2  # the break really is inside 表三
    assert_labelled_figures(figures, SEED_LABELS[SEED_002])


def test_merged_label_cells_are_copied_into_every_row_even_after_a_page_break(pdfs):
    text = read(pdfs["r032.html"]).text
    rows = [ln for ln in text.splitlines() if "属于四类过程性信息" in ln or "3.要求提供公开出版物" in ln]
    assert rows == [
        "三、本年度办理结果 | （三）不予公开 | 6.属于四类过程性信息 | 0 |  |  |  |  |  | 0",
        "三、本年度办理结果 | （五）不予处理 | 3.要求提供公开出版物 | 0 |  |  |  |  |  | 0",
    ]


def test_extract_picks_the_pdf_reader_by_its_bytes(pdfs):
    ex = extract("report.txt", pdfs["r001.txt"])  # the name says text, the bytes say PDF
    assert (ex.source_format, ex.method, ex.encoding) == ("pdf", "text_layer", "pdf")
    assert ex.warnings == ()


def test_encrypted_pdf_is_quarantined(pdfs):
    pytest.importorskip("pikepdf", reason="pikepdf builds the encrypted test file")
    with pytest.raises(Unreadable, match=r"^encrypted PDF \(password-protected\)"):
        read(encrypted_pdf(pdfs["r001.txt"]))


def test_truncated_pdf_is_quarantined(pdfs):
    data = pdfs["r001.txt"]
    with pytest.raises(Unreadable, match=r"^corrupt or truncated PDF"):
        read(data[: len(data) // 2])


def test_a_2000_page_pdf_is_over_the_limit():
    with pytest.raises(Unreadable, match=rf"^PDF of 2000 pages, over the {MAX_PAGES}-page limit"):
        read(many_pages_pdf(2000))


def test_blank_pages_are_no_text_at_all():
    doc = pdfium.PdfDocument.new()
    doc.new_page(595, 842)
    out = io.BytesIO()
    doc.save(out)
    with pytest.raises(Unreadable, match=r"^no text layer and no recognisable text"):
        read(out.getvalue())


def test_a_cover_page_alone_is_almost_no_text(pdfs):
    data = html_to_pdf(blocks_html(text_blocks("某某市某某局\n2021年政府信息公开工作年度报告\n（详见附件）")))
    with pytest.raises(Unreadable, match=r"^almost no text: \d+ characters on 1 page\(s\)"):
        read(data)


def test_a_landscape_page_turned_by_rotate_reads_upright(pdfs):
    """A page stored portrait with /Rotate 90 and its content drawn turned: words in display order."""
    src = pdfium.PdfDocument(pdfs["r001.txt"])
    w, h = src[0].get_size()
    dest = pdfium.PdfDocument.new()
    xobject = src.page_as_xobject(0, dest)
    page = dest.new_page(h, w)  # the sheet as stored: width and height swapped
    obj = xobject.as_pageobject()
    obj.transform(pdfium.PdfMatrix().rotate(90, ccw=True).translate(h, 0))  # drawn turned a quarter left
    page.insert_obj(obj)
    page.gen_content()
    page.set_rotation(90)  # shown turned back: upright
    out = io.BytesIO()
    dest.save(out)
    ex = read(out.getvalue())
    assert ex.text.splitlines()[0].startswith("# 沐阳县人民政府")  # the title line, Markdown mark and all
    original = read(pdfs["r001.txt"]).text.splitlines()
    assert ex.text.splitlines()[:5] == original[:5]


def test_a_scanned_page_goes_to_ocr_and_the_method_says_so(pdfs):
    """The page where 表三 starts (表二 above it) replaced by the same page of the report's scan
    (ingest.evaluation.formats: 150 dpi, slightly turned, grain), the other pages text."""
    src = pdfium.PdfDocument(pdfs["r001.txt"])
    scan = pdfium.PdfDocument(render("r001.txt", R001.read_bytes(), "scan"))  # the scan of this very PDF
    k = next(i for i in range(len(src)) if "本年新收" in src[i].get_textpage().get_text_range())
    mixed = pdfium.PdfDocument.new()
    mixed.import_pages(src, list(range(k)))
    mixed.import_pages(scan, [k])
    mixed.import_pages(src, list(range(k + 1, len(src))))
    out = io.BytesIO()
    mixed.save(out)
    res, figures = figures_of(out.getvalue())
    assert res["report"]["extraction_method"] == "text_layer+ocr"
    new = [f for f in figures if f["metric_key"] == "applications_new" and f["table_id"] == "t3" and f["value"] == 713]
    assert new and new[0]["page"] == k + 1 and 0 < new[0]["ocr_confidence"] <= 1
    assert_labelled_figures(figures, LABELS["r001.txt"])

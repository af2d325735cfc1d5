"""OCR of scans (ingest.formats.ocr) on one page built from a labelled report: r032's own 表三 and
表四 (the HTML tables of the published page, merged cells and all) printed by headless Chromium,
then "scanned" (150 dpi, turned < 1 degree, grain, JPEG). The page is OCRed twice in this file:
once as a page of an image-only PDF, once as a PNG through `parse_one`."""
from __future__ import annotations

import io
import json
import re
import subprocess
import sys
from types import SimpleNamespace

import pypdfium2 as pdfium
import pytest
from PIL import Image

from ingest.decode import Unreadable
from ingest.evaluation.formats.render_pdf import chromium_path, html_to_pdf
from ingest.evaluation.formats.render_scan import pdf_to_scan
from ingest.evaluation.scoring import canonical_values, num_equal
from ingest.formats.ocr import normalise_digits, ocr_pdf_pages, read_image
from ingest.report_rows import parse_one
from tests.conftest import REAL

LABELS = next(x for x in json.loads((REAL / "labels.json").read_text(encoding="utf-8")) if x["file"] == "r032.html")
TABLE_FIELDS = ("applications_new", "applications_carried_over", "applications_carried_forward", "outcome_granted",
                "outcome_partial", "outcome_total", "reconsideration_total", "litigation_direct_total",
                "litigation_after_review_total")
PAGE_CSS = """@page { size: A4; margin: 12mm; }
* { font-family: "WenQuanYi Zen Hei" !important; }
td, td * { font-size: 8pt !important; line-height: 1.15 !important; margin: 0 !important; padding: 1pt !important;
           height: auto !important; }
table { border-collapse: collapse; width: 100% !important; } td { border: 1px solid #000 !important; }
p { font-size: 11pt; margin: 4pt 0; }"""


def tables_page_html() -> str:
    """r032's 表三 and 表四 as published (its HTML tables), small enough to share one A4 page."""
    tables = re.findall(r"<table.*?</table>", (REAL / "r032.html").read_text(encoding="utf-8"), flags=re.S)
    t3 = next(t for t in tables if "本年新收政府信息公开申请数量" in t)
    t4 = next(t for t in tables if "复议后起诉" in t)
    return (f'<!doctype html><html><head><meta charset="utf-8"><style>{PAGE_CSS}</style></head><body>'
            f"<p>沭阳县发展和改革局2023年政府信息公开工作年度报告</p><p>三、收到和处理政府信息公开申请情况</p>{t3}"
            f"<p>四、政府信息公开行政复议、行政诉讼情况</p>{t4}</body></html>")


@pytest.fixture(scope="module")
def scan() -> bytes:
    if chromium_path() is None:
        pytest.skip("chromium is not installed: it prints the labelled report's tables (apt-get install chromium)")
    printed = html_to_pdf(tables_page_html())
    assert len(pdfium.PdfDocument(printed)) == 1
    return pdf_to_scan(printed, seed=1)


@pytest.fixture(scope="module")
def ocr_page(scan):
    pdf = pdfium.PdfDocument(scan)
    return next(ocr_pdf_pages(pdf, [0]))


@pytest.fixture(scope="module")
def png_rows(scan) -> dict:
    """The scanned page as a 200 dpi PNG (read_image scales it to its OCR resolution), parsed."""
    buf = io.BytesIO()
    pdfium.PdfDocument(scan)[0].render(scale=200 / 72, grayscale=True).to_pil().save(buf, "PNG", dpi=(200, 200))
    return parse_one(("r032-tables", "page.png", buf.getvalue()))


def test_ocr_words_carry_confidences_and_boxes_inside_the_page(ocr_page):
    assert ocr_page.number == 1
    assert ocr_page.width == pytest.approx(595, abs=2) and ocr_page.height == pytest.approx(842, abs=2)
    assert len(ocr_page.words) > 100
    for w in ocr_page.words:
        assert w.text and 0 < w.confidence <= 1
        assert 0 <= w.x0 < w.x1 <= ocr_page.width and 0 <= w.y0 < w.y1 <= ocr_page.height


def test_table_borders_are_found_and_every_cell_value_read(ocr_page):
    assert len(ocr_page.rules) > 40  # 表三 and 表四 drawn with borders
    texts = [w.text for w in ocr_page.words]
    assert texts.count("26") == 6  # 一、本年新收 / （一）予以公开 / （七）总计: 自然人 and 总计
    assert texts.count("1") == 2  # 表四 行政复议 尚未审结 and 总计
    assert texts.count("0") >= 56  # 58 zeros printed: a lone "0" is OCR's hardest cell


def test_labelled_figures_of_the_scanned_tables_come_out_right(png_rows):
    report = png_rows["report"]
    assert (report["source_format"], report["extraction_method"], report["encoding"]) == ("image", "ocr", "png")
    got = canonical_values([SimpleNamespace(**f) for f in png_rows["figures"]])
    wrong = {f: (LABELS[f], got.get(f)) for f in TABLE_FIELDS if not num_equal(LABELS[f], got.get(f))}
    assert not wrong, wrong


def test_figures_read_by_ocr_carry_page_box_and_confidence(png_rows):
    figures = [f for f in png_rows["figures"] if f["metric_key"] in TABLE_FIELDS]
    assert figures
    for f in figures:
        x0, y0, x1, y1 = f["bbox"]
        assert f["page"] == 1 and 0 <= x0 < x1 <= 596 and 0 <= y0 < y1 <= 843
        assert 0 < f["ocr_confidence"] <= 1


def _png(image: Image.Image) -> bytes:
    buf = io.BytesIO()
    image.save(buf, "PNG")
    return buf.getvalue()


def test_a_blank_image_is_unreadable():
    with pytest.raises(Unreadable, match=r"no recognisable text in the image \(OCR found nothing\)"):
        read_image(_png(Image.new("L", (1240, 1754), 255)))


def test_a_broken_image_is_unreadable():
    data = _png(Image.new("L", (200, 200), 255))
    with pytest.raises(Unreadable, match="corrupt or unsupported image"):
        read_image(data[:60])


@pytest.mark.parametrize(("read", "fixed"), [
    ("1O5", "105"), ("2O2l", "2021"), ("l2", "12"), ("o", "0"), ("O", "0"), ("１２３", "123"),
    ("2O21年", "2021年"), ("共受理申请3O5件", "共受理申请305件"), ("4,O68.2O8", "4,068.208"),
    ("l", "l"), ("I", "I"), ("Io", "Io"), ("第3l条", "第3l条"), ("OA系统", "OA系统"), ("COVID-19", "COVID-19"),
])
def test_letters_read_for_digits_are_fixed_only_where_safe(read, fixed):
    assert normalise_digits(read) == fixed


def test_importing_the_readers_does_not_load_the_ocr_model():
    code = ("import sys, ingest.formats, ingest.formats.ocr; "
            "sys.exit(1 if 'rapidocr_onnxruntime' in sys.modules else 0)")
    assert subprocess.run([sys.executable, "-c", code], check=False).returncode == 0

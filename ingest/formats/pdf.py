"""PDF -> text: the text layer read with pypdfium2, pages without one sent to OCR.

Per page, every character with its box (pdfium's "loose" box: the full line height, so words on
one line line up) and the thin filled paths that draw table borders go to ingest.formats.layout,
which builds the lines, paragraphs and table rows. pypdfium2 was measured against pdfplumber
(docs/formats.md, "## PDF"; bench/pdf_libraries.py): same boxes, many times faster.
"""
from __future__ import annotations

import ctypes
import re
from collections.abc import Callable, Iterator

import pypdfium2 as pdfium
import pypdfium2.raw as pdfium_c

from ingest.decode import Unreadable
from ingest.formats import Extracted
from ingest.formats.layout import RULE_THICKNESS, SPACE_GAP, Page, Word, write_pages
from ingest.formats.provenance import TextBuilder

MAX_PAGES = 300  # no annual report is longer; a longer PDF is some other document
MIN_PAGE_CHARS = 20  # a page with fewer characters in its text layer, mostly covered by images, is a scan
SCAN_COVER = 0.3  # images covering this share of the page make it a scan (not a logo or a QR code)
MIN_CJK_CHARS = 100  # fewer in the whole file: a cover page, the report itself is elsewhere
_CJK = re.compile(r"[\u3400-\u9fff\uf900-\ufaff]")
_SPACES = frozenset((0x20, 0x09, 0x0A, 0x0D, 0xA0, 0x3000, 0x2002, 0x2003, 0x2009, 0xFEFF))
_UNMAPPED = frozenset((0, 0xFFFD, 0xFFFE, 0xFFFF))
_NUMERIC = frozenset("0123456789.,０１２３４５６７８９")  # a figure is its own word (a precise box)


def read(data: bytes) -> Extracted:
    """Raises `Unreadable` for encrypted, corrupt, over-long and (nearly) text-free PDFs."""
    pdf = _open(data)
    try:
        n = len(pdf)
        if n > MAX_PAGES:
            raise Unreadable(f"PDF of {n} pages, over the {MAX_PAGES}-page limit (no annual report is that long)")
        if n == 0:
            raise Unreadable("corrupt or truncated PDF (no pages)")
        builder = TextBuilder()
        warnings: list[str] = []
        ocr_pages: list[int] = []
        warnings += write_pages(_pages(pdf, n, ocr_pages, warnings), builder)
    finally:
        pdf.close()
    text = builder.text()
    cjk = len(_CJK.findall(text))
    if not text.strip():
        raise Unreadable("no text layer and no recognisable text (a blank or unreadable scan)")
    if cjk < MIN_CJK_CHARS:
        raise Unreadable(f"almost no text: {cjk} characters on {n} page(s), a cover page only? "
                         "the report's text is probably in an attachment that is missing")
    method = "text_layer" if not ocr_pages else "ocr" if len(ocr_pages) == n else "text_layer+ocr"
    return Extracted(text, "pdf", method, "pdf", builder.locations, tuple(warnings))


def _open(data: bytes) -> pdfium.PdfDocument:
    try:
        return pdfium.PdfDocument(data)
    except pdfium.PdfiumError as exc:
        if getattr(exc, "err_code", None) == pdfium_c.FPDF_ERR_PASSWORD:
            raise Unreadable("encrypted PDF (password-protected): save it without a password") from exc
        raise Unreadable(f"corrupt or truncated PDF ({exc})") from exc


def _pages(pdf: pdfium.PdfDocument, n: int, ocr_pages: list[int], warnings: list[str]) -> Iterator[Page]:
    """Each page's words from its text layer, or from OCR when it has none (appended to ocr_pages)."""
    for i in range(n):
        try:
            page = pdf[i]
        except pdfium.PdfiumError as exc:
            raise Unreadable(f"corrupt or truncated PDF (page {i + 1} cannot be loaded: {exc})") from exc
        try:
            read_page, image_cover = _text_layer_page(page, i + 1, warnings)
        finally:
            page.close()
        if sum(len(w.text) for w in read_page.words) >= MIN_PAGE_CHARS or image_cover < SCAN_COVER:
            yield read_page
            continue
        ocr_pages.append(i)
        yield from _ocr(pdf, i, warnings)


def _ocr(pdf: pdfium.PdfDocument, index: int, warnings: list[str]) -> Iterator[Page]:
    try:
        from ingest.formats import ocr
        failed: list[str] = []  # a page that could not be rendered or recognised, with its reason
        pages = list(ocr.ocr_pdf_pages(pdf, [index], warnings=failed))
    except Exception as exc:  # noqa: BLE001 - OCR failing on one page is that page's warning
        warnings.append(f"page {index + 1}: no text layer and OCR failed ({type(exc).__name__}: {exc})")
        return
    warnings += failed
    if not failed and not any(w.text.strip() for p in pages for w in p.words):
        warnings.append(f"page {index + 1}: no text layer and OCR found nothing")
    yield from pages


def _to_top_left(page: pdfium.PdfPage) -> tuple[float, float, Callable[..., tuple[float, float, float, float]]]:
    """The page's displayed width and height, and a function turning a pdfium box
    (left, bottom, right, top in user space) into (x0, y0, x1, y1) from the displayed top-left."""
    left, bottom, right, top = page.get_cropbox()
    w, h = right - left, top - bottom
    rot = page.get_rotation() % 360

    def point(x: float, y: float) -> tuple[float, float]:
        x, y = x - left, y - bottom
        if rot == 90:
            return y, x
        if rot == 180:
            return w - x, y
        if rot == 270:
            return h - y, w - x
        return x, h - y

    def box(l: float, b: float, r: float, t: float) -> tuple[float, float, float, float]:
        (ax, ay), (bx, by) = point(l, b), point(r, t)
        return min(ax, bx), min(ay, by), max(ax, bx), max(ay, by)

    return (h, w, box) if rot in (90, 270) else (w, h, box)


def _text_layer_page(page: pdfium.PdfPage, number: int, warnings: list[str]) -> tuple[Page, float]:
    """The page's words (characters joined on small gaps), ruling lines, and the share of it under images."""
    width, height, box = _to_top_left(page)
    textpage = page.get_textpage()
    try:
        words, unmapped = _words(textpage.raw, box)
    finally:
        textpage.close()
    if unmapped:
        warnings.append(f"page {number}: {unmapped} character(s) without a Unicode mapping left out")
    rules, image_area = _rules_and_images(page.raw, box)
    return Page(number, width, height, words, rules), image_area / max(width * height, 1.0)


def _words(tp, box) -> tuple[list[Word], int]:
    rect = pdfium_c.FS_RECTF()
    words: list[Word] = []
    cur: list = []  # text, x0, y0, x1, y1 of the word being built
    unmapped = 0
    pending_high = 0
    for i in range(pdfium_c.FPDFText_CountChars(tp)):
        u = pdfium_c.FPDFText_GetUnicode(tp, i)
        if 0xD800 <= u < 0xDC00:
            pending_high = u
            continue
        if 0xDC00 <= u < 0xE000:
            u, pending_high = (0x10000 + ((pending_high - 0xD800) << 10) + (u - 0xDC00)) if pending_high else 0, 0
        if u in _SPACES or u in _UNMAPPED:
            unmapped += u in _UNMAPPED and not pdfium_c.FPDFText_IsGenerated(tp, i)
            if cur:
                words.append(Word(*cur))
                cur = []
            continue
        pdfium_c.FPDFText_GetLooseCharBox(tp, i, rect)
        x0, y0, x1, y1 = box(rect.left, rect.bottom, rect.right, rect.top)
        ch = chr(u)
        if cur:
            h = max(cur[4] - cur[2], y1 - y0, 1.0)
            overlap = min(cur[4], y1) - max(cur[2], y0)
            if (overlap < 0.5 * min(cur[4] - cur[2], y1 - y0) or x0 < cur[3] - 0.5 * h
                    or x0 - cur[3] > SPACE_GAP * h or (ch in _NUMERIC) != (cur[0][-1] in _NUMERIC)):
                words.append(Word(*cur))
                cur = []
        if cur:
            cur = [cur[0] + ch, min(cur[1], x0), min(cur[2], y0), max(cur[3], x1), max(cur[4], y1)]
        else:
            cur = [ch, x0, y0, x1, y1]
    if cur:
        words.append(Word(*cur))
    return words, unmapped


def _rules_and_images(raw_page, box) -> tuple[list[tuple[float, float, float, float]], float]:
    """Thin path objects (table borders, drawn as filled boxes or stroked lines) and the area of images."""
    rules = []
    image_area = 0.0
    l, b, r, t = (ctypes.c_float() for _ in range(4))
    for k in range(pdfium_c.FPDFPage_CountObjects(raw_page)):
        obj = pdfium_c.FPDFPage_GetObject(raw_page, k)
        kind = pdfium_c.FPDFPageObj_GetType(obj)
        if kind not in (pdfium_c.FPDF_PAGEOBJ_IMAGE, pdfium_c.FPDF_PAGEOBJ_PATH) or \
                not pdfium_c.FPDFPageObj_GetBounds(obj, l, b, r, t):
            continue
        x0, y0, x1, y1 = box(l.value, b.value, r.value, t.value)
        if kind == pdfium_c.FPDF_PAGEOBJ_IMAGE:
            image_area += (x1 - x0) * (y1 - y0)
        elif min(x1 - x0, y1 - y0) <= RULE_THICKNESS and max(x1 - x0, y1 - y0) >= 4:
            rules.append((x0, y0, x1, y1))
    return rules, image_area

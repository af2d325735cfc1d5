"""OCR of scanned pages (image-only PDF pages, PNG / JPEG page images) with rapidocr-onnxruntime.

Pages are rasterised and recognised one at a time: the image of a page is freed before the next
is rendered, so a 1,000-page scan never holds more than one page image. A page is turned straight
when scanned askew; rapidocr returns one box per text line or table cell, and each becomes one
`layout.Word` in PDF points (top-left origin) with rapidocr's confidence. Table borders found in
the image become `Page.rules`, so `ingest.formats.layout` rebuilds a scanned table from its grid
as it does for a PDF's vector borders; a cell with ink but no word (rapidocr's detector passes
over many lone "0"s) is recognised on its own.

The settings (`SETTINGS`) were chosen with `bench/ocr_tuning.py`; the measurements and the reasons
are in docs/formats.md, section "Scans (OCR)". A little over 300 lines: one job (a page image to
Words), whose steps (render, deskew, rules, boxes, lone cells, digit fixes) share the page and its scale.
"""
from __future__ import annotations

import io
import re
import unicodedata
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from functools import lru_cache

import cv2
import numpy as np
import pypdfium2
from PIL import Image, ImageOps, UnidentifiedImageError

from ingest.decode import Unreadable
from ingest.formats import Extracted
from ingest.formats.layout import Page, Word, write_pages
from ingest.formats.provenance import TextBuilder

# Figures read with a lower confidence stay in staging (with ocr_confidence) but the marts do not
# use them (dbt var ocr_min_confidence, which must be equal). Boxes from 0.3 (SETTINGS.text_score)
# are kept so such a figure is in staging. On the bench pages no wrong number scored under 0.7,
# while a lone "0" read right often scores 0.3-0.7: 75 of 588 right numbers fall under 0.6, 39
# under 0.5 (docs/formats.md, "Scans (OCR)").
OCR_MIN_CONFIDENCE = 0.5


@dataclass(frozen=True)
class OcrSettings:
    """How pages are rasterised and which rapidocr parameters are used."""

    dpi: int = 120  # render resolution of a PDF page, and the resolution page images are scaled down to
    max_side_px: int = 2000  # longest side of any page image given to rapidocr (its max_side_len)
    det_limit_type: str = "max"  # rapidocr detection input: "max" caps the longest side, "min" raises the shortest
    det_limit_side_len: int = 960
    det_box_thresh: float = 0.5  # lower finds more faint boxes (lone digits), and more noise
    det_unclip_ratio: float = 1.6
    text_score: float = 0.3  # boxes recognised below this are dropped by rapidocr
    use_cls: bool = False  # the 180-degree direction classifier; scans are read upright
    rec_min_width: int = 96  # recognition input is padded to this width at least (rapidocr: 320)
    rec_batch: int = 1  # text boxes recognised per onnxruntime call (rapidocr: 6; batches of long lines are slow)
    threads: int = 1  # onnxruntime intra-op threads per process (-1: all cores)

    def engine_options(self) -> dict:
        return {
            "max_side_len": self.max_side_px, "det_limit_type": self.det_limit_type,
            "det_limit_side_len": self.det_limit_side_len, "det_box_thresh": self.det_box_thresh,
            "det_unclip_ratio": self.det_unclip_ratio, "text_score": self.text_score,
            "use_cls": self.use_cls, "rec_img_shape": [3, 48, self.rec_min_width],
            "rec_batch_num": self.rec_batch,
            "intra_op_num_threads": self.threads, "inter_op_num_threads": 1,
        }


SETTINGS = OcrSettings()


@lru_cache(maxsize=1)
def _engine(settings: OcrSettings):
    """One rapidocr engine per process (loaded at first use, not when ingest.formats is imported)."""
    from rapidocr_onnxruntime import RapidOCR

    return RapidOCR(**settings.engine_options())


def ocr_pdf_pages(pdf: pypdfium2.PdfDocument, page_indices: Iterable[int], settings: OcrSettings = SETTINGS,
                  warnings: list[str] | None = None) -> Iterator[Page]:
    """OCR the pages `page_indices` (0-based) of `pdf`, one `Page` (1-based number) per index.

    A page that cannot be rendered or recognised yields a Page without words, and its reason is
    appended to `warnings` when given.
    """
    for index in page_indices:
        try:
            yield _ocr_pdf_page(pdf, index, settings)
        except (pypdfium2.PdfiumError, _OcrFailed) as exc:
            if warnings is not None:
                warnings.append(f"page {index + 1}: could not be OCRed ({exc})")
            yield Page(number=index + 1, width=0.0, height=0.0, words=[])


def _ocr_pdf_page(pdf: pypdfium2.PdfDocument, index: int, settings: OcrSettings) -> Page:
    """One page rasterised, read and its image freed (before the caller asks for the next)."""
    page = pdf[index]
    try:
        width, height = page.get_size()
        scale = min(settings.dpi / 72, settings.max_side_px / max(width, height, 1.0))
        bitmap = page.render(scale=scale, grayscale=True)
        try:
            image = bitmap.to_numpy()
            words, rules = read_page(image, scale, settings)
            size = image.shape[1] / scale, image.shape[0] / scale  # as rendered: /Rotate included
        finally:
            bitmap.close()
    finally:
        page.close()
    return Page(number=index + 1, width=size[0], height=size[1], words=words, rules=rules)


def read_image(data: bytes) -> Extracted:
    """One page image (PNG / JPEG): its text by OCR, with boxes in points at the image's resolution."""
    image, fmt, dpi = _load_image(data)
    try:
        words, rules = read_page(np.asarray(image), dpi / 72, SETTINGS)
    except _OcrFailed as exc:
        raise Unreadable(f"OCR failed on the image ({exc})") from exc
    if not words:
        raise Unreadable("no recognisable text in the image (OCR found nothing)")
    page = Page(number=1, width=image.width * 72 / dpi, height=image.height * 72 / dpi, words=words,
                rules=rules)
    builder = TextBuilder()
    warnings = write_pages([page], builder)
    return Extracted(builder.text(), "image", "ocr", fmt, builder.locations, tuple(warnings))


class _OcrFailed(Exception):
    """rapidocr raised on a page image (an internal error, not a property of the page's text)."""


def read_page(image: np.ndarray, scale: float, settings: OcrSettings = SETTINGS) -> tuple[list[Word], list]:
    """The words on one greyscale page image and its table borders (`Page.rules`), in points;
    `scale` is image pixels per point."""
    engine = _engine(settings)
    try:
        image = _deskewed(image)
        result, _elapsed = engine(image, use_cls=settings.use_cls, box_thresh=settings.det_box_thresh,
                                  unclip_ratio=settings.det_unclip_ratio, text_score=settings.text_score)
        words = [_word(text, score, np.asarray(quad), scale) for quad, text, score in result or ()]
        ink, borders = _ink_and_borders(image, scale)
        words = _read_skipped_cells(image, ink, borders, [w for w in words if w.text], scale, settings)
    except Exception as exc:  # noqa: BLE001 - onnxruntime / OpenCV errors have no common base class
        raise _OcrFailed(f"{type(exc).__name__}: {exc}") from exc
    return words, _rules(borders, scale)


_MAX_SKEW_DEG = 3.0


def _deskewed(image: np.ndarray) -> np.ndarray:
    """The page turned straight when it was scanned slightly askew: a turn of even half a degree
    breaks a table's borders into pieces and its rows into steps."""
    angle = skew_angle(image)
    if abs(angle) < 0.05:
        return image
    rotation = cv2.getRotationMatrix2D((image.shape[1] / 2, image.shape[0] / 2), angle, 1.0)
    return cv2.warpAffine(image, rotation, image.shape[::-1], flags=cv2.INTER_LINEAR, borderValue=255)


def skew_angle(image: np.ndarray) -> float:
    """The turn (degrees, counter-clockwise as cv2.getRotationMatrix2D counts it) that makes the
    page's lines level: the one whose row profile of the ink is sharpest, searched on a half-size
    copy within _MAX_SKEW_DEG, to 0.05 degree."""
    small = cv2.resize(image, None, fx=0.5, fy=0.5, interpolation=cv2.INTER_AREA)
    _, ink = cv2.threshold(small, 0, 1, cv2.THRESH_BINARY_INV | cv2.THRESH_OTSU)
    ink = ink.astype(np.float32)
    centre = (ink.shape[1] / 2, ink.shape[0] / 2)

    def sharpness(angle: float) -> float:
        turned = cv2.warpAffine(ink, cv2.getRotationMatrix2D(centre, float(angle), 1.0), ink.shape[::-1])
        return float(np.square(np.diff(turned.sum(axis=1))).sum())

    best = max(np.arange(-_MAX_SKEW_DEG, _MAX_SKEW_DEG + 0.01, 0.25), key=sharpness)
    return round(float(max(np.arange(best - 0.2, best + 0.21, 0.05), key=sharpness)), 2)


def _word(text: str, score: float, box: np.ndarray, scale: float) -> Word:
    """A Word in points from rapidocr's text and score and a box in pixels (quad or x0, y0, x1, y1)."""
    xs, ys = (box[:, 0], box[:, 1]) if box.ndim == 2 else (box[0::2], box[1::2])
    return Word(normalise_digits(text.strip()), float(xs.min()) / scale, float(ys.min()) / scale,
                float(xs.max()) / scale, float(ys.max()) / scale, confidence=float(score))


# Shortest table border found, in points: longer than any stroke of a character in body text
# (a 12 pt character's strokes are under 12 pt), shorter than a table row (~20 pt) or column.
_RULE_MIN_H, _RULE_MIN_V = 30.0, 14.0


def _ink_and_borders(image: np.ndarray, scale: float) -> tuple[np.ndarray, tuple[np.ndarray, np.ndarray]]:
    """The page's ink (Otsu threshold) and its horizontal and vertical table borders: dark runs at
    least _RULE_MIN_H / _RULE_MIN_V long, kept by a morphological opening."""
    _, ink = cv2.threshold(image, 0, 255, cv2.THRESH_BINARY_INV | cv2.THRESH_OTSU)
    masks = []
    for shape in ((max(int(_RULE_MIN_H * scale), 3), 1), (1, max(int(_RULE_MIN_V * scale), 3))):
        masks.append(cv2.morphologyEx(ink, cv2.MORPH_OPEN, cv2.getStructuringElement(cv2.MORPH_RECT, shape)))
    return ink, (masks[0], masks[1])


def _rules(borders: tuple[np.ndarray, np.ndarray], scale: float) -> list[tuple[float, float, float, float]]:
    """Each border as a box 1 pt thick along its centre line, in points."""
    rules = []
    for horizontal, mask in zip((True, False), borders):
        n, _labels, stats, _centroids = cv2.connectedComponentsWithStats(mask)
        for x, y, w, h, _area in stats[1:n]:
            if horizontal:
                mid = (y + h / 2) / scale
                rules.append((x / scale, mid - 0.5, (x + w) / scale, mid + 0.5))
            else:
                mid = (x + w / 2) / scale
                rules.append((mid - 0.5, y / scale, mid + 0.5, (y + h) / scale))
    return rules


_GLYPH_MIN_H, _LINE_MAX_H = 4.0, 24.0  # points: ink shorter is a speck, taller is not one line of text


def _read_skipped_cells(image: np.ndarray, ink: np.ndarray, borders: tuple[np.ndarray, np.ndarray],
                        words: list[Word], scale: float, settings: OcrSettings) -> list[Word]:
    """`words` plus the text of table cells that hold ink but no word. rapidocr's detector passes
    over many lone small glyphs (the "0"s that fill a 表三) or crops them badly (read as "°", "D");
    such a cell's ink is recognised on its own, replacing a stray one-character non-digit word."""
    lines = cv2.dilate(borders[0] | borders[1], np.ones((3, 3), np.uint8))
    n, _labels, stats, _centroids = cv2.connectedComponentsWithStats(255 - lines, connectivity=4)
    page_area = image.shape[0] * image.shape[1]
    crops, boxes, strays = [], [], []
    for x, y, w, h, _area in stats[1:n]:
        if w * h > 0.2 * page_area:  # the page around the tables, not a cell
            continue
        inside = [k for k, wd in enumerate(words)
                  if x <= (wd.x0 + wd.x1) / 2 * scale <= x + w and y <= (wd.y0 + wd.y1) / 2 * scale <= y + h]
        if any(not _stray(words[k].text) for k in inside):
            continue
        ys, xs = np.nonzero(ink[y:y + h, x:x + w] & ~lines[y:y + h, x:x + w])
        if len(ys) == 0 or not _GLYPH_MIN_H * scale <= ys.max() - ys.min() + 1 <= _LINE_MAX_H * scale:
            continue
        x0, x1, y0, y1 = x + xs.min(), x + xs.max() + 1, y + ys.min(), y + ys.max() + 1
        pad = max((y1 - y0) // 2, 2)
        crop = image[max(y0 - pad, 0):y1 + pad, max(x0 - pad, 0):x1 + pad]
        crops.append(cv2.cvtColor(np.ascontiguousarray(crop), cv2.COLOR_GRAY2BGR))
        boxes.append(np.array([x0, y0, x1, y1], dtype=float))
        strays.append(inside)
    if not crops:
        return words
    dropped: set[int] = set()
    read, _elapsed = _engine(settings).text_rec(crops)
    for (text, score, *_), box, inside in zip(read, boxes, strays):
        if text.strip() and score >= settings.text_score:
            words.append(_word(text, score, box, scale))
            dropped.update(inside)
    return [w for k, w in enumerate(words) if k not in dropped]


def _stray(text: str) -> bool:
    """One character that is neither a digit nor CJK: often a misread of a lone digit."""
    return len(text) == 1 and not text.isdigit() and not "\u4e00" <= text <= "\u9fff"


# A word that is a number but for letters OCR confuses with digits: 1O5, 2O2l, l2.
_NUMBER_LIKE = re.compile(r"[0-9OoIl]*[0-9][0-9OoIl]*(?:[.,][0-9OoIl]+)*")
_BETWEEN_DIGITS = re.compile(r"(?<=[0-9])[OoIl]+(?=[0-9])")
_CONFUSED = str.maketrans("OoIl", "0011")


def normalise_digits(text: str) -> str:
    """Fix letters read for digits where that is safe: inside a word that is otherwise a number,
    between two digits in running text, and a lone O (a 0 in its own table cell). Full-width
    digits become ASCII. A letter next to a single digit in text ("第3l" stays) or a lone l / I
    is left alone: no digit is ever made up from a letter that is not surrounded by figures."""
    if text in ("O", "o"):
        return "0"
    folded = unicodedata.normalize("NFKC", text) if any("\uff10" <= c <= "\uff19" for c in text) else text
    if _NUMBER_LIKE.fullmatch(folded):
        return folded.translate(_CONFUSED)
    return _BETWEEN_DIGITS.sub(lambda m: m.group().translate(_CONFUSED), folded)


def _load_image(data: bytes) -> tuple[Image.Image, str, float]:
    """The image in greyscale on white, upright, at most SETTINGS.dpi; its format and resolution."""
    try:
        image = Image.open(io.BytesIO(data))
        fmt = (image.format or "image").lower()
        dpi = _image_dpi(image)
        width = image.width
        shrink = min(SETTINGS.dpi / dpi, SETTINGS.max_side_px / max(image.size))
        if shrink < 1:
            image.draft("L", (int(image.width * shrink), int(image.height * shrink)))  # JPEG decodes smaller
            dpi *= image.width / width
        image = ImageOps.exif_transpose(image)
        if image.mode in ("RGBA", "LA", "PA", "P") or "transparency" in image.info:
            image = Image.alpha_composite(Image.new("RGBA", image.size, "white"), image.convert("RGBA"))
        image = image.convert("L")
    except (UnidentifiedImageError, Image.DecompressionBombError, OSError, ValueError, SyntaxError) as exc:
        raise Unreadable(f"corrupt or unsupported image ({exc})") from exc
    shrink = min(SETTINGS.dpi / dpi, SETTINGS.max_side_px / max(image.size))
    if shrink < 1:
        size = (max(round(image.width * shrink), 1), max(round(image.height * shrink), 1))
        image = image.resize(size, Image.Resampling.LANCZOS)
        dpi *= shrink
    return image, fmt, dpi


def _image_dpi(image: Image.Image) -> float:
    """The resolution the image states; when it states none (or nonsense), that of an A4 page
    scan filling the image, and never below a screen's 96 dpi."""
    stated = image.info.get("dpi")
    try:
        dpi = float(stated[0]) if stated else 0.0
    except (TypeError, ValueError, IndexError):
        dpi = 0.0
    if 50 <= dpi <= 2400:
        return dpi
    return max(96.0, max(image.size) * 72 / 842)

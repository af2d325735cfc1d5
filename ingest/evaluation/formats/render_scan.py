"""A text PDF -> a "scanned" PDF: every page rasterised (pypdfium2, 150 dpi, greyscale), turned by
less than a degree, a little grain added, saved as JPEG (quality 85) and wrapped into an image-only
PDF (img2pdf). The same PDF and seed always give the same scan."""
from __future__ import annotations

import io
import random

import img2pdf
import numpy as np
import pypdfium2 as pdfium
from PIL import Image

DPI = 150
JPEG_QUALITY = 85
MAX_ROTATION_DEG = 0.8
NOISE_SIGMA = 6.0  # grey levels


def pdf_to_scan(pdf: bytes, seed: int = 0) -> bytes:
    rng = random.Random(seed)
    pages = []
    doc = pdfium.PdfDocument(pdf)
    try:
        for page in doc:
            img = page.render(scale=DPI / 72, grayscale=True).to_pil().convert("L")
            pages.append(_scanned(img, rng))
    finally:
        doc.close()
    return img2pdf.convert(pages)


def _scanned(img: Image.Image, rng: random.Random) -> bytes:
    img = img.rotate(rng.uniform(-MAX_ROTATION_DEG, MAX_ROTATION_DEG), resample=Image.BICUBIC, fillcolor=255)
    grain = np.random.default_rng(rng.randrange(2**32)).normal(0.0, NOISE_SIGMA, (img.height, img.width))
    img = Image.fromarray(np.clip(np.asarray(img, dtype=np.float32) + grain, 0, 255).astype(np.uint8), "L")
    buf = io.BytesIO()
    img.save(buf, "JPEG", quality=JPEG_QUALITY, dpi=(DPI, DPI))
    return buf.getvalue()

"""OCR speed against accuracy: labelled reports printed to PDF, "scanned", and read back by OCR.

    .venv/bin/python -m bench.ocr_tuning                 # every setting (~25 min on 2 busy cores)
    .venv/bin/python -m bench.ocr_tuning --only chosen   # one setting
    .venv/bin/python -m bench.ocr_tuning --rss 10        # peak RSS of this process OCRing 10 pages

Results and the choice made from them: docs/formats.md, "Scans (OCR)".

Method: each report in REPORTS (tests/data/real) is rendered by `ingest.evaluation.formats`:
printed to PDF by headless Chromium (WenQuanYi Zen Hei; text lines with " | " cells as bordered
tables), and that PDF "scanned" (150 dpi greyscale, turned < 1 degree, grain, JPEG, image-only).

1. Every setting in SETTINGS OCRs the table pages (the pages that print 表三 or 表四) through
   `ingest.formats.ocr.ocr_pdf_pages`: seconds per page (wall and CPU), and every number printed
   on those pages (read from the PDF's text layer with its position) counted as found when an OCR
   word over its position reads the same digits; OCR numbers are right when they match a printed
   number at their position (precision).
2. The settings in FULL_RUN OCR every page of every report; the words are laid out by
   `ingest.formats.layout` and parsed; a labelled figure is right when the value the warehouse
   keeps for it (`canonical_values`) equals the label, as for the original text or HTML.
"""
from __future__ import annotations

import argparse
import re
import resource
import time
from dataclasses import replace

import pypdfium2

from ingest.document import load_document
from ingest.evaluation.formats import render
from ingest.evaluation.report_sets import items_real
from ingest.evaluation.scoring import CANONICAL_FIELDS, EXTRA_FIELDS, canonical_values, num_equal
from ingest.formats import layout, ocr
from ingest.formats.provenance import TextBuilder
from ingest.parsers.report import parse_report

REPORTS = ("r001.txt", "r003.txt", "r032.html")  # 表三 as a ruled table, a broken table, a real HTML page
TABLE_WORDS = ("本年新收", "结转下年度", "行政复议")


# --------------------------------------------------------------------------- settings measured

UNTUNED = ocr.OcrSettings(dpi=150, det_limit_type="min", det_limit_side_len=736, text_score=0.5,
                          use_cls=True, rec_min_width=320, rec_batch=6, threads=-1)
SETTINGS = {
    "untuned (rapidocr defaults, 150 dpi)": UNTUNED,
    "150dpi det-max1280 no-cls 1-thread, rec 320 wide x6": replace(
        ocr.SETTINGS, dpi=150, det_limit_side_len=1280, rec_min_width=320, rec_batch=6),
    "chosen, rec batches of 6": replace(ocr.SETTINGS, rec_batch=6),
    "100dpi det-max960": replace(ocr.SETTINGS, dpi=100),
    "chosen": ocr.SETTINGS,
    "150dpi det-max960": replace(ocr.SETTINGS, dpi=150),
    "200dpi det-max1600": replace(ocr.SETTINGS, dpi=200, det_limit_side_len=1600),
    "chosen, 2 threads": replace(ocr.SETTINGS, threads=2),
}
FULL_RUN = ("untuned (rapidocr defaults, 150 dpi)", "chosen")
_NUMBER = re.compile(r"\d+(?:\.\d+)?")


def true_numbers(printed: bytes) -> dict[int, tuple[str, list[tuple[str, tuple[float, float]]]]]:
    """Each page's (1-based) text and every number printed on it, with its centre in points."""
    doc = pypdfium2.PdfDocument(printed)
    out: dict[int, list] = {}
    for i in range(len(doc)):
        textpage = doc[i].get_textpage()
        height = doc[i].get_height()
        text = textpage.get_text_range()
        numbers = []
        for m in _NUMBER.finditer(text):
            boxes = [textpage.get_charbox(k) for k in range(m.start(), m.end())]
            x0, x1 = min(b[0] for b in boxes), max(b[2] for b in boxes)
            y0, y1 = min(b[1] for b in boxes), max(b[3] for b in boxes)
            numbers.append((m.group(), ((x0 + x1) / 2, height - (y0 + y1) / 2)))
        out[i + 1] = (text, numbers)
    doc.close()
    return out


def _inside(point: tuple[float, float], word: layout.Word, pad: float = 5.0) -> bool:
    """Is a printed number's centre on an OCR word? `pad` allows for the scan's slight turn."""
    return word.x0 - pad <= point[0] <= word.x1 + pad and word.y0 - pad <= point[1] <= word.y1 + pad


def score_numbers(page: layout.Page, truth: list) -> dict[str, int]:
    """Printed numbers read right (recall) and OCR numbers that are right (precision), with the
    confidence of every OCR number, right or wrong."""
    read = [(m.group(), w) for w in page.words for m in _NUMBER.finditer(w.text)]
    found = sum(any(v == value and _inside(centre, w) for v, w in read) for value, centre in truth)
    right = [any(v == value and _inside(centre, w) for value, centre in truth) for v, w in read]
    return {"true": len(truth), "found": found, "read": len(read), "read_right": sum(right),
            "conf_right": [w.confidence for (_v, w), ok in zip(read, right) if ok],
            "conf_wrong": [w.confidence for (_v, w), ok in zip(read, right) if not ok]}


def labelled_right(data: bytes, file_name: str, labels: dict) -> tuple[int, int]:
    """(labelled figures the warehouse keeps right, labelled figures) for one report's bytes."""
    doc, _ = load_document("bench", file_name, data)
    got = canonical_values(parse_report(doc).figures)
    fields = [f for f in CANONICAL_FIELDS + EXTRA_FIELDS if labels.get(f) is not None]
    return sum(num_equal(labels[f], got.get(f)) for f in fields), len(fields)


def ocr_pages(settings: ocr.OcrSettings, scan: bytes, indices, totals: dict) -> list[layout.Page]:
    """OCR pages of a scan one at a time, adding wall and CPU seconds to `totals`."""
    pdf = pypdfium2.PdfDocument(scan)
    pages = []
    for index in indices:
        wall, cpu = time.perf_counter(), time.process_time()
        pages.append(next(ocr.ocr_pdf_pages(pdf, [index], settings)))
        totals["wall"] += time.perf_counter() - wall
        totals["cpu"] += time.process_time() - cpu
        totals["pages"] += 1
    pdf.close()
    return pages


def measure_numbers(settings: ocr.OcrSettings, reports: dict) -> dict:
    """Speed and number accuracy of one setting on the table pages of every report."""
    ocr._engine(settings)  # the model is loaded once per process, outside the timing
    totals: dict = {"pages": 0, "wall": 0.0, "cpu": 0.0, "true": 0, "found": 0, "read": 0, "read_right": 0,
                    "conf_right": [], "conf_wrong": []}
    for scan, truth, _labels in reports.values():
        table_pages = [n - 1 for n, (text, _numbers) in truth.items() if any(w in text for w in TABLE_WORDS)]
        for page in ocr_pages(settings, scan, table_pages, totals):
            for key, value in score_numbers(page, truth[page.number][1]).items():
                totals[key] += value
    return totals


def measure_labelled(settings: ocr.OcrSettings, reports: dict) -> tuple[int, int, float]:
    """(labelled figures right, labelled figures, seconds per page) over every page of every report."""
    ocr._engine(settings)
    right = total = 0
    timing = {"pages": 0, "wall": 0.0, "cpu": 0.0}
    for scan, truth, labels in reports.values():
        builder = TextBuilder()
        layout.write_pages(ocr_pages(settings, scan, range(len(truth)), timing), builder)
        r, n = labelled_right(builder.text().encode("utf-8"), "ocr.txt", labels)
        right, total = right + r, total + n
    return right, total, timing["wall"] / timing["pages"]


def load_reports() -> dict:
    """{name: (scan, {page: (printed text, printed numbers)}, labels)} of every report in REPORTS."""
    out = {}
    for name, data, labels in items_real():
        if name in REPORTS:
            out[name] = (render(name, data, "scan"), true_numbers(render(name, data, "pdf")), labels)
    return out


def share(part: int, whole: int) -> str:
    return f"{part / whole:.1%} ({part}/{whole})" if whole else "-"


def table_row(label: str, t: dict) -> str:
    low = sum(c < ocr.OCR_MIN_CONFIDENCE for c in t["conf_right"])
    return (f"| {label} | {t['wall'] / t['pages']:.2f} | {t['cpu'] / t['pages']:.2f} | "
            f"{share(t['found'], t['true'])} | {share(t['read_right'], t['read'])} | {low} |")


def confidence_report(t: dict) -> str:
    """How OCR_MIN_CONFIDENCE splits the right and the wrong numbers of one setting."""
    out = []
    for cut in (0.3, 0.5, 0.6, 0.7, 0.8, 0.9):
        out.append(f"  below {cut}: {sum(c < cut for c in t['conf_right'])} of {len(t['conf_right'])} right numbers, "
                   f"{sum(c < cut for c in t['conf_wrong'])} of {len(t['conf_wrong'])} wrong ones")
    return "\n".join(out)


def peak_rss(n_pages: int) -> None:
    """OCR n_pages pages of the scans in this process and print its peak RSS."""
    before = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    done, t0 = 0, time.perf_counter()
    scans = [scan for scan, _truth, _labels in load_reports().values()]
    while done < n_pages:
        for scan in scans:
            pdf = pypdfium2.PdfDocument(scan)
            for _page in ocr.ocr_pdf_pages(pdf, range(min(len(pdf), n_pages - done))):
                done += 1
            pdf.close()
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    print(f"{done} pages OCRed in {time.perf_counter() - t0:.1f} s; peak RSS {peak / 1024:.0f} MB "
          f"(before the first page: {before / 1024:.0f} MB)")


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--only", action="append", help="a setting name (repeatable); default all")
    ap.add_argument("--rss", type=int, metavar="N", help="only measure the peak RSS of OCRing N pages")
    args = ap.parse_args(argv)
    if args.rss:
        peak_rss(args.rss)
        return 0
    reports = load_reports()
    print("Table pages (表三 / 表四) of " + ", ".join(reports))
    print(f"| setting | s/page (wall) | CPU s/page | printed numbers found | OCR numbers right | "
          f"right numbers with confidence < {ocr.OCR_MIN_CONFIDENCE} |")
    print("| --- | --- | --- | --- | --- | --- |")
    chosen = None
    for label, settings in SETTINGS.items():
        if args.only and label not in args.only:
            continue
        totals = measure_numbers(settings, reports)
        print(table_row(label, totals), flush=True)
        if label == "chosen":
            chosen = totals
    if chosen is not None:
        print(f"Confidence of the numbers read at the chosen setting:\n{confidence_report(chosen)}")
    originals = [labelled_right(data, name, labels) for name, data, labels in items_real() if name in REPORTS]
    print(f"\nLabelled figures, every page: originals {sum(r for r, _ in originals)}/{sum(n for _, n in originals)}")
    for label in FULL_RUN:
        if args.only and label not in args.only:
            continue
        right, total, per_page = measure_labelled(SETTINGS[label], reports)
        print(f"  {label}: {right}/{total} right ({per_page:.2f} s/page)", flush=True)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())

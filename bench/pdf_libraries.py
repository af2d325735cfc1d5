"""pypdfium2 against pdfplumber on our tables: speed, and whether the character boxes rebuild 表三.

    .venv/bin/python -m bench.pdf_libraries [--repeat 3]

Labelled reports (text originals and the real HTML page r032) are printed to PDF with headless
Chromium by `ingest.evaluation.formats` (" | " / Markdown table lines as real <table>s, other lines
as <p>; font WenQuanYi Zen Hei; cached under .cache/formats). For each library the script times reading every character with its
box (pages/s, one process), and checks the boxes: do the characters of the 表三 row
"（七）总计" come back on one line, in their table cells, with the cell values of the labels? Then the
chosen reader (`ingest.formats.pdf.read`) is timed end to end (characters, layout, text).
"""
from __future__ import annotations

import argparse
import json
import time
from pathlib import Path

from bench.formats import pdf_pages
from ingest.evaluation.formats import render
from ingest.evaluation.formats.render_pdf import chromium_path

ROOT = Path(__file__).resolve().parents[1]
REAL = ROOT / "tests" / "data" / "real"
SAMPLE = ROOT / "data" / "sample"


def report_pdf(file_name: str) -> bytes:
    """A labelled report of tests/data/real (.txt or .html) or data/sample, printed to PDF (cached)."""
    path = REAL / file_name if (REAL / file_name).exists() else SAMPLE / file_name
    return render(file_name, path.read_bytes(), "pdf")


# --------------------------------------------------------------------------- the comparison

def _chars_pdfium(data: bytes) -> tuple[int, list[list[tuple[str, tuple]]]]:
    import pypdfium2 as pdfium

    pdf = pdfium.PdfDocument(data)
    pages = []
    try:
        for i in range(len(pdf)):
            page = pdf[i]
            tp = page.get_textpage()
            text = tp.get_text_range()
            chars = [(text[k], tp.get_charbox(k, loose=True)) for k in range(min(len(text), tp.count_chars()))]
            tp.close()
            page.close()
            pages.append(chars)
        return len(pdf), pages
    finally:
        pdf.close()


def _chars_plumber(data: bytes) -> tuple[int, list[list[tuple[str, tuple]]]]:
    import io

    import pdfplumber

    pages = []
    with pdfplumber.open(io.BytesIO(data)) as pdf:
        for page in pdf.pages:
            pages.append([(c["text"], (c["x0"], c["top"], c["x1"], c["bottom"])) for c in page.chars])
            page.close()
        return len(pdf.pages), pages


def _table3_total_row(data: bytes, label: dict) -> str:
    """Does the chosen reader give the 表三 总计 row as one table row holding the labelled total?"""
    from ingest.formats.pdf import read

    row = next((ln for ln in read(data).text.splitlines() if "（七）总计" in ln or "(七)总计" in ln), "")
    cells = [c.strip() for c in row.split("|")]
    return f"{len(cells)} cells, total {label.get('outcome_total')} " + ("found" if str(label.get("outcome_total")) in cells else "MISSING")


def compare(files: list[str], repeat: int) -> dict:
    """Pages/s of each library reading every character with its box, and of the chosen reader."""
    from ingest.formats.pdf import read

    labels = {x["file"]: x for x in json.loads((REAL / "labels.json").read_text(encoding="utf-8"))}
    pdfs = [(f, report_pdf(f)) for f in files]
    n_pages = sum(pdf_pages(data) for _f, data in pdfs) * repeat
    results: dict = {"pages": n_pages, "libraries": {}, "files": []}
    for name, fn in (("pypdfium2 chars+boxes", _chars_pdfium), ("pdfplumber chars+boxes", _chars_plumber),
                     ("ingest.formats.pdf.read (chars, layout, text)", read)):
        t0 = time.perf_counter()
        for _ in range(repeat):
            for _f, data in pdfs:
                fn(data)
        secs = time.perf_counter() - t0
        results["libraries"][name] = {"seconds": round(secs, 3), "pages_per_s": round(n_pages / secs, 1)}
    for f, data in pdfs:
        _n, chars = _chars_pdfium(data)
        _n, pchars = _chars_plumber(data)
        results["files"].append({"file": f, "pages": pdf_pages(data), "chars_pypdfium2": sum(len(p) for p in chars),
                                 "chars_pdfplumber": sum(len(p) for p in pchars),
                                 "table3_total_row": _table3_total_row(data, labels.get(f, {}))})
    return results


def figures() -> dict:
    """Canonical figures of every labelled report (real set and the national-format seeds), read from
    its text original and from its PDF: precision and recall against the labels, and the misses."""
    from types import SimpleNamespace

    from ingest.evaluation.scoring import CANONICAL_FIELDS, canonical_values, num_equal
    from ingest.report_rows import parse_one

    items = [(x["file"], REAL / x["file"], x) for x in json.loads((REAL / "labels.json").read_text(encoding="utf-8"))]
    seeds = json.loads((ROOT / "tests" / "data" / "seed_labels.json").read_text(encoding="utf-8"))
    items += [(x["file"], SAMPLE / x["file"], x["expected"]) for x in seeds
              if x["file"].startswith(("002_", "003_"))]
    totals = {kind: {"emitted": 0, "right": 0, "stated": 0} for kind in ("text", "pdf")}
    misses = []
    for name, path, label in items:
        for kind, data in (("text", path.read_bytes()), ("pdf", render(name, path.read_bytes(), "pdf"))):
            res = parse_one((name, path.stem + (".pdf" if kind == "pdf" else path.suffix), data))
            got = canonical_values([SimpleNamespace(**f) for f in res.get("figures", [])])
            t = totals[kind]
            for k in (k for k in CANONICAL_FIELDS if k in label):
                t["emitted"] += got.get(k) is not None
                t["stated"] += label[k] is not None
                right = label[k] is not None and num_equal(label[k], got.get(k))
                t["right"] += right
                if not right and not (label[k] is None and got.get(k) is None):
                    misses.append({"file": name, "from": kind, "field": k, "expected": label[k], "got": got.get(k)})
    for t in totals.values():
        t["precision"] = round(t["right"] / t["emitted"], 4) if t["emitted"] else None
        t["recall"] = round(t["right"] / t["stated"], 4) if t["stated"] else None
    return {"reports": len(items), "totals": totals, "misses": misses}


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--repeat", type=int, default=3)
    ap.add_argument("--files", default="r001.txt,r002.txt,r003.txt,r032.html")
    ap.add_argument("--figures", action="store_true", help="also score every labelled report: PDF vs text original")
    args = ap.parse_args()
    if chromium_path() is None:
        raise SystemExit("chromium is needed to print the reports to PDF (apt-get install chromium)")
    out = {"speed": compare(args.files.split(","), args.repeat)}
    if args.figures:
        out["figures"] = figures()
    print(json.dumps(out, ensure_ascii=False, indent=1))


if __name__ == "__main__":
    main()

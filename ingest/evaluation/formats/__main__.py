"""python -m ingest.evaluation.formats OUT_DIR [--formats pdf,docx,xlsx,scan] [--set real|seeds|all]

Writes OUT_DIR/<format>/<report>.<ext> for every labelled report (rendered files come from the cache)."""
from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path

from ingest.evaluation.formats import CACHE_DIR, FORMATS, rendered_items
from ingest.evaluation.report_sets import items_real, items_seeds

SETS = {"real": items_real, "seeds": items_seeds, "all": lambda: items_real() + items_seeds()}


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description="Render the labelled reports to PDF, DOCX, XLSX and scanned PDF.")
    ap.add_argument("out_dir")
    ap.add_argument("--formats", default="pdf,docx,xlsx,scan", help=f"comma-separated, of {','.join(FORMATS)}")
    ap.add_argument("--set", choices=sorted(SETS), default="all")
    ap.add_argument("--cache", default=str(CACHE_DIR), help="cache of rendered files")
    args = ap.parse_args(argv)
    formats = [f.strip() for f in args.formats.split(",") if f.strip()]
    unknown = sorted(set(formats) - set(FORMATS))
    if unknown:
        ap.error(f"unknown format(s) {', '.join(unknown)}; choose from {', '.join(FORMATS)}")
    items = SETS[args.set]()
    for fmt in formats:
        t = time.perf_counter()
        folder = Path(args.out_dir) / fmt
        folder.mkdir(parents=True, exist_ok=True)
        for name, data, _labels in rendered_items(items, fmt, Path(args.cache)):
            (folder / name).write_bytes(data)
        print(f"{fmt}: {len(items)} files in {folder} ({time.perf_counter() - t:.1f}s)", flush=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())

"""How fast the workbench answers each page on a large warehouse (the target: under 1 s per page).

    python -m bench.app_pages --warehouse FILE            time the pages on an existing warehouse
    python -m bench.app_pages --n 10000 --keep DIR        build DIR/wh/ogi.duckdb from N synthetic reports
                                                          first (reused when it is already there)

Each page is run headless with Streamlit's AppTest (`streamlit.testing.v1`, the whole script: queries,
frames, charts, the page's elements), as a user would open it: Overview; Agency with a search typed
and the agency with the most reports picked; Report on that agency's latest report; Findings with the
default filters; Review on the first finding. "cold" is the first load after a new snapshot (the
query cache emptied), "warm" the same page again (what every later visitor gets until the next run).
The best of --repeat runs is printed, as a Markdown table.
"""
from __future__ import annotations

import argparse
import os
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
os.environ.setdefault("STREAMLIT_LOGGER_LEVEL", "error")  # AppTest outside a server warns on every run


def build(n: int, base: Path) -> Path:
    """DIR/wh/ogi.duckdb from N synthetic reports of bench.corpus (the corpus in DIR/inbox, as bench.run keeps it)."""
    from bench.corpus import corpus_size, generate_corpus
    from ingest.config import snapshot_path
    from tests.conftest import run_pipeline

    inbox, db = base / "inbox", base / "wh" / "ogi.duckdb"
    if not inbox.is_dir() or corpus_size(inbox)[0] != n:
        print(f"generating {n:,} synthetic reports into {inbox}", flush=True)
        generate_corpus(inbox, n, 1, os.cpu_count() or 1)
    if not snapshot_path(db).exists():
        print("running the pipeline (a few minutes per 10,000 reports)", flush=True)
        if not run_pipeline(inbox, db).success:
            raise SystemExit("the pipeline failed: no snapshot to measure")
    return db


def targets(db: Path) -> dict:
    from ingest.warehouse import reader

    con = reader(db)
    try:
        agency_id, agency = con.execute("SELECT agency_id, agency FROM dim_agency ORDER BY n_reports DESC, agency "
                                        "LIMIT 1").fetchone()
        report = con.execute("SELECT report_id FROM fct_reports WHERE agency_id = ? ORDER BY report_year DESC LIMIT 1",
                             [agency_id]).fetchone()[0]
        counts = con.execute("SELECT (SELECT count(*) FROM fct_reports), (SELECT count(*) FROM rpt_report_findings)"
                             ).fetchone()
    finally:
        con.close()
    return {"agency": agency, "search": agency[-6:], "report": report, "reports": counts[0], "findings": counts[1]}


def timed(page: str, t: dict, cold: bool) -> float:
    """Seconds of one run of the page, as a user opens it (the runs that only get there are not counted)."""
    import streamlit as st
    from streamlit.testing.v1 import AppTest

    if cold:
        st.cache_data.clear()
    at = AppTest.from_file(str(ROOT / "app" / "main.py"), default_timeout=300)
    if page != "overview":
        at.run()
        at.switch_page(f"pages/{page}.py")
        if page == "report":
            at.query_params["report"] = t["report"]
        if page == "agency":
            at.run()
            at.text_input(key="agency_search").set_value(t["search"])
    start = time.perf_counter()
    at.run()
    took = time.perf_counter() - start
    if at.exception:
        raise SystemExit(f"{page}: {at.exception[0].value}")
    return took


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--warehouse", help="an existing warehouse (its published snapshot is read)")
    ap.add_argument("--n", type=int, default=10_000, help="synthetic reports, when building (--keep)")
    ap.add_argument("--keep", help="folder for the corpus and warehouse (reused when already built)")
    ap.add_argument("--repeat", type=int, default=3)
    args = ap.parse_args(argv)
    if not args.warehouse and not args.keep:
        ap.error("give --warehouse FILE or --keep DIR")
    sys.path.insert(0, str(ROOT))
    db = Path(args.warehouse).resolve() if args.warehouse else build(args.n, Path(args.keep).resolve())
    os.environ["OGI_WAREHOUSE"] = str(db)
    t = targets(db)
    print(f"warehouse {db}: {t['reports']:,} reports, {t['findings']:,} findings; agency {t['agency']} "
          f"(searched as “{t['search']}”), report {t['report']}", flush=True)
    timed("overview", t, cold=True)  # imports (altair, polars, streamlit's runtime) are not a page's time
    rows = []
    for page in ("overview", "agency", "report", "findings", "review"):
        cold = min(timed(page, t, cold=True) for _ in range(args.repeat))
        warm = min(timed(page, t, cold=False) for _ in range(args.repeat))
        rows.append((page, cold, warm))
        print(f"  {page}: cold {cold:.3f}s, warm {warm:.3f}s", flush=True)
    print(f"\n| page | cold (s) | warm (s) |  — {t['reports']:,} reports, load {os.getloadavg()[0]:.1f}\n|---|---:|---:|")
    for page, cold, warm in rows:
        print(f"| {page} | {cold:.2f} | {warm:.2f} |")
    return 0


if __name__ == "__main__":
    sys.exit(main())

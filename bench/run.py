"""End-to-end benchmark on a synthetic corpus: the real Dagster job, stage by stage, against a floor.

    python -m bench.run --n N [--keep DIR] [--workers W] [--seed S] [--sample K]

1. Generates N synthetic reports (`ingest.evaluation.synthetic`, ground truth not needed here) into an inbox
   (sub-folders of 10,000 files), in parallel. Not timed as part of the pipeline.
2. Floor: reads and decodes every file once (`ingest.decode.decode`, a pool of W processes, the
   files hot in the page cache as the pipeline sees them), plus `SELECT count(*)` over the staged
   figures once the warehouse exists. Every stage is also printed as a multiple of this floor.
3. Parse only: decode + normalise + parse (`ingest.staging.parse_stream`, W worker processes,
   no database) over K files (default min(N, 20,000)): `parse_reports_per_second`.
4. End to end: the project's Definitions with the inbox and warehouse resources pointed at the
   bench folder, job `refresh_warehouse` run with `execute_in_process` (as tests/conftest.py does).
   Stage times come from two sources, both in the results:
   * the run's step events (STEP_START -> STEP_SUCCESS/FAILURE of each op): inventory (raw_files),
     staging (staging_tables), dbt build (dbt_models, which includes the dbt tests), quality
     checks (the GX asset checks), publish (warehouse_snapshot);
   * timing the ingest functions directly inside the staging step (they run in this process):
     `ingest.staging._write_batch` is wrapped, so "load to DuckDB" is the time spent writing
     batches; the rest of the staging step is the parse critical path (workers parse while the
     main process writes). That parse time is split into decode+normalise and parse in the
     proportions measured on a single-process sample of the corpus (an estimate, marked so).
5. Incremental: 10 new files are added to the inbox and the job runs again; then a no-op run.

Peak memory: the resident set of this process and all its descendants (parser workers, dbt),
summed, sampled from /proc every 0.2 s; plus getrusage's ru_maxrss for self and for children
(the largest single process, not a sum).

Results: bench/results/<timestamp>.json and .md. Timings on a shared machine are noisy.

This module is the command line; the work is in bench/corpus.py (1), bench/measure.py (2, 3 and the
memory sampler), bench/pipeline.py (4, 5) and bench/report.py (the result files).
"""
from __future__ import annotations

import argparse
import os
import platform
import resource
import shutil
import sys
import tempfile
import time
from datetime import datetime, timezone
from pathlib import Path

from bench.corpus import corpus_files, corpus_size, generate_corpus, sample_paths
from bench.measure import MemorySampler, floor_read_decode, parse_only, split_sample
from bench.pipeline import build_defs, database_bytes, dbt_timings, run_job, warehouse_counts
from bench.report import write_results

ROOT = Path(__file__).resolve().parents[1]
RESULTS = ROOT / "bench" / "results"


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--n", type=int, default=1000)
    ap.add_argument("--seed", type=int, default=1)
    ap.add_argument("--workers", type=int, default=0, help="parser processes (default: OGI_WORKERS or cores)")
    ap.add_argument("--sample", type=int, default=20_000, help="reports in the parse-only measurement")
    ap.add_argument("--keep", help="folder for the corpus and warehouse, kept afterwards (a corpus there is reused)")
    ap.add_argument("--out", default=str(RESULTS))
    ap.add_argument("--ingest-only", action="store_true",
                    help="run only the raw and staging assets (inventory, parse, load): no dbt, checks, publish, "
                         "incremental or no-op run")
    ap.add_argument("--formats", nargs="?", const="text,html,pdf,scan", metavar="text,html,pdf,scan,...",
                    help="instead: parsing speed per input format on N files rendered from the labelled reports "
                         "(bench/formats.py)")
    args = ap.parse_args(argv)

    workers = args.workers or int(os.environ.get("OGI_WORKERS", 0)) or os.cpu_count() or 1
    if args.formats:
        from bench.formats import run_formats
        return run_formats(args.formats, args.n, workers, args.out)
    os.environ["OGI_WORKERS"] = str(workers)
    base = Path(args.keep).resolve() if args.keep else Path(tempfile.mkdtemp(prefix="ogi_bench_"))
    inbox, db = base / "inbox", base / "wh" / "ogi.duckdb"
    stamp = datetime.now(timezone.utc).strftime("%Y%m%dT%H%M%SZ")
    res: dict = {"timestamp": stamp, "workers": workers, "seed": args.seed, "workdir": str(base)}
    res["machine"] = {"cpus": os.cpu_count(), "python": platform.python_version(),
                      "mem_gb": round(os.sysconf("SC_PAGE_SIZE") * os.sysconf("SC_PHYS_PAGES") / 2**30, 1),
                      "loadavg_before": [round(x, 2) for x in os.getloadavg()]}
    try:
        # 1. corpus
        shutil.rmtree(inbox / "incremental", ignore_errors=True)  # left by an interrupted run
        have = corpus_size(inbox)[0] if inbox.is_dir() else 0
        if have != args.n:
            if inbox.exists():
                shutil.rmtree(inbox)
            if db.parent.exists():
                shutil.rmtree(db.parent)
            print(f"generating {args.n:,} synthetic reports into {inbox}", flush=True)
            t = time.perf_counter()
            generate_corpus(inbox, args.n, args.seed, workers)
            res["generate_seconds"] = round(time.perf_counter() - t, 1)
        elif db.parent.exists():
            shutil.rmtree(db.parent)  # a reused corpus, a fresh warehouse
        n, size = corpus_size(inbox)
        res["n_reports"], res["corpus_bytes"] = n, size
        print(f"corpus: {n:,} files, {size / 1e6:,.1f} MB", flush=True)

        # 2. floor (read + decode), 3. parse only
        res["floor_read_decode_seconds"] = round(floor_read_decode(inbox, workers), 3)
        print(f"floor read+decode: {res['floor_read_decode_seconds']:.1f}s", flush=True)
        sample = sample_paths(inbox, min(n, args.sample))
        res["parse_only"] = parse_only(sample, workers)
        res["parse_reports_per_second"] = res["parse_only"]["reports_per_second"]
        print(f"parse only: {res['parse_only']}", flush=True)
        res["split_sample"] = split_sample(sample[: min(len(sample), 1000)])

        # 4. end to end
        defs = build_defs(inbox, db)
        print("end-to-end run (Dagster job refresh_warehouse)...", flush=True)
        with MemorySampler() as mem:
            e2e = run_job(defs, "ingest only" if args.ingest_only else "end to end", ingest_only=args.ingest_only)
        res["ingest_only"] = args.ingest_only
        res["end_to_end"] = e2e
        e2e["dbt"] = None if args.ingest_only else dbt_timings(db)
        res["peak_rss_bytes"] = mem.peak
        res["ru_maxrss_self_bytes"] = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss * 1024
        res["ru_maxrss_children_bytes"] = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss * 1024
        counts = warehouse_counts(db)
        res["floor_count_seconds"] = round(counts.pop("count_figures_s"), 4)
        res["counts"] = counts
        res["floor_seconds"] = round(res["floor_read_decode_seconds"] + res["floor_count_seconds"], 3)
        res["warehouse_bytes"] = database_bytes(db)
        snap = db.with_name(db.stem + ".snapshot" + db.suffix)
        res["snapshot_bytes"] = database_bytes(snap)
        res["raw_store_bytes"] = sum(f.stat().st_size for f in db.with_name(db.name + ".raw").glob("*"))

        st = e2e["stages_s"]
        staging = st.get("staging", e2e["update_staging_s"])
        load = e2e["write_batches_s"]
        parse_path = max(0.0, e2e["update_staging_s"] - load)
        share = res["split_sample"]["share_decode_normalise"]
        parsed = (counts.get("staging.stg_reports") or 0) + (counts.get("staging.quarantined_files") or 0)
        res["pipeline_parse_reports_per_second"] = round(parsed / parse_path, 1) if parse_path else None
        stages = {
            "inventory": st.get("inventory"),
            "decode_normalise": round(parse_path * share, 3),
            "parse": round(parse_path * (1 - share), 3),
            "load_duckdb": round(load, 3),
            "staging_step": staging,
            "dbt_build": st.get("dbt_build"),
            "quality_checks": st.get("quality_checks"),
            "publish": st.get("publish"),
        }
        accounted = sum(v for k, v in stages.items() if v and k in ("inventory", "staging_step", "dbt_build",
                                                                     "quality_checks", "publish"))
        stages["run_overhead"] = round(max(0.0, e2e["wall_s"] - accounted), 3)
        stages["end_to_end"] = e2e["wall_s"]
        res["stages"] = stages
        res["end_to_end_seconds"] = e2e["wall_s"]

        # 5. incremental and no-op
        if args.ingest_only:
            res["incremental_seconds"] = res["noop_seconds"] = None
            return write_results(res, args.out, stamp)
        generate_corpus(inbox / "incremental", 10, args.seed + 1000, 1)
        res["incremental"] = run_job(defs, "incremental (+10 files)")
        res["incremental"]["dbt"] = dbt_timings(db)
        res["incremental_seconds"] = res["incremental"]["wall_s"]
        res["noop"] = run_job(defs, "no-op")
        res["noop_seconds"] = res["noop"]["wall_s"]
        res["counts_after_incremental"] = {k: v for k, v in warehouse_counts(db).items() if k != "count_figures_s"}
        for p in corpus_files(inbox / "incremental"):
            os.unlink(p)  # a kept corpus stays at N files
        shutil.rmtree(inbox / "incremental", ignore_errors=True)
    finally:
        res["machine"]["loadavg_after"] = [round(x, 2) for x in os.getloadavg()]
        if not args.keep:
            shutil.rmtree(base, ignore_errors=True)
    return write_results(res, args.out, stamp)


if __name__ == "__main__":
    sys.exit(main())

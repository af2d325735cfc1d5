"""End-to-end benchmark on a synthetic corpus: the real Dagster job, stage by stage, against a floor.

    python -m bench.run --n N [--keep DIR] [--workers W] [--seed S] [--sample K]

1. Generates N synthetic reports (`ingest.synthetic`, ground truth not needed here) into an inbox
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
"""
from __future__ import annotations

import argparse
import json
import multiprocessing as mp
import os
import platform
import resource
import shutil
import sys
import tempfile
import threading
import time
from contextlib import contextmanager
from datetime import datetime, timezone
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
RESULTS = ROOT / "bench" / "results"
FILES_PER_DIR = 10_000


# --------------------------------------------------------------------------- memory sampling


def _rss_bytes(pid: int) -> int:
    try:
        with open(f"/proc/{pid}/statm") as fh:
            return int(fh.read().split()[1]) * os.sysconf("SC_PAGE_SIZE")
    except (OSError, ValueError, IndexError):
        return 0


def _descendants(pid: int) -> list[int]:
    out, stack = [], [pid]
    while stack:
        p = stack.pop()
        try:
            tids = os.listdir(f"/proc/{p}/task")
        except OSError:
            continue
        for tid in tids:
            try:
                with open(f"/proc/{p}/task/{tid}/children") as fh:
                    kids = [int(x) for x in fh.read().split()]
            except OSError:
                continue
            out.extend(kids)
            stack.extend(kids)
    return out


class MemorySampler:
    """Peak of the summed RSS of this process and its descendants, sampled in a thread."""

    def __init__(self, interval: float = 0.2):
        self.interval = interval
        self.peak = 0
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, daemon=True)

    def _run(self):
        me = os.getpid()
        while not self._stop.is_set():
            total = _rss_bytes(me) + sum(_rss_bytes(p) for p in _descendants(me))
            self.peak = max(self.peak, total)
            self._stop.wait(self.interval)

    def __enter__(self):
        self._thread.start()
        return self

    def __exit__(self, *exc):
        self._stop.set()
        self._thread.join()


# --------------------------------------------------------------------------- corpus


def _write_chunk(args) -> tuple[int, int]:
    from ingest.synthetic import _one

    inbox, start, stop, seed = args
    n = size = 0
    for i in range(start, stop):
        rep = _one(i, seed)
        folder = Path(inbox) / f"d{i // FILES_PER_DIR:04d}"
        folder.mkdir(parents=True, exist_ok=True)
        (folder / rep.file_name).write_bytes(rep.content)
        n += 1
        size += len(rep.content)
    return n, size


def generate_corpus(inbox: Path, n: int, seed: int, workers: int, first: int = 0) -> tuple[int, int]:
    """Reports first..first+n-1 of `seed` into `inbox`; returns (files, bytes)."""
    from ingest.synthetic import _divisions

    _divisions()  # load the place table once, before forking
    step = 500
    tasks = [(str(inbox), s, min(s + step, first + n), seed) for s in range(first, first + n, step)]
    files = size = 0
    with mp.get_context("fork").Pool(workers) as pool:
        for k, (nf, nb) in enumerate(pool.imap_unordered(_write_chunk, tasks)):
            files += nf
            size += nb
            if (k + 1) % 40 == 0:
                print(f"  generated {files}/{n}", flush=True)
    return files, size


def corpus_files(inbox: Path):
    for entry in sorted(os.scandir(inbox), key=lambda e: e.name):
        if entry.is_dir():
            for f in os.scandir(entry.path):
                yield f.path


def corpus_size(inbox: Path) -> tuple[int, int]:
    n = size = 0
    for p in corpus_files(inbox):
        n += 1
        size += os.stat(p).st_size
    return n, size


# --------------------------------------------------------------------------- floor and parse only


def _read_decode(paths: list[str]) -> int:
    from ingest.decode import Unreadable, decode

    chars = 0
    for p in paths:
        with open(p, "rb") as fh:
            data = fh.read()
        try:
            chars += len(decode(data).text)
        except Unreadable:
            pass
    return chars


def _chunks(it, size: int):
    buf = []
    for x in it:
        buf.append(x)
        if len(buf) >= size:
            yield buf
            buf = []
    if buf:
        yield buf


def floor_read_decode(inbox: Path, workers: int) -> float:
    t = time.perf_counter()
    with mp.get_context("fork").Pool(workers) as pool:
        for _ in pool.imap_unordered(_read_decode, _chunks(corpus_files(inbox), 500)):
            pass
    return time.perf_counter() - t


def _sample_paths(inbox: Path, k: int) -> list[str]:
    out = []
    for p in corpus_files(inbox):
        out.append(p)
        if len(out) >= k:
            break
    return out


def parse_only(paths: list[str], workers: int) -> dict:
    """decode + normalise + parse of `paths` on `workers` processes, no database (the rows are built
    into DataFrames in the workers, as in the pipeline)."""
    from ingest.report_rows import warm_up
    from ingest.staging import parse_stream

    warm_up()  # OpenCC, place names, fold tables: once per process, before the pool forks (not timed)

    def items():
        for p in paths:
            with open(p, "rb") as fh:
                yield ("x" * 16, os.path.basename(p), fh.read())

    t = time.perf_counter()
    n = quarantined = figures = 0
    for chunk in parse_stream(items(), workers):
        n += len(chunk.report_ids)
        quarantined += len(chunk.quarantined)
        figures += chunk.figures.height
    dt = time.perf_counter() - t
    return {"reports": n, "workers": workers, "seconds": round(dt, 3), "reports_per_second": round(n / dt, 1),
            "quarantined": quarantined, "figures": figures}


def split_sample(paths: list[str]) -> dict:
    """Single process: seconds in decode+normalise (load_document), parsing (parse_report) and
    building the staging rows, over a sample; used to split the pipeline's parse time."""
    from ingest.document import load_document
    from ingest.parsers.report import parse_report
    from ingest.report_rows import parse_one, warm_up

    warm_up()
    load = parse = rows = 0.0
    for p in paths:
        with open(p, "rb") as fh:
            data = fh.read()
        name = os.path.basename(p)
        t0 = time.perf_counter()
        try:
            doc, _ = load_document("x" * 16, name, data)
        except Exception:
            continue
        t1 = time.perf_counter()
        parse_report(doc)
        t2 = time.perf_counter()
        parse_one(("x" * 16, name, data))
        t3 = time.perf_counter()
        load += t1 - t0
        parse += t2 - t1
        rows += max(0.0, (t3 - t2) - (t2 - t0))  # parse_one = load + parse + rows
    total = load + parse + rows
    return {"reports": len(paths), "decode_normalise_s": round(load, 3), "parse_s": round(parse, 3),
            "rows_s": round(rows, 3), "share_decode_normalise": load / total if total else 0.5,
            "single_process_reports_per_second": round(len(paths) / total, 1) if total else None}


# --------------------------------------------------------------------------- the pipeline


def build_defs(inbox: Path, db: Path):
    """The project's Definitions, resources pointed at the bench inbox and warehouse."""
    from orchestration.definitions import definitions_for

    return definitions_for(inbox, db)


class _Timers:
    """Wraps ingest functions used inside the staging step to time them directly."""

    def __init__(self):
        self.write_s = 0.0
        self.write_batches = 0
        self.update_staging_s = 0.0

    @contextmanager
    def installed(self):
        import ingest.staging as st
        import orchestration.assets.staging as ast

        orig_write, orig_update = st._write_batch, ast.update_staging

        def write(*a, **k):
            t = time.perf_counter()
            try:
                return orig_write(*a, **k)
            finally:
                self.write_s += time.perf_counter() - t
                self.write_batches += 1

        def update(*a, **k):
            t = time.perf_counter()
            try:
                return orig_update(*a, **k)
            finally:
                self.update_staging_s += time.perf_counter() - t

        st._write_batch, ast.update_staging = write, update
        try:
            yield self
        finally:
            st._write_batch, ast.update_staging = orig_write, orig_update


def step_stage(step_key: str) -> str:
    """The bench stage of a Dagster step (op) of refresh_warehouse."""
    if "raw_files" in step_key:
        return "inventory"
    if step_key == "staging_tables":
        return "staging"
    if "dbt" in step_key:
        return "dbt_build"
    if "snapshot" in step_key or step_key.startswith("publish"):
        return "publish"
    return "quality_checks"  # the GX suites and any other asset check op


def run_job(defs, log_name: str, ingest_only: bool = False) -> dict:
    import dagster as dg

    from orchestration.partitions import ALL_SHARDS

    job = defs.resolve_job_def("refresh_warehouse")
    if ingest_only:  # the raw and staging assets (and the check on them) only
        keys = {key for key in job.asset_layer.asset_graph.get_all_asset_keys() if key.path[0] in ("raw", "staging")}
        job = job.get_subset(asset_selection=keys)
    instance = dg.DagsterInstance.ephemeral()
    timers = _Timers()
    t = time.perf_counter()
    with timers.installed():
        result = job.execute_in_process(instance=instance, raise_on_error=False, tags=ALL_SHARDS)
    wall = time.perf_counter() - t
    starts, steps = {}, {}
    for entry in instance.all_logs(result.run_id):
        ev = entry.dagster_event
        if ev is None or not entry.step_key:
            continue
        kind = ev.event_type_value
        if kind == "STEP_START":
            starts[entry.step_key] = entry.timestamp
        elif kind in ("STEP_SUCCESS", "STEP_FAILURE") and entry.step_key in starts:
            steps[entry.step_key] = round(entry.timestamp - starts[entry.step_key], 3)
    stages: dict[str, float] = {}
    for key, sec in steps.items():
        stage = step_stage(key)
        stages[stage] = round(stages.get(stage, 0.0) + sec, 3)
    checks = []
    for ev in result.all_events:
        if ev.event_type_value == "ASSET_CHECK_EVALUATION":
            data = ev.event_specific_data
            checks.append({"check": data.check_name, "passed": bool(data.passed)})
    failed_steps = [e.step_key for e in result.all_events if e.event_type_value == "STEP_FAILURE"]
    print(f"  {log_name}: {wall:.1f}s, success={result.success}, steps={steps}", flush=True)
    return {
        "wall_s": round(wall, 3), "success": bool(result.success), "steps_s": steps, "stages_s": stages,
        "write_batches_s": round(timers.write_s, 3), "write_batches": timers.write_batches,
        "update_staging_s": round(timers.update_staging_s, 3),
        "checks": checks, "failed_steps": failed_steps,
    }


def dbt_timings(db: Path) -> dict | None:
    """Where the dbt step's time went, from the run_results.json dbt left in the warehouse's target
    folder (orchestration/assets/dbt.py): dbt's own elapsed time, models vs tests, the slowest nodes."""
    path = db.parent / "dbt_target" / "run_results.json"
    if not path.exists():
        return None
    res = json.loads(path.read_text(encoding="utf-8"))
    nodes = [(r["unique_id"].split(".")[0], r["unique_id"].split(".")[-1] if r["unique_id"].startswith("model.")
              else r["unique_id"].split(".")[2], r.get("execution_time") or 0.0) for r in res.get("results", [])]
    return {
        "elapsed_s": round(res.get("elapsed_time") or 0.0, 3),
        "models_s": round(sum(t for kind, _, t in nodes if kind == "model"), 3),
        "tests_s": round(sum(t for kind, _, t in nodes if kind == "test"), 3),
        "n_tests": sum(1 for kind, _, _ in nodes if kind == "test"),
        "slowest": [[name, round(t, 2)] for _, name, t in sorted(nodes, key=lambda n: -n[2])[:5]],
    }


def warehouse_counts(db: Path) -> dict:
    import duckdb

    con = duckdb.connect(str(db), read_only=True)
    try:
        out = {}
        for table in ("raw.raw_files", "staging.stg_reports", "staging.stg_sections", "staging.stg_figures",
                      "staging.quarantined_files", "marts.fct_reports"):
            try:
                out[table] = con.execute(f"SELECT count(*) FROM {table}").fetchone()[0]
            except Exception:
                out[table] = None
        t = time.perf_counter()
        con.execute("SELECT count(*) FROM staging.stg_figures").fetchone()
        out["count_figures_s"] = time.perf_counter() - t
        return out
    finally:
        con.close()


def _size(p: Path) -> int:
    total = 0
    for q in (p, p.with_name(p.name + ".wal")):
        if q.exists():
            total += q.stat().st_size
    return total


# --------------------------------------------------------------------------- report


def _fmt_s(s: float | None) -> str:
    return "" if s is None else f"{s:,.1f}"


def markdown(res: dict) -> str:
    n, mb = res["n_reports"], res["corpus_bytes"] / 1e6
    floor = res["floor_seconds"]
    lines = [
        f"# Benchmark {res['timestamp']}: N = {n:,} reports",
        "",
        f"Machine: {res['machine']['cpus']} cores, {res['machine']['mem_gb']} GB RAM, Python {res['machine']['python']}; "
        f"load average before the run {res['machine']['loadavg_before']}, after {res['machine']['loadavg_after']} "
        "(other work on the machine makes these timings noisy).",
        f"Corpus: {n:,} files, {mb:,.1f} MB. Workers: {res['workers']}. Pipeline run success: {res['end_to_end']['success']}.",
        "",
        "Stage times come from the Dagster run's step events (inventory, staging, dbt build, quality checks, "
        "publish) and, inside the staging step, from timing `ingest.staging._write_batch` directly (load to DuckDB); "
        "the rest of the staging step is the parse critical path, split into decode+normalise and parse in the "
        "proportions of a single-process sample (estimate, marked *).",
        "",
        "| stage | seconds | reports/s | MB/s | × floor |",
        "| --- | ---: | ---: | ---: | ---: |",
    ]
    for name, label in (("inventory", "inventory (walk, read, hash, store bytes)"),
                        ("decode_normalise", "decode + normalise *"),
                        ("parse", "parse *"),
                        ("load_duckdb", "load to DuckDB (staging batches)"),
                        ("dbt_build", "dbt build (models + dbt tests)"),
                        ("quality_checks", "quality checks (GX suites)"),
                        ("publish", "publish snapshot"),
                        ("run_overhead", "Dagster run overhead (rest of the wall time)"),
                        ("end_to_end", "**end to end**")):
        s = res["stages"].get(name)
        if s is None:
            continue
        rate = n / s if s else None
        lines.append(f"| {label} | {_fmt_s(s)} | {rate:,.0f} | {mb / s:,.1f} | {s / floor:,.1f} |" if s
                     else f"| {label} | {_fmt_s(s)} | | | |")
    po = res["parse_only"]
    lines += [
        "",
        f"* Floor: read + decode every file once ({res['workers']} processes) {res['floor_read_decode_seconds']:.1f}s "
        f"+ `SELECT count(*)` over stg_figures {res['floor_count_seconds']:.3f}s = **{floor:.1f}s**.",
        f"* Parse only (decode + normalise + parse, {po['workers']} processes, no database, {po['reports']:,} reports): "
        f"**{po['reports_per_second']:,.0f} reports/s** wall; "
        f"in the pipeline (parse critical path of the staging step): "
        f"{res['pipeline_parse_reports_per_second']:,.0f} reports/s (workers keep parsing while the main process "
        "writes, so when loading dominates this overstates the parse rate: trust the parse-only figure).",
        f"* Single-process split sample ({res['split_sample']['reports']} reports): "
        f"{res['split_sample']['single_process_reports_per_second']} reports/s on one core; "
        f"decode+normalise share {res['split_sample']['share_decode_normalise']:.0%}.",
        f"* Peak resident memory, this process + descendants summed: **{res['peak_rss_bytes'] / 2**30:.2f} GiB** "
        f"({res['peak_rss_bytes'] / 1e9:.2f} × 10⁹ bytes); "
        f"ru_maxrss self {res['ru_maxrss_self_bytes'] / 2**20:,.0f} MiB, largest child {res['ru_maxrss_children_bytes'] / 2**20:,.0f} MiB.",
        f"* Warehouse on disk: {res['warehouse_bytes'] / 2**20:,.1f} MiB (+ snapshot {res['snapshot_bytes'] / 2**20:,.1f} MiB, "
        f"+ raw store of the files' bytes {res.get('raw_store_bytes', 0) / 2**20:,.1f} MiB).",
    ]
    for label, run in (("end to end", res["end_to_end"]), ("incremental", res.get("incremental") or {})):
        dbt = run.get("dbt")
        if dbt:
            lines.append(
                f"* dbt in the {label} run: {dbt['elapsed_s']:.1f}s inside dbt (of the step's "
                f"{run['stages_s'].get('dbt_build', 0):.1f}s; the rest is starting dbt and Dagster's handling of its "
                f"events): models {dbt['models_s']:.1f}s, {dbt['n_tests']} tests {dbt['tests_s']:.1f}s; slowest: "
                + ", ".join(f"{name} {t}s" for name, t in dbt["slowest"]) + ".")
    if res.get("ingest_only"):
        lines.append("* **Ingest only** (`--ingest-only`): the raw and staging assets of the job; dbt, the mart checks, "
                     "the publish, the incremental and the no-op runs were not run.")
    else:
        lines += [
            f"* Incremental run, 10 new files added: **{res['incremental_seconds']:.1f}s** "
            f"(steps: {res['incremental']['steps_s']}).",
            f"* No-op run, nothing new: **{res['noop_seconds']:.1f}s** (steps: {res['noop']['steps_s']}).",
        ]
    lines += [
        f"* Rows: {res['counts']}.",
        "",
        "Targets (2 cores): parse ≥ 2,000 reports/s; N=100,000 end to end ≤ 180 s; N=1,000,000 ≤ 1,800 s with peak RSS ≤ 8 GB; "
        "incremental (10 new on 100k) ≤ 20 s; no-op ≤ 10 s.",
    ]
    return "\n".join(lines) + "\n"


# --------------------------------------------------------------------------- main


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
    args = ap.parse_args(argv)

    workers = args.workers or int(os.environ.get("OGI_WORKERS", 0)) or os.cpu_count() or 1
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
        sample = _sample_paths(inbox, min(n, args.sample))
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
        res["warehouse_bytes"] = _size(db)
        snap = db.with_name(db.stem + ".snapshot" + db.suffix)
        res["snapshot_bytes"] = _size(snap)
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
            return _write_results(res, args.out, stamp)
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
    return _write_results(res, args.out, stamp)


def _write_results(res: dict, out: str, stamp: str) -> int:
    res["machine"].setdefault("loadavg_after", [round(x, 2) for x in os.getloadavg()])
    out = Path(out)
    out.mkdir(parents=True, exist_ok=True)
    (out / f"{stamp}.json").write_text(json.dumps(res, indent=2, ensure_ascii=False, default=str) + "\n")
    md = markdown(res)
    (out / f"{stamp}.md").write_text(md, encoding="utf-8")
    print(md)
    print(f"results: {out / stamp}.json and .md")
    return 0


if __name__ == "__main__":
    sys.exit(main())

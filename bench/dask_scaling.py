"""Parsing on a Dask cluster against the local pool, per worker count:
`python -m bench.dask_scaling --inbox DIR --n 4000 [--workers 1,2] [--out bench/results]`.

- corpus: the first N files under DIR (recursive, sorted by path), read into memory before any
  timing; report ids are the first 16 hex digits of the content's sha256, as in the pipeline.
- dask: for each worker count k, a `distributed.LocalCluster(n_workers=k, threads_per_worker=1,
  processes=True)` on this machine and `ingest.staging.parse_stream` with OGI_DASK_SCHEDULER set
  to its address: the same client code a remote cluster gets (ingest/dask_parse.py), bytes sent with
  the tasks, chunks back in order, 4 chunks in flight per worker thread.
- local: the same files through `parse_stream(items, workers=k)` without OGI_DASK_SCHEDULER (k = 1
  parses in this process; k >= 2 starts the forkserver pool).
- warm-up: each run starts with k chunks of a tiny text (CHUNK_REPORTS copies each); the clock starts
  when those are back, so cluster start, client connection, the parser-version check, the workers'
  warm-up and the local pool's start are not counted (they are reported apart as `setup_s`).
  The next chunks may already be on their way when the clock starts: a head start of at most one
  chunk per worker.
- figures and quarantined counts of both paths are compared: they must be equal.

Results: bench/results/<stamp>_dask.json and .md. The machine's load is recorded: with 2 cores, the
client, the scheduler and k worker processes share them.
"""
from __future__ import annotations

import argparse
import hashlib
import os
import platform
import time
from contextlib import contextmanager
from datetime import datetime, timezone
from pathlib import Path

from bench.corpus import sample_paths
from bench.report import write_files
from ingest import staging

WARM_TEXT = "青岛市城阳区人民政府2017年政府信息公开工作年度报告".encode()


def read_corpus(inbox: Path, n: int) -> list[tuple[str, str, bytes]]:
    """The first `n` files of the corpus (bench.corpus order), as the staging step's items."""
    items = []
    for path in map(Path, sample_paths(inbox, n)):
        data = path.read_bytes()
        items.append((hashlib.sha256(data).hexdigest()[:16], str(path.relative_to(inbox)), data))
    return items


@contextmanager
def scheduler_env(address: str | None):
    saved = os.environ.pop("OGI_DASK_SCHEDULER", None)
    if address:
        os.environ["OGI_DASK_SCHEDULER"] = address
    try:
        yield
    finally:
        os.environ.pop("OGI_DASK_SCHEDULER", None)
        if saved is not None:
            os.environ["OGI_DASK_SCHEDULER"] = saved


def timed_stream(items: list[tuple[str, str, bytes]], k: int, address: str | None) -> dict:
    """parse_stream over warm-up chunks + items; the clock starts when the k warm-up chunks are back."""
    warm = [(f"warm{i:012x}", "warm.txt", WARM_TEXT) for i in range(k * staging.CHUNK_REPORTS)]
    n = quarantined = figures = 0
    with scheduler_env(address):
        t0 = time.perf_counter()
        t = None
        for no, chunk in enumerate(staging.parse_stream(iter(warm + items), workers=k)):
            if no < k:
                t = time.perf_counter()
                continue
            n += len(chunk.report_ids)
            quarantined += len(chunk.quarantined)
            figures += chunk.figures.height
        end = time.perf_counter()
    secs = end - t
    return {"reports": n, "quarantined": quarantined, "figures": figures, "setup_s": round(t - t0, 3),
            "parse_s": round(secs, 3), "reports_per_second": round(n / secs, 1)}


def run(inbox: Path, n: int, worker_counts: list[int], out: Path) -> dict:
    from distributed import LocalCluster

    stamp = datetime.now(timezone.utc).strftime("%Y%m%dT%H%M%SZ")
    t = time.perf_counter()
    items = read_corpus(inbox, n)
    print(f"read {len(items):,} files ({sum(len(i[2]) for i in items) / 1e6:,.1f} MB) from {inbox} "
          f"in {time.perf_counter() - t:.1f}s", flush=True)
    res: dict = {"timestamp": stamp, "mode": "dask", "inbox": str(inbox), "n_files": len(items),
                 "corpus_bytes": sum(len(i[2]) for i in items), "chunk_reports": staging.CHUNK_REPORTS,
                 "chunks_in_flight_per_thread": staging.CHUNKS_IN_FLIGHT, "runs": {},
                 "machine": {"cpus": os.cpu_count(), "python": platform.python_version(),
                             "loadavg_before": [round(x, 2) for x in os.getloadavg()]}}
    import dask
    import distributed

    res["versions"] = {"dask": dask.__version__, "distributed": distributed.__version__}
    for k in worker_counts:
        t = time.perf_counter()
        with LocalCluster(n_workers=k, threads_per_worker=1, processes=True, host="127.0.0.1",
                          dashboard_address="127.0.0.1:0") as cluster:
            cluster_start = time.perf_counter() - t
            d = timed_stream(items, k, cluster.scheduler_address)
        d["cluster_start_s"] = round(cluster_start, 3)
        print(f"dask  k={k}: {d['reports_per_second']:,.1f} reports/s ({d['parse_s']:.1f}s; cluster start "
              f"{cluster_start:.1f}s, client + check + warm-up {d['setup_s']:.1f}s)", flush=True)
        loc = timed_stream(items, k, None)
        print(f"local k={k}: {loc['reports_per_second']:,.1f} reports/s ({loc['parse_s']:.1f}s; "
              f"{'in-process' if k == 1 else 'pool start'} {loc['setup_s']:.1f}s)", flush=True)
        same = (d["reports"], d["figures"], d["quarantined"]) == (loc["reports"], loc["figures"], loc["quarantined"])
        res["runs"][str(k)] = {"dask": d, "local": loc, "same_output_counts": same}
    base = res["runs"].get(str(worker_counts[0]))
    for k, r in res["runs"].items():
        for mode in ("dask", "local"):
            r[mode]["scaling_vs_first"] = round(r[mode]["reports_per_second"] / base[mode]["reports_per_second"], 2)
        r["dask_vs_local"] = round(r["dask"]["reports_per_second"] / r["local"]["reports_per_second"], 2)
    res["machine"]["loadavg_after"] = [round(x, 2) for x in os.getloadavg()]
    write_files(res, markdown(res), out, f"{stamp}_dask")
    return res


def markdown(res: dict) -> str:
    m = res["machine"]
    first = next(iter(res["runs"]))
    lines = [
        f"# Benchmark {res['timestamp']}: parsing on a Dask cluster, {res['n_files']:,} files",
        "",
        f"Machine: {m['cpus']} cores, Python {m['python']}, dask / distributed {res['versions']['distributed']}; "
        f"load average before {m['loadavg_before']}, after {m['loadavg_after']} (other work on the machine makes "
        "these timings noisy).",
        f"Corpus: the first {res['n_files']:,} files of {res['inbox']} ({res['corpus_bytes'] / 1e6:,.1f} MB), read "
        f"into memory first. Chunks of {res['chunk_reports']} reports, {res['chunks_in_flight_per_thread']} in "
        "flight per worker thread. `python -m bench.dask_scaling` (bench/dask_scaling.py): `ingest.staging.parse_stream` "
        "through a `distributed.LocalCluster(n_workers=k, threads_per_worker=1, processes=True)` "
        "(OGI_DASK_SCHEDULER set) and through the local pool (`workers=k`; k = 1 parses in-process), timed once "
        "k warm-up chunks are back.",
        "",
        f"| workers k | dask reports/s | dask × k={first} | local reports/s | local × k={first} | dask / local "
        "| dask seconds | local seconds | same output |",
        "| ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | --- |",
    ]
    for k, r in res["runs"].items():
        d, loc = r["dask"], r["local"]
        lines.append(f"| {k} | {d['reports_per_second']:,.1f} | {d['scaling_vs_first']:.2f} | "
                     f"{loc['reports_per_second']:,.1f} | {loc['scaling_vs_first']:.2f} | {r['dask_vs_local']:.2f} | "
                     f"{d['parse_s']:.1f} | {loc['parse_s']:.1f} | {'yes' if r['same_output_counts'] else 'NO'} |")
    lines += ["", "Not timed: cluster start "
              + ", ".join(f"k={k} {r['dask']['cluster_start_s']:.1f}s" for k, r in res["runs"].items())
              + "; client connection + parser-version check + workers' warm-up + warm-up chunks "
              + ", ".join(f"k={k} {r['dask']['setup_s']:.1f}s" for k, r in res["runs"].items())
              + "; local pool start "
              + ", ".join(f"k={k} {r['local']['setup_s']:.1f}s" for k, r in res["runs"].items()) + ".",
              "'same output': equal numbers of reports, figures and quarantined files from both paths."]
    return "\n".join(lines) + "\n"


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--inbox", required=True, type=Path)
    ap.add_argument("--n", type=int, default=4000)
    ap.add_argument("--workers", default="1,2", help="worker counts, comma-separated")
    ap.add_argument("--out", type=Path, default=Path(__file__).resolve().parent / "results")
    args = ap.parse_args(argv)
    counts = [int(x) for x in args.workers.split(",") if x.strip()]
    run(args.inbox, args.n, counts, args.out)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())

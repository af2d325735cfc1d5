"""Measurements outside the Dagster job: the peak resident memory of this process and its
descendants, the floor (read + decode every file), parse-only throughput on W processes and the
single-process sample that splits parse time into decode+normalise, parse and building rows."""
from __future__ import annotations

import multiprocessing as mp
import os
import threading
import time
from pathlib import Path

from bench.corpus import corpus_files


# --------------------------------------------------------------------------- memory sampling


def _rss_bytes(pid: int) -> int:
    try:
        with open(f"/proc/{pid}/statm") as fh:
            return int(fh.read().split()[1]) * os.sysconf("SC_PAGE_SIZE")
    except (OSError, ValueError, IndexError):
        return 0


def descendants(pid: int) -> list[int]:
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

    def sample(self, me: int) -> None:
        """One sample; a subclass measures something else the same way (bench/formats.py)."""
        self.peak = max(self.peak, _rss_bytes(me) + sum(_rss_bytes(p) for p in descendants(me)))

    def _run(self):
        me = os.getpid()
        while not self._stop.is_set():
            self.sample(me)
            self._stop.wait(self.interval)

    def __enter__(self):
        self._thread.start()
        return self

    def __exit__(self, *exc):
        self._stop.set()
        self._thread.join()


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

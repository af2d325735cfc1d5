"""Parsing speed per input format: `python -m bench.run --formats [text,html,pdf,scan,...] --n N`.

The corpus: the labelled reports (tests/data/real and data/sample) as text originals, as the HTML
pages, text PDFs and scanned PDFs that `ingest.evaluation.formats` renders from them (docx and
xlsx on request), each format repeated to N / (number of formats) files. Each format's files go
through the pipeline's parsing path, `ingest.staging.parse_stream` on W worker processes
(forkserver workers, parsers and OCR models loaded once per worker), one run per format, so each
format is timed on its own.

- pages: a PDF's page count; a text, HTML, Word or workbook report counts the pages of the PDF
  rendered from it (the same report printed), so pages/s compare across formats.
- chunking: parse_stream hands workers 100 reports at a time; with tens of files one worker would
  do everything, so each run uses chunks of ceil(files / (4 W)) reports (the only difference
  from the pipeline, set for the run through `ingest.staging.CHUNK_REPORTS`).
- pool start (forkserver, workers' warm-up) is not timed: each run begins with one chunk of a
  tiny text per worker, and the clock starts when those chunks are back.
- memory: each worker's peak resident set (VmHWM: what getrusage(RUSAGE_SELF).ru_maxrss
  reports inside the worker), read from /proc while the run goes; the largest worker is reported.

Results: bench/results/<stamp>_formats.json and .md. Targets on 2 cores: text PDFs >= 50 pages/s,
scans (OCR) >= 0.5 page/s, peak RSS <= 2 GB per worker.
"""
from __future__ import annotations

import math
import os
import platform
import time
from contextlib import contextmanager
from datetime import datetime, timezone

import pypdfium2 as pdfium

from bench.measure import MemorySampler, descendants
from bench.report import write_files
from ingest import staging
from ingest.evaluation.formats import FORMATS, render, rendered_name
from ingest.evaluation.report_sets import items_real, items_seeds

DEFAULT_FORMATS = "text,html,pdf,scan"
BENCH_FORMATS = ("text",) + FORMATS
TARGET_PAGES_PER_S = {"pdf": 50.0, "scan": 0.5}
TARGET_WORKER_RSS = 2 * 10**9


def pdf_pages(data: bytes) -> int:
    doc = pdfium.PdfDocument(data)
    try:
        return len(doc)
    finally:
        doc.close()


def format_corpus(fmt: str, n: int) -> list[tuple[str, bytes, int]]:
    """n files of one format, cycling through the labelled reports: (file name, bytes, pages)."""
    base = items_real() + items_seeds()
    if fmt == "text":
        base = [it for it in base if not it[0].lower().endswith((".html", ".htm"))]
    files = []
    for name, data, _labels in base:
        pages = pdf_pages(render(name, data, "pdf"))
        files.append((name, data, pages) if fmt == "text" else (rendered_name(name, fmt), render(name, data, fmt), pages))
    return [files[i % len(files)] for i in range(n)]


class WorkerPeaks(MemorySampler):
    """Peak RSS (VmHWM) of each pool worker: descendants of this process that are not its children
    (the workers are children of the forkserver)."""

    def __init__(self, interval: float = 0.2):
        super().__init__(interval)
        self.peaks: dict[int, int] = {}

    def sample(self, me: int) -> None:
        for pid in descendants(me):
            status = _status(pid)
            if status.get("PPid") != str(me) and "VmHWM" in status:
                self.peaks[pid] = max(self.peaks.get(pid, 0), int(status["VmHWM"].split()[0]) * 1024)


def _status(pid: int) -> dict[str, str]:
    try:
        with open(f"/proc/{pid}/status") as fh:
            return dict(line.rstrip("\n").split(":\t", 1) for line in fh if ":\t" in line)
    except OSError:
        return {}


@contextmanager
def chunk_size(n: int):
    saved = staging.CHUNK_REPORTS
    staging.CHUNK_REPORTS = n
    try:
        yield
    finally:
        staging.CHUNK_REPORTS = saved


WARM_TEXT = "青岛市城阳区人民政府2017年政府信息公开工作年度报告".encode()


def timed_parse(files: list[tuple[str, bytes, int]], workers: int) -> dict:
    """Parse `files` with parse_stream; the clock starts once every worker has parsed a warm-up
    chunk (the first `workers` chunks are tiny texts), so the pool's start is not counted."""
    size = max(1, math.ceil(len(files) / (4 * workers)))
    warm = [("warm.txt", WARM_TEXT)] * (size * workers)
    items = ((f"{i:016x}", name, data) for i, (name, data) in enumerate(warm + [(f[0], f[1]) for f in files]))
    n = quarantined = figures = 0
    reasons: dict[str, int] = {}
    with chunk_size(size), WorkerPeaks() as peaks:
        t0 = time.perf_counter()
        for no, chunk in enumerate(staging.parse_stream(items, workers)):
            if no < workers:
                t = time.perf_counter()  # the pool is up and every worker warm
                continue
            n += len(chunk.report_ids)
            quarantined += len(chunk.quarantined)
            figures += chunk.figures.height
            for _report_id, reason in chunk.quarantined:
                reasons[reason[:120]] = reasons.get(reason[:120], 0) + 1
        end = time.perf_counter()
    return {"files": len(files), "parsed": n, "quarantined": quarantined, "quarantine_reasons": reasons,
            "figures": figures, "pool_start_s": round(t - t0, 3), "parse_s": round(end - t, 3),
            "worker_peak_rss_bytes": sorted(peaks.peaks.values())}


def run_formats(formats: str, n: int, workers: int, out: str) -> int:
    fmts = [f.strip() for f in formats.split(",") if f.strip()]
    unknown = sorted(set(fmts) - set(BENCH_FORMATS))
    if unknown:
        raise SystemExit(f"unknown format(s) {', '.join(unknown)}; choose from {', '.join(BENCH_FORMATS)}")
    stamp = datetime.now(timezone.utc).strftime("%Y%m%dT%H%M%SZ")
    res: dict = {"timestamp": stamp, "mode": "formats", "workers": workers, "n_files": n, "formats": {},
                 "machine": {"cpus": os.cpu_count(), "python": platform.python_version(),
                             "loadavg_before": [round(x, 2) for x in os.getloadavg()]}}
    per_format = max(1, n // len(fmts))
    for fmt in fmts:
        t = time.perf_counter()
        files = format_corpus(fmt, per_format)
        prep = time.perf_counter() - t
        print(f"{fmt}: {len(files)} files, {sum(f[2] for f in files)} pages (rendered/cached in {prep:.1f}s); parsing...",
              flush=True)
        r = timed_parse(files, workers)
        pages = sum(f[2] for f in files)
        secs = max(r["parse_s"], 1e-6)
        r.update(pages=pages, bytes=sum(len(f[1]) for f in files), pages_per_second=round(pages / secs, 2), reports_per_second=round(len(files) / secs, 2))
        res["formats"][fmt] = r
        print(f"  {fmt}: {r['pages_per_second']} pages/s, {r['reports_per_second']} reports/s, "
              f"largest worker {max(r['worker_peak_rss_bytes'] or [0]) / 2**20:,.0f} MiB", flush=True)
    res["machine"]["loadavg_after"] = [round(x, 2) for x in os.getloadavg()]
    return write_format_results(res, out, stamp)


def markdown(res: dict) -> str:
    m = res["machine"]
    lines = [
        f"# Benchmark {res['timestamp']}: parsing per input format, {res['n_files']} files",
        "",
        f"Machine: {m['cpus']} cores, Python {m['python']}; load average before {m['loadavg_before']}, "
        f"after {m['loadavg_after']} (other work on the machine makes these timings noisy). Workers: {res['workers']}.",
        "Each format's files parsed by `ingest.staging.parse_stream` in a run of their own (bench/formats.py); "
        "pages of text / HTML / Word / workbook reports are the pages of the PDF printed from them; "
        "timed from the moment every worker is up and warm (pool start not counted).",
        "",
        "| format | files | pages | quarantined | figures | seconds | pages/s | reports/s | largest worker RSS | target |",
        "| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | --- |",
    ]
    for fmt, r in res["formats"].items():
        rss = max(r["worker_peak_rss_bytes"] or [0])
        tgt = TARGET_PAGES_PER_S.get(fmt)
        verdict = "" if tgt is None else f"≥ {tgt:g} pages/s: {'ok' if r['pages_per_second'] >= tgt else 'BELOW'}"
        if rss > TARGET_WORKER_RSS:
            verdict += " RSS over 2 GB"
        lines.append(f"| {fmt} | {r['files']} | {r['pages']} | {r['quarantined']} | {r['figures']:,} | {r['parse_s']:.1f} "
                     f"| {r['pages_per_second']:,.2f} | {r['reports_per_second']:,.2f} | {rss / 2**20:,.0f} MiB | {verdict} |")
    for fmt, r in res["formats"].items():
        for reason, k in r["quarantine_reasons"].items():
            lines.append(f"* {fmt}: {k} quarantined: {reason}")
    lines += ["", "Targets (2 cores): text PDFs ≥ 50 pages/s, OCR ≥ 0.5 page/s, peak RSS ≤ 2 GB per worker."]
    return "\n".join(lines) + "\n"


def write_format_results(res: dict, out: str, stamp: str) -> int:
    write_files(res, markdown(res), out, f"{stamp}_formats")
    return 0
"""The synthetic corpus: N reports from `ingest.evaluation.synthetic` written into an inbox (sub-folders of
10,000 files) by a pool of processes, and walking it back (its files, their count and bytes, a sample)."""
from __future__ import annotations

import multiprocessing as mp
import os
from pathlib import Path

FILES_PER_DIR = 10_000


def _write_chunk(args) -> tuple[int, int]:
    from ingest.evaluation.synthetic import one_report

    inbox, start, stop, seed = args
    n = size = 0
    for i in range(start, stop):
        rep = one_report(i, seed)
        folder = Path(inbox) / f"d{i // FILES_PER_DIR:04d}"
        folder.mkdir(parents=True, exist_ok=True)
        (folder / rep.file_name).write_bytes(rep.content)
        n += 1
        size += len(rep.content)
    return n, size


def generate_corpus(inbox: Path, n: int, seed: int, workers: int, first: int = 0) -> tuple[int, int]:
    """Reports first..first+n-1 of `seed` into `inbox`; returns (files, bytes)."""
    from ingest.evaluation.synthetic import divisions

    divisions()  # load the place table once, before forking
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


def sample_paths(inbox: Path, k: int) -> list[str]:
    out = []
    for p in corpus_files(inbox):
        out.append(p)
        if len(out) >= k:
            break
    return out

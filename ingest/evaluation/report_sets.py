"""The report sets the parsers are scored on, each item (file name, bytes, labels): the labelled
real reports (tests/data/real, labels.json), the seeds (data/sample, seed_labels.json) and
synthetic reports with their truth.
"""
from __future__ import annotations

import json
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
REAL_DIR = ROOT / "tests" / "data" / "real"
SEED_DIR = ROOT / "data" / "sample"
SEED_LABELS = ROOT / "tests" / "data" / "seed_labels.json"


def items_real() -> list[tuple[str, bytes, dict]]:
    labels = json.loads((REAL_DIR / "labels.json").read_text(encoding="utf-8"))
    out = []
    for lab in labels:
        path = REAL_DIR / lab["file"]
        if path.exists():
            exp = dict(lab)
            exp["agency"] = lab.get("agency_canonical") or lab.get("agency")
            exp["family_label"] = lab.get("template")
            out.append((lab["file"], path.read_bytes(), exp))
    return out


def items_seeds() -> list[tuple[str, bytes, dict]]:
    labels = json.loads(SEED_LABELS.read_text(encoding="utf-8"))
    out = []
    for lab in labels:
        path = SEED_DIR / lab["file"]
        if path.exists():
            out.append((lab["file"], path.read_bytes(), dict(lab["expected"])))
    return out


def items_synthetic(n: int, seed: int):
    from ingest.evaluation.synthetic import generate, public_truth

    for rep in generate(n, seed):
        yield rep.file_name, rep.content, public_truth(rep.truth)

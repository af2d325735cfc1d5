"""The metric taxonomy: canonical metric keys and every report family's labels for them.

The YAML files beside this module are the single source of truth. Parsers import
`TAXONOMY`; the staging load writes `staging.metric_taxonomy` so dbt models and quality
checks read the same mapping from the warehouse.
"""
from __future__ import annotations

from functools import lru_cache
from pathlib import Path

import yaml

_DIR = Path(__file__).resolve().parent


@lru_cache(maxsize=1)
def load() -> dict:
    merged: dict = {}
    for path in sorted(_DIR.glob("*.yml")):
        with path.open(encoding="utf-8") as fh:
            part = yaml.safe_load(fh) or {}
        for key, value in part.items():
            if key in merged:
                raise ValueError(f"taxonomy section {key!r} defined twice ({path.name})")
            merged[key] = value
    return merged


def metrics() -> dict[str, dict]:
    return load()["metrics"]


def mart_columns() -> list[str]:
    """Metric keys that are columns of fct_reports, in taxonomy order."""
    return [k for k, m in metrics().items() if m.get("mart_column")]


def section(name: str) -> dict:
    return load()[name]


def metric_rows() -> list[dict]:
    """Flat rows for the `staging.metric_taxonomy` table."""
    return [
        {
            "metric_key": key,
            "label_zh": m["zh"],
            "label_en": m["en"],
            "unit": m.get("unit"),
            "is_mart_column": bool(m.get("mart_column")),
        }
        for key, m in metrics().items()
    ]

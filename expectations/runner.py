"""Run a JSON suite against a DataFrame read from the warehouse, and summarise the result."""
from __future__ import annotations

import datetime as dt
import json
import logging
import os
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path

import pandas as pd

SUITES_DIR = Path(__file__).resolve().parent / "suites"

# What each suite validates: a query on the warehouse.
TARGETS = {
    "fct_reports": "SELECT * FROM marts.fct_reports",
    "fct_agency_year": "SELECT * FROM marts.fct_agency_year",
    "dim_agency": "SELECT * FROM marts.dim_agency",
    "file_accounting": """
        WITH inbox AS (SELECT * FROM raw.raw_files WHERE in_inbox),
        parsed AS (SELECT report_id, file_name FROM staging.stg_reports),
        counts AS (
            SELECT
                (SELECT count(*) FROM inbox) AS files_seen,
                (SELECT count(*) FROM inbox i JOIN parsed p ON i.file_name = p.file_name) AS reports_parsed,
                (SELECT count(*) FROM inbox i JOIN staging.quarantined_files q USING (file_name)) AS files_quarantined,
                (SELECT count(*) FROM inbox i JOIN parsed p USING (report_id)
                  WHERE i.file_name <> p.file_name) AS duplicate_files
        )
        SELECT *, files_seen - reports_parsed - files_quarantined - duplicate_files AS files_unaccounted
        FROM counts
    """,
}


@dataclass
class SuiteResult:
    suite: str
    success: bool
    evaluated: int
    failed: list[dict] = field(default_factory=list)

    @property
    def failing_rows(self) -> int:
        return sum(f.get("unexpected_count") or 0 for f in self.failed)


def suite_names() -> list[str]:
    return sorted(p.stem for p in SUITES_DIR.glob("*.json"))


@lru_cache(maxsize=1)
def _context():
    os.environ.setdefault("GX_ANALYTICS_ENABLED", "false")
    import great_expectations as gx

    logging.getLogger("great_expectations").setLevel(logging.WARNING)
    ctx = gx.get_context(mode="ephemeral")
    ctx.variables.progress_bars = {"globally": False}
    return ctx


def run_suite(name: str, frame: pd.DataFrame) -> SuiteResult:
    import great_expectations as gx

    ctx = _context()
    spec = json.loads((SUITES_DIR / f"{name}.json").read_text(encoding="utf-8"))
    suite = ctx.suites.add_or_update(gx.ExpectationSuite(name=spec["name"], expectations=spec["expectations"]))
    source = ctx.data_sources.add_or_update_pandas("warehouse")
    asset = source.get_asset(name) if name in [a.name for a in source.assets] else source.add_dataframe_asset(name)
    batch = asset.get_batch_definition("whole") if "whole" in [b.name for b in asset.batch_definitions] \
        else asset.add_batch_definition_whole_dataframe("whole")
    validation = ctx.validation_definitions.add_or_update(gx.ValidationDefinition(name=name, data=batch, suite=suite))
    result = validation.run(
        batch_parameters={"dataframe": frame},
        expectation_parameters={"current_year": dt.date.today().year},
        result_format={"result_format": "SUMMARY", "partial_unexpected_count": 5},
    )
    failed = []
    for r in result.results:
        if not r.success:
            cfg = r.expectation_config
            failed.append({
                "expectation": cfg.type,
                "kwargs": {k: v for k, v in cfg.kwargs.items() if k != "batch_id"},
                "unexpected_count": (r.result or {}).get("unexpected_count"),
                "sample": [str(v) for v in (r.result or {}).get("partial_unexpected_list", [])[:5]]
                or ([str((r.result or {}).get("observed_value"))] if "observed_value" in (r.result or {}) else []),
                "error": (r.exception_info or {}).get("exception_message") if r.exception_info else None,
            })
    return SuiteResult(suite=name, success=bool(result.success), evaluated=len(result.results), failed=failed)


def run_against(con, name: str) -> SuiteResult:
    """Read the suite's target from an open DuckDB connection and validate it."""
    return run_suite(name, con.execute(TARGETS[name]).df())

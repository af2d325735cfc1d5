"""Run a JSON suite against a DataFrame read from the warehouse, and summarise the result.

Given the warehouse file, suites run in the GX file context beside it (expectations/data_docs.py):
results are stored there and rendered as Data Docs. Without it, an ephemeral context is used.
"""
from __future__ import annotations

import datetime as dt
import json
import logging
import os
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path

import pandas as pd

from ingest.shards import SHARDS

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
                -- by name and content: a file edited in place left its old content's row behind
                (SELECT count(*) FROM inbox i JOIN parsed p
                   ON i.file_name = p.file_name AND i.report_id = p.report_id) AS reports_parsed,
                (SELECT count(*) FROM inbox i JOIN staging.quarantined_files q
                   ON i.file_name = q.file_name AND i.report_id IS NOT DISTINCT FROM q.report_id) AS files_quarantined,
                (SELECT count(*) FROM inbox i JOIN parsed p USING (report_id)
                  WHERE i.file_name <> p.file_name) AS duplicate_files
        )
        SELECT *, files_seen - reports_parsed - files_quarantined - duplicate_files AS files_unaccounted
        FROM counts
    """,
    # The rule-result table (pipeline structure): status must agree with the figures. A passed instance of
    # an identity rule has stated = expected; a passed plausibility, reuse or completeness instance is only
    # within its threshold (dbt vars).
    "int_rule_results": """
        SELECT report_id, rule_id, rule_family, subject, status, stated_value, expected_value,
               n_inputs, n_missing,
               CASE WHEN status IN ('passed', 'failed') AND (n_missing > 0 OR stated_value IS NULL OR expected_value IS NULL) THEN 1
                    WHEN status = 'passed' AND rule_family IN ('arithmetic', 'agreement', 'continuity') AND abs(stated_value - expected_value) >= 1e-6 THEN 1
                    ELSE 0 END AS status_inconsistent
        FROM intermediate.int_rule_results
    """,
    "rpt_report_findings": """
        SELECT finding_id, report_id, file_name, agency, report_year, family, rule_id, rule_family, rule_zh,
               subject, status, stated_value, expected_value, difference, n_missing, evidence
        FROM marts.rpt_report_findings
    """,
    # Counts are integers in the marts: the DuckDB type of every count column.
    "mart_column_types": """
        SELECT table_name, column_name, data_type
        FROM information_schema.columns
        WHERE table_schema = 'marts'
          AND table_name IN ('fct_reports', 'fct_agency_year')
          AND column_name IN ('applications_new', 'applications_carried_over', 'applications_carried_forward',
                              'outcome_granted', 'outcome_partial', 'outcome_total', 'proactive_items',
                              'reconsideration_total', 'litigation_total', 'litigation_direct_total',
                              'litigation_after_review_total')
    """,
}

# Report rules (findings, WARN): one suite rule_<rule_id> each, on that rule's rows of int_rule_results.
RULES = [
    "t3_balance", "t3_outcome_total", "t3_group_items", "t3_column_total", "t4_totals",
    "legacy_channels", "prose_table_agreement", "continuity_carry", "continuity_in_force",
    "plausibility_report", "plausibility_history", "year_over_year", "text_reuse",
    "completeness_tables", "completeness_problems", "completeness_fees", "completeness_blank_cells",
]
RULE_QUERY = """
    SELECT i.report_id, r.file_name, i.rule_id, i.subject, i.status, i.stated_value, i.expected_value,
           i.difference, i.related_report_id, i.n_missing
    FROM intermediate.int_rule_results i
    LEFT JOIN staging.stg_reports r USING (report_id)
    WHERE i.rule_id = '{rule_id}'
    ORDER BY r.file_name, i.subject
"""
for _rule in RULES:
    TARGETS[f"rule_{_rule}"] = RULE_QUERY.format(rule_id=_rule)

# Suites whose expectations hold row by row, per report: once a warehouse has been published, they
# validate only the reports staged since then (the rest were validated when they came in), so the
# checks of a run scale with what is new, not with the archive. Table-wide properties (uniqueness
# over all rows, relationships) are dbt tests, in SQL over the whole tables.
PER_REPORT_SUITES = {"fct_reports", "int_rule_results", "rpt_report_findings", *(f"rule_{r}" for r in RULES)}

# A per-report suite whose target has more rows than this is validated one report shard at a time
# (report ids by their first hex digit: the staging partitions), so pandas holds a shard, not the
# archive (int_rule_results has ~24 million rows at a million reports).
ROWS_PER_CHUNK = 1_000_000


def target_query(name: str, since=None, shard: str | None = None) -> tuple[str, list]:
    """The query of suite `name` and its parameters; with `since`, only reports staged after it; with
    `shard`, only report ids from that hex digit up to the next (the first shard also takes anything
    below '1', and NULL ids, so that the shards cover every row)."""
    if name not in PER_REPORT_SUITES or (since is None and shard is None):
        return TARGETS[name], []
    where, params = [], []
    if since is not None:
        where.append("t.report_id IN (SELECT report_id FROM staging.stg_reports WHERE updated_at > ?)")
        params.append(since)
    if shard is not None:
        i = SHARDS.index(shard)
        if i < len(SHARDS) - 1:
            where.append("(t.report_id < ?" + (" OR t.report_id IS NULL)" if i == 0 else ")"))
            params.append(SHARDS[i + 1])
        if i > 0:
            where.append("t.report_id >= ?")
            params.append(shard)
    return f"SELECT * FROM ({TARGETS[name]}) t WHERE " + " AND ".join(where), params


def shards_to_validate(con, name: str, since=None, rows_per_chunk: int = ROWS_PER_CHUNK) -> list[str | None]:
    """[None] (the whole target at once), or every shard when a per-report target is too big for that."""
    if name not in PER_REPORT_SUITES:
        return [None]
    if since is not None:  # a run of a few new reports (< 1,000 rows each): no need to count the target
        new = con.execute("SELECT count(*) FROM staging.stg_reports WHERE updated_at > ?", [since]).fetchone()[0]
        if new * 1000 <= rows_per_chunk:
            return [None]
    sql, params = target_query(name, since)
    rows = con.execute(f"SELECT count(*) FROM ({sql})", params).fetchone()[0]
    return list(SHARDS) if rows > rows_per_chunk else [None]


@dataclass
class SuiteResult:
    suite: str
    success: bool
    evaluated: int
    failed: list[dict] = field(default_factory=list)

    @property
    def failing_rows(self) -> int:
        return sum(f.get("unexpected_count") or 0 for f in self.failed)


def merge_results(name: str, results: list[SuiteResult]) -> SuiteResult:
    """One result for a suite validated shard by shard: failed if any shard failed, the failing-row
    counts of each expectation added up, a sample of at most 5 values."""
    failed: dict[str, dict] = {}
    for result in results:
        for f in result.failed:
            key = json.dumps([f["expectation"], f["kwargs"]], sort_keys=True, default=str)
            if key not in failed:
                failed[key] = {**f, "sample": list(f["sample"])}
                continue
            merged = failed[key]
            if f.get("unexpected_count") is not None:
                merged["unexpected_count"] = (merged.get("unexpected_count") or 0) + f["unexpected_count"]
            merged["sample"] = (merged["sample"] + f["sample"])[:5]
            merged["error"] = merged.get("error") or f.get("error")
    return SuiteResult(suite=name, success=all(r.success for r in results),
                       evaluated=max((r.evaluated for r in results), default=0), failed=list(failed.values()))


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


def run_suite(name: str, frame: pd.DataFrame, ctx=None) -> SuiteResult:
    """Validate `frame` with suite `name`. `ctx`: a GX context (expectations.data_docs.get_context,
    which stores the result for Data Docs); default an ephemeral one."""
    import great_expectations as gx

    ctx = ctx or _context()
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


"""Great Expectations suites as Dagster asset checks.

Structural suites are ERROR and blocking: a failure stops the downstream assets (so the snapshot
that readers query is never replaced by a broken warehouse). The metadata carries the failing
expectations, their failing-row counts and a sample of the failing values, and a link to the
GX Data Docs site beside the warehouse (rebuilt after every batch of validations).
"""

from dataclasses import dataclass, field

import dagster as dg
import pandas as pd

from expectations import data_docs
from expectations.runner import (
    PER_REPORT_SUITES,
    ROWS_PER_CHUNK,
    SuiteResult,
    merge_results,
    run_suite,
    shards_to_validate,
    target_query,
)
from orchestration import build_state
from orchestration.resources import WarehouseResource

MART_SUITES = {
    "fct_reports": dg.AssetKey(["marts", "fct_reports"]),
    "fct_agency_year": dg.AssetKey(["marts", "fct_agency_year"]),
    "dim_agency": dg.AssetKey(["marts", "dim_agency"]),
    "mart_column_types": dg.AssetKey(["marts", "fct_reports"]),
    "int_rule_results": dg.AssetKey(["intermediate", "int_rule_results"]),
    "rpt_report_findings": dg.AssetKey(["marts", "rpt_report_findings"]),
}
ACCOUNTING_ASSET = dg.AssetKey(["staging", "stg_reports"])
SAMPLE_SIZE = 5  # failing instances a rule check shows


@dataclass
class Validated:
    """A suite's result and what the checks report about its target, never the target itself (at a
    million reports int_rule_results alone has ~24 million rows)."""
    result: SuiteResult
    rows: int = 0
    first_row: dict = field(default_factory=dict)
    status_counts: dict[str, int] = field(default_factory=dict)
    failed_sample: list[dict] = field(default_factory=list)  # rows with status 'failed', in the target's order


def _summarise(validated: Validated, frame: pd.DataFrame) -> None:
    """Add what the checks report about one validated frame (the whole target or one shard of it)."""
    if not validated.rows and len(frame):
        validated.first_row = frame.iloc[0].to_dict()
    validated.rows += len(frame)
    if "status" in frame.columns:
        for status, n in frame["status"].value_counts().items():
            validated.status_counts[status] = validated.status_counts.get(status, 0) + int(n)
        wanted = SAMPLE_SIZE - len(validated.failed_sample)
        if wanted > 0:
            validated.failed_sample += frame[frame["status"] == "failed"].head(wanted).to_dict("records")


def validate_suite(con, name: str, since=None, ctx=None, rows_per_chunk: int = ROWS_PER_CHUNK) -> Validated:
    """Validate suite `name` on its target read from `con` (only reports staged after `since`, for a
    per-report suite), shard by shard when the target has more than `rows_per_chunk` rows."""
    shards = shards_to_validate(con, name, since, rows_per_chunk)
    validated, results = Validated(SuiteResult(suite=name, success=True, evaluated=0)), []
    for shard in shards:
        sql, params = target_query(name, since, shard)
        frame = con.execute(sql, params).df()
        if frame.empty and (shard is not None or (since is not None and name in PER_REPORT_SUITES)):
            continue  # an empty shard, or nothing new for a per-report suite: nothing to validate
        results.append(run_suite(name, frame, ctx))
        _summarise(validated, frame)
        del frame
    if shards != [None] and not results:  # every shard empty: validate the empty target once
        results.append(run_suite(name, con.execute(*target_query(name, since)).df(), ctx))
    if results:
        validated.result = merge_results(name, results) if len(results) > 1 else results[0]
    return validated


def validate(warehouse: WarehouseResource, names: list[str], log=None) -> dict[str, Validated]:
    """Read each suite's target, validate it in the warehouse's GX file context (results stored there),
    and bring the Data Docs site up to date (the pages of this step's results). Holds the writer
    lock throughout: the GX project beside the warehouse is written by one step at a time.

    Per-report suites read only the reports staged since the last published build
    (expectations.runner.PER_REPORT_SUITES); with nothing of theirs new, they pass with nothing
    to validate. A per-report target of more than ROWS_PER_CHUNK rows is read and validated one
    report shard at a time (one GX result per shard in the Data Docs), one suite after the other."""
    out: dict[str, Validated] = {}
    with warehouse.writer(log=log) as con:
        _, since = build_state.published(con)
        ctx = data_docs.get_context(warehouse.file)
        before = data_docs.result_keys(ctx)
        for name in names:
            out[name] = validate_suite(con, name, since, ctx)
        try:
            data_docs.build(warehouse.file, ctx, new_results=data_docs.result_keys(ctx) - before)
        except Exception as exc:  # the docs are a view; never fail a check because of them
            if log:
                log(f"Data Docs not rebuilt: {exc}")
    return out


def docs_metadata(warehouse: WarehouseResource) -> dict:
    index = data_docs.index_path(warehouse.file)
    return {"data_docs": dg.MetadataValue.url(index.as_uri()), "data_docs_path": dg.MetadataValue.path(str(index))}


def _check_result(result: SuiteResult, asset_key: dg.AssetKey, extra: dict | None = None) -> dg.AssetCheckResult:
    return dg.AssetCheckResult(
        asset_key=asset_key,
        check_name=f"ge_{result.suite}",
        passed=result.success,
        severity=dg.AssetCheckSeverity.ERROR,
        metadata={
            "suite": result.suite,
            "expectations_evaluated": result.evaluated,
            "expectations_failed": len(result.failed),
            "failing_rows": result.failing_rows,
            "failures": dg.MetadataValue.json(result.failed),
            **(extra or {}),
        },
    )


@dg.asset_check(
    asset=ACCOUNTING_ASSET,
    name="ge_file_accounting",
    blocking=True,
    description="GX suite file_accounting: files seen = reports parsed + files quarantined + duplicates.",
)
def file_accounting_check(context: dg.AssetCheckExecutionContext, warehouse: WarehouseResource) -> dg.AssetCheckResult:
    validated = validate(warehouse, ["file_accounting"], log=context.log.info)["file_accounting"]
    counts = {k: int(v) for k, v in validated.first_row.items()}
    return _check_result(validated.result, ACCOUNTING_ASSET, {**counts, **docs_metadata(warehouse)})


@dg.multi_asset_check(
    specs=[
        dg.AssetCheckSpec(f"ge_{name}", asset=key, blocking=True, description=f"GX suite {name} (expectations/suites/{name}.json)")
        for name, key in MART_SUITES.items()
    ],
    can_subset=True,
)
def mart_suites_check(context: dg.AssetCheckExecutionContext, warehouse: WarehouseResource):
    wanted = {name: key for name, key in MART_SUITES.items()
              if dg.AssetCheckKey(key, f"ge_{name}") in context.selected_asset_check_keys}
    results = validate(warehouse, list(wanted), log=context.log.info)
    for name, key in wanted.items():
        yield _check_result(results[name].result, key, docs_metadata(warehouse))

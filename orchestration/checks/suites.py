"""Great Expectations suites as Dagster asset checks.

Structural suites are ERROR and blocking: a failure stops the downstream assets (so the snapshot
that readers query is never replaced by a broken warehouse). The metadata carries the failing
expectations, their failing-row counts and a sample of the failing values, and a link to the
GX Data Docs site beside the warehouse (rebuilt after every batch of validations).
"""

import dagster as dg
import pandas as pd

from expectations import data_docs
from expectations.runner import PER_REPORT_SUITES, SuiteResult, run_suite, target_query
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


def validate(warehouse: WarehouseResource, names: list[str], log=None) -> dict[str, tuple[SuiteResult, pd.DataFrame]]:
    """Read each suite's target, validate it in the warehouse's GX file context (results stored there),
    and rebuild the Data Docs site. Holds the writer lock throughout: the GX project beside the
    warehouse is written by one step at a time.

    Per-report suites read only the reports staged since the last published build
    (expectations.runner.PER_REPORT_SUITES); with nothing of theirs new, they pass with nothing
    to validate."""
    out: dict[str, tuple[SuiteResult, pd.DataFrame]] = {}
    with warehouse.writer(log=log) as con:
        _, since = build_state.published(con)
        frames = {}
        for name in names:
            sql, params = target_query(name, since)
            frames[name] = con.execute(sql, params).df()
        ctx = data_docs.get_context(warehouse.file)
        for name in names:
            if since is not None and name in PER_REPORT_SUITES and frames[name].empty:
                out[name] = (SuiteResult(suite=name, success=True, evaluated=0), frames[name])
            else:
                out[name] = (run_suite(name, frames[name], ctx), frames[name])
        try:
            data_docs.build(warehouse.file, ctx)
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
    result, frame = validate(warehouse, ["file_accounting"], log=context.log.info)["file_accounting"]
    counts = {k: int(v) for k, v in frame.iloc[0].items()} if len(frame) else {}
    return _check_result(result, ACCOUNTING_ASSET, {**counts, **docs_metadata(warehouse)})


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
        yield _check_result(results[name][0], key, docs_metadata(warehouse))

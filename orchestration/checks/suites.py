"""Great Expectations suites as Dagster asset checks.

Structural suites are ERROR and blocking: a failure stops the downstream assets (so the snapshot
that readers query is never replaced by a broken warehouse). The metadata carries the failing
expectations, their failing-row counts and a sample of the failing values.
"""

import dagster as dg

from expectations.runner import SuiteResult, run_suite, TARGETS
from orchestration.resources import WarehouseResource

MART_SUITES = {
    "fct_reports": dg.AssetKey(["marts", "fct_reports"]),
    "fct_agency_year": dg.AssetKey(["marts", "fct_agency_year"]),
    "dim_agency": dg.AssetKey(["marts", "dim_agency"]),
}
ACCOUNTING_ASSET = dg.AssetKey(["staging", "stg_reports"])


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
def file_accounting_check(warehouse: WarehouseResource) -> dg.AssetCheckResult:
    with warehouse.writer() as con:
        frame = con.execute(TARGETS["file_accounting"]).df()
    result = run_suite("file_accounting", frame)
    counts = {k: int(v) for k, v in frame.iloc[0].items()} if len(frame) else {}
    return _check_result(result, ACCOUNTING_ASSET, counts)


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
    with warehouse.writer() as con:
        frames = {name: con.execute(TARGETS[name]).df() for name in wanted}
    for name, key in wanted.items():
        yield _check_result(run_suite(name, frames[name]), key)

"""Publish: swap in the read snapshot that analysts query, once the marts passed their checks."""
import dagster as dg

from ingest.warehouse import publish_snapshot
from orchestration import build_state
from orchestration.dbt_project import dbt_project
from orchestration.resources import WarehouseResource

MARTS = ["fct_reports", "dim_agency", "fct_agency_year", "fct_applications", "rpt_report_findings"]


@dg.asset(
    key=["publish", "warehouse_snapshot"],
    group_name="publish",
    kinds={"duckdb"},
    pool="warehouse",
    deps=[["marts", m] for m in MARTS],
    description="Read-only copy of the warehouse that `ogi sql` and other readers open, so they never block a run.",
)
def warehouse_snapshot(context: dg.AssetExecutionContext, warehouse: WarehouseResource) -> dg.MaterializeResult:
    with warehouse.writer(log=context.log.info) as con:
        state, watermark = build_state.current(con, dbt_project.manifest_path)
    with warehouse.write_lock(log=context.log.info):
        snap = publish_snapshot(warehouse.file)
    with warehouse.writer(log=context.log.info) as con:
        build_state.record_published(con, state, watermark)
    from expectations.data_docs import index_path

    docs = index_path(warehouse.file)
    return dg.MaterializeResult(metadata={
        "path": str(snap),
        "size_bytes": snap.stat().st_size,
        "data_docs": dg.MetadataValue.url(docs.as_uri()),  # GX Data Docs of this run's checks
        "findings": "SELECT rule_id, status, count(*) FROM marts.rpt_report_findings GROUP BY ALL",
    })

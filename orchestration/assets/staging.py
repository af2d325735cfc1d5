"""Staging layer: parsed reports, sections and figures (Polars), loaded into DuckDB."""
import dagster as dg

from ingest.staging import update_staging
from orchestration.partitions import report_shards
from orchestration.resources import WarehouseResource

STAGING_TABLES = {
    "stg_reports": "One row per report: agency, region, report year, family, title, warnings.",
    "stg_sections": "The heading hierarchy and body of each report.",
    "stg_figures": "Every figure (long): table or narrative, row, column, value, value kind, unit, provenance.",
    "quarantined_files": "Files that could not become a report, with the reason.",
    "stg_attachments": "Statistics workbooks paired with the report they were attached to.",
    "reviews": "The users' reviews of findings, loaded from the append-only review store beside the warehouse.",
    "metric_taxonomy": "Canonical metric keys (from ingest/taxonomy).",
    "table_labels": "Row and column labels of 表三 and 表四 (from ingest/taxonomy).",
}


@dg.multi_asset(
    specs=[
        dg.AssetSpec(["staging", name], description=desc, group_name="staging", kinds={"polars", "duckdb"},
                     deps=[["raw", "raw_files"]])
        for name, desc in STAGING_TABLES.items()
    ],
    pool="warehouse",
    partitions_def=report_shards,
    backfill_policy=dg.BackfillPolicy.single_run(),
)
def staging_tables(context: dg.AssetExecutionContext, warehouse: WarehouseResource):
    shards = context.partition_keys
    with warehouse.writer(log=context.log.info) as con:
        stats = update_staging(con, log=context.log.info, shards=shards)
        counts = {
            name: con.execute(f"SELECT count(*) FROM staging.{name}").fetchone()[0] for name in STAGING_TABLES
        }
    for name in STAGING_TABLES:
        meta = {"dagster/row_count": counts[name]}
        if name == "stg_reports":
            meta.update(parsed_this_run=stats.parsed, reparsed_new_parser_version=stats.reparsed,
                        shards=",".join(shards))
        if name == "quarantined_files":
            meta.update(quarantined_this_run=stats.quarantined)
        yield dg.MaterializeResult(asset_key=["staging", name], metadata=meta)

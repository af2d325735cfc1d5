"""Raw layer: the inventory of the inbox, with every file's bytes."""
import dagster as dg

from ingest.inventory import update_raw_files
from orchestration.resources import InboxResource, WarehouseResource


@dg.asset(
    key=["raw", "raw_files"],
    group_name="raw",
    kinds={"python", "duckdb"},
    pool="warehouse",
    description="Every entry of the inbox: file name, content hash (report id), size, first seen, raw bytes.",
)
def raw_files(context: dg.AssetExecutionContext, inbox: InboxResource, warehouse: WarehouseResource) -> dg.MaterializeResult:
    if not inbox.folder.is_dir():
        raise dg.Failure(f"inbox {inbox.folder} is not a folder (set OGI_INBOX)")
    with warehouse.writer(log=context.log.info) as con:
        stats = update_raw_files(con, inbox.folder, log=context.log.info)
        rows = con.execute("SELECT count(*) FROM raw.raw_files").fetchone()[0]
    return dg.MaterializeResult(
        metadata={
            "files_seen": stats.files_seen,
            "new_or_changed": stats.new_or_changed,
            "removed_from_inbox": stats.removed,
            "inbox": str(inbox.folder),
            "dagster/row_count": rows,
        }
    )

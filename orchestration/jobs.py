"""The one job: refresh the whole warehouse (new files are found by content hash, so it is cheap)."""
import dagster as dg

refresh_warehouse = dg.define_asset_job(
    "refresh_warehouse",
    selection=dg.AssetSelection.all(),
    description="Inventory the inbox, parse what is new, rebuild the marts, run the checks, publish the snapshot.",
)

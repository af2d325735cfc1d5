"""Report shards: the partitions of the staging layer.

A report belongs to one of 16 shards, the first hex digit of its report id (its content hash):
stable, evenly filled, and known before parsing. The staging assets are partitioned by shard with
a single-run backfill policy, so a local refresh materialises all 16 in one run (one parser pool,
one writer), while a deployment with many workers can run shards as separate runs (README,
"Beyond one machine"). Raw inventory and the dbt marts stay unpartitioned: one directory walk,
one set of marts over every shard.
"""
import dagster as dg

from ingest.shards import SHARDS

report_shards = dg.StaticPartitionsDefinition(SHARDS)

# Run tags that select every shard in one run: what `ogi run`, the schedule and the sensor use.
ALL_SHARDS = {
    "dagster/asset_partition_range_start": SHARDS[0],
    "dagster/asset_partition_range_end": SHARDS[-1],
}

"""Report shards: a report belongs to the shard of the first hex digit of its report id (its content hash).

Stable, evenly filled, and known before parsing. The staging partitions (orchestration/partitions.py)
and the GX checks of big targets (expectations/runner.py) use these 16; dbt's sharded builds
(dbt_project/macros/shards.sql) cut the same key into ranges of its leading hex digits.
"""

SHARDS = [f"{i:x}" for i in range(16)]

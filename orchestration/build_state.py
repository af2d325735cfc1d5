"""Is the published warehouse up to date with staging? Lets a run with nothing new skip the rest.

The marts depend on the staging tables dbt reads and on the dbt project itself. Their state is
summarised in one string: the count and latest `updated_at` of staging.stg_reports (every parse
or re-parse moves it), order-free hashes of the taxonomy tables, and the checksums of the dbt
nodes in the manifest. The publish step records that string (and the staging watermark) in
`meta.published_inputs` once the marts passed their checks and the snapshot is swapped in; the
dbt step compares: same string, nothing to rebuild, check or publish. Checks then validate only
the reports staged after the recorded watermark (see expectations.runner).
"""
from __future__ import annotations

import hashlib
import json
from datetime import datetime
from functools import lru_cache
from pathlib import Path

import duckdb

STAGING_STATE_SQL = """
SELECT (SELECT count(*) || ':' || coalesce(max(updated_at)::VARCHAR, '-') FROM staging.stg_reports)
       || '|' || (SELECT coalesce(sum(hash(t))::VARCHAR, '-') FROM staging.metric_taxonomy t)
       || '|' || (SELECT coalesce(sum(hash(l))::VARCHAR, '-') FROM staging.table_labels l),
       (SELECT max(updated_at) FROM staging.stg_reports)
"""


@lru_cache(maxsize=4)
def _manifest_checksum(manifest: Path, mtime_ns: int) -> str:
    nodes = json.loads(manifest.read_text())["nodes"]
    sums = sorted(f"{key}={node.get('checksum', {}).get('checksum', '')}" for key, node in nodes.items())
    return hashlib.sha256("\n".join(sums).encode()).hexdigest()[:16]


def current(con: duckdb.DuckDBPyConnection, manifest: Path) -> tuple[str, datetime | None]:
    """(state string, staging watermark) of the inputs of the marts as they are now."""
    staging, watermark = con.execute(STAGING_STATE_SQL).fetchall()[0]
    return f"{staging}|dbt:{_manifest_checksum(manifest, manifest.stat().st_mtime_ns)}", watermark


def published(con: duckdb.DuckDBPyConnection) -> tuple[str | None, datetime | None]:
    """(state string, staging watermark) recorded by the last successful publish, or (None, None)."""
    rows = con.execute("SELECT state, reports_watermark FROM meta.published_inputs").fetchall()
    return rows[0] if rows else (None, None)


def record_published(con: duckdb.DuckDBPyConnection, state: str, watermark: datetime | None) -> None:
    con.execute("BEGIN")
    con.execute("DELETE FROM meta.published_inputs")
    con.execute("INSERT INTO meta.published_inputs VALUES (?, ?, now())", [state, watermark])
    con.execute("COMMIT")


def tests_since(state: str, last: str | None, watermark: datetime | None) -> datetime | None:
    """The staging watermark from which dbt's data tests may read only the newly staged reports
    (dbt_project/macros/test_scope.sql, through meta.dbt_test_scope), or None for whole tables:
    only when the last publish saw the same dbt project and taxonomy, so that what changed since
    are staged reports alone."""
    if last is None or watermark is None:
        return None
    return watermark if state.split("|", 1)[1:] == last.split("|", 1)[1:] else None


def record_test_scope(con: duckdb.DuckDBPyConnection, since: datetime | None) -> None:
    """What dbt's data tests read in the coming build: the reports staged after `since`, or all (None)."""
    con.execute("BEGIN")
    con.execute("DELETE FROM meta.dbt_test_scope")
    if since is not None:
        con.execute("INSERT INTO meta.dbt_test_scope VALUES (?)", [since])
    con.execute("COMMIT")

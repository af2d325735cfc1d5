"""Where the inbox and the warehouse live: one setting each, read by every layer."""
from __future__ import annotations

import os
from pathlib import Path

PROJECT_ROOT = Path(__file__).resolve().parent.parent


def inbox_dir() -> Path:
    """Folder of report files to ingest (`OGI_INBOX`, default: the bundled sample corpus)."""
    return Path(os.environ.get("OGI_INBOX") or PROJECT_ROOT / "data" / "sample").resolve()


def warehouse_path() -> Path:
    """The DuckDB warehouse file (`OGI_WAREHOUSE`, default: warehouse/ogi.duckdb)."""
    return Path(os.environ.get("OGI_WAREHOUSE") or PROJECT_ROOT / "warehouse" / "ogi.duckdb").resolve()


def snapshot_path(db: Path | None = None) -> Path:
    """The read-only snapshot of `db` (default: the warehouse) published after each run, for readers."""
    w = Path(db) if db else warehouse_path()
    return w.with_name(w.stem + ".snapshot" + w.suffix)


def duckdb_memory_limit() -> str:
    """DuckDB's memory limit for every connection to the warehouse (`OGI_DUCKDB_MEMORY_LIMIT`,
    default 4GB; dbt's profiles.yml reads the same variable). DuckDB's own default, 80 % of RAM,
    lets one process hold most of the machine."""
    return os.environ.get("OGI_DUCKDB_MEMORY_LIMIT") or "4GB"

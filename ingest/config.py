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

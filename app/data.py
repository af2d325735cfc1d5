"""Reading the published snapshot for the app: short-lived read-only connections, cached per snapshot.

Every query goes through `ingest.warehouse.reader` (read-only, hardened; unqualified names resolve to
marts, then staging, then intermediate) and is cached with `st.cache_data` keyed by the snapshot's
path and modification time, so a new `ogi run` (which swaps in a new snapshot) is seen on the next
page load, and an analyst's open page never holds a lock a run would wait for.
"""
from __future__ import annotations

from pathlib import Path

import polars as pl
import streamlit as st

from ingest.config import snapshot_path, warehouse_path


def warehouse() -> Path:
    """The warehouse file (`OGI_WAREHOUSE`); the app reads its published snapshot."""
    return warehouse_path()


def snapshot_key() -> tuple[str, float]:
    """(file, mtime) of what readers open: the snapshot, or the warehouse before the first publish."""
    db = warehouse()
    target = snapshot_path(db) if snapshot_path(db).exists() else db
    if not target.exists():
        raise FileNotFoundError(f"no warehouse at {db}: run `ogi run` (or `make run`) first")
    return str(db), target.stat().st_mtime


@st.cache_data(show_spinner=False, max_entries=512)
def _frame(db: str, mtime: float, sql: str, params: tuple) -> pl.DataFrame:
    from ingest.warehouse import query_frame, reader

    con = reader(Path(db))
    try:
        return query_frame(con, sql, list(params))
    finally:
        con.close()


def frame(sql: str, *params) -> pl.DataFrame:
    """A query's result on the current snapshot, cached until the snapshot changes."""
    db, mtime = snapshot_key()
    return _frame(db, mtime, sql, tuple(params))


def tables() -> set[str]:
    """'schema.table' of every table and view in the snapshot (to use optional marts when present)."""
    df = frame("SELECT table_schema || '.' || table_name AS t FROM information_schema.tables")
    return set(df["t"].to_list())


def columns(table: str) -> set[str]:
    schema, name = table.split(".")
    df = frame("SELECT column_name FROM information_schema.columns WHERE table_schema = ? AND table_name = ?",
               schema, name)
    return set(df["column_name"].to_list())


@st.cache_resource(show_spinner=False)
def _t2s():
    import opencc

    return opencc.OpenCC("t2s")  # as ingest.normalise converts the reports' text


def simplified(text: str) -> str:
    """A search string in simplified script (users may type traditional: 臺灣 → 台湾)."""
    return _t2s().convert(text.strip())


def number_text(v) -> str:
    """A figure as a person writes it: 342, 12.5, or an empty string for NULL."""
    if v is None:
        return ""
    f = float(v)
    return f"{f:.0f}" if f.is_integer() else f"{f:g}"

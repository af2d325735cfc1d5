"""Opening the DuckDB warehouse without ever failing on its single-writer lock.

DuckDB lets one process write a database file (and nobody else open it meanwhile). So:

* writers go through `writer()`: an inter-process lock file beside the warehouse
  (`<warehouse>.lock`, fcntl) serialises runs; a second run waits and says so, then fails
  with a clear message after `OGI_LOCK_TIMEOUT` seconds (default 600);
* readers (analysts' SQL, exports) open the *published snapshot* read-only: a copy of the
  warehouse that `publish_snapshot()` swaps in atomically at the end of each run, so readers
  and runs never block each other; `reader()` also switches off DuckDB's access to anything
  outside the database (ATTACH, COPY TO, INSTALL/LOAD, reading files) and locks that setting;
* whole runs started from the command line (`ogi run`) also take `run_lock()`, a second lock file
  (`<warehouse>.run.lock`), so two runs never interleave their steps.

A process killed at any point (SIGKILL) leaves the warehouse at its last committed transaction
(DuckDB's write-ahead log) and the snapshot untouched; `crash_point()` lets the tests kill a run
at the places that matter.
"""
from __future__ import annotations

import contextlib
import fcntl
import os
import shutil
import signal
import sys
import time
import warnings
from pathlib import Path
from typing import Iterator

import duckdb
import polars as pl

from ingest.config import duckdb_memory_limit, snapshot_path, warehouse_path

SCHEMA_SQL = Path(__file__).with_name("schema.sql")

# The snapshot is in DuckDB 1.5's storage format (file version 68), the newest that 1.5 clients read
# (the `duckdb-cli` 1.5.0 and 1.5.6 from PyPI were tried); duckdb 2.0 reads it too; DuckDB 1.4 refuses
# it (it reads 64 to 67). New warehouse files are created in that format (`connect`), so publishing
# stays a byte copy; a warehouse created in 2.0's format is copied table by table into it instead.
SNAPSHOT_STORAGE_VERSION = "v1.5.0"


class WarehouseBusy(RuntimeError):
    """Another writer held the warehouse for longer than we were willing to wait."""


def lock_path(db: Path) -> Path:
    return db.with_name(db.name + ".lock")


def run_lock_path(db: Path) -> Path:
    return db.with_name(db.name + ".run.lock")


def crash_point(name: str) -> None:
    """Fault injection for the crash-recovery tests: with OGI_CRASH_AT=<name>, die here (SIGKILL)."""
    if os.environ.get("OGI_CRASH_AT") == name:
        os.kill(os.getpid(), signal.SIGKILL)


@contextlib.contextmanager
def write_lock(db: Path | None = None, timeout: float | None = None, log=None) -> Iterator[None]:
    """Hold the warehouse's writer lock (blocking, with a message while waiting)."""
    with _file_lock(Path(db or warehouse_path()), lock_path, "is being written by", timeout, log):
        yield


@contextlib.contextmanager
def run_lock(db: Path | None = None, timeout: float | None = None, log=None) -> Iterator[None]:
    """Hold the warehouse for a whole run (`ogi run`): a second run waits, then is refused."""
    with _file_lock(Path(db or warehouse_path()), run_lock_path, "is being refreshed by another run,", timeout, log):
        yield


@contextlib.contextmanager
def _file_lock(db: Path, path_of, doing: str, timeout: float | None, log) -> Iterator[None]:
    db.parent.mkdir(parents=True, exist_ok=True)
    timeout = float(os.environ.get("OGI_LOCK_TIMEOUT", 600)) if timeout is None else timeout
    say = log or (lambda msg: print(msg, file=sys.stderr))
    with open(path_of(db), "a+") as fh:
        deadline = time.monotonic() + timeout
        told = False
        while True:
            try:
                fcntl.flock(fh, fcntl.LOCK_EX | fcntl.LOCK_NB)
                break
            except BlockingIOError:
                if not told:
                    fh.seek(0)
                    holder = fh.read().strip() or "another process"
                    say(f"warehouse {db} {doing} {holder}; waiting (up to {timeout:.0f}s)…")
                    told = True
                if time.monotonic() >= deadline:
                    raise WarehouseBusy(
                        f"warehouse {db} is still being written by another run after {timeout:.0f}s; try again later"
                    ) from None
                time.sleep(0.2)
        fh.seek(0)
        fh.truncate()
        fh.write(f"pid {os.getpid()}")
        fh.flush()
        try:
            yield
        finally:
            fh.seek(0)
            fh.truncate()
            fh.flush()
            fcntl.flock(fh, fcntl.LOCK_UN)


def connect(db: Path | None = None, read_only: bool = False, attempts: int = 50) -> duckdb.DuckDBPyConnection:
    """Open the file, retrying while a process outside our lock (e.g. a DuckDB shell) holds it."""
    db = Path(db or warehouse_path())
    if not read_only:
        db.parent.mkdir(parents=True, exist_ok=True)
    delay = 0.1
    for attempt in range(attempts):
        try:
            return duckdb.connect(str(db), read_only=read_only, config={
                "memory_limit": duckdb_memory_limit(),
                "storage_compatibility_version": SNAPSHOT_STORAGE_VERSION,  # for a new file only
            })
        except duckdb.IOException as exc:
            if "lock" not in str(exc).lower() or attempt == attempts - 1:
                raise WarehouseBusy(f"cannot open warehouse {db}: {exc}") from exc
            time.sleep(delay)
            delay = min(delay * 1.5, 2.0)
    raise AssertionError("unreachable")


@contextlib.contextmanager
def writer(db: Path | None = None, log=None) -> Iterator[duckdb.DuckDBPyConnection]:
    """A write connection under the writer lock, with the raw/staging schema in place."""
    db = Path(db or warehouse_path())
    with write_lock(db, log=log):
        con = connect(db)
        try:
            con.execute(SCHEMA_SQL.read_text(encoding="utf-8"))
            yield con
        finally:
            con.close()


def publish_snapshot(db: Path | None = None) -> Path:
    """Copy the warehouse to its read snapshot and swap it in atomically (call under the lock)."""
    db = Path(db or warehouse_path())
    snap = snapshot_path(db)
    tmp = snap.with_name(snap.name + ".tmp")
    # A copy left half-written by a run killed here is never read: readers open `snap` only,
    # and the next publish starts it again.
    for leftover in (tmp, tmp.with_name(tmp.name + ".wal")):
        leftover.unlink(missing_ok=True)
    con = connect(db)
    try:
        version = con.execute("SELECT tags['storage_version'] FROM duckdb_databases() "
                              "WHERE database_name = current_database()").fetchone()[0]
        con.execute("CHECKPOINT")
    finally:
        con.close()
    if version == SNAPSHOT_STORAGE_VERSION + "+":
        shutil.copyfile(db, tmp)
    else:
        _rewrite(db, tmp)
    with open(tmp, "rb+") as fh:
        os.fsync(fh.fileno())
    crash_point("publish-before-swap")
    os.replace(tmp, snap)
    return snap


def _rewrite(db: Path, target: Path) -> None:
    """Every schema, table, view, macro and sequence of `db`, written to `target` in the snapshot's format."""
    con = duckdb.connect(config={"memory_limit": duckdb_memory_limit()})
    try:
        con.execute("ATTACH ? AS warehouse (READ_ONLY)", [str(db)])
        con.execute("ATTACH ? AS snapshot_copy (STORAGE_VERSION ?)", [str(target), SNAPSHOT_STORAGE_VERSION])
        con.execute("COPY FROM DATABASE warehouse TO snapshot_copy")
        con.execute("CHECKPOINT snapshot_copy")
    finally:
        con.close()


def reader(db: Path | None = None) -> duckdb.DuckDBPyConnection:
    """A read-only connection on the published snapshot (falls back to the warehouse file)."""
    db = Path(db or warehouse_path())
    snap = snapshot_path(db)
    target = snap if snap.exists() else db
    if not target.exists():
        raise FileNotFoundError(f"no warehouse at {db}: run `ogi run` (or `make run`) first")
    con = connect(target, read_only=True)
    try:
        harden(con)
    except Exception:
        con.close()
        raise
    return con


def harden(con: duckdb.DuckDBPyConnection) -> duckdb.DuckDBPyConnection:
    """Confine a reader's connection to the database it opened.

    A read-only DuckDB connection still lets a query ATTACH another file (and write to it),
    COPY ... TO a file, INSTALL/LOAD extensions or read any file on the machine (read_csv,
    'path.parquet'). With external access off and the configuration locked, none of that is
    possible, and no later SET can switch it back on.
    """
    con.execute("SET enable_external_access = false")
    con.execute("SET allow_community_extensions = false")
    con.execute("SET autoinstall_known_extensions = false")
    con.execute("SET autoload_known_extensions = false")
    # unqualified names: a mart first, then a staging table (`SELECT * FROM fct_reports`)
    present = {r[0] for r in con.execute("SELECT schema_name FROM information_schema.schemata").fetchall()}
    path = [s for s in ("marts", "staging", "intermediate") if s in present]
    if path:
        con.execute("SET search_path = '" + ",".join(path) + "'")  # names from the fixed tuple above
    con.execute("SET lock_configuration = true")
    return con


def query_frame(con: duckdb.DuckDBPyConnection, sql: str, params: list | None = None) -> pl.DataFrame:
    """A query's result as a Polars frame.

    duckdb 2's execute() results have no .pl(), and con.sql() refuses to run while an earlier
    execute() result is unfinished; the extra copy of execute().to_arrow_table() is the price.
    """
    with warnings.catch_warnings():
        warnings.filterwarnings("ignore", message="Arrow output on a DB-API result")
        return pl.from_arrow(con.execute(sql, params or []).to_arrow_table())

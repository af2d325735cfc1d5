"""The single-writer lock is handled by design: runs wait on a lock file, readers use the snapshot."""
import subprocess
import sys
import textwrap
import time

import duckdb
import pytest

from ingest.warehouse import WarehouseBusy, publish_snapshot, reader, write_lock, writer


def test_second_writer_waits_then_fails_with_a_clear_message(tmp_path):
    db = tmp_path / "ogi.duckdb"
    holder = subprocess.Popen(
        [sys.executable, "-c", textwrap.dedent(f"""
            import time
            from ingest.warehouse import write_lock
            with write_lock({str(db)!r}):
                print("locked", flush=True)
                time.sleep(30)
        """)],
        stdout=subprocess.PIPE, text=True,
    )
    try:
        assert holder.stdout.readline().strip() == "locked"
        messages = []
        started = time.monotonic()
        with (pytest.raises(WarehouseBusy, match="still being written by another run"),
              write_lock(db, timeout=1.0, log=messages.append)):
            pass
        assert time.monotonic() - started >= 1.0
        assert messages and "waiting" in messages[0] and f"pid {holder.pid}" in messages[0]
    finally:
        holder.kill()
        holder.wait()
    with write_lock(db, timeout=5):  # released when the holder died
        pass


def test_readers_use_the_snapshot_while_a_writer_holds_the_file(tmp_path):
    db = tmp_path / "ogi.duckdb"
    with writer(db) as con:
        con.execute("CREATE SCHEMA marts; CREATE TABLE marts.t AS SELECT 1 AS x")
    publish_snapshot(db)
    live = duckdb.connect(str(db))  # a run writing the live file
    try:
        live.execute("INSERT INTO marts.t VALUES (2)")
        ro = reader(db)
        try:
            assert ro.execute("SELECT count(*) FROM marts.t").fetchone()[0] == 1
        finally:
            ro.close()
    finally:
        live.close()


def test_reader_without_a_warehouse_says_what_to_do(tmp_path):
    with pytest.raises(FileNotFoundError, match="ogi run"):
        reader(tmp_path / "missing.duckdb")


def test_every_warehouse_connection_has_the_configured_memory_limit(tmp_path, monkeypatch):
    """DuckDB's default (80 % of RAM) would let the loader and dbt together take most of the machine."""
    from ingest.warehouse import connect

    def limit(**config) -> str:
        with duckdb.connect(":memory:", config=config) as con:
            return con.execute("SELECT current_setting('memory_limit')").fetchone()[0]

    monkeypatch.setenv("OGI_DUCKDB_MEMORY_LIMIT", "1GB")
    con = connect(tmp_path / "a.duckdb")
    try:
        assert con.execute("SELECT current_setting('memory_limit')").fetchone()[0] == limit(memory_limit="1GB")
    finally:
        con.close()
    monkeypatch.delenv("OGI_DUCKDB_MEMORY_LIMIT")
    con = connect(tmp_path / "b.duckdb")
    try:
        got = con.execute("SELECT current_setting('memory_limit')").fetchone()[0]
        assert got == limit(memory_limit="4GB") != limit()
    finally:
        con.close()

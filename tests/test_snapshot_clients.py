"""The published snapshot opens in the DuckDB clients analysts have: the 1.5 CLI from PyPI
(`duckdb-cli`, installed by `make install`) and the duckdb 2.0 that the pipeline uses."""
from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

import duckdb
import pytest

from ingest.warehouse import SNAPSHOT_STORAGE_VERSION, publish_snapshot, reader

CLI = Path(sys.executable).with_name("duckdb")  # the duckdb-cli 1.5.6 of the dev extras
SAMPLE_REPORTS = 5  # data/sample holds five reports


def cli(db: Path, sql: str) -> subprocess.CompletedProcess:
    return subprocess.run([str(CLI), "-readonly", "-csv", "-noheader", str(db), "-c", sql],
                          capture_output=True, text=True, timeout=120)


def storage_version(db: Path) -> str:
    con = duckdb.connect(str(db), read_only=True)
    try:
        return con.execute("SELECT tags['storage_version'] FROM duckdb_databases() "
                           "WHERE database_name = current_database()").fetchone()[0]
    finally:
        con.close()


def catalog(db: Path) -> dict:
    """Everything a reader can see: schemas, tables and their columns, views, macros, sequences, rows."""
    con = duckdb.connect(str(db), read_only=True)
    q = lambda sql: sorted(map(tuple, con.execute(sql).fetchall()))  # noqa: E731
    try:
        out = {
            "schemas": q("SELECT schema_name FROM duckdb_schemas() WHERE NOT internal"),
            "tables": q("SELECT schema_name, table_name, sql FROM duckdb_tables()"),
            "columns": q("SELECT schema_name, table_name, column_name, data_type, column_default, is_nullable "
                         "FROM duckdb_columns() WHERE NOT internal"),
            "views": q("SELECT schema_name, view_name, sql FROM duckdb_views() WHERE NOT internal"),
            "macros": q("SELECT schema_name, function_name, macro_definition FROM duckdb_functions() "
                        "WHERE NOT internal AND function_type LIKE '%macro'"),
            "sequences": q("SELECT schema_name, sequence_name, last_value FROM duckdb_sequences()"),
        }
        out["rows"] = {f"{s}.{t}": con.execute(f'SELECT count(*), sum(hash(x)) FROM "{s}"."{t}" x').fetchone()
                       for s, t, _ in out["tables"]}
        return out
    finally:
        con.close()


@pytest.fixture(scope="module")
def snapshot(sample_run) -> Path:
    assert sample_run["result"].success
    return sample_run["db"].with_name("ogi.snapshot.duckdb")


def test_the_cli_is_the_1_5_line():
    out = subprocess.run([str(CLI), "--version"], capture_output=True, text=True, timeout=60)
    assert out.stdout.startswith("v1.5."), out.stdout


def test_the_1_5_cli_reads_the_published_snapshot(snapshot):
    out = cli(snapshot, "SELECT count(*) FROM marts.fct_reports")
    assert out.returncode == 0, out.stderr
    assert out.stdout.strip() == str(SAMPLE_REPORTS)


def test_the_duckdb_2_reader_reads_it_too(sample_run):
    con = reader(sample_run["db"])
    try:
        assert con.execute("SELECT count(*) FROM marts.fct_reports").fetchone()[0] == SAMPLE_REPORTS
    finally:
        con.close()


def test_a_new_warehouse_is_created_in_the_snapshots_format(sample_run, snapshot, tmp_path):
    """So publishing stays a byte copy (bench: 0.2 s at 10,000 reports, against 16 s rewritten)."""
    assert storage_version(sample_run["db"]) == SNAPSHOT_STORAGE_VERSION + "+"
    assert storage_version(snapshot) == SNAPSHOT_STORAGE_VERSION + "+"
    # the run records what it published (meta.published_inputs) in the warehouse after the swap
    assert (catalog(snapshot)["rows"]["meta.published_inputs"]
            != catalog(sample_run["db"])["rows"]["meta.published_inputs"])
    # published from a copy: other tests of this session may write to the sample warehouse after its run
    live = tmp_path / "ogi.duckdb"
    shutil.copyfile(sample_run["db"], live)
    wal = sample_run["db"].with_name(sample_run["db"].name + ".wal")
    if wal.exists():
        shutil.copyfile(wal, live.with_name(live.name + ".wal"))
    snap = catalog(publish_snapshot(live))
    assert snap["rows"]["marts.fct_reports"][0] == SAMPLE_REPORTS
    assert snap == catalog(live)


def test_a_warehouse_in_the_2_0_format_is_published_in_the_1_5_format(sample_run, tmp_path):
    """A warehouse created by duckdb 2.0 before this change: its snapshot is rewritten, holding the same."""
    old = tmp_path / "ogi.duckdb"
    con = duckdb.connect()  # duckdb 2.0's own format for a new file, as warehouses were created before
    con.execute(f"ATTACH '{sample_run['db']}' AS src (READ_ONLY)")
    con.execute(f"ATTACH '{old}' AS dst")
    con.execute("COPY FROM DATABASE src TO dst")
    con.execute("CREATE MACRO dst.marts.share(a, b) AS round(100.0 * a / nullif(b, 0), 1)")
    con.execute("CREATE SEQUENCE dst.meta.review_seq START 7")
    con.close()
    assert storage_version(old) != SNAPSHOT_STORAGE_VERSION + "+"
    assert cli(old, "SELECT 1").returncode != 0  # what analysts met: the 1.5 CLI refuses 2.0's format

    snap = publish_snapshot(old)
    assert storage_version(snap) == SNAPSHOT_STORAGE_VERSION + "+"
    assert catalog(snap) == catalog(old)
    out = cli(snap, "SELECT count(*), marts.share(1, 4), (SELECT start_value FROM duckdb_sequences() "
                    "WHERE sequence_name = 'review_seq') FROM marts.fct_reports")
    assert out.returncode == 0, out.stderr
    assert out.stdout.strip() == f"{SAMPLE_REPORTS},25.0,7"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["ogi.duckdb", "ogi.snapshot.duckdb"]  # no .tmp, no .wal


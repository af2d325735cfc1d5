"""Safety of the analyst's SQL: read-only on the snapshot, nothing outside the database reachable.

Two layers are tested apart, so that removing either one fails a test: the statement classifier
(`ogi.commands.sql.check_query`, DuckDB's own parser) and the hardened connection
(`ingest.warehouse.reader`: external access off, configuration locked).
"""
import argparse
import re
from pathlib import Path

import duckdb
import pytest

from ingest.warehouse import publish_snapshot, reader, snapshot_path, writer
from ogi.commands import sql
from ogi.commands.sql import QueryRefused, check_query

ROOT = Path(__file__).resolve().parents[1]


@pytest.fixture
def db(tmp_path):
    db = tmp_path / "wh" / "ogi.duckdb"
    with writer(db) as con:
        con.execute("CREATE SCHEMA IF NOT EXISTS marts; CREATE TABLE marts.fct_reports AS SELECT 'r1' AS report_id, 7 AS n")
        con.execute("CREATE TABLE staging.fct_reports AS SELECT 'staged' AS report_id, 0 AS n")
    publish_snapshot(db)
    return db


def run_sql(db, query, capsys):
    code = sql.main(argparse.Namespace(query=query, warehouse=str(db), format="csv"))
    out = capsys.readouterr()
    return code, out.out, out.err


REFUSED = {
    "INSERT INTO marts.fct_reports VALUES ('x', 1)": "INSERT",
    "UPDATE marts.fct_reports SET n = 0": "UPDATE",
    "DELETE FROM marts.fct_reports": "DELETE",
    "DROP TABLE marts.fct_reports": "DROP",
    "CREATE TEMP TABLE t AS SELECT 1": "CREATE",
    "ALTER TABLE marts.fct_reports ADD COLUMN x INT": "ALTER",
    "ATTACH '/tmp/elsewhere.duckdb' AS other": "ATTACH",
    "DETACH other": "DETACH",
    "COPY marts.fct_reports TO '/tmp/out.csv'": "COPY",
    "COPY (SELECT 1) TO '/tmp/out.parquet' (FORMAT parquet)": "COPY",
    "EXPORT DATABASE '/tmp/dump'": "EXPORT",
    "INSTALL httpfs": "INSTALL/LOAD",
    "LOAD httpfs": "INSTALL/LOAD",
    "SET enable_external_access = true": "SET",
    "RESET lock_configuration": "SET",
    "USE memory": "SET",
    "PRAGMA show_tables": "PRAGMA",
    "CALL pragma_version()": "CALL",
    "CHECKPOINT": "CALL",
    "SELECT 1; DROP TABLE marts.fct_reports": "one query at a time",
    "EXPLAIN ANALYZE COPY marts.fct_reports TO '/tmp/out.csv'": "COPY",
    "  \n": "no query",
}


@pytest.mark.parametrize("query,word", REFUSED.items(), ids=list(REFUSED))
def test_the_classifier_refuses_everything_but_queries(query, word):
    with pytest.raises(QueryRefused, match=re.escape(word)):
        check_query(query)


@pytest.mark.parametrize("query", [
    "SELECT * FROM marts.fct_reports", "with a AS (SELECT 1 AS x) SELECT x FROM a", "FROM marts.fct_reports",
    "DESCRIBE marts.fct_reports", "SHOW TABLES", "SUMMARIZE marts.fct_reports", "EXPLAIN SELECT 1",
    "SELECT 'DROP TABLE x; ATTACH' AS harmless_text",
])
def test_queries_pass_the_classifier(query):
    assert check_query(query) == query


@pytest.mark.parametrize("query", ["DROP TABLE marts.fct_reports", "ATTACH '{tmp}/x.duckdb' AS x",
                                   "COPY marts.fct_reports TO '{tmp}/out.csv'", "INSTALL httpfs", "LOAD httpfs"])
def test_ogi_sql_refuses_with_a_clear_message_and_writes_nothing(db, tmp_path, capsys, query):
    before = db.stat().st_mtime_ns, snapshot_path(db).stat().st_mtime_ns
    code, out, err = run_sql(db, query.format(tmp=tmp_path), capsys)
    assert code == 2 and out == ""
    assert err.startswith("ogi sql: refused:") and "read-only" in err
    assert (db.stat().st_mtime_ns, snapshot_path(db).stat().st_mtime_ns) == before
    assert not (tmp_path / "x.duckdb").exists() and not (tmp_path / "out.csv").exists()


def test_ogi_sql_answers_queries(db, capsys):
    code, out, err = run_sql(db, "SELECT report_id, n FROM marts.fct_reports", capsys)
    assert code == 0, err
    assert out.splitlines() == ["report_id,n", "r1,7"]


def test_unqualified_names_are_marts_first_then_staging(db, capsys):
    code, out, err = run_sql(db, "SELECT report_id, n FROM fct_reports", capsys)  # marts.fct_reports, not staging's
    assert code == 0, err
    assert out.splitlines() == ["report_id,n", "r1,7"]
    code, out, err = run_sql(db, "SELECT count(*) AS n FROM stg_reports", capsys)  # staging.stg_reports
    assert code == 0, err
    assert out.splitlines() == ["n", "0"]


# The connection layer alone: what a DuckDB read-only connection would still allow.
@pytest.mark.parametrize("stmt", [
    "ATTACH '{tmp}/other.duckdb' AS other",
    "COPY (SELECT 1 AS x) TO '{tmp}/out.csv'",
    "EXPORT DATABASE '{tmp}/dump'",
    "INSTALL httpfs",
    "LOAD httpfs",
    "SELECT * FROM read_csv('{tmp}/secret.csv')",
    "SELECT * FROM glob('{tmp}/*')",
    "SET enable_external_access = true",
    "RESET lock_configuration",
])
def test_the_reader_connection_cannot_reach_outside_the_database(db, tmp_path, stmt):
    (tmp_path / "secret.csv").write_text("a,b\n1,2\n")
    con = reader(db)
    try:
        with pytest.raises(duckdb.Error):
            con.execute(stmt.format(tmp=tmp_path)).fetchall()
        assert con.execute("SELECT n FROM marts.fct_reports").fetchone() == (7,)
    finally:
        con.close()
    assert not (tmp_path / "other.duckdb").exists() and not (tmp_path / "out.csv").exists()
    assert not (tmp_path / "dump").exists()


def test_the_reader_is_read_only(db):
    con = reader(db)
    try:
        with pytest.raises(duckdb.Error, match="read-only"):
            con.execute("DROP TABLE marts.fct_reports")
    finally:
        con.close()


def test_the_webserver_listens_on_localhost_only():
    ui = (ROOT / "Makefile").read_text().split("\nui:", 1)[1].split("\n\n", 1)[0]
    dagster_dev = next(line for line in ui.splitlines() if "dagster dev" in line)
    assert "-h 127.0.0.1" in dagster_dev
    assert "0.0.0.0" not in ui


def test_inbox_paths_never_reach_sql_or_shell_strings():
    """Audit: the code that handles inbox file names builds no SQL or shell text from values."""
    for rel in ("ingest/inventory.py", "ingest/staging.py", "ingest/warehouse.py", "ogi/commands/explain.py",
                "ogi/commands/sql.py", "ogi/commands/run.py", "orchestration/assets/raw.py"):
        text = (ROOT / rel).read_text(encoding="utf-8")
        assert "shell=True" not in text and "os.system" not in text and "os.popen" not in text, rel
        for m in re.finditer(r'execute\(\s*f"([^"]*)"', text):
            # f-strings in SQL only ever splice in constant table names, never values
            assert re.fullmatch(r"[^{}]*\{table\}[^{}]*", m.group(1)), (rel, m.group(1))

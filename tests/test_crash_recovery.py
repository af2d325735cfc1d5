"""Crashes: a run killed (SIGKILL) mid-staging-write or mid-dbt-build leaves the published snapshot
untouched and the warehouse openable; the next run completes with the marts an uninterrupted run
gives; re-running on the same inbox changes nothing.

Real `ogi run` processes; the staging crash is injected at a fixed point inside the write
transaction (`OGI_CRASH_AT`, ingest.warehouse.crash_point), the dbt crash by killing the run's
process group while dbt is building the marts.
"""
import os
import shutil
import signal
import subprocess
import sys
import textwrap
from pathlib import Path

import duckdb
import pytest

from ingest.evaluation.synthetic import generate
from tests.conftest import ROOT, SAMPLE

OGI = [sys.executable, "-m", "ogi.cli", "run"]


def table_digests(db: Path, schemas=("marts",)) -> dict:
    """Row count and an order-free hash of every table's contents (timestamps left out)."""
    con = duckdb.connect(str(db), read_only=True)
    try:
        out = {}
        tables = con.execute(
            "SELECT table_schema, table_name FROM information_schema.tables WHERE table_schema IN "
            f"({', '.join('?' for _ in schemas)}) ORDER BY ALL", list(schemas)
        ).fetchall()
        for schema, table in tables:
            stamps = [r[0] for r in con.execute(
                "SELECT column_name FROM information_schema.columns WHERE table_schema = ? AND table_name = ? "
                "AND (data_type LIKE 'TIMESTAMP%' OR column_name LIKE '%run_id%')", [schema, table]).fetchall()]
            exclude = f" EXCLUDE ({', '.join(chr(34) + c + chr(34) for c in stamps)})" if stamps else ""
            out[f"{schema}.{table}"] = con.execute(
                f'SELECT count(*), coalesce(sum(hash(s)::HUGEINT), 0) FROM (SELECT *{exclude} FROM "{schema}"."{table}") s'
            ).fetchone()
        return out
    finally:
        con.close()


def ogi_run(inbox, db, crash_at=None, **kw):
    env = {**os.environ, "OGI_WORKERS": "1", "OGI_LOG_LEVEL": "WARNING"}
    env.pop("OGI_CRASH_AT", None)
    if crash_at:
        env["OGI_CRASH_AT"] = crash_at
    return subprocess.run(OGI + ["--inbox", str(inbox), "--warehouse", str(db)], check=False, env=env, cwd=ROOT,
                          capture_output=True, text=True, timeout=600, **kw)


def kill_during_dbt(inbox, db) -> int:
    """Start a run and SIGKILL its whole process group (Python and dbt) once dbt builds the marts."""
    env = {**os.environ, "OGI_WORKERS": "1", "OGI_LOG_LEVEL": "WARNING"}
    proc = subprocess.Popen(OGI + ["--inbox", str(inbox), "--warehouse", str(db)], env=env, cwd=ROOT,
                            stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True, start_new_session=True)
    seen = []
    try:
        for line in proc.stdout:
            seen.append(line)
            if "START sql table model marts." in line:
                os.killpg(proc.pid, signal.SIGKILL)
                break
    finally:
        if proc.poll() is None:
            try:
                os.killpg(proc.pid, signal.SIGKILL)
            except ProcessLookupError:
                pass
        proc.wait(timeout=60)
    assert any("START sql table model marts." in l for l in seen), "".join(seen[-30:])
    return proc.returncode


@pytest.fixture(scope="module")
def crashes(tmp_path_factory, sample_run):
    base = tmp_path_factory.mktemp("crash")
    inbox, db = base / "inbox", base / "wh" / "ogi.duckdb"
    shutil.copytree(SAMPLE, inbox)
    for r in generate(6, 11):
        (inbox / r.file_name).write_bytes(r.content)
    # the previous consistent state: the sample's warehouse and its published snapshot
    db.parent.mkdir(parents=True)
    shutil.copyfile(sample_run["db"], db)
    shutil.copyfile(sample_run["db"].with_name("ogi.snapshot.duckdb"), db.with_name("ogi.snapshot.duckdb"))
    snap = db.with_name("ogi.snapshot.duckdb")
    st = {"inbox": inbox, "db": db, "snap": snap, "before": table_digests(snap)}

    # 1. killed inside the staging write transaction
    r = ogi_run(inbox, db, crash_at="staging-mid-batch")
    st["staging_crash_rc"] = r.returncode
    st["after_staging_crash_snap"] = table_digests(snap)
    st["after_staging_crash_live"] = table_digests(db, ("raw", "staging", "marts"))
    # 2. the next run completes
    r = ogi_run(inbox, db)
    st["recovery_rc"], st["recovery_out"] = r.returncode, r.stdout + r.stderr
    st["recovered"] = table_digests(db, ("staging", "marts"))
    st["recovered_snap"] = table_digests(snap)
    # 3. killed while dbt builds the marts (rebuilt as after an upgrade of the dbt project: with
    #    staging unchanged since the published build, a run would not start dbt at all)
    con = duckdb.connect(str(db))
    con.execute("DELETE FROM meta.published_inputs")
    con.close()
    st["dbt_crash_rc"] = kill_during_dbt(inbox, db)
    st["after_dbt_crash_snap"] = table_digests(snap)
    st["after_dbt_crash_live_opens"] = bool(table_digests(db, ("staging",)))
    # 4. and the next run completes again, changing nothing
    r = ogi_run(inbox, db)
    st["rerun_rc"], st["rerun_out"] = r.returncode, r.stdout + r.stderr
    st["rerun"] = table_digests(db, ("staging", "marts"))
    st["rerun_snap"] = table_digests(snap)
    return st


def reference_staging(inbox: Path, db: Path) -> dict:
    """Staging of the same inbox by one uninterrupted load into a fresh warehouse."""
    from ingest.inventory import update_raw_files
    from ingest.staging import update_staging
    from ingest.warehouse import writer

    with writer(db) as con:
        update_raw_files(con, inbox, log=lambda m: None)
        update_staging(con, log=lambda m: None, workers=1)
    return table_digests(db, ("staging",))


def test_a_run_killed_mid_staging_leaves_the_snapshot_and_a_consistent_warehouse(crashes):
    assert crashes["staging_crash_rc"] == -signal.SIGKILL
    assert crashes["after_staging_crash_snap"] == crashes["before"], "readers saw a half-written warehouse"
    live = crashes["after_staging_crash_live"]
    # the killed transaction left nothing: staging still holds the five sample reports only
    assert live["staging.stg_reports"][0] == 5
    assert live["marts.fct_reports"] == crashes["before"]["marts.fct_reports"]


def test_the_next_run_completes_as_an_uninterrupted_one(crashes, tmp_path):
    assert crashes["recovery_rc"] == 0, crashes["recovery_out"][-3000:]
    ref = reference_staging(crashes["inbox"], tmp_path / "ref.duckdb")
    got = {k: v for k, v in crashes["recovered"].items() if k.startswith("staging.")}
    assert got == ref
    assert crashes["recovered"]["marts.fct_reports"][0] == 11
    assert crashes["recovered_snap"] == {k: v for k, v in crashes["recovered"].items() if k.startswith("marts.")}


def test_a_run_killed_mid_dbt_build_leaves_the_snapshot_untouched(crashes):
    assert crashes["dbt_crash_rc"] == -signal.SIGKILL
    assert crashes["after_dbt_crash_snap"] == crashes["recovered_snap"]
    assert crashes["after_dbt_crash_live_opens"]


def test_after_a_dbt_crash_the_next_run_gives_the_same_marts_and_changes_nothing(crashes):
    assert crashes["rerun_rc"] == 0, crashes["rerun_out"][-3000:]
    assert crashes["rerun"] == crashes["recovered"]
    assert crashes["rerun_snap"] == crashes["recovered_snap"]


def test_a_run_killed_while_publishing_never_exposes_a_partial_snapshot(tmp_path):
    from ingest.warehouse import publish_snapshot, writer

    db = tmp_path / "ogi.duckdb"
    with writer(db) as con:
        con.execute("CREATE SCHEMA IF NOT EXISTS marts; CREATE TABLE marts.t AS SELECT 1 AS x")
    publish_snapshot(db)
    with writer(db) as con:
        con.execute("INSERT INTO marts.t VALUES (2)")
    before = table_digests(db.with_name("ogi.snapshot.duckdb"))
    code = textwrap.dedent(f"""
        from ingest.warehouse import publish_snapshot
        publish_snapshot({str(db)!r})
    """)
    r = subprocess.run([sys.executable, "-c", code], check=False, cwd=ROOT,
                       env={**os.environ, "OGI_CRASH_AT": "publish-before-swap"})
    assert r.returncode == -signal.SIGKILL
    assert table_digests(db.with_name("ogi.snapshot.duckdb")) == before
    publish_snapshot(db)  # the next publish replaces the leftover copy
    assert table_digests(db.with_name("ogi.snapshot.duckdb"))["marts.t"][0] == 2

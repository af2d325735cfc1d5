"""A SIGKILLed `ogi run` on a persistent Dagster instance (DAGSTER_HOME, as `make run` sets) must not
leave the "warehouse" pool slot claimed: the next `ogi run` releases it and completes.

Real processes and a real Dagster instance in a temporary DAGSTER_HOME; the kill is injected
inside the staging write (OGI_CRASH_AT), while the staging step holds the pool slot.
"""
import os
import shutil
import subprocess
import sys

from dagster import DagsterInstance, DagsterRunStatus, RunsFilter

from tests.conftest import ROOT, SAMPLE


def _ogi_run(inbox, db, home, crash_at=None):
    env = {**os.environ, "OGI_WORKERS": "1", "OGI_LOG_LEVEL": "WARNING", "DAGSTER_HOME": str(home)}
    env.pop("OGI_CRASH_AT", None)
    if crash_at:
        env["OGI_CRASH_AT"] = crash_at
    return subprocess.run([sys.executable, "-m", "ogi.cli", "run", "--inbox", str(inbox), "--warehouse", str(db)],
                          check=False, env=env, cwd=ROOT, capture_output=True, text=True, timeout=600)


def test_next_run_releases_the_slot_of_a_killed_run(tmp_path):
    inbox, db, home = tmp_path / "inbox", tmp_path / "wh" / "ogi.duckdb", tmp_path / "dagster_home"
    inbox.mkdir()
    shutil.copy(SAMPLE / "002_e3122ac424a3c24d.txt", inbox)

    killed = _ogi_run(inbox, db, home, crash_at="staging-mid-batch")
    assert killed.returncode == -9, killed.stderr[-2000:]
    old = DagsterInstance.from_config(str(home))
    try:
        stuck = old.get_runs(RunsFilter(statuses=[DagsterRunStatus.STARTED]))
        assert len(stuck) == 1
        assert stuck[0].run_id in old.event_log_storage.get_concurrency_info("warehouse").active_run_ids
    finally:
        old.dispose()

    second = _ogi_run(inbox, db, home)
    assert second.returncode == 0, second.stdout[-2000:] + second.stderr[-2000:]
    assert "released 1 run(s) left by a killed `ogi run`" in second.stderr
    assert "reports parsed    1" in second.stdout

    after = DagsterInstance.from_config(str(home))
    try:
        assert after.get_run_by_id(stuck[0].run_id).status == DagsterRunStatus.FAILURE
        assert after.event_log_storage.get_concurrency_info("warehouse").active_run_ids == set()
    finally:
        after.dispose()

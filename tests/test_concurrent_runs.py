"""Overlapping runs (the schedule and a manual run): never interleaved, never corrupting.

Three real `ogi run` processes start at once on one inbox and one warehouse: one runs, one waits
and says so, then runs (and changes nothing), and one with a short OGI_LOCK_TIMEOUT is refused
with a clear message. The warehouse ends equal to a single run's. In the UI, the Dagster pool
"warehouse" (limit 1) and one run at a time (orchestration/dagster.yaml) do the same.
"""
import os
import shutil
import subprocess
import sys
import time
from pathlib import Path

import yaml

from tests.conftest import ROOT, SAMPLE
from tests.test_crash_recovery import table_digests

OGI = [sys.executable, "-m", "ogi.cli", "run"]


def test_two_runs_at_once_one_waits_one_is_refused_and_nothing_is_corrupted(tmp_path, sample_run):
    inbox, db = tmp_path / "inbox", tmp_path / "wh" / "ogi.duckdb"
    shutil.copytree(SAMPLE, inbox)
    env = {**os.environ, "OGI_WORKERS": "1", "OGI_LOG_LEVEL": "WARNING"}
    args = OGI + ["--inbox", str(inbox), "--warehouse", str(db)]
    first = subprocess.Popen(args, env=env, cwd=ROOT, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    deadline = time.monotonic() + 120
    lock = db.with_name("ogi.duckdb.run.lock")
    while not (lock.exists() and lock.read_text().strip()) and time.monotonic() < deadline:
        time.sleep(0.05)  # the first run holds the run lock
    waiting = subprocess.Popen(args, env=env, cwd=ROOT, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    refused = subprocess.run(args, env={**env, "OGI_LOCK_TIMEOUT": "2"}, cwd=ROOT,
                             capture_output=True, text=True, timeout=600)
    out1, err1 = first.communicate(timeout=600)
    out2, err2 = waiting.communicate(timeout=600)

    assert first.returncode == 0, err1[-2000:]
    assert refused.returncode == 3
    assert f"is being refreshed by another run, pid {first.pid}; waiting" in refused.stderr
    assert "ogi run: refused: warehouse" in refused.stderr and "try again later" in refused.stderr
    assert waiting.returncode == 0, err2[-2000:]
    assert f"pid {first.pid}; waiting" in err2
    # serialised, not interleaved, and the result is a single run's
    assert table_digests(db, ("marts",)) == table_digests(sample_run["db"].with_name("ogi.snapshot.duckdb"))
    assert table_digests(db.with_name("ogi.snapshot.duckdb")) == table_digests(db, ("marts",))
    assert "files unaccounted" not in out2


def test_dagster_limits_warehouse_writers_to_one():
    from orchestration.definitions import defs

    cfg = yaml.safe_load((ROOT / "orchestration" / "dagster.yaml").read_text())
    assert cfg["concurrency"]["pools"]["default_limit"] == 1
    assert cfg["concurrency"]["runs"]["max_concurrent_runs"] == 1
    writers = {"raw_files", "staging_tables", "dbt_models", "warehouse_snapshot"}
    for assets_def in defs.assets:
        name = assets_def.op.name if hasattr(assets_def, "op") else ""
        if any(w in name for w in writers):
            assert assets_def.op.pool == "warehouse", name

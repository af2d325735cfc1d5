"""Shared fixtures: the bundled sample corpus and a pipeline run into a temporary warehouse."""
from __future__ import annotations

import os
import shutil
from pathlib import Path

import pytest

# `make test` exports DAGSTER_HOME for `make run`/`make ui`; tests must not share that instance (its
# SQLite storage and its "warehouse" pool slots, which a SIGKILLed test run would never release).
# Tests that want a recorded instance (tests/test_webserver.py) set their own temporary one.
os.environ.pop("DAGSTER_HOME", None)

ROOT = Path(__file__).resolve().parents[1]
SAMPLE = ROOT / "data" / "sample"
REAL = ROOT / "tests" / "data" / "real"


def build_defs(inbox: Path, db: Path):
    """The project's Definitions, with resources pointed at a temporary inbox and warehouse."""
    from orchestration.definitions import definitions_for

    return definitions_for(inbox, db)


def run_pipeline(inbox: Path, db: Path):
    import dagster as dg

    job = build_defs(inbox, db).resolve_job_def("refresh_warehouse")
    from orchestration.partitions import ALL_SHARDS

    return job.execute_in_process(instance=dg.DagsterInstance.ephemeral(), raise_on_error=False, tags=ALL_SHARDS)


@pytest.fixture(scope="session")
def sample_run(tmp_path_factory):
    """The whole Dagster graph materialised once on the bundled sample, into a temporary warehouse."""
    base = tmp_path_factory.mktemp("sample_run")
    inbox = base / "inbox"
    shutil.copytree(SAMPLE, inbox)
    db = base / "wh" / "ogi.duckdb"
    result = run_pipeline(inbox, db)
    return {"result": result, "db": db, "inbox": inbox}

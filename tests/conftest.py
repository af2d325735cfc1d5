"""Shared fixtures: the bundled sample corpus and a pipeline run into a temporary warehouse."""
from __future__ import annotations

import shutil
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
SAMPLE = ROOT / "data" / "sample"
REAL = ROOT / "tests" / "data" / "real"


def build_defs(inbox: Path, db: Path):
    """The project's Definitions, with resources pointed at a temporary inbox and warehouse."""
    import dagster as dg

    from orchestration.dbt_project import dbt_resource
    from orchestration.definitions import defs
    from orchestration.resources import InboxResource, WarehouseResource

    return dg.Definitions.merge(
        dg.Definitions(
            assets=list(defs.assets), asset_checks=list(defs.asset_checks), jobs=list(defs.jobs),
            schedules=list(defs.schedules), sensors=list(defs.sensors),
        ),
        dg.Definitions(resources={
            "inbox": InboxResource(path=str(inbox)),
            "warehouse": WarehouseResource(path=str(db)),
            "dbt": dbt_resource(),
        }),
    )


def run_pipeline(inbox: Path, db: Path):
    import dagster as dg

    job = build_defs(inbox, db).resolve_job_def("refresh_warehouse")
    return job.execute_in_process(instance=dg.DagsterInstance.ephemeral(), raise_on_error=False)


@pytest.fixture(scope="session")
def sample_run(tmp_path_factory):
    """The whole Dagster graph materialised once on the bundled sample, into a temporary warehouse."""
    base = tmp_path_factory.mktemp("sample_run")
    inbox = base / "inbox"
    shutil.copytree(SAMPLE, inbox)
    db = base / "wh" / "ogi.duckdb"
    result = run_pipeline(inbox, db)
    return {"result": result, "db": db, "inbox": inbox}

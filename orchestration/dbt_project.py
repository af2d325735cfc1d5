"""The dbt project as Dagster sees it (kept apart from the assets so the manifest can be built first)."""
import os
import sys
from pathlib import Path

from dagster_dbt import DbtCliResource, DbtProject

from ingest.config import warehouse_path

DBT_DIR = Path(__file__).resolve().parents[1] / "dbt_project"
# profiles.yml reads OGI_WAREHOUSE; its default lives in ingest.config, like every other reader's.
os.environ.setdefault("OGI_WAREHOUSE", str(warehouse_path()))

# The dbt installed beside this interpreter, even when the venv is not activated (.venv/bin/ogi).
_BIN = str(Path(sys.executable).parent)
if _BIN not in os.environ.get("PATH", "").split(os.pathsep):
    os.environ["PATH"] = _BIN + os.pathsep + os.environ.get("PATH", "")

dbt_project = DbtProject(project_dir=DBT_DIR, profiles_dir=DBT_DIR)
dbt_project.prepare_if_dev()


def dbt_resource() -> DbtCliResource:
    return DbtCliResource(project_dir=dbt_project)

"""The dbt project as Dagster sees it (kept apart from the assets so the manifest can be built first)."""
import importlib.metadata
import os
import sys
from functools import cached_property
from pathlib import Path

from dagster_dbt import DbtCliResource, DbtProject
from packaging import version

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


class OgiDbtCliResource(DbtCliResource):
    """dagster-dbt's resource without two costs it pays at every dbt step before dbt starts, 5.4 s of
    an incremental run's ~25 (bench/README.md, issue 16):

    - it asks the dbt executable its version with `dbt --version` in a subprocess (3.3 s): the dbt on
      PATH is the one installed beside this interpreter (above), so it is the installed dbt-core's;
    - it loads the dbt project and a DuckDB adapter in this process (2.1 s), used only to fetch row
      counts and column metadata, which these assets never ask for (`.fetch_row_counts()` and the like
      would fail without it, loudly).
    """

    @cached_property
    def _cli_version(self) -> version.Version:
        return version.parse(importlib.metadata.version("dbt-core"))

    def _initialize_dbt_core_adapter(self, args):
        return None


def dbt_resource() -> DbtCliResource:
    return OgiDbtCliResource(project_dir=dbt_project)

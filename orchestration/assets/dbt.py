"""dbt models (intermediate and marts) as Dagster assets; dbt tests become asset checks."""
import os
from pathlib import Path

import dagster as dg
from dagster_dbt import DbtCliResource, DbtProject, dbt_assets

from orchestration.dbt_translator import OgiDbtTranslator
from orchestration.resources import WarehouseResource

DBT_DIR = Path(__file__).resolve().parents[2] / "dbt_project"

dbt_project = DbtProject(project_dir=DBT_DIR, profiles_dir=DBT_DIR)
dbt_project.prepare_if_dev()


def dbt_resource() -> DbtCliResource:
    return DbtCliResource(project_dir=dbt_project)


@dbt_assets(
    manifest=dbt_project.manifest_path,
    project=dbt_project,
    dagster_dbt_translator=OgiDbtTranslator(),
    pool="warehouse",
)
def dbt_models(context: dg.AssetExecutionContext, dbt: DbtCliResource, warehouse: WarehouseResource):
    # dbt reads the warehouse path from the same setting (profiles.yml: env_var('OGI_WAREHOUSE'));
    # its logs and compiled files go beside the warehouse, so a run touches nothing else.
    os.environ["OGI_WAREHOUSE"] = str(warehouse.file)
    os.environ["DBT_LOG_PATH"] = str(warehouse.file.parent / "dbt_logs")
    target = warehouse.file.parent / "dbt_target" / context.run_id
    # dbt opens the DuckDB file itself: hold the writer lock for as long as dbt runs.
    with warehouse.write_lock(log=context.log.info):
        yield from dbt.cli(["build"], context=context, target_path=target).stream()

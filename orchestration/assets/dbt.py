"""dbt models (intermediate and marts) as Dagster assets; dbt tests become asset checks."""
import os

import dagster as dg
from dagster_dbt import DbtCliResource, dbt_assets

from orchestration.dbt_project import dbt_project
from orchestration.dbt_translator import OgiDbtTranslator
from orchestration.resources import WarehouseResource


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

"""dbt models (intermediate and marts) as Dagster assets; dbt tests become asset checks.

When staging and the dbt project are exactly as they were for the published snapshot
(orchestration/build_state.py), dbt is not run and no mart is materialised, so the checks on the
marts and the publish step are skipped too: a run with nothing new costs a directory walk.
"""
import os

import dagster as dg
from dagster_dbt import DbtCliResource, dbt_assets

from orchestration import build_state
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
    with warehouse.writer(log=context.log.info) as con:
        state, _ = build_state.current(con, dbt_project.manifest_path)
        last, last_watermark = build_state.published(con)
        if state == last:
            context.log.info("staging and the dbt project are unchanged since the published build: dbt not run, "
                             "marts, checks and snapshot stay as they are")
            return
        since = build_state.tests_since(state, last, last_watermark)
        build_state.record_test_scope(con, since)
    if since is not None:
        context.log.info(f"dbt tests of the per-report models read the reports staged after {since} only")
    # dbt reads the warehouse path from the same setting (profiles.yml: env_var('OGI_WAREHOUSE'));
    # its logs and compiled files go beside the warehouse, so a run touches nothing else.
    os.environ["OGI_WAREHOUSE"] = str(warehouse.file)
    os.environ["DBT_LOG_PATH"] = str(warehouse.file.parent / "dbt_logs")
    # one target folder per warehouse (runs are one at a time): dbt reuses its partial parse
    target = warehouse.file.parent / "dbt_target"
    # dbt opens the DuckDB file itself: hold the writer lock for as long as dbt runs.
    with warehouse.write_lock(log=context.log.info):
        yield from dbt.cli(["build"], context=context, target_path=target).stream()

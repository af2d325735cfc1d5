"""The Definitions load; the schedule and the inbox sensor behave (Dagster's testing APIs)."""
import shutil

import dagster as dg

from tests.conftest import SAMPLE, build_defs


def test_definitions_load_with_every_layer():
    from orchestration.definitions import defs

    keys = {"/".join(k.path) for k in defs.resolve_asset_graph().get_all_asset_keys()}
    for expected in ("raw/raw_files", "staging/stg_reports", "staging/stg_figures", "staging/stg_sections",
                     "intermediate/int_report_metrics", "marts/fct_reports", "marts/dim_agency",
                     "marts/fct_agency_year", "marts/fct_applications", "publish/warehouse_snapshot"):
        assert expected in keys
    # dbt sources resolve to the Python staging assets: one graph, not two
    graph = defs.resolve_asset_graph()
    upstream = graph.get(dg.AssetKey(["intermediate", "int_figures"])).parent_keys
    assert {dg.AssetKey(["staging", "stg_figures"]), dg.AssetKey(["staging", "stg_attachments"])} <= upstream
    assert dg.AssetKey(["intermediate", "int_figures"]) in graph.get(dg.AssetKey(["intermediate", "int_report_metrics"])).parent_keys
    assert defs.resolve_job_def("refresh_warehouse") is not None


def test_daily_schedule_targets_the_refresh_job_in_china_time():
    from orchestration.schedules import daily_refresh

    assert daily_refresh.cron_schedule == "0 3 * * *"
    assert daily_refresh.execution_timezone == "Asia/Shanghai"
    context = dg.build_schedule_context(scheduled_execution_time=None)
    run_requests = daily_refresh.evaluate_tick(context).run_requests
    assert len(run_requests) == 1
    assert daily_refresh.job_name == "refresh_warehouse"


def test_inbox_sensor_requests_a_run_only_when_files_change(tmp_path):
    from orchestration.resources import InboxResource
    from orchestration.sensors import inbox_sensor

    inbox = tmp_path / "inbox"
    shutil.copytree(SAMPLE, inbox)
    resource = InboxResource(path=str(inbox))

    first = inbox_sensor(dg.build_sensor_context(cursor=None, resources={"inbox": resource}))
    assert isinstance(first, dg.RunRequest)

    ctx = dg.build_sensor_context(cursor=None, resources={"inbox": resource})
    inbox_sensor(ctx)
    cursor = ctx.cursor
    again = inbox_sensor(dg.build_sensor_context(cursor=cursor, resources={"inbox": resource}))
    assert isinstance(again, dg.SkipReason)

    (inbox / "new_report.txt").write_text("某某县人民政府2021年政府信息公开工作年度报告", encoding="utf-8")
    after_new = inbox_sensor(dg.build_sensor_context(cursor=cursor, resources={"inbox": resource}))
    assert isinstance(after_new, dg.RunRequest)
    assert after_new.run_key != first.run_key


def test_test_definitions_point_at_the_given_locations(tmp_path):
    defs = build_defs(tmp_path / "in", tmp_path / "wh.duckdb")
    res = defs.resources
    assert res["warehouse"].path == str(tmp_path / "wh.duckdb")
    assert res["inbox"].path == str(tmp_path / "in")


def test_the_dbt_resource_knows_the_version_of_the_dbt_it_runs():
    """OgiDbtCliResource names the dbt version without running `dbt --version` at every step; it must be
    the version of the dbt executable the step runs."""
    import re
    import subprocess

    from orchestration.dbt_project import dbt_resource

    dbt = dbt_resource()
    out = subprocess.run([dbt.dbt_executable, "--version"], capture_output=True, text=True, check=True).stdout
    assert str(dbt._cli_version) == re.search(r"installed: (\d+\.\d+\.\d+)", out).group(1)

"""The one Definitions object: assets by layer, quality checks, the job, schedule and sensor."""
from pathlib import Path

import dagster as dg

from orchestration.assets.dbt import dbt_models
from orchestration.assets.publish import warehouse_snapshot
from orchestration.assets.raw import raw_files
from orchestration.assets.staging import staging_tables
from orchestration.checks.findings import report_rules_check
from orchestration.checks.suites import file_accounting_check, mart_suites_check
from orchestration.jobs import refresh_warehouse
from orchestration.resources import default_resources, resources_for
from orchestration.schedules import daily_refresh
from orchestration.sensors import inbox_sensor


def _definitions(resources: dict) -> dg.Definitions:
    return dg.Definitions(
        assets=[raw_files, staging_tables, dbt_models, warehouse_snapshot],
        asset_checks=[file_accounting_check, mart_suites_check, report_rules_check],
        jobs=[refresh_warehouse],
        schedules=[daily_refresh],
        sensors=[inbox_sensor],
        resources=resources,
    )


def definitions_for(inbox: Path, warehouse: Path) -> dg.Definitions:
    """The same Definitions pointed at another inbox and warehouse (tests, the benchmark)."""
    return _definitions(resources_for(inbox, warehouse))


defs = _definitions(default_resources())

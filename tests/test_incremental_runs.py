"""Incremental runs through the real Dagster job on a real warehouse: a run with nothing new skips
dbt, the checks and the publish (the snapshot file is not rewritten); a run with one new file
parses only that file, rebuilds the marts, validates the new report and publishes; the staging
step is partitioned by report shard and a refresh covers all shards in one run."""
import shutil

import dagster as dg
import duckdb

from ingest.evaluation.synthetic import generate
from orchestration.definitions import defs
from orchestration.partitions import SHARDS
from tests.conftest import SAMPLE, run_pipeline


def _steps(result, event_type: str) -> set[str]:
    return {e.step_key for e in result.all_events if e.event_type_value == event_type}


def _materialized(result) -> set[str]:
    return {"/".join(e.asset_key.path) for e in result.all_events if e.event_type_value == "ASSET_MATERIALIZATION"}


def test_nothing_new_skips_dbt_checks_and_publish_and_one_new_file_is_all_that_is_parsed(tmp_path):
    inbox, db = tmp_path / "inbox", tmp_path / "wh" / "ogi.duckdb"
    shutil.copytree(SAMPLE, inbox)
    assert run_pipeline(inbox, db).success
    snap = db.with_name("ogi.snapshot.duckdb")
    published = snap.stat().st_mtime_ns

    noop = run_pipeline(inbox, db)
    assert noop.success
    built = _materialized(noop)
    assert not any(k.startswith(("marts/", "intermediate/", "publish/")) for k in built), built
    assert "dbt_models" in _steps(noop, "STEP_SUCCESS")
    assert {"publish__warehouse_snapshot", "mart_suites_check", "report_rules_check"} <= _steps(noop, "STEP_SKIPPED")
    assert noop.get_asset_check_evaluations() and all(
        e.check_name == "ge_file_accounting" for e in noop.get_asset_check_evaluations())
    assert snap.stat().st_mtime_ns == published

    with duckdb.connect(str(db), read_only=True) as con:
        (watermark,) = con.execute("SELECT reports_watermark FROM meta.published_inputs").fetchone()
    new = next(iter(generate(1, 77)))
    (inbox / new.file_name).write_bytes(new.content)
    inc = run_pipeline(inbox, db)
    assert inc.success
    assert {"marts/fct_reports", "publish/warehouse_snapshot"} <= _materialized(inc)
    meta = {"/".join(e.asset_key.path): e.step_materialization_data.materialization.metadata
            for e in inc.all_events if e.event_type_value == "ASSET_MATERIALIZATION"}
    assert meta["staging/stg_reports"]["parsed_this_run"].value == 1
    assert meta["staging/stg_reports"]["shards"].value == ",".join(SHARDS)
    fct = {e.check_name: e for e in inc.get_asset_check_evaluations() if e.asset_key.path == ["marts", "fct_reports"]}
    assert fct["ge_fct_reports"].passed
    con = duckdb.connect(str(snap), read_only=True)
    try:
        assert con.execute("SELECT count(*) FROM marts.fct_reports").fetchone()[0] == 6
    finally:
        con.close()
    # dbt keeps one target folder per warehouse, so the second build reused the first one's parse
    log = (db.parent / "dbt_target" / "dbt.log").read_text(encoding="utf-8")
    second = log[log.rindex("Running with dbt"):]
    assert "Unable to do partial parsing" not in second
    assert sorted(p.name for p in (db.parent / "dbt_target").iterdir() if p.is_dir()) == ["compiled", "run"]
    # the incremental build's data tests on per-report models read the new report's rows only
    with duckdb.connect(str(db), read_only=True) as con:
        assert con.execute("SELECT since FROM meta.dbt_test_scope").fetchall() == [(watermark,)]
    compiled = {p.stem: p.read_text(encoding="utf-8") for p in (db.parent / "dbt_target" / "compiled").rglob("*.sql")}
    assert "updated_at >" in compiled["unique_combination_int_report_metrics_report_id__metric_key"]
    assert "updated_at >" not in compiled["unique_dim_agency_agency_id"]


def test_staging_is_partitioned_by_report_shard():
    staging = defs.resolve_assets_def(["staging", "stg_reports"])
    assert staging.partitions_def.get_partition_keys() == SHARDS
    assert staging.backfill_policy.max_partitions_per_run is None  # one run covers every shard
    request = next(iter(defs.resolve_schedule_def("daily_refresh").evaluate_tick(dg.build_schedule_context()).run_requests))
    assert (request.tags["dagster/asset_partition_range_start"], request.tags["dagster/asset_partition_range_end"]) == ("0", "f")

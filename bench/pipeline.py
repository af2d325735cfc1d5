"""The end-to-end run: the project's Definitions pointed at the bench folder, job `refresh_warehouse`
run in process and timed step by step (plus the staging step's writes, timed directly), and what is
read afterwards: dbt's run_results.json, the warehouse's row counts and its size on disk."""
from __future__ import annotations

import json
import time
from contextlib import contextmanager
from pathlib import Path


def build_defs(inbox: Path, db: Path):
    """The project's Definitions, resources pointed at the bench inbox and warehouse."""
    from orchestration.definitions import definitions_for

    return definitions_for(inbox, db)


class _Timers:
    """Wraps ingest functions used inside the staging and publish steps to time them directly."""

    def __init__(self):
        self.write_s = 0.0
        self.write_batches = 0
        self.update_staging_s = 0.0
        self.publish_snapshot_s = 0.0

    @contextmanager
    def installed(self):
        import ingest.staging as st
        import orchestration.assets.publish as pub
        import orchestration.assets.staging as ast

        orig_write, orig_update, orig_publish = st._write_batch, ast.update_staging, pub.publish_snapshot

        def write(*a, **k):
            t = time.perf_counter()
            try:
                return orig_write(*a, **k)
            finally:
                self.write_s += time.perf_counter() - t
                self.write_batches += 1

        def update(*a, **k):
            t = time.perf_counter()
            try:
                return orig_update(*a, **k)
            finally:
                self.update_staging_s += time.perf_counter() - t

        def publish(*a, **k):
            t = time.perf_counter()
            try:
                return orig_publish(*a, **k)
            finally:
                self.publish_snapshot_s += time.perf_counter() - t

        st._write_batch, ast.update_staging, pub.publish_snapshot = write, update, publish
        try:
            yield self
        finally:
            st._write_batch, ast.update_staging, pub.publish_snapshot = orig_write, orig_update, orig_publish


def step_stage(step_key: str) -> str:
    """The bench stage of a Dagster step (op) of refresh_warehouse."""
    if "raw_files" in step_key:
        return "inventory"
    if step_key == "staging_tables":
        return "staging"
    if "dbt" in step_key:
        return "dbt_build"
    if "snapshot" in step_key or step_key.startswith("publish"):
        return "publish"
    return "quality_checks"  # the GX suites and any other asset check op


def run_job(defs, log_name: str, ingest_only: bool = False) -> dict:
    import dagster as dg

    from orchestration.partitions import ALL_SHARDS

    job = defs.resolve_job_def("refresh_warehouse")
    if ingest_only:  # the raw and staging assets (and the check on them) only
        keys = {key for key in job.asset_layer.asset_graph.get_all_asset_keys() if key.path[0] in ("raw", "staging")}
        job = job.get_subset(asset_selection=keys)
    instance = dg.DagsterInstance.ephemeral()
    timers = _Timers()
    t = time.perf_counter()
    with timers.installed():
        result = job.execute_in_process(instance=instance, raise_on_error=False, tags=ALL_SHARDS)
    wall = time.perf_counter() - t
    starts, steps = {}, {}
    for entry in instance.all_logs(result.run_id):
        ev = entry.dagster_event
        if ev is None or not entry.step_key:
            continue
        kind = ev.event_type_value
        if kind == "STEP_START":
            starts[entry.step_key] = entry.timestamp
        elif kind in ("STEP_SUCCESS", "STEP_FAILURE") and entry.step_key in starts:
            steps[entry.step_key] = round(entry.timestamp - starts[entry.step_key], 3)
    stages: dict[str, float] = {}
    for key, sec in steps.items():
        stage = step_stage(key)
        stages[stage] = round(stages.get(stage, 0.0) + sec, 3)
    checks = []
    for ev in result.all_events:
        if ev.event_type_value == "ASSET_CHECK_EVALUATION":
            data = ev.event_specific_data
            checks.append({"check": data.check_name, "passed": bool(data.passed)})
    failed_steps = [e.step_key for e in result.all_events if e.event_type_value == "STEP_FAILURE"]
    print(f"  {log_name}: {wall:.1f}s, success={result.success}, steps={steps}", flush=True)
    return {
        "wall_s": round(wall, 3), "success": bool(result.success), "steps_s": steps, "stages_s": stages,
        "write_batches_s": round(timers.write_s, 3), "write_batches": timers.write_batches,
        "update_staging_s": round(timers.update_staging_s, 3),
        "publish_snapshot_s": round(timers.publish_snapshot_s, 3),
        "checks": checks, "failed_steps": failed_steps,
    }


def dbt_timings(db: Path) -> dict | None:
    """Where the dbt step's time went, from the run_results.json dbt left in the warehouse's target
    folder (orchestration/assets/dbt.py): dbt's own elapsed time, models vs tests, the slowest nodes."""
    path = db.parent / "dbt_target" / "run_results.json"
    if not path.exists():
        return None
    res = json.loads(path.read_text(encoding="utf-8"))
    nodes = [(r["unique_id"].split(".")[0], r["unique_id"].split(".")[-1] if r["unique_id"].startswith("model.")
              else r["unique_id"].split(".")[2], r.get("execution_time") or 0.0) for r in res.get("results", [])]
    return {
        "elapsed_s": round(res.get("elapsed_time") or 0.0, 3),
        "models_s": round(sum(t for kind, _, t in nodes if kind == "model"), 3),
        "tests_s": round(sum(t for kind, _, t in nodes if kind == "test"), 3),
        "n_tests": sum(1 for kind, _, _ in nodes if kind == "test"),
        "slowest": [[name, round(t, 2)] for _, name, t in sorted(nodes, key=lambda n: -n[2])[:5]],
    }


def warehouse_counts(db: Path) -> dict:
    import duckdb

    con = duckdb.connect(str(db), read_only=True)
    try:
        out = {}
        for table in ("raw.raw_files", "staging.stg_reports", "staging.stg_sections", "staging.stg_figures",
                      "staging.quarantined_files", "marts.fct_reports"):
            try:
                out[table] = con.execute(f"SELECT count(*) FROM {table}").fetchone()[0]
            except Exception:
                out[table] = None
        t = time.perf_counter()
        con.execute("SELECT count(*) FROM staging.stg_figures").fetchone()
        out["count_figures_s"] = time.perf_counter() - t
        return out
    finally:
        con.close()


def database_bytes(p: Path) -> int:
    """Bytes of a DuckDB file and its WAL."""
    total = 0
    for q in (p, p.with_name(p.name + ".wal")):
        if q.exists():
            total += q.stat().st_size
    return total

"""ogi run: the whole pipeline in-process, then a summary and the next steps.

Two runs on one warehouse never interleave: the run holds `<warehouse>.run.lock` from start to
end, so a second `ogi run` (a cron job, a second terminal) waits and says so, and gives up with a
clear message (exit status 3) after OGI_LOCK_TIMEOUT seconds.
"""
import logging
import os
import socket
import sys
from pathlib import Path

from ogi.locations import apply_location_flags


def main(args) -> int:
    apply_location_flags(args)
    from ingest.config import warehouse_path
    from ingest.warehouse import WarehouseBusy, run_lock

    try:
        with run_lock(warehouse_path(), log=lambda msg: print(f"ogi run: {msg}", file=sys.stderr, flush=True)):
            return _run()
    except WarehouseBusy as exc:
        print(f"ogi run: refused: {exc}", file=sys.stderr)
        return 3


OWNER_TAG = "ogi/owner"  # host:pid of the `ogi run` process executing the run in-process


def owner_tag() -> str:
    return f"{socket.gethostname()}:{os.getpid()}"


def release_dead_runs(instance) -> list[str]:
    """Mark failed, and free the pool slots of, `ogi run` runs whose process is gone.

    A run executed in-process dies with its process: after a SIGKILL or a power cut its Dagster
    record stays STARTED and keeps its slot in the "warehouse" pool (limit 1), so the next run on
    this instance would wait for that slot forever. Only runs tagged by an `ogi run` on this host
    whose pid no longer exists are touched; runs launched from the UI are left alone.
    """
    from dagster import DagsterRunStatus, RunsFilter

    host = socket.gethostname()
    released = []
    runs = instance.get_runs(RunsFilter(statuses=[DagsterRunStatus.STARTED, DagsterRunStatus.STARTING]))
    for run in runs:
        owner = run.tags.get(OWNER_TAG, "")
        owner_host, _, pid = owner.rpartition(":")
        if owner_host != host or not pid.isdigit() or _alive(int(pid)):
            continue
        instance.report_run_failed(run, message=f"the `ogi run` process {pid} that executed this run is gone")
        instance.event_log_storage.free_concurrency_slots_for_run(run.run_id)
        released.append(run.run_id)
    if released:
        print(f"ogi run: released {len(released)} run(s) left by a killed `ogi run`", file=sys.stderr)
    return released


class _IntendedSkips(logging.Filter):
    """With nothing new, the dbt step yields no marts on purpose (orchestration/assets/dbt.py);
    Dagster then warns, once per blocking dbt test, that the check "emitted no result". Not news."""

    def filter(self, record: logging.LogRecord) -> bool:
        return "emitted no result in step" not in record.getMessage()


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True


def _run() -> int:
    from dagster import DagsterInstance

    os.environ.setdefault("OGI_PROGRESS", "1")  # progress bars for files read and reports parsed (terminals only)
    from ingest.config import inbox_dir, snapshot_path, warehouse_path
    from ogi.summary import warehouse_counts
    from orchestration.definitions import defs
    from orchestration.partitions import ALL_SHARDS

    home = os.environ.get("DAGSTER_HOME")
    if home:
        Path(home).mkdir(parents=True, exist_ok=True)
        cfg = Path(home) / "dagster.yaml"
        if not cfg.exists():
            cfg.write_text((Path(__file__).resolve().parents[2] / "orchestration" / "dagster.yaml").read_text())
        instance = DagsterInstance.get()
        release_dead_runs(instance)
    else:
        instance = DagsterInstance.ephemeral()
    print(f"ogi: ingesting {inbox_dir()} into {warehouse_path()}", flush=True)
    print("ogi: materialising raw -> staging -> dbt marts -> checks -> snapshot (OGI_LOG_LEVEL=INFO for details)…")
    job = defs.resolve_job_def("refresh_warehouse")
    logging.getLogger("dagster._core.execution.plan.active").addFilter(_IntendedSkips())
    quiet = {"loggers": {"console": {"config": {"log_level": os.environ.get("OGI_LOG_LEVEL", "WARNING")}}}}
    result = job.execute_in_process(instance=instance, raise_on_error=False, run_config=quiet,
                                    tags={OWNER_TAG: owner_tag(), **ALL_SHARDS})
    checks = [
        (f"{'/'.join(e.asset_key.path)}:{e.check_name}", e.passed)
        for e in result.get_asset_check_evaluations()
    ]
    failed_steps = [e.step_key for e in result.all_events if e.event_type_value == "STEP_FAILURE"]
    db = warehouse_path()
    print()
    print("== ogi run summary ==")
    if db.exists():
        c = warehouse_counts(db)
        print(f"files seen        {c['files_seen']}")
        print(f"reports parsed    {c['reports_parsed']}")
        print(f"files quarantined {c['files_quarantined']}")
        print(f"duplicate files   {c['duplicate_files']}  (same content under another name)")
        for name, reason in c["quarantine"]:
            print(f"  quarantined: {name}: {reason}")
        print("rows per mart     " + ", ".join(f"{k} {v}" for k, v in c["marts"].items()))
    passed = sum(1 for _, ok in checks if ok)
    marts_built = any(e.event_type_value == "ASSET_MATERIALIZATION" and e.asset_key.path[0] == "marts"
                      for e in result.all_events)
    if result.success and not marts_built:
        print("marts             up to date: nothing new since the last published build (dbt, checks, publish skipped)")
    print(f"checks            {passed} passed, {len(checks) - passed} failed")
    for name, ok in checks:
        if not ok:
            print(f"  FAILED: {name}")
    if failed_steps:
        print(f"failed steps      {', '.join(failed_steps)}")
    print()
    print(f"warehouse:  {db}")
    print(f"snapshot:   {snapshot_path(db)}  (what readers query; replaced after each good run)")
    print("next steps:")
    print('  query:    .venv/bin/ogi sql "SELECT agency, report_year, applications_new FROM fct_reports"')
    print(f"            or any DuckDB client, read-only, on {snapshot_path(db)}")
    print("  explain:  .venv/bin/ogi explain <file name or report id>")
    print("  UI:       make ui   (Dagster on http://127.0.0.1:3000)")
    print("  app:      make app  (the analyst's workbench on http://127.0.0.1:8501)")
    return 0 if result.success else 1

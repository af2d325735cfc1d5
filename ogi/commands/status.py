"""ogi status: the latest run, the state of each check, and the findings per report rule.

Runs and check results come from the Dagster instance in $DAGSTER_HOME (where `ogi run`, `make run`
and `make ui` record them). Without one, the check states are the latest GX validation results
stored beside the warehouse. Findings per rule are read from the published snapshot
(intermediate.int_rule_results / marts.rpt_report_findings).
"""
from __future__ import annotations

import json
import os
import sys
from pathlib import Path

from ogi.locations import apply_location_flags

JOB = "refresh_warehouse"


def latest_dagster_run() -> tuple[dict | None, list[tuple[str, str, str]]]:
    """The latest refresh_warehouse run in $DAGSTER_HOME and its check evaluations (asset, check, state)."""
    home = os.environ.get("DAGSTER_HOME")
    if not home or not Path(home).is_dir():
        return None, []
    from dagster import DagsterEventType, DagsterInstance, RunsFilter

    instance = DagsterInstance.get()
    try:
        runs = instance.get_runs(filters=RunsFilter(job_name=JOB), limit=1)
        if not runs:
            return None, []
        run = runs[0]
        record = instance.get_run_record_by_id(run.run_id)
        info = {
            "run_id": run.run_id,
            "status": run.status.value,
            "started": record.start_time if record else None,
            "ended": record.end_time if record else None,
        }
        checks = {}
        for entry in instance.all_logs(run.run_id, of_type=DagsterEventType.ASSET_CHECK_EVALUATION):
            ev = entry.dagster_event.event_specific_data
            if ev.passed:
                state = "passed"
            else:
                state = "failed (WARN)" if ev.severity.value == "WARN" else "FAILED (ERROR)"
            checks[(ev.asset_key.to_user_string(), ev.check_name)] = state
        return info, [(a, c, s) for (a, c), s in sorted(checks.items())]
    finally:
        instance.dispose()


def stored_gx_results(db: Path) -> list[tuple[str, str, str]]:
    """Latest stored GX validation result per suite beside the warehouse: (suite, state, time)."""
    base = db.resolve().parent / "gx" / "uncommitted" / "validations"
    out = []
    if not base.is_dir():
        return out
    for suite_dir in sorted(p for p in base.iterdir() if p.is_dir()):
        files = sorted(suite_dir.rglob("*.json"), key=lambda p: p.stat().st_mtime)
        if not files:
            continue
        data = json.loads(files[-1].read_text(encoding="utf-8"))
        when = str((data.get("meta") or {}).get("validation_time") or "")
        out.append((suite_dir.name, "passed" if data.get("success") else "failed", when))
    return out


def _findings(db: Path) -> list[tuple] | str:
    from ingest.warehouse import reader

    try:
        con = reader(db)
    except FileNotFoundError as exc:
        return str(exc)
    try:
        return con.execute(
            """
            SELECT c.rule_id,
                   count(r.rule_id) FILTER (WHERE r.status = 'failed') AS failed,
                   count(r.rule_id) FILTER (WHERE r.status = 'not_assessable') AS not_assessable,
                   count(r.rule_id) FILTER (WHERE r.status = 'passed') AS passed,
                   count(DISTINCT r.report_id) FILTER (WHERE r.status = 'failed') AS reports_failing,
                   c.rule_zh
            FROM intermediate.int_rule_catalog c
            LEFT JOIN intermediate.int_rule_results r USING (rule_id)
            GROUP BY c.rule_id, c.rule_zh, c.sort_order
            ORDER BY c.sort_order
            """
        ).fetchall()
    except Exception as exc:  # a warehouse built before the rules existed
        return f"no rule results in the warehouse ({str(exc).splitlines()[0]})"
    finally:
        con.close()


def main(args) -> int:
    apply_location_flags(args)
    from expectations.data_docs import index_path
    from ingest.config import warehouse_path

    db = warehouse_path()
    print(f"warehouse  {db}")
    run, checks = latest_dagster_run()
    if run:
        print(f"latest run {run['run_id']}  {run['status']}"
              + (f"  started {_fmt(run['started'])}" if run["started"] else "")
              + (f"  ended {_fmt(run['ended'])}" if run["ended"] else ""))
        print()
        print(f"checks ({len(checks)}; ERROR checks block publishing, WARN checks are findings about the reports)")
        width = max((len(a) + len(c) + 1 for a, c, _ in checks), default=10)
        for asset, check, state in checks:
            print(f"  {(asset + ':' + check).ljust(width)}  {state}")
    else:
        where = os.environ.get("DAGSTER_HOME") or "no DAGSTER_HOME set"
        print(f"latest run none recorded in the Dagster instance ({where})")
        gx = stored_gx_results(db)
        if gx:
            print()
            print("checks (latest GX validation results beside the warehouse)")
            width = max(len(s) for s, _, _ in gx)
            for suite, state, when in gx:
                print(f"  ge_{suite.ljust(width)}  {state}  {when}")
    print()
    findings = _findings(db)
    if isinstance(findings, str):
        print(f"findings   {findings}")
    else:
        print("findings per report rule (details: ogi sql \"SELECT * FROM marts.rpt_report_findings\")")
        print(f"  {'rule':<24} {'failed':>7} {'not assessable':>15} {'passed':>7} {'reports failing':>16}")
        for rule, failed, na, passed, reports, zh in findings:
            print(f"  {rule:<24} {failed:>7} {na:>15} {passed:>7} {reports:>16}   {zh}")
    docs = index_path(db)
    print()
    print(f"data docs  {docs}" + ("" if docs.exists() else "  (not built yet)"))
    return 0


def _fmt(ts: float) -> str:
    import datetime as dt

    return dt.datetime.fromtimestamp(ts).strftime("%Y-%m-%d %H:%M:%S")


if __name__ == "__main__":
    sys.exit(main(None))

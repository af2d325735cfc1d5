"""ogi: the warehouse from the command line.

  ogi run [--inbox DIR] [--warehouse FILE]   run the whole pipeline in-process
  ogi sql "SELECT ..."                       query the published snapshot, read-only
  ogi explain FILE_OR_REPORT_ID              a report's figures beside the text they came from
"""
from __future__ import annotations

import argparse
import os
import re
import sys
from pathlib import Path


def _set_locations(args) -> None:
    if getattr(args, "inbox", None):
        os.environ["OGI_INBOX"] = str(Path(args.inbox).resolve())
    if getattr(args, "warehouse", None):
        os.environ["OGI_WAREHOUSE"] = str(Path(args.warehouse).resolve())


def cmd_run(args) -> int:
    _set_locations(args)
    from dagster import DagsterInstance

    from ingest.config import inbox_dir, snapshot_path, warehouse_path
    from ogi.summary import warehouse_counts
    from orchestration.definitions import defs

    home = os.environ.get("DAGSTER_HOME")
    if home:
        Path(home).mkdir(parents=True, exist_ok=True)
        cfg = Path(home) / "dagster.yaml"
        if not cfg.exists():
            cfg.write_text((Path(__file__).resolve().parents[1] / "orchestration" / "dagster.yaml").read_text())
        instance = DagsterInstance.get()
    else:
        instance = DagsterInstance.ephemeral()
    print(f"ogi: ingesting {inbox_dir()} into {warehouse_path()}")
    print("ogi: materialising raw -> staging -> dbt marts -> checks -> snapshot (OGI_LOG_LEVEL=INFO for details)…")
    job = defs.resolve_job_def("refresh_warehouse")
    quiet = {"loggers": {"console": {"config": {"log_level": os.environ.get("OGI_LOG_LEVEL", "WARNING")}}}}
    result = job.execute_in_process(instance=instance, raise_on_error=False, run_config=quiet)
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
    print('  query:    .venv/bin/ogi sql "SELECT agency, report_year, applications_new FROM marts.fct_reports"')
    print(f"            or any DuckDB client, read-only, on {snapshot_path(db)}")
    print("  explain:  .venv/bin/ogi explain <file name or report id>")
    print("  UI:       make ui   (Dagster on http://127.0.0.1:3000)")
    return 0 if result.success else 1


_WRITE = re.compile(r"^\s*(insert|update|delete|drop|create|alter|attach|detach|copy|install|load|export|import|"
                    r"pragma|set|call|checkpoint|vacuum|use)\b", re.IGNORECASE)


def cmd_sql(args) -> int:
    _set_locations(args)
    import polars as pl

    from ingest.warehouse import query_frame, reader

    query = args.query
    if _WRITE.match(query):
        print("ogi sql: the warehouse is read-only here; only SELECT / WITH / DESCRIBE / SHOW queries run", file=sys.stderr)
        return 2
    try:
        con = reader()
    except FileNotFoundError as exc:
        print(f"ogi sql: {exc}", file=sys.stderr)
        return 2
    try:
        frame = query_frame(con, query)
        if args.format == "csv":
            sys.stdout.write(frame.write_csv())
        else:
            with pl.Config(tbl_cols=-1, tbl_rows=200, fmt_str_lengths=60, tbl_width_chars=100000,
                           tbl_hide_column_data_types=True, tbl_hide_dataframe_shape=True,
                           tbl_formatting="ASCII_MARKDOWN"):
                print(frame)
            print(f"({frame.height} rows)")
        return 0
    except Exception as exc:
        print(f"ogi sql: {str(exc).splitlines()[0]}", file=sys.stderr)
        return 2
    finally:
        con.close()


def cmd_explain(args) -> int:
    _set_locations(args)
    from ingest.warehouse import reader

    try:
        con = reader()
    except FileNotFoundError as exc:
        print(f"ogi explain: {exc}", file=sys.stderr)
        return 2
    try:
        row = con.execute(
            """SELECT report_id, file_name, agency, province, city, county, division_code, report_year, family, title,
                      warnings FROM staging.stg_reports
               WHERE report_id = $1 OR file_name = $1 OR starts_with(file_name, $1) OR starts_with(report_id, $1)
               ORDER BY file_name LIMIT 1""",
            [args.report],
        ).fetchone()
        if row is None:
            print(f"ogi explain: no report with id or file name {args.report!r}", file=sys.stderr)
            return 2
        rid, fname, agency, prov, city, county, code, year, family, title, warnings = row
        print(f"{fname}  (report {rid})")
        print(f"  agency   {agency}  [{' '.join(x for x in (prov, city, county) if x)} {code or ''}]")
        print(f"  year     {year}   family {family}")
        if title:
            print(f"  title    {title}")
        for w in warnings or []:
            print(f"  warning  {w}")
        print()
        figs = con.execute(
            """SELECT table_id, row_key, column_key, coalesce(metric_key, ''), value, value_kind, line_no, raw_text
               FROM staging.stg_figures WHERE report_id = ? ORDER BY figure_no""",
            [rid],
        ).fetchall()
        print(f"{'table':<13}{'row':<26}{'column':<16}{'metric':<30}{'value':>10}  {'kind':<15}line  text")
        for t, r, c, m, v, k, line, raw in figs:
            val = "" if v is None else (f"{v:.0f}" if float(v).is_integer() else str(v))
            raw = raw.replace("\n", "⏎")
            print(f"{t:<13}{r[:25]:<26}{c[:15]:<16}{m[:29]:<30}{val:>10}  {k:<15}{line:<5} {raw[:60]}")
        return 0
    finally:
        con.close()


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="ogi", description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    sub = parser.add_subparsers(dest="command", required=True)

    p = sub.add_parser("run", help="run the whole pipeline in-process",
                       description="Run the whole pipeline once. Example: ogi run --inbox data/sample")
    p.add_argument("--inbox", help="folder of report files (default: $OGI_INBOX or data/sample)")
    p.add_argument("--warehouse", help="DuckDB file (default: $OGI_WAREHOUSE or warehouse/ogi.duckdb)")
    p.set_defaults(func=cmd_run)

    p = sub.add_parser("sql", help="query the warehouse (read-only)",
                       description='Query the published snapshot. Example: ogi sql "SELECT * FROM marts.fct_reports"')
    p.add_argument("query")
    p.add_argument("--warehouse")
    p.add_argument("--format", choices=["table", "csv"], default="table")
    p.set_defaults(func=cmd_sql)

    p = sub.add_parser("explain", help="a report's figures beside the text they came from",
                       description="Example: ogi explain 002_e3122ac424a3c24d.txt")
    p.add_argument("report", help="report id or file name")
    p.add_argument("--warehouse")
    p.set_defaults(func=cmd_explain)

    args = parser.parse_args(argv)
    return args.func(args)


if __name__ == "__main__":
    sys.exit(main())

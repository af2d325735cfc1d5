"""ogi: the warehouse from the command line.

  ogi run [--inbox DIR] [--warehouse FILE]   run the whole pipeline in-process
  ogi sql "SELECT ..."                       query the published snapshot, read-only
  ogi explain FILE_OR_REPORT_ID              a report's figures beside the text they came from
  ogi status                                 the latest run, each check's state, findings per rule
  ogi review FINDING_ID --confirm | --dismiss REASON | --correct VALUE --metric KEY --reason WHY | --list
  ogi app [--port 8501]                      the analyst's workbench in a browser (read-only)
"""
from __future__ import annotations

import argparse
import sys

from ogi.commands import app, explain, export, report, review, run, sql, status


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="ogi", description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    sub = parser.add_subparsers(dest="command", required=True)

    p = sub.add_parser("run", help="run the whole pipeline in-process",
                       description="Run the whole pipeline once. Example: ogi run --inbox data/sample")
    p.add_argument("--inbox", help="folder of report files (default: $OGI_INBOX or data/sample)")
    p.add_argument("--warehouse", help="DuckDB file (default: $OGI_WAREHOUSE or warehouse/ogi.duckdb)")
    p.set_defaults(func=run.main)

    p = sub.add_parser("sql", help="query the warehouse (read-only); no query: interactive",
                       description='Query the published snapshot, read-only. Examples:\n'
                                   '  ogi sql "SELECT agency, report_year, applications_new FROM marts.fct_reports"\n'
                                   '  ogi sql "SELECT * FROM marts.fct_reports" --format parquet --output reports.parquet\n'
                                   '  ogi sql            (interactive: end each query with ;)',
                       formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("query", nargs="?", help="one SELECT / WITH / DESCRIBE / SHOW query (omit for interactive)")
    p.add_argument("--warehouse")
    p.add_argument("--format", choices=["table", "csv", "json", "parquet"], default="table")
    p.add_argument("--output", help="write the result to this file instead of the terminal")
    p.set_defaults(func=sql.main)

    p = sub.add_parser("explain", help="a report's figures beside the text they came from",
                       description="Example: ogi explain 002_e3122ac424a3c24d.txt")
    p.add_argument("report", help="report id or file name")
    p.add_argument("--warehouse")
    p.set_defaults(func=explain.main)

    p = sub.add_parser("export", help="every mart as one Parquet or CSV file, with a README of columns",
                       description="Export the marts. Example: ogi export --format csv --to exports/")
    p.add_argument("--format", choices=["parquet", "csv"], default="parquet")
    p.add_argument("--to", default="export", help="output folder (default: ./export)")
    p.add_argument("--warehouse")
    p.set_defaults(func=export.main)

    p = sub.add_parser("report", help="an HTML page with charts of the marts (works offline)",
                       description="Write an HTML report. Example: ogi report --output report.html")
    p.add_argument("--output", help="HTML file (default: report.html beside the warehouse)")
    p.add_argument("--warehouse")
    p.set_defaults(func=report.main)

    p = sub.add_parser("status", help="the latest run, each check's state and the findings per rule",
                       description="The latest run (from $DAGSTER_HOME), each check's state, and the number of "
                                   "findings per report rule. Example: ogi status")
    p.add_argument("--warehouse")
    p.set_defaults(func=status.main)

    p = sub.add_parser("app", help="the analyst's workbench: a web app on 127.0.0.1 (read-only)",
                       description="Start the Streamlit workbench over the published snapshot. Example: ogi app --port 8501")
    p.add_argument("--port", type=int, default=8501)
    p.add_argument("--warehouse")
    p.set_defaults(func=app.main)

    p = sub.add_parser("review", help="confirm, dismiss or correct a finding; --list the reviews",
                       description="Review a finding (docs/reviews.md). Examples:\n"
                                   "  ogi review c8f17f24 --confirm --reason 'the table does not add up in the PDF either'\n"
                                   "  ogi review c8f17f24 --dismiss-misread 'the blank cell is 0 in the PDF'\n"
                                   "  ogi review c773e2bc --correct 3 --metric applications_new --reason 'PDF p.2 says 3'\n"
                                   "  ogi review --list",
                       formatter_class=argparse.RawDescriptionHelpFormatter)
    review.add_arguments(p)
    p.set_defaults(func=review.main)

    args = parser.parse_args(argv)
    return args.func(args)


if __name__ == "__main__":
    sys.exit(main())

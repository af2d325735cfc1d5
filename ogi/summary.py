"""What a run produced: counts per layer, mart rows, check outcomes."""
from __future__ import annotations

from pathlib import Path

from expectations.runner import TARGETS
from ingest.warehouse import connect

MARTS = ("fct_reports", "dim_agency", "fct_agency_year", "fct_applications", "rpt_report_findings")


def warehouse_counts(db: Path) -> dict:
    con = connect(db, read_only=True)
    try:
        acc = con.execute(TARGETS["file_accounting"]).fetchone()
        out = dict(zip(("files_seen", "reports_parsed", "files_quarantined", "duplicate_files", "files_unaccounted"), acc))
        out["marts"] = {}
        for mart in MARTS:
            try:
                out["marts"][mart] = con.execute(f"SELECT count(*) FROM marts.{mart}").fetchone()[0]
            except Exception:
                out["marts"][mart] = None
        out["quarantine"] = con.execute(
            "SELECT q.file_name, q.reason FROM staging.quarantined_files q "
            "JOIN raw.raw_files r USING (file_name) WHERE r.in_inbox ORDER BY 1"
        ).fetchall()
        return out
    finally:
        con.close()

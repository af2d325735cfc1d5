"""The review store: analysts' reviews of findings, kept outside the warehouse file.

Reviews are people's work, so they never live in a file a run rebuilds. They are an append-only
JSON Lines file beside the warehouse (`<warehouse>.reviews.jsonl`, e.g. warehouse/ogi.reviews.jsonl):
one event per line, appended under a file lock and fsynced, never rewritten; the latest event on a
finding wins. Each run loads the store into `staging.reviews` (`load_reviews`), which dbt reads as
a source (rpt_report_findings.review_status, corrected figures in int_report_metrics / fct_reports).
docs/reviews.md has the design: the finding identity, how a review follows a file that was
replaced, and when a review is stale.
"""
from __future__ import annotations

import fcntl
import json
import os
import uuid
from datetime import datetime, timezone
from pathlib import Path

import duckdb
import polars as pl

# confirm: the report is wrong; dismiss_misread: our misreading; dismiss_not_a_problem: not a problem;
# correct: a figure of the report, corrected (rpt_report_findings.review_status: docs/reviews.md)
ACTIONS = ("confirm", "dismiss_misread", "dismiss_not_a_problem", "correct")
SEEN_KEYS = ("stated_value", "expected_value", "figures_digest", "parsed_value")


class ReviewError(ValueError):
    """A review that cannot be recorded; the message says why in plain words."""


def store_path(warehouse: Path) -> Path:
    """`<warehouse dir>/<stem>.reviews.jsonl`: beside the warehouse, never inside it."""
    warehouse = Path(warehouse)
    return warehouse.with_name(warehouse.stem + ".reviews.jsonl")


def add_review(warehouse: Path, finding_id: str, action: str, reason: str, reviewer: str,
               corrected_value: float | None = None, metric_key: str | None = None,
               seen: dict | None = None) -> dict:
    """Record one review of a finding of the published snapshot and return the stored event.

    `finding_id` may be a unique prefix (8+ characters). `seen` (stated_value, expected_value,
    figures_digest, parsed_value) overrides what is read from the snapshot: pass the figures the
    user was shown. The marts show the review after the next `ogi run`."""
    reason, reviewer = (reason or "").strip(), (reviewer or "").strip()
    _validate(action, reason, reviewer, corrected_value, metric_key)
    finding = _finding(Path(warehouse), finding_id.strip(), metric_key if action == "correct" else None)
    figures = {k: finding.pop(k) for k in SEEN_KEYS}
    if action != "correct":
        figures.pop("parsed_value")
    unknown = set(seen or {}) - set(SEEN_KEYS)
    if unknown:
        raise ReviewError(f"unknown keys in seen: {', '.join(sorted(unknown))} (allowed: {', '.join(SEEN_KEYS)})")
    figures.update(seen or {})
    event = {
        "review_id": uuid.uuid4().hex,
        **finding,
        "action": action,
        "metric_key": metric_key if action == "correct" else None,
        "corrected_value": float(corrected_value) if action == "correct" else None,
        "reason": reason or None,
        "reviewer": reviewer,
        "at": datetime.now(timezone.utc).isoformat(timespec="microseconds"),
        "seen": figures,
    }
    _append(store_path(Path(warehouse)), event)
    return event


def reviews(warehouse: Path) -> list[dict]:
    """Every event of the store, oldest first (the latest event on a finding is the one in force).

    A last line cut short by a crash mid-append is not an event and is skipped; any other line that
    is not JSON is an error (the store was edited by hand)."""
    path = store_path(Path(warehouse))
    if not path.exists():
        return []
    lines = path.read_text(encoding="utf-8").split("\n")
    events = []
    for no, line in enumerate(lines, 1):
        if not line.strip():
            continue
        try:
            events.append(json.loads(line))
        except json.JSONDecodeError as exc:
            if no == len(lines):  # no newline after it: an append that never finished
                continue
            raise ReviewError(f"{path} line {no} is not a review event: {exc}") from None
    return events


def _validate(action, reason, reviewer, corrected_value, metric_key) -> None:
    if action not in ACTIONS:
        raise ReviewError(f"unknown action {action!r}: one of {', '.join(ACTIONS)}")
    if not reviewer:
        raise ReviewError("who reviews? give a reviewer name")
    if action.startswith("dismiss") and not reason:
        raise ReviewError("a dismissal needs a reason: why is it a misreading, or not a problem?")
    if action == "correct":
        if not metric_key:
            raise ReviewError("a correction needs the metric it corrects (e.g. applications_new)")
        if corrected_value is None:
            raise ReviewError("a correction needs the corrected value")
        if not reason:
            raise ReviewError("a correction needs a reason: where does the corrected value come from?")
        if float(corrected_value) < 0 or float(corrected_value) != float(corrected_value):
            raise ReviewError(f"a corrected value is a count or an amount, not {corrected_value}")
    elif metric_key is not None or corrected_value is not None:
        raise ReviewError("a metric and a corrected value go with the action 'correct' only")


def _finding(warehouse: Path, finding_id: str, metric_key: str | None) -> dict:
    """The finding (and, for a correction, the metric's parsed value) as the published snapshot has it."""
    from ingest.warehouse import reader

    if len(finding_id) < 8:
        raise ReviewError(f"finding id {finding_id!r} is too short: give at least 8 characters")
    con = reader(warehouse)
    try:
        rows = con.execute(
            """
            SELECT finding_id, report_id, file_name, rule_id, subject, stated_value, expected_value, figures_digest
            FROM marts.rpt_report_findings WHERE starts_with(finding_id, ?)
            """, [finding_id.lower()]).fetchall()
        if len(rows) != 1:
            raise ReviewError(f"no finding {finding_id} in the published snapshot" if not rows
                              else f"finding id {finding_id} is ambiguous: {len(rows)} findings start with it")
        keys = ["finding_id", "report_id", "file_name", "rule_id", "subject",
                "stated_value", "expected_value", "figures_digest"]
        finding = dict(zip(keys, rows[0]))
        finding["parsed_value"] = None
        if metric_key is not None:
            known = con.execute("SELECT 1 FROM staging.metric_taxonomy WHERE metric_key = ?", [metric_key]).fetchall()
            if not known:
                raise ReviewError(f"unknown metric {metric_key!r}: see staging.metric_taxonomy "
                                  "(e.g. applications_new, outcome_total, reconsideration_total)")
            parsed = con.execute(
                "SELECT parsed_value FROM intermediate.int_report_metrics WHERE report_id = ? AND metric_key = ?",
                [finding["report_id"], metric_key]).fetchall()
            finding["parsed_value"] = parsed[0][0] if parsed else None
        return finding
    finally:
        con.close()


def _append(path: Path, event: dict) -> None:
    """Append one line under an exclusive lock, then fsync: a review acknowledged is on disk."""
    path.parent.mkdir(parents=True, exist_ok=True)
    new = not path.exists()
    line = json.dumps(event, ensure_ascii=False, sort_keys=True) + "\n"
    with open(path, "a+b") as fh:
        fcntl.flock(fh, fcntl.LOCK_EX)
        try:
            fh.seek(0, os.SEEK_END)
            if fh.tell():
                fh.seek(-1, os.SEEK_END)
                if fh.read(1) != b"\n":  # a torn last line (crash mid-append): start a new one
                    fh.write(b"\n")
            fh.write(line.encode("utf-8"))
            fh.flush()
            os.fsync(fh.fileno())
        finally:
            fcntl.flock(fh, fcntl.LOCK_UN)
    if new:
        dir_fd = os.open(path.parent, os.O_RDONLY)
        try:
            os.fsync(dir_fd)
        finally:
            os.close(dir_fd)


EVENT_SCHEMA = {
    "seq": pl.Int64, "review_id": pl.Utf8, "finding_id": pl.Utf8, "report_id": pl.Utf8, "file_name": pl.Utf8,
    "rule_id": pl.Utf8, "subject": pl.Utf8, "action": pl.Utf8, "metric_key": pl.Utf8, "corrected_value": pl.Float64,
    "reason": pl.Utf8, "reviewer": pl.Utf8, "at": pl.Utf8, "seen_stated_value": pl.Float64,
    "seen_expected_value": pl.Float64, "seen_figures_digest": pl.Utf8, "seen_parsed_value": pl.Float64,
}


def load_reviews(con: duckdb.DuckDBPyConnection, now: datetime, log=print) -> int:
    """Reload staging.reviews from the store; the reports whose reviews changed are restaged.

    One row per report a review applies to: the report reviewed and, when its file was since
    replaced in the inbox by another content, the report now under that name (the review follows
    the file; dbt decides whether its figures are still the ones seen). On each (report, rule,
    subject) a review made on that very report beats one that followed the file, then the latest
    wins. Reports whose rows change get a new stg_reports.updated_at, so the incremental models
    rebuild them and the run is not skipped as "nothing new"."""
    events = reviews(_warehouse_of(con))
    rows = [{"seq": i, **{k: e.get(k) for k in EVENT_SCHEMA if k in e},
             **{f"seen_{k}": (e.get("seen") or {}).get(k) for k in SEEN_KEYS}} for i, e in enumerate(events)]
    frame = pl.DataFrame(rows, schema=EVENT_SCHEMA, orient="row") if rows else pl.DataFrame(schema=EVENT_SCHEMA)
    con.register("review_events", frame)
    try:
        con.execute("BEGIN")
        con.execute(
            """
            CREATE OR REPLACE TEMP TABLE new_reviews AS
            WITH targets AS (
                SELECT e.*, e.report_id AS reviewed_report_id, false AS followed_file
                FROM review_events e SEMI JOIN staging.stg_reports s USING (report_id)
                UNION ALL
                SELECT e.* REPLACE (f.report_id AS report_id), e.report_id, true
                FROM review_events e
                JOIN raw.raw_files f ON f.file_name = e.file_name AND f.in_inbox AND f.report_id <> e.report_id
                SEMI JOIN staging.stg_reports s ON s.report_id = f.report_id
            )
            SELECT report_id, rule_id, subject, review_id, finding_id, reviewed_report_id, followed_file, file_name,
                   action, metric_key, corrected_value, reason, reviewer,
                   CAST(CAST("at" AS TIMESTAMPTZ) AT TIME ZONE 'UTC' AS TIMESTAMP) AS reviewed_at,
                   seen_stated_value, seen_expected_value, seen_figures_digest, seen_parsed_value, seq
            FROM targets
            QUALIFY row_number() OVER (PARTITION BY report_id, rule_id, subject ORDER BY followed_file, seq DESC) = 1
            """)
        con.execute(
            """
            UPDATE staging.stg_reports SET updated_at = ? WHERE report_id IN (
                SELECT report_id FROM (
                    (SELECT * FROM new_reviews EXCEPT SELECT * FROM staging.reviews)
                    UNION ALL
                    (SELECT * FROM staging.reviews EXCEPT SELECT * FROM new_reviews)))
            """, [now])
        if _marts_predate_reviews(con):  # once, on a warehouse built before reviews: its marts get the columns
            con.execute("UPDATE staging.stg_reports SET updated_at = ?", [now])
            log("staging: the marts were built before reviews existed: every report is rebuilt once")
        con.execute("DELETE FROM staging.reviews")
        con.execute("INSERT INTO staging.reviews SELECT * FROM new_reviews")
        con.execute("DROP TABLE new_reviews")
        con.execute("COMMIT")
    except Exception:
        con.execute("ROLLBACK")
        raise
    finally:
        con.unregister("review_events")
    n = con.execute("SELECT count(*) FROM staging.reviews").fetchone()[0]
    if events:
        log(f"staging: {len(events)} review events in the store, in force on {n} findings")
    return n


def _marts_predate_reviews(con: duckdb.DuckDBPyConnection) -> bool:
    columns = {r[0] for r in con.execute(
        "SELECT column_name FROM information_schema.columns WHERE table_schema = 'marts' "
        "AND table_name = 'rpt_report_findings'").fetchall()}
    return bool(columns) and "review_status" not in columns


def _warehouse_of(con: duckdb.DuckDBPyConnection) -> Path:
    path = con.execute("SELECT path FROM duckdb_databases() WHERE database_name = current_database()").fetchall()[0][0]
    return Path(path)

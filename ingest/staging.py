"""raw.raw_files -> staging tables: decode, normalise and parse every new report, in parallel.

Which reports to parse is decided in SQL by content hash and parser version: a report already
staged by the current parser version is never parsed again, and a new parser version re-parses
(and says so) instead of mixing versions. Files that cannot become a report go to
staging.quarantined_files with the reason; one bad file never stops the run.
"""
from __future__ import annotations

import multiprocessing as mp
import os
import threading
from dataclasses import dataclass
from datetime import datetime, timezone
from typing import Iterator

import duckdb
import polars as pl

from ingest import raw_store
from ingest.attachments import pair_attachments
from ingest.parsers.report import PARSER_VERSION
from ingest.report_rows import parse_one, warm_up
from ingest.review_store import load_reviews
from ingest.taxonomy import metric_rows, section
from ingest.progress import progress
from ingest.warehouse import crash_point, query_frame

BATCH_REPORTS = 2000

REPORT_SCHEMA = {
    "report_id": pl.Utf8, "file_name": pl.Utf8, "n_source_files": pl.Int32, "parser_version": pl.Utf8,
    "family": pl.Utf8, "agency": pl.Utf8, "agency_as_written": pl.Utf8, "province": pl.Utf8, "city": pl.Utf8,
    "county": pl.Utf8, "division_code": pl.Utf8, "admin_level": pl.Utf8, "agency_type": pl.Utf8,
    "region_confidence": pl.Utf8, "report_year": pl.Int32, "publication_date": pl.Utf8, "doc_number": pl.Utf8,
    "title": pl.Utf8, "contact_address": pl.Utf8, "contact_postcode": pl.Utf8, "contact_phone": pl.Utf8,
    "contact_fax": pl.Utf8, "contact_email": pl.Utf8, "contact_website": pl.Utf8, "encoding": pl.Utf8,
    "is_html": pl.Boolean, "warnings": pl.List(pl.Utf8), "source_text": pl.Utf8,
    "source_format": pl.Utf8, "extraction_method": pl.Utf8,
}  # the load adds parsed_at and updated_at
SECTION_SCHEMA = {
    "report_id": pl.Utf8, "ordinal": pl.Int32, "level": pl.Int32, "number": pl.Utf8, "heading": pl.Utf8,
    "parent_ordinal": pl.Int32, "line_no": pl.Int32, "char_start": pl.Int32, "char_end": pl.Int32, "body": pl.Utf8,
}
FIGURE_SCHEMA = {
    "report_id": pl.Utf8, "figure_no": pl.Int32, "source": pl.Utf8, "table_id": pl.Utf8, "row_key": pl.Utf8,
    "column_key": pl.Utf8, "metric_key": pl.Utf8, "value": pl.Float64, "value_kind": pl.Utf8, "unit": pl.Utf8,
    "note": pl.Utf8, "line_no": pl.Int32, "char_start": pl.Int32, "char_end": pl.Int32, "raw_text": pl.Utf8,
    "read_as": pl.Utf8, "run_char_start": pl.Int32, "run_char_end": pl.Int32, "run_text": pl.Utf8,
    "page": pl.Int32, "bbox": pl.List(pl.Float64), "cell_ref": pl.Utf8, "ocr_confidence": pl.Float64,
}


@dataclass
class StagingStats:
    parsed: int
    reparsed: int
    quarantined: int


# Below this many reports, parsing in-process beats starting worker processes.
MIN_REPORTS_FOR_POOL = 200
CHUNK_REPORTS = 100     # reports a worker parses per task (it returns them as three DataFrames)
CHUNK_BYTES = 4 << 20   # ... or fewer: a chunk closes at this many bytes, so scans (a second a page) spread over the workers
CHUNKS_IN_FLIGHT = 4    # per worker: read ahead of the parsers, but never the whole corpus


@dataclass
class ParsedChunk:
    """The staging rows of a chunk of reports, built in the worker that parsed them."""

    report_ids: list[str]
    reports: pl.DataFrame
    sections: pl.DataFrame
    figures: pl.DataFrame
    quarantined: list[tuple[str, str]]  # (report_id, reason)


def parse_chunk(items: list[tuple[str, str, bytes]]) -> ParsedChunk:
    results = [parse_one(item) for item in items]
    ok = [r for r in results if "report" in r]
    return ParsedChunk(
        report_ids=[r["report_id"] for r in results],
        reports=pl.DataFrame([r["report"] for r in ok], schema=REPORT_SCHEMA),
        sections=pl.DataFrame([s for r in ok for s in r["sections"]], schema=SECTION_SCHEMA),
        figures=pl.DataFrame([f for r in ok for f in r["figures"]], schema=FIGURE_SCHEMA),
        quarantined=[(r["report_id"], r["quarantine"]) for r in results if "quarantine" in r],
    )


def parse_stream(items: Iterator[tuple[str, str, bytes]], workers: int | None = None,
                 total: int | None = None) -> Iterator[ParsedChunk]:
    """Parse reports in worker processes (or in-process for a few), chunk by chunk, in order.

    Workers come from a *forkserver*, not a plain fork: the pipeline runs inside Dagster, DuckDB and
    GX, which keep threads, and forking a process with threads can leave a child stuck on a lock
    that some other thread held at the moment of the fork. The forkserver is a clean process that
    preloads the parsers once, so workers start warm and safe.

    A Pool pulls its input as fast as it can; a semaphore holds the reading back to a few chunks
    per worker ahead of the consumer, so memory stays flat however large the corpus.
    """
    chunks = _chunks(items, CHUNK_REPORTS)
    address = os.environ.get("OGI_DASK_SCHEDULER", "").strip()
    if address:  # a Dask cluster does the map (ingest/dask_parse.py, docs/distributed.md), whatever the size
        from ingest.dask_parse import parse_on_cluster

        yield from parse_on_cluster(chunks, address)
        return
    workers = workers or int(os.environ.get("OGI_WORKERS", 0)) or os.cpu_count() or 1
    if workers <= 1 or (total is not None and total < MIN_REPORTS_FOR_POOL):
        warm_up()
        yield from map(parse_chunk, chunks)
        return
    slots = threading.Semaphore(workers * CHUNKS_IN_FLIGHT)

    def held_back():
        for chunk in chunks:
            slots.acquire()
            yield chunk

    ctx = mp.get_context("forkserver")
    ctx.set_forkserver_preload(["ingest.staging"])
    with ctx.Pool(workers, initializer=warm_up) as pool:
        for parsed in pool.imap(parse_chunk, held_back()):
            slots.release()
            yield parsed


def _chunks(items: Iterator, size: int) -> Iterator[list]:
    chunk, nbytes = [], 0
    for item in items:
        chunk.append(item)
        nbytes += len(item[2])
        if len(chunk) == size or nbytes >= CHUNK_BYTES:
            yield chunk
            chunk, nbytes = [], 0
    if chunk:
        yield chunk


def load_taxonomy(con: duckdb.DuckDBPyConnection) -> None:
    """Write the metric taxonomy and the national tables' labels for dbt and the checks."""
    labels = []
    for table_id in ("t3", "t4"):
        spec = section(table_id)
        for i, col in enumerate(spec["columns"]):
            labels.append((table_id, "column", col["key"], col["zh"], None, col.get("metric"), i))
        for i, row in enumerate(spec.get("rows", [])):
            labels.append((table_id, "row", row["key"], row["labels"][0], row.get("group"), row.get("metric"), i))
        for i, (key, group) in enumerate(spec.get("groups", {}).items()):
            labels.append((table_id, "group", key, group["zh"], None, group.get("metric"), i))
    con.execute("BEGIN")
    con.execute("DELETE FROM staging.metric_taxonomy")
    con.execute("DELETE FROM staging.table_labels")
    con.executemany("INSERT INTO staging.metric_taxonomy VALUES (?, ?, ?, ?, ?)",
                    [tuple(r.values()) for r in metric_rows()])
    con.executemany("INSERT INTO staging.table_labels VALUES (?, ?, ?, ?, ?, ?, ?)", labels)
    con.execute("COMMIT")


def quarantine_entries(con: duckdb.DuckDBPyConnection, now: datetime) -> None:
    """Entries of the inbox that were never read (symlinks, unreadable, too large) are quarantined."""
    con.execute(
        """
        INSERT INTO staging.quarantined_files
        SELECT file_name, report_id,
               CASE entry_kind WHEN 'symlink' THEN read_error ELSE coalesce(read_error, 'not a regular file') END,
               ?, ?
        FROM raw.raw_files r
        WHERE in_inbox AND (entry_kind <> 'file' OR content_part IS NULL)
          AND NOT EXISTS (SELECT 1 FROM staging.quarantined_files q
                          WHERE q.file_name = r.file_name AND q.report_id IS NOT DISTINCT FROM r.report_id)
        """,
        [PARSER_VERSION, now],
    )


def _write_batch(con: duckdb.DuckDBPyConnection, chunks: list[ParsedChunk], reparse: set[str], now: datetime) -> int:
    """Load parsed chunks in one transaction. Rows of a report are deleted first only when it is
    being re-parsed: deleting by a join scans the whole figures table, which at a million reports
    must not happen once per batch."""
    stamp = pl.lit(now, dtype=pl.Datetime)
    ids = [i for c in chunks for i in c.report_ids]
    frames = {
        "batch_ids": pl.DataFrame({"report_id": ids}, schema={"report_id": pl.Utf8}),
        "batch_reports": pl.concat([c.reports for c in chunks]).with_columns(parsed_at=stamp, updated_at=stamp),
        "batch_sections": pl.concat([c.sections for c in chunks]),
        "batch_figures": pl.concat([c.figures for c in chunks]),
        "batch_bad": pl.DataFrame([q for c in chunks for q in c.quarantined],
                                  schema={"report_id": pl.Utf8, "reason": pl.Utf8}, orient="row"),
        "batch_reparse": pl.DataFrame({"report_id": [i for i in ids if i in reparse]}, schema={"report_id": pl.Utf8}),
    }
    for name, frame in frames.items():
        con.register(name, frame)
    try:
        con.execute("BEGIN")
        if frames["batch_reparse"].height:
            for table in ("stg_reports", "stg_sections", "stg_figures"):
                con.execute(f"DELETE FROM staging.{table} t USING batch_reparse b WHERE t.report_id = b.report_id")
        con.execute("DELETE FROM staging.quarantined_files q USING batch_ids b WHERE q.report_id = b.report_id")
        con.execute("INSERT INTO staging.stg_reports BY NAME SELECT * REPLACE (TRY_CAST(publication_date AS DATE) AS publication_date) FROM batch_reports")
        con.execute("INSERT INTO staging.stg_sections BY NAME SELECT * FROM batch_sections")
        con.execute("INSERT INTO staging.stg_figures BY NAME SELECT * FROM batch_figures")
        crash_point("staging-mid-batch")  # the crash-recovery tests kill the run here, mid-transaction
        con.execute(
            """
            INSERT INTO staging.quarantined_files
            SELECT r.file_name, r.report_id, b.reason, ?, ?
            FROM batch_bad b JOIN raw.raw_files r USING (report_id) WHERE r.in_inbox
            """,
            [PARSER_VERSION, now],
        )
        con.execute("COMMIT")
    except Exception:
        con.execute("ROLLBACK")
        raise
    finally:
        for name in frames:
            con.unregister(name)
    return frames["batch_bad"].height


def update_staging(con: duckdb.DuckDBPyConnection, log=print, workers: int | None = None,
                   shards: list[str] | None = None) -> StagingStats:
    """Parse what is new in raw.raw_files into the staging tables.

    `shards` (first hex digits of report ids, orchestration/partitions.py) limits the parsing to
    those reports; None parses every shard. The bookkeeping of file names and quarantine rows is
    cheap and always covers the whole inbox."""
    now = datetime.now(timezone.utc).replace(tzinfo=None)
    load_taxonomy(con)
    quarantine_entries(con, now)
    con.execute(
        """
        CREATE OR REPLACE TEMP TABLE to_parse AS
        SELECT r.report_id, min(r.file_name) AS file_name, any_value(r.content_sha256) AS content_sha256,
               min(r.content_part) AS content_part, bool_or(s.report_id IS NOT NULL) AS reparse
        FROM raw.raw_files r
        LEFT JOIN staging.stg_reports s USING (report_id)
        LEFT JOIN (SELECT DISTINCT report_id, parser_version FROM staging.quarantined_files) q USING (report_id)
        WHERE r.in_inbox AND r.entry_kind = 'file' AND r.content_part IS NOT NULL
          AND (s.report_id IS NULL OR s.parser_version <> ?)
          AND (q.report_id IS NULL OR q.parser_version <> ?)
          AND (? IS NULL OR list_contains(?, left(r.report_id, 1)))
        GROUP BY r.report_id
        ORDER BY r.report_id
        """,
        [PARSER_VERSION, PARSER_VERSION, shards, shards],
    )
    todo = query_frame(con, "SELECT * FROM to_parse ORDER BY content_part, report_id")
    con.execute("DROP TABLE to_parse")
    total, reparse = todo.height, int(todo["reparse"].sum() or 0)
    if reparse:
        log(f"staging: parser version is now {PARSER_VERSION}: re-parsing {reparse} reports staged by an older version")
    log(f"staging: {total} reports to parse")
    reparse_ids = set(todo.filter("reparse")["report_id"]) if reparse else set()
    contents = raw_store.read_parts(raw_store.folder_for(con), todo.select("report_id", "file_name", "content_sha256", "content_part"))
    quarantined = done = 0
    pending: list[ParsedChunk] = []
    with progress(total, "parsing reports") as bar:
        for chunk in parse_stream(contents, workers, total=total):
            pending.append(chunk)
            bar.update(len(chunk.report_ids))
            if sum(len(c.report_ids) for c in pending) >= BATCH_REPORTS:
                quarantined += _write_batch(con, pending, reparse_ids, now)
                done += sum(len(c.report_ids) for c in pending)
                log(f"staging: parsed {done}/{total}")
                pending = []
    if pending:
        quarantined += _write_batch(con, pending, reparse_ids, now)
        done += sum(len(c.report_ids) for c in pending)
    parsed = done - quarantined
    con.execute(
        """
        UPDATE staging.stg_reports s SET n_source_files = f.n, file_name = f.first_name, updated_at = ?
        FROM (SELECT report_id, count(*) AS n, min(file_name) AS first_name FROM raw.raw_files
              WHERE in_inbox AND entry_kind = 'file' AND content_part IS NOT NULL GROUP BY report_id) f
        WHERE s.report_id = f.report_id AND (s.n_source_files <> f.n OR s.file_name <> f.first_name)
        """,
        [now],
    )
    # a new name for content quarantined earlier (a second copy of an empty file, say) is not parsed
    # again, but it is quarantined too, for the same reason: no file is ever left unaccounted for
    con.execute(
        """
        INSERT INTO staging.quarantined_files
        SELECT r.file_name, r.report_id, q.reason, q.parser_version, ?
        FROM raw.raw_files r
        JOIN (SELECT report_id, min(reason) AS reason, max(parser_version) AS parser_version
              FROM staging.quarantined_files WHERE report_id IS NOT NULL GROUP BY report_id) q USING (report_id)
        WHERE r.in_inbox AND r.entry_kind = 'file' AND r.content_part IS NOT NULL
          AND NOT EXISTS (SELECT 1 FROM staging.quarantined_files x
                          WHERE x.file_name = r.file_name AND x.report_id = r.report_id)
        """,
        [now],
    )
    # quarantine rows describe the current inbox: drop those for files gone or changed
    con.execute(
        """
        DELETE FROM staging.quarantined_files q
        WHERE NOT EXISTS (SELECT 1 FROM raw.raw_files r WHERE r.in_inbox AND r.file_name = q.file_name
                          AND r.report_id IS NOT DISTINCT FROM q.report_id)
        """
    )
    paired = pair_attachments(con, now)
    if paired:
        log(f"staging: {paired} workbooks paired with the report they were attached to")
    load_reviews(con, now, log)  # analysts' reviews, from the store beside the warehouse
    log(f"staging: {parsed} reports parsed, {quarantined} quarantined")
    return StagingStats(parsed=parsed, reparsed=reparse, quarantined=quarantined)

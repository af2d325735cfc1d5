"""Inbox -> raw.raw_files: an inventory of every entry, with the bytes of new or changed files.

Unchanged files (same path, size and mtime) are not read again, so a run over a large inbox
with nothing new costs one directory walk. New files are read and hashed by a few threads (file
reads and SHA-256 release the GIL) and their bytes go to a Parquet part of the raw store
(`ingest.raw_store`), one per batch. Symlinks are recorded, never followed.
"""
from __future__ import annotations

import hashlib
import os
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from datetime import datetime, timezone
from pathlib import Path
from typing import Iterator

import duckdb
import polars as pl

from ingest import raw_store
from ingest.decode import MAX_BYTES
from ingest.progress import progress
from ingest.warehouse import crash_point, query_frame

BATCH_FILES = 2000
READ_THREADS = 4


@dataclass
class InventoryStats:
    files_seen: int
    new_or_changed: int
    removed: int


def display_name(rel: str) -> str:
    """The name stored in the warehouse: the relative path as valid UTF-8.

    POSIX names are bytes; one that is not UTF-8 (say GBK bytes left by an unzip tool) reaches
    Python with surrogate escapes, which no UTF-8 column can hold: its odd bytes are written as
    backslash escapes (\\xb1) instead of crashing the run or being skipped.
    """
    try:
        rel.encode("utf-8")
        return rel
    except UnicodeEncodeError:
        return rel.encode("utf-8", "surrogateescape").decode("utf-8", "backslashreplace")


def walk_inbox(inbox: Path) -> Iterator[tuple[str, str, int, int]]:
    """(relative name, kind, size, mtime_ns) for every entry below `inbox`, symlinks not followed.

    The name is the stored `display_name`; `_walk` also gives the name on disk.
    """
    for name, _on_disk, kind, size, mtime in _walk(inbox):
        yield name, kind, size, mtime


def _walk(inbox: Path) -> Iterator[tuple[str, str, str, int, int]]:
    # entry.path is the folder's path joined with the name, and every folder below the inbox came from
    # an entry.path: the relative name is a slice (os.path.relpath was half the walk at a million files)
    prefix = len(os.path.join(str(inbox), ""))
    stack = [str(inbox)]
    while stack:
        folder = stack.pop()
        try:
            entries = list(os.scandir(folder))
        except OSError:
            continue
        for entry in entries:
            rel = entry.path[prefix:]
            name = display_name(rel)
            try:
                if entry.is_symlink():
                    st = entry.stat(follow_symlinks=False)
                    yield name, rel, "symlink", st.st_size, st.st_mtime_ns
                elif entry.is_dir(follow_symlinks=False):
                    stack.append(entry.path)
                elif entry.is_file(follow_symlinks=False):
                    st = entry.stat(follow_symlinks=False)
                    yield name, rel, "file", st.st_size, st.st_mtime_ns
                else:  # a FIFO, socket or device: reading it could block the run forever
                    st = entry.stat(follow_symlinks=False)
                    yield name, rel, "special", st.st_size, st.st_mtime_ns
            except OSError:
                yield name, rel, "unreadable", 0, 0


def _read(inbox: Path, rel: str, kind: str, size: int) -> dict:
    row = {"report_id": None, "content_sha256": None, "read_error": None, "content": None, "entry_kind": kind}
    if kind == "symlink":
        try:
            target = display_name(os.readlink(inbox / rel))
        except OSError:
            target = "?"
        row["read_error"] = f"symlink to {target}: not followed"
        return row
    if kind == "special":
        row["read_error"] = "not a regular file (a FIFO, socket or device): not read"
        return row
    if kind != "file":
        row["read_error"] = "cannot stat the file"
        return row
    if size > MAX_BYTES:
        digest = hashlib.sha256()
        try:
            with open(inbox / rel, "rb") as fh:
                for chunk in iter(lambda: fh.read(1 << 20), b""):
                    digest.update(chunk)
        except OSError as exc:
            row.update(entry_kind="unreadable", read_error=f"cannot read: {exc.strerror}")
            return row
        sha = digest.hexdigest()
        row.update(report_id=sha[:16], content_sha256=sha,
                   read_error=f"file too large ({size // (1024 * 1024)} MB > {MAX_BYTES // (1024 * 1024)} MB): bytes not stored")
        return row
    try:
        data = (inbox / rel).read_bytes()
    except OSError as exc:
        row.update(entry_kind="unreadable", read_error=f"cannot read: {exc.strerror}")
        return row
    sha = hashlib.sha256(data).hexdigest()
    row.update(report_id=sha[:16], content_sha256=sha, content=data)
    return row


def update_raw_files(con: duckdb.DuckDBPyConnection, inbox: Path, log=print) -> InventoryStats:
    now = datetime.now(timezone.utc).replace(tzinfo=None)
    listing, odd_names = _listing(inbox)
    con.register("inbox_listing", listing)
    try:
        changed = query_frame(
            con,
            """
            SELECT l.file_name, l.entry_kind, l.size_bytes, l.mtime_ns
            FROM inbox_listing l
            LEFT JOIN raw.raw_files r USING (file_name)
            WHERE r.file_name IS NULL OR r.size_bytes <> l.size_bytes OR r.mtime_ns <> l.mtime_ns
               OR r.entry_kind <> l.entry_kind
            ORDER BY l.file_name
            """,
        )
        removed = con.execute(
            "SELECT count(*) FROM raw.raw_files r ANTI JOIN inbox_listing l USING (file_name) WHERE r.in_inbox"
        ).fetchone()[0]
        con.execute("BEGIN")
        try:
            con.execute("UPDATE raw.raw_files SET in_inbox = false WHERE in_inbox")
            con.execute(
                "UPDATE raw.raw_files r SET in_inbox = true, last_seen_at = ? FROM inbox_listing l "
                "WHERE r.file_name = l.file_name",
                [now],
            )
            con.execute("COMMIT")
        except Exception:
            con.execute("ROLLBACK")
            raise
    finally:
        con.unregister("inbox_listing")
    store = raw_store.folder_for(con)
    _move_inline_bytes(con, store)
    referenced = [r[0] for r in con.execute(
        "SELECT DISTINCT content_part FROM raw.raw_files WHERE content_part IS NOT NULL").fetchall()]
    raw_store.remove_parts(store, referenced)  # parts a crashed run wrote but never committed
    with progress(changed.height, "reading new files") as bar:
        _store_batches(con, inbox, store, changed, odd_names, now, bar, log)
    return InventoryStats(files_seen=listing.height, new_or_changed=changed.height, removed=removed)


LISTING_SCHEMA = {"file_name": pl.Utf8, "entry_kind": pl.Utf8, "size_bytes": pl.Int64, "mtime_ns": pl.Int64}


def _listing(inbox: Path, chunk: int = 100_000) -> tuple[pl.DataFrame, dict[str, str]]:
    """Every entry of the inbox as a columnar frame, built a chunk at a time (a million entries as
    Python tuples would take a gigabyte), and the names on disk that differ from the stored name
    (not UTF-8, so they cannot sit in a string column)."""
    parts, rows, odd = [], [], {}
    for name, rel, kind, size, mtime in _walk(inbox):
        rows.append((name, kind, size, mtime))
        if rel != name:
            odd[name] = rel
        if len(rows) >= chunk:
            parts.append(pl.DataFrame(rows, schema=LISTING_SCHEMA, orient="row"))
            rows = []
    parts.append(pl.DataFrame(rows, schema=LISTING_SCHEMA, orient="row"))
    return pl.concat(parts, rechunk=True), odd


def _move_inline_bytes(con, store: Path) -> None:
    """Warehouses made before the raw store kept each file's bytes in raw.raw_files.content: move
    them to raw-store parts once, then drop the column. A crash half way repeats the move (a part
    written twice is harmless)."""
    columns = {r[0] for r in con.execute(
        "SELECT column_name FROM information_schema.columns WHERE table_schema = 'raw' AND table_name = 'raw_files'"
    ).fetchall()}
    if "content" not in columns:
        return
    inline = query_frame(con, "SELECT DISTINCT content_sha256, content FROM raw.raw_files WHERE content IS NOT NULL")
    for start in range(0, inline.height, BATCH_FILES):
        batch = inline.slice(start, BATCH_FILES)
        part = raw_store.write_part(store, batch["content_sha256"].to_list(), batch["content"].to_list())
        con.register("moved", batch.select("content_sha256"))
        try:
            con.execute("UPDATE raw.raw_files r SET content_part = ? FROM moved m WHERE r.content_sha256 = m.content_sha256",
                        [part])
        finally:
            con.unregister("moved")
    con.execute("ALTER TABLE raw.raw_files DROP COLUMN content")


def _store_batches(con, inbox: Path, store: Path, changed: pl.DataFrame, odd_names: dict[str, str], now, bar,
                   log) -> None:
    """Read, hash and store the new or changed files, one raw-store part and one transaction per batch."""
    with ThreadPoolExecutor(READ_THREADS) as pool:
        for start in range(0, changed.height, BATCH_FILES):
            entries = changed.slice(start, BATCH_FILES).rows(named=True)
            reads = pool.map(lambda e: _read(inbox, odd_names.get(e["file_name"], e["file_name"]), e["entry_kind"],
                                             e["size_bytes"]), entries)
            batch = []
            for entry, read in zip(entries, reads):
                batch.append({**entry, **read})
                bar.update()
            stored = [b for b in batch if b["content"] is not None]
            part = raw_store.write_part(store, [b["content_sha256"] for b in stored], [b["content"] for b in stored])
            frame = pl.DataFrame(
                [{**{k: v for k, v in b.items() if k != "content"}, "content_part": part if b["content"] is not None else None}
                 for b in batch],
                schema={
                    "file_name": pl.Utf8, "entry_kind": pl.Utf8, "size_bytes": pl.Int64, "mtime_ns": pl.Int64,
                    "report_id": pl.Utf8, "content_sha256": pl.Utf8, "read_error": pl.Utf8, "content_part": pl.Utf8,
                },
            )
            _insert_batch(con, frame, now)
            log(f"inventory: read {start + len(entries)}/{changed.height} new or changed files")


def _insert_batch(con, frame: pl.DataFrame, now) -> None:
    """Replace the rows of the batch's file names (keeping when each was first seen), in one transaction."""
    con.register("inbox_batch", frame)
    try:
        con.execute("BEGIN")
    except Exception:
        con.unregister("inbox_batch")
        raise
    try:
        con.execute(
            """
            CREATE OR REPLACE TEMP TABLE previous_versions AS
            SELECT r.file_name, r.first_seen_at FROM raw.raw_files r JOIN inbox_batch b USING (file_name)
            """
        )
        con.execute("DELETE FROM raw.raw_files r USING previous_versions p WHERE r.file_name = p.file_name")
        con.execute(
            """
            INSERT INTO raw.raw_files (file_name, entry_kind, report_id, content_sha256, size_bytes, mtime_ns,
                                       read_error, in_inbox, first_seen_at, last_seen_at, content_part)
            SELECT b.file_name, b.entry_kind, b.report_id, b.content_sha256, b.size_bytes, b.mtime_ns,
                   b.read_error, true, coalesce(p.first_seen_at, ?), ?, b.content_part
            FROM inbox_batch b LEFT JOIN previous_versions p USING (file_name)
            """,
            [now, now],
        )
        con.execute("DROP TABLE previous_versions")
        crash_point("inventory-mid-batch")
        con.execute("COMMIT")
    except Exception:
        con.execute("ROLLBACK")
        raise
    finally:
        con.unregister("inbox_batch")

"""The raw bytes of every file read, as Parquet parts beside the warehouse (`<warehouse>.raw/`).

Keeping gigabytes of report bytes out of the DuckDB file keeps its writes, checkpoints and the
published snapshot small, and is the layout a lakehouse would use (Parquet parts, append-only,
one per inventory batch). `raw.raw_files.content_part` names the part that holds a file's bytes;
a part is written and fsynced before the rows that name it are committed, so a crash can leave
an unreferenced part (harmless) but never a row without its bytes.
"""
from __future__ import annotations

import os
import uuid
from pathlib import Path
from typing import Iterable, Iterator

import duckdb
import polars as pl


def folder_for(con: duckdb.DuckDBPyConnection) -> Path:
    """`<warehouse>.raw/` for the database file this connection has open."""
    path = con.execute("SELECT path FROM duckdb_databases() WHERE database_name = current_database()").fetchall()[0][0]
    if not path:
        raise ValueError("the raw store needs a warehouse file, not an in-memory database")
    db = Path(path)
    return db.with_name(db.name + ".raw")


def write_part(folder: Path, shas: list[str], contents: list[bytes]) -> str:
    """Write one part of (content_sha256, content) and return its name (relative to `folder`)."""
    folder.mkdir(parents=True, exist_ok=True)
    name = f"part-{uuid.uuid4().hex}.parquet"
    tmp = folder / (name + ".tmp")
    frame = pl.DataFrame({"content_sha256": shas, "content": contents},
                         schema={"content_sha256": pl.Utf8, "content": pl.Binary})
    frame.unique("content_sha256", keep="first", maintain_order=True).write_parquet(tmp, compression="zstd")
    with open(tmp, "rb") as fh:
        os.fsync(fh.fileno())
    os.replace(tmp, folder / name)
    return name


def read_parts(folder: Path, wanted: pl.DataFrame) -> Iterator[tuple[str, str, bytes]]:
    """(report_id, file_name, bytes) for the rows of `wanted` (report_id, file_name, content_sha256,
    content_part), reading each part once, in the order of the parts."""
    for (part,), rows in wanted.group_by("content_part", maintain_order=True):
        data = pl.read_parquet(folder / part).join(rows, on="content_sha256", how="inner")
        yield from data.select("report_id", "file_name", "content").iter_rows()


def remove_parts(folder: Path, keep: Iterable[str]) -> int:
    """Delete parts no row refers to (left by a crash); returns how many were removed."""
    keep = set(keep)
    removed = 0
    for path in folder.glob("part-*.parquet*") if folder.is_dir() else []:
        if path.name not in keep:
            path.unlink(missing_ok=True)
            removed += 1
    return removed

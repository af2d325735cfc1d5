"""A warehouse made before the raw store (bytes inline in raw.raw_files.content) is moved over on
its next inventory: bytes into a raw-store part, the column dropped, first-seen dates kept, and the
report is not parsed again."""
import shutil
from datetime import datetime

import polars as pl

from ingest import raw_store
from ingest.inventory import update_raw_files
from ingest.staging import update_staging
from ingest.warehouse import writer
from tests.conftest import SAMPLE

NAME = "002_e3122ac424a3c24d.txt"


def test_inline_bytes_move_to_the_raw_store(tmp_path):
    inbox, db = tmp_path / "inbox", tmp_path / "ogi.duckdb"
    inbox.mkdir()
    shutil.copy(SAMPLE / NAME, inbox)
    with writer(db) as con:
        update_raw_files(con, inbox, log=lambda m: None)
        update_staging(con, log=lambda m: None, workers=1)
        # rewind the table to the old layout: bytes inline, no part
        data = (inbox / NAME).read_bytes()
        con.execute("ALTER TABLE raw.raw_files ADD COLUMN content BLOB")
        con.execute("UPDATE raw.raw_files SET content = ?, content_part = NULL, first_seen_at = ?",
                    [data, datetime(2020, 1, 1)])
    shutil.rmtree(db.with_name(db.name + ".raw"))  # as an old warehouse has no raw store

    with writer(db) as con:
        update_raw_files(con, inbox, log=lambda m: None)
        stats = update_staging(con, log=lambda m: None, workers=1)
        columns = {r[0] for r in con.execute(
            "SELECT column_name FROM information_schema.columns WHERE table_name = 'raw_files'").fetchall()}
        part, sha, first_seen = con.execute(
            "SELECT content_part, content_sha256, first_seen_at FROM raw.raw_files").fetchone()
        store = raw_store.folder_for(con)
    assert "content" not in columns
    assert first_seen == datetime(2020, 1, 1)
    assert stats.parsed == 0  # same content, already staged
    stored = pl.read_parquet(store / part)
    assert stored.filter(pl.col("content_sha256") == sha)["content"][0] == data

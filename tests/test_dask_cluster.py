"""Parsing on a real Dask cluster (OGI_DASK_SCHEDULER, ingest/dask_parse.py): a LocalCluster of two
worker processes, no mocks. The pipeline's warehouse must come out byte-identical to a local-pool
run (time-of-run columns aside), and the cluster must have done the parsing."""
from __future__ import annotations

import hashlib
import shutil
import time

import duckdb
import pytest
from dask.utils import key_split
from distributed import Client, LocalCluster, get_task_stream

from ingest import dask_parse, staging
from ingest.evaluation.synthetic import generate
from tests.conftest import SAMPLE, run_pipeline

SCHEMAS = ("staging", "intermediate", "marts")
# columns that record when the run happened (or when an analyst reviewed), not what was parsed
RUN_TIME_COLUMNS = {"parsed_at", "updated_at", "quarantined_at", "paired_at", "reviewed_at",
                    "first_seen_at", "last_seen_at", "published_at", "reports_watermark"}


@pytest.fixture(scope="module")
def cluster():
    with LocalCluster(n_workers=2, threads_per_worker=1, processes=True, host="127.0.0.1",
                      dashboard_address="127.0.0.1:0") as cl:
        yield cl


@pytest.fixture(scope="module")
def client(cluster):
    with Client(cluster.scheduler_address, set_as_default=False) as c:
        yield c


def _parse_tasks(stream) -> list[dict]:
    return [t for t in stream.data if key_split(t["key"]) == "parse_chunk"]


def _export(db, out_dir) -> dict[str, bytes]:
    """Every table of SCHEMAS as an ordered CSV without the run-time columns: {schema.table: bytes}."""
    out_dir.mkdir(parents=True, exist_ok=True)
    con = duckdb.connect(str(db), read_only=True)
    try:
        tables = con.execute("SELECT table_schema, table_name FROM information_schema.tables "
                             "WHERE table_schema IN ? ORDER BY ALL", [list(SCHEMAS)]).fetchall()
        files = {}
        for schema, table in tables:
            cols = [c for (c,) in con.execute("SELECT column_name FROM information_schema.columns WHERE "
                                              "table_schema = ? AND table_name = ?", [schema, table]).fetchall()]
            dropped = [c for c in cols if c in RUN_TIME_COLUMNS]
            exclude = f" EXCLUDE ({', '.join(dropped)})" if dropped else ""
            path = out_dir / f"{schema}.{table}.csv"
            con.execute(f"COPY (SELECT *{exclude} FROM {schema}.{table} ORDER BY ALL) TO '{path}' (HEADER)")
            files[f"{schema}.{table}"] = path.read_bytes()
        return files
    finally:
        con.close()


def _items(n: int, seed: int) -> list[tuple[str, str, bytes]]:
    return [(hashlib.sha256(r.content).hexdigest()[:16], r.file_name, r.content) for r in generate(n, seed)]


def test_pipeline_on_the_cluster_matches_the_local_pool(sample_run, cluster, client, tmp_path, monkeypatch):
    inbox = tmp_path / "inbox"
    shutil.copytree(SAMPLE, inbox)
    monkeypatch.setenv("OGI_DASK_SCHEDULER", cluster.scheduler_address)
    with get_task_stream(client) as stream:
        result = run_pipeline(inbox, tmp_path / "wh" / "ogi.duckdb")
    assert result.success and sample_run["result"].success

    # the cluster's workers did the parsing: one task per chunk, every report of the inbox in them
    tasks = _parse_tasks(stream)
    assert tasks and all(t["status"] == "OK" for t in tasks)
    assert {t["worker"] for t in tasks} <= set(cluster.scheduler_info["workers"])
    con = duckdb.connect(str(tmp_path / "wh" / "ogi.duckdb"), read_only=True)
    n_parsed = con.execute("SELECT (SELECT count(*) FROM staging.stg_reports) + "
                           "(SELECT count(DISTINCT report_id) FROM staging.quarantined_files "
                           " WHERE report_id IS NOT NULL)").fetchone()[0]
    con.close()
    assert n_parsed > 0 and len(tasks) == -(-n_parsed // staging.CHUNK_REPORTS)

    ours = _export(tmp_path / "wh" / "ogi.duckdb", tmp_path / "dask_csv")
    theirs = _export(sample_run["db"], tmp_path / "local_csv")
    assert sorted(ours) == sorted(theirs)
    assert {"marts.fct_reports", "staging.stg_reports", "staging.stg_figures"} <= set(ours)
    differ = [t for t in ours if ours[t] != theirs[t]]
    assert not differ, f"tables that differ from the local-pool run: {differ}"
    assert ours["staging.stg_figures"].count(b"\n") > 100  # the sample's figures are really there


def test_order_and_completeness_match_the_local_path(cluster, client, monkeypatch):
    base = _items(250, 7)
    # small chunks (36 of them, far more than the 8 allowed in flight) and, first, two chunks with
    # equal bytes: both must come back, in place
    items = base[:7] + base[:7] + base[7:]
    monkeypatch.setattr(staging, "CHUNK_REPORTS", 7)
    monkeypatch.setenv("OGI_DASK_SCHEDULER", cluster.scheduler_address)
    with get_task_stream(client) as stream:
        on_cluster = list(staging.parse_stream(iter(items)))
    monkeypatch.delenv("OGI_DASK_SCHEDULER")
    monkeypatch.setenv("OGI_WORKERS", "1")
    local = list(staging.parse_stream(iter(items)))

    assert len(_parse_tasks(stream)) == len(local) == 37
    assert [i for c in on_cluster for i in c.report_ids] == [i[0] for i in items]
    assert [c.report_ids for c in on_cluster] == [c.report_ids for c in local]
    for a, b in zip(on_cluster, local):
        assert a.reports.equals(b.reports) and a.sections.equals(b.sections) and a.figures.equals(b.figures)
        assert a.quarantined == b.quarantined
    assert sum(c.figures.height for c in on_cluster) > 0


def test_early_close_cancels_the_tasks_and_closes_the_client(cluster, client, monkeypatch):
    def state(dask_scheduler):
        return (len(dask_scheduler.clients),
                sum(1 for k in dask_scheduler.tasks if key_split(k) == "parse_chunk"))

    clients_before, _ = client.run_on_scheduler(state)
    monkeypatch.setattr(staging, "CHUNK_REPORTS", 5)
    monkeypatch.setenv("OGI_DASK_SCHEDULER", cluster.scheduler_address)
    stream = staging.parse_stream(iter(_items(120, 9)))
    first = next(stream)
    assert len(first.report_ids) == 5
    clients, tasks = client.run_on_scheduler(state)
    assert clients == clients_before + 1  # the stream's own client
    assert 0 < tasks <= 2 * staging.CHUNKS_IN_FLIGHT  # 24 chunks, but only 4 per worker thread in flight
    stream.close()
    deadline = time.monotonic() + 10
    while client.run_on_scheduler(state) != (clients_before, 0) and time.monotonic() < deadline:
        time.sleep(0.1)
    assert client.run_on_scheduler(state) == (clients_before, 0)


def test_unreachable_scheduler_is_a_clear_error_quickly(monkeypatch):
    assert dask_parse.CONNECT_TIMEOUT <= 10
    monkeypatch.setattr(dask_parse, "CONNECT_TIMEOUT", 2.0)
    monkeypatch.setenv("OGI_DASK_SCHEDULER", "tcp://127.0.0.1:1")
    t = time.monotonic()
    with pytest.raises(RuntimeError, match=r"OGI_DASK_SCHEDULER=tcp://127\.0\.0\.1:1: could not reach"):
        list(staging.parse_stream(iter(_items(3, 1))))
    assert time.monotonic() - t < 8


def test_workers_of_another_parser_version_are_refused(cluster, client, monkeypatch):
    # this process plays a client of a newer release: the workers report the installed version
    monkeypatch.setattr(dask_parse, "PARSER_VERSION", "999.0.0")
    monkeypatch.setenv("OGI_DASK_SCHEDULER", cluster.scheduler_address)
    with get_task_stream(client) as stream:
        with pytest.raises(RuntimeError, match=r"2 of 2 workers run another parser version .* 999\.0\.0"):
            list(staging.parse_stream(iter(_items(3, 1))))
    assert not _parse_tasks(stream)  # refused before any parsing


def test_a_cluster_without_workers_is_an_error_after_a_bounded_wait(monkeypatch):
    monkeypatch.setattr(dask_parse, "WORKERS_TIMEOUT", 1.0)
    with LocalCluster(n_workers=0, processes=True, host="127.0.0.1", dashboard_address="127.0.0.1:0") as empty:
        monkeypatch.setenv("OGI_DASK_SCHEDULER", empty.scheduler_address)
        t = time.monotonic()
        with pytest.raises(RuntimeError, match=r"OGI_DASK_SCHEDULER=.*has no workers after 1 s"):
            list(staging.parse_stream(iter(_items(3, 1))))
        assert time.monotonic() - t < 8

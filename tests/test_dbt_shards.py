"""Sharded dbt builds (dbt_project/macros/shards.sql): real `dbt build` runs on temporary DuckDB files.

The staging rows of tests/test_dbt_incremental.py after its second run (report and agency ids that start with several different hex
digits, so they fall in different shards) are built with 1 shard, the default 16, and 256: every table dbt
builds must be the same, and the sharded models must really run one statement per shard.
"""
from __future__ import annotations

import shutil

import pytest

from tests.test_dbt_incremental import _assert_all_passed, _contents, _second_run
from tests.test_dbt_models import FIGURES, REPORTS, run_dbt, write_staging

SHARDED_MODELS = ("int_rule_t3", "int_rule_continuity")


def _run_sql(tmp, model: str) -> str:
    return next((tmp / "target" / "run").rglob(f"{model}.sql")).read_text()


@pytest.fixture(scope="module")
def builds(tmp_path_factory):
    """{shards: (contents of the warehouse built with that many shards, its tmp folder)}."""
    base = tmp_path_factory.mktemp("dbt_shards")
    staged = base / "staged.duckdb"
    write_staging(staged, REPORTS, FIGURES)
    _second_run(staged)  # adds consecutive years of one agency: continuity rows
    out = {}
    for shards in (1, 16, 256):
        tmp = base / f"shards_{shards}"
        tmp.mkdir()
        db = tmp / "warehouse.duckdb"
        shutil.copy(staged, db)
        _assert_all_passed(run_dbt(db, tmp, "build", "--vars", f"{{shards: {shards}}}"))
        out[shards] = (_contents(db), tmp)
    return out


def test_every_shard_count_builds_the_same_tables(builds):
    one, _ = builds[1]
    assert one["intermediate.int_rule_t3"] and one["intermediate.int_rule_continuity"]
    for shards in (16, 256):
        contents, _ = builds[shards]
        assert contents.keys() == one.keys()
        for table in one:
            assert contents[table] == one[table], (shards, table)


@pytest.mark.parametrize("model", SHARDED_MODELS)
def test_a_sharded_model_runs_one_statement_per_shard(builds, model):
    assert "ogi:shard" not in _run_sql(builds[1][1], model)  # one shard: the marker replaced by every row
    for shards in (16, 256):
        sql = _run_sql(builds[shards][1], model)
        assert sql.count("insert into") == shards - 1, (model, shards)
        assert "ogi:shard" not in sql


def test_an_unsharded_model_is_one_statement(builds):
    assert "insert into" not in _run_sql(builds[16][1], "fct_reports")

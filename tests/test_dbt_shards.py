"""Sharded dbt builds (dbt_project/macros/shards.sql): real `dbt build` runs on temporary DuckDB files.

The staging rows of tests/test_dbt_incremental.py after its second run (report and agency ids that start
with several different hex digits, so they fall in different shards) are built with the default (one
statement for so few reports), a forced 1, 16 and 256 shards, and as many as `reports_per_shard: 2` asks
for: every table dbt builds must be the same, and the sharded models must run one statement per shard.
"""
from __future__ import annotations

import math
import shutil

import duckdb
import pytest

from tests.test_dbt_incremental import _assert_all_passed, _contents, _second_run
from tests.test_dbt_models import FIGURES, REPORTS, run_dbt, write_staging

SHARDED_MODELS = ("int_rule_t3", "int_rule_continuity", "int_rule_plausibility_history")
BUILDS = {"default": None, "1": "{shards: 1}", "16": "{shards: 16}", "256": "{shards: 256}",
          "per_2_reports": "{reports_per_shard: 2}"}


def _run_sql(tmp, model: str) -> str:
    return next((tmp / "target" / "run").rglob(f"{model}.sql")).read_text()


@pytest.fixture(scope="module")
def builds(tmp_path_factory):
    """({build: (contents of the warehouse, its tmp folder)}, number of staged reports)."""
    base = tmp_path_factory.mktemp("dbt_shards")
    staged = base / "staged.duckdb"
    write_staging(staged, REPORTS, FIGURES)
    _second_run(staged)  # adds consecutive years of one agency: continuity rows
    with duckdb.connect(str(staged), read_only=True) as con:
        n_reports = con.execute("SELECT count(*) FROM staging.stg_reports").fetchone()[0]
    out = {}
    for name, dbt_vars in BUILDS.items():
        tmp = base / name
        tmp.mkdir()
        db = tmp / "warehouse.duckdb"
        shutil.copy(staged, db)
        _assert_all_passed(run_dbt(db, tmp, "build", *(["--vars", dbt_vars] if dbt_vars else [])))
        out[name] = (_contents(db), tmp)
    return out, n_reports


def test_every_shard_count_builds_the_same_tables(builds):
    out, _ = builds
    one, _ = out["1"]
    assert one["intermediate.int_rule_t3"] and one["intermediate.int_rule_continuity"]
    for name, (contents, _) in out.items():
        assert contents.keys() == one.keys()
        for table in one:
            assert contents[table] == one[table], (name, table)


@pytest.mark.parametrize("model", SHARDED_MODELS)
def test_a_sharded_model_runs_one_statement_per_shard(builds, model):
    out, n_reports = builds
    auto = 2 ** math.ceil(math.log2(math.ceil(n_reports / 2)))  # reports_per_shard: 2
    assert 4 <= auto < n_reports
    for name, statements in (("default", 1), ("1", 1), ("16", 16), ("256", 256), ("per_2_reports", auto)):
        sql = _run_sql(out[name][1], model)
        assert sql.count("insert into") == statements - 1, (model, name)
        assert "ogi:shard" not in sql  # every marker replaced: by a key range, or by every row


def test_an_unmarked_model_is_one_statement(builds):
    out, _ = builds
    assert "insert into" not in _run_sql(out["16"][1], "fct_reports")

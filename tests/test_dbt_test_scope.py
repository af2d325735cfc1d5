"""dbt's data tests in an incremental run read only the reports staged since the last published
build (dbt_project/macros/test_scope.sql, meta.dbt_test_scope), for the models rebuilt report by report;
other models, and every test with no scope recorded, read whole tables."""
import shutil

import duckdb
import pytest

from orchestration import build_state
from tests.test_dbt_models import run_dbt

TEST = "unique_combination_int_report_metrics_report_id__metric_key"
TABLE = "intermediate.int_report_metrics"


@pytest.fixture(scope="module")
def warehouse(sample_run, tmp_path_factory):
    """A copy of the sample warehouse in which one report counts as staged after the publish, and
    the watermark between it and the others."""
    tmp = tmp_path_factory.mktemp("scope")
    db = tmp / "ogi.duckdb"
    shutil.copy(sample_run["db"], db)
    with duckdb.connect(str(db)) as con:
        old, new = con.execute(f"SELECT min(report_id), max(report_id) FROM {TABLE}").fetchone()
        assert old != new
        since = con.execute("SELECT max(updated_at) FROM staging.stg_reports").fetchone()[0]
        con.execute("UPDATE staging.stg_reports SET updated_at = updated_at + INTERVAL 1 HOUR WHERE report_id = ?", [new])
    return {"db": db, "tmp": tmp, "old": old, "new": new, "since": since}


def _duplicate_a_row_of(db, report_id):
    with duckdb.connect(str(db)) as con:
        con.execute(f"DELETE FROM {TABLE} WHERE rowid IN (SELECT max(rowid) FROM {TABLE} "
                    "GROUP BY report_id, metric_key HAVING count(*) > 1)")
        con.execute(f"INSERT INTO {TABLE} SELECT * FROM {TABLE} WHERE report_id = ? LIMIT 1", [report_id])


def _result(warehouse, since=None):
    with duckdb.connect(str(warehouse["db"])) as con:
        build_state.record_test_scope(con, since)
    res = run_dbt(warehouse["db"], warehouse["tmp"], "test", "--select", "int_report_metrics")
    return {r.node.name: r.status for r in res.result}


def test_an_old_reports_duplicate_is_outside_the_scope_a_new_ones_is_inside(warehouse):
    _duplicate_a_row_of(warehouse["db"], warehouse["old"])
    assert _result(warehouse)[TEST] == "fail"  # a whole-table read sees it
    assert _result(warehouse, warehouse["since"])[TEST] == "pass"  # it was published before: not read again
    _duplicate_a_row_of(warehouse["db"], warehouse["new"])
    assert _result(warehouse, warehouse["since"])[TEST] == "fail"


def test_only_staging_moved_scopes_the_tests():
    state = "6:2026-12-01 10:00:00|123|456|dbt:abc"
    now = "7:2026-12-02 10:00:00|123|456|dbt:abc"
    wm = build_state.datetime(2026, 12, 1, 10)
    assert build_state.tests_since(now, state, wm) == wm
    assert build_state.tests_since(now.replace("dbt:abc", "dbt:abd"), state, wm) is None  # the dbt project changed
    assert build_state.tests_since(now.replace("|123|", "|124|"), state, wm) is None  # the taxonomy changed
    assert build_state.tests_since(now, None, None) is None  # nothing published yet

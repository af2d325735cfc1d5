"""Incremental dbt models (dbt_project/macros/incremental.sql): real `dbt build` runs on a temporary DuckDB file.

A first build on the staging rows of tests/test_dbt_models.py; then a second run stages, as the ingest does
(new updated_at; a re-parse deletes and re-inserts the report's rows):
- A4, a new 2020 report of agency A between A1 (2019) and A3 (2021): new continuity pairs, so the
  continuity rows of the unchanged A3 change (and a third year of A: plausibility_history rows for all three);
- D3, a new national_2021 report of agency D for 2019 stating more figures than D1: chosen instead of it;
- A1 re-parsed with other figures: no 表四 and no narrative any more (it must lose its int_rule_t4 rows and
  its prose/table agreement row, not keep stale ones), other 表三 values.
The incremental build must give exactly what `dbt build --full-refresh` gives on the same staging data, and
a build with nothing new must change nothing and rebuild no report.
"""
from __future__ import annotations

import shutil
from datetime import date, datetime

import duckdb
import pytest

from tests.test_dbt_models import A1, A3, FIGURES, REPORTS, _fig, _insert, _report, _t3, run_dbt, write_staging

A4, D3 = "a4" * 8, "d3" * 8
SECOND_RUN = datetime(2024, 2, 1)

NEW_REPORTS = [
    _report(A4, "national_2021", "青岛市城阳区人民政府", 2020, division_code="370214", published=date(2021, 1, 20)),
    _report(D3, "national_2021", "泉港区商务局", 2019, published=date(2020, 3, 5)),
    _report(A1, "national_2019", "青岛市城阳区人民政府", 2019, division_code="370214", published=date(2020, 1, 20)),
]
NEW_FIGURES = [
    _t3(A4, 0, "new", "total", "applications_new", 4),
    _t3(A4, 1, "carried_over", "natural_person", "applications_carried_over", 5),
    _t3(A4, 2, "carried_over", "total", "applications_carried_over", 5),
    _t3(A4, 3, "carried_forward", "total", "applications_carried_forward", 1),
    _fig(A4, 4, "table", "t2_2021", "regulations", "in_force", None, 3, "number", "3"),
    _t3(D3, 0, "new", "total", "applications_new", 6),
    _t3(D3, 1, "granted", "total", "outcome_granted", 6),
    # A1 re-parsed: 表三 only, other values
    _t3(A1, 0, "new", "natural_person", "applications_new", 7),
    _t3(A1, 1, "new", "total", "applications_new", 11),
    _t3(A1, 2, "carried_over", "total", "applications_carried_over", 2),
    _t3(A1, 3, "total", "total", "outcome_total", 8),
    _t3(A1, 4, "carried_forward", "total", "applications_carried_forward", 5),
    _fig(A1, 5, "table", "t2_2021", "regulations", "in_force", None, 3, "number", "3"),
]


def _second_run(db) -> None:
    """Stage the new reports and re-parse A1, as ingest/staging.py does."""
    reports = [r | {"parsed_at": SECOND_RUN, "updated_at": SECOND_RUN} for r in NEW_REPORTS]
    with duckdb.connect(str(db)) as con:
        con.execute("DELETE FROM staging.stg_reports WHERE report_id = ?", [A1])
        con.execute("DELETE FROM staging.stg_figures WHERE report_id = ?", [A1])
        _insert(con, "staging.stg_reports", reports)
        _insert(con, "staging.stg_figures", NEW_FIGURES)


def _contents(db) -> dict[str, list[tuple]]:
    """Every table dbt builds, sorted."""
    with duckdb.connect(str(db), read_only=True) as con:
        tables = con.execute("SELECT schema_name || '.' || table_name FROM duckdb_tables() "
                             "WHERE schema_name IN ('intermediate', 'marts') ORDER BY 1").fetchall()
        return {t: con.execute(f"SELECT * FROM {t} ORDER BY ALL").fetchall() for (t,) in tables}


def _assert_all_passed(res) -> None:
    assert res.success
    bad = {r.node.unique_id: str(r.status) for r in res.result if str(r.status) not in ("success", "pass")}
    assert not bad, bad


@pytest.fixture(scope="module")
def warehouses(tmp_path_factory):
    """(incremental warehouse, its contents, contents of a --full-refresh build on the same staging rows)."""
    tmp = tmp_path_factory.mktemp("dbt_incremental")
    db, full = tmp / "incremental.duckdb", tmp / "full.duckdb"
    write_staging(db, REPORTS, FIGURES)
    _assert_all_passed(run_dbt(db, tmp, "build"))
    _second_run(db)
    _assert_all_passed(run_dbt(db, tmp, "build"))
    shutil.copy(db, full)
    _assert_all_passed(run_dbt(full, tmp, "build", "--full-refresh"))
    return db, _contents(db), _contents(full)


def test_incremental_build_equals_full_refresh(warehouses):
    _, incremental, full = warehouses
    assert incremental.keys() == full.keys() and "marts.rpt_report_findings" in incremental
    for table in full:
        assert incremental[table] == full[table], table


def test_scenario_reaches_every_case(warehouses):
    db, _, _ = warehouses
    with duckdb.connect(str(db), read_only=True) as con:
        def one(sql, *params):
            return con.execute(sql, list(params)).fetchone()
        # the re-parsed report: new values, and no stale rows of the figures it lost
        assert one("SELECT applications_new, reconsideration_total FROM marts.fct_reports WHERE report_id = ?",
                   A1) == (11, None)
        assert one("SELECT count(*) FROM intermediate.int_rule_t4 WHERE report_id = ?", A1) == (0,)
        assert one("SELECT count(*) FROM intermediate.int_rule_agreement WHERE report_id = ?", A1) == (0,)
        assert one("SELECT count(*) FROM intermediate.int_report_metrics WHERE report_id = ? "
                   "AND metric_key LIKE 'litigation%'", A1) == (0,)
        # D3 now chosen for D 2019; A4 links A1 -> A4 -> A3 across years
        assert one("SELECT report_id FROM marts.fct_agency_year WHERE agency = '泉港区商务局'") == (D3,)
        carry = con.execute("SELECT report_id, related_report_id, status FROM intermediate.int_rule_results "
                            "WHERE rule_id = 'continuity_carry' AND subject = 'column=total' ORDER BY 1").fetchall()
        assert (A4, A1, "passed") in carry and any(r[1] == A4 for r in carry)
        assert one("SELECT count(*) FROM intermediate.int_rule_results WHERE rule_id = 'continuity_in_force' "
                   "AND report_id = ? AND related_report_id = ?", A4, A1) == (1,)
        # plausibility_history: agency A now has three years (11, 4, 3 applications): rows for each, the
        # unchanged A3 included (its agency was rebuilt)
        history = con.execute("SELECT report_id, status, stated_value, expected_value FROM intermediate.int_rule_results "
                              "WHERE rule_id = 'plausibility_history' AND subject = 'metric=applications_new' "
                              "ORDER BY 1").fetchall()
        assert history == [(A1, "passed", 11, 4), (A3, "passed", 3, 4), (A4, "passed", 4, 4)]
        assert one("SELECT max(updated_at) FROM marts.fct_reports") == (SECOND_RUN,)


def test_build_with_nothing_new_changes_nothing(warehouses, tmp_path):
    db, _, _ = warehouses
    # a row no build would write: it survives only if unchanged reports are not rebuilt
    with duckdb.connect(str(db)) as con:
        con.execute("UPDATE marts.fct_reports SET title = 'untouched' WHERE report_id = ?", [A1])
    before = _contents(db)
    _assert_all_passed(run_dbt(db, tmp_path, "build"))
    assert _contents(db) == before

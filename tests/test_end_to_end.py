"""The whole Dagster graph on the bundled sample, into a temporary DuckDB: no mocks.

Expected figures are read off the seed reports by a person (see tests/data/seed_labels.json).
"""
import json

import duckdb
import pytest

from tests.conftest import ROOT

SEED_LABELS = json.loads((ROOT / "tests" / "data" / "seed_labels.json").read_text(encoding="utf-8"))
CANONICAL = ["applications_new", "applications_carried_over", "applications_carried_forward", "outcome_granted",
             "outcome_partial", "outcome_total", "proactive_items", "reconsideration_total", "litigation_total"]


@pytest.fixture
def con(sample_run):
    c = duckdb.connect(str(sample_run["db"]), read_only=True)
    yield c
    c.close()


def test_run_succeeds_and_every_check_passes(sample_run):
    result = sample_run["result"]
    assert result.success
    evaluations = result.get_asset_check_evaluations()
    names = {e.check_name for e in evaluations}
    assert {"ge_file_accounting", "ge_fct_reports", "ge_fct_agency_year", "ge_dim_agency"} <= names
    assert any(n.startswith("unique_") or n.startswith("not_null_") for n in names), "dbt tests run as asset checks"
    failed = [(e.asset_key.to_user_string(), e.check_name) for e in evaluations if not e.passed]
    assert failed == []


def test_every_file_is_accounted_for(con):
    seen = con.execute("SELECT count(*) FROM raw.raw_files WHERE in_inbox").fetchone()[0]
    parsed = con.execute("SELECT count(*) FROM staging.stg_reports").fetchone()[0]
    quarantined = con.execute("SELECT count(*) FROM staging.quarantined_files").fetchone()[0]
    assert (seen, parsed, quarantined) == (5, 5, 0)


def test_marts_have_one_row_per_report_and_agency(con):
    assert con.execute("SELECT count(*) FROM marts.fct_reports").fetchone()[0] == 5
    assert con.execute("SELECT count(*) FROM marts.dim_agency").fetchone()[0] == 5
    assert con.execute("SELECT count(*) FROM marts.fct_agency_year").fetchone()[0] == 5
    # 表三 of seed 002 (2019 format): 23 rows (一, 二, （一）, （二）, 8 + 3 + 5 items, （六）, （七）, 四) x 7 columns, all 0
    rows = con.execute(
        "SELECT count(*), sum(value) FROM marts.fct_applications a JOIN marts.fct_reports r USING (report_id) "
        "WHERE r.file_name LIKE '002_%'"
    ).fetchone()
    assert rows == (23 * 7, 0)


@pytest.mark.parametrize("label", SEED_LABELS, ids=[l["file"] for l in SEED_LABELS])
def test_seed_figures_and_metadata_as_read_off_the_report(con, label):
    cols = ["agency", "province", "city", "county", "division_code", "report_year"] + CANONICAL
    row = con.execute(
        f"SELECT {', '.join(cols)} FROM marts.fct_reports WHERE file_name = ?", [label["file"]]
    ).fetchone()
    assert row is not None
    got = dict(zip(cols, row))
    for key, expected in label["expected"].items():
        value = got[key]
        if isinstance(value, float):
            value = int(value) if value.is_integer() else value
        assert value == expected, f"{label['file']}: {key} = {value!r}, the report says {expected!r}"


def test_blank_cells_never_become_zero(con):
    # seed 003: the legacy table's 收到申请数 cell is blank; 0 comes from the prose "未收到依申请公开申请事项"
    kinds = con.execute(
        "SELECT value_kind, value FROM staging.stg_figures f JOIN staging.stg_reports r USING (report_id) "
        "WHERE r.file_name LIKE '003_%' AND f.table_id = 'legacy_stats' AND f.metric_key = 'applications_new'"
    ).fetchall()
    assert kinds and all(k == "empty" and v is None for k, v in kinds)


def test_figures_cite_the_text_they_came_from(con):
    bad = con.execute(
        """
        SELECT f.report_id, f.figure_no, f.raw_text
        FROM staging.stg_figures f JOIN staging.stg_reports r USING (report_id)
        WHERE substr(r.source_text, f.char_start + 1, f.char_end - f.char_start) <> f.raw_text
        """
    ).fetchall()
    assert bad == []


def test_snapshot_published_for_readers(sample_run):
    snap = sample_run["db"].with_name("ogi.snapshot.duckdb")
    assert snap.exists()
    c = duckdb.connect(str(snap), read_only=True)
    try:
        assert c.execute("SELECT count(*) FROM marts.fct_reports").fetchone()[0] == 5
    finally:
        c.close()


def test_a_second_run_changes_nothing(sample_run, tmp_path):
    from tests.conftest import run_pipeline

    def digest():
        c = duckdb.connect(str(sample_run["db"]), read_only=True)
        try:
            return c.execute(
                "SELECT count(*), sum(hash(report_id || coalesce(applications_new::VARCHAR, '-') || "
                "coalesce(proactive_items::VARCHAR, '-'))) FROM marts.fct_reports"
            ).fetchone(), c.execute("SELECT count(*) FROM staging.stg_figures").fetchone()
        finally:
            c.close()

    before = digest()
    again = run_pipeline(sample_run["inbox"], sample_run["db"])
    assert again.success
    assert digest() == before

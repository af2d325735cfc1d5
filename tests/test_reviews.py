"""Reviews of findings (docs/reviews.md): they survive runs, re-parses and full refreshes, and go stale.

One real scenario on the bundled sample, run once for the module (real Dagster runs, real dbt):
seed 003 (菏泽市定陶区中小企业局 2017) leaves its table's 收到申请数, 行政复议数量 and 行政诉讼数量 blank while
its prose states each as zero, so it has three not-assessable prose_table_agreement findings. We
dismiss the reconsideration one, correct applications_new to 3 on the applications one and confirm
the litigation one; then run again, re-parse under a new parser version, rebuild dbt with
--full-refresh, and finally edit the file so that its table states 收到申请数 5 and 行政复议数量 2.
"""
import hashlib
import os
import shutil
import subprocess

import duckdb
import pytest

from ingest.review_store import ReviewError, add_review, reviews, store_path
from tests.conftest import ROOT, SAMPLE, run_pipeline

SEED = "003_2c33c93328185bbb.txt"
RECON, APPS, LITIG = "metric=reconsideration_total", "metric=applications_new", "metric=litigation_total"
FINDINGS_SQL = """
    SELECT f.subject, f.finding_id, f.report_id, f.status, f.review_status, f.review_action, f.reviewed_by,
           f.review_reason
    FROM marts.rpt_report_findings f
    WHERE f.file_name = ? AND f.rule_id = 'prose_table_agreement' AND f.report_id = ?
"""


def _query(path, sql, params=()):
    con = duckdb.connect(str(path), read_only=True)
    try:
        return con.execute(sql, list(params)).fetchall()
    finally:
        con.close()


def _report_id(inbox):
    return hashlib.sha256((inbox / SEED).read_bytes()).hexdigest()[:16]


def _stage(path, inbox):
    """The seed's findings (by subject) and its applications_new in fct_reports / int_report_metrics."""
    rid = _report_id(inbox)
    findings = {r[0]: dict(zip(["subject", "finding_id", "report_id", "status", "review_status", "review_action",
                                "reviewed_by", "review_reason"], r))
                for r in _query(path, FINDINGS_SQL, [SEED, rid])}
    fct = _query(path, "SELECT applications_new, n_corrected_metrics FROM marts.fct_reports WHERE report_id = ?", [rid])
    metric = _query(path, "SELECT value, parsed_value, correction_review_id FROM intermediate.int_report_metrics "
                          "WHERE report_id = ? AND metric_key = 'applications_new'", [rid])
    return {"findings": findings, "fct": fct[0], "metric": metric[0]}


def _store_bytes(db):
    return store_path(db).read_bytes()


def _dbt_build(base, db, *flags):
    env = {**os.environ, "OGI_WAREHOUSE": str(db), "DBT_LOG_PATH": str(base / "dbt_logs")}
    dbt = subprocess.run([str(ROOT / ".venv" / "bin" / "dbt"), "build", *flags, "--quiet", "--profiles-dir", ".",
                          "--target-path", str(base / "dbt_target")],
                         cwd=ROOT / "dbt_project", env=env, capture_output=True, text=True)
    assert dbt.returncode == 0, dbt.stdout[-3000:]


@pytest.fixture(scope="module")
def scenario(tmp_path_factory):
    base = tmp_path_factory.mktemp("reviews")
    inbox, db = base / "inbox", base / "wh" / "ogi.duckdb"
    shutil.copytree(SAMPLE, inbox)
    snap = db.with_name("ogi.snapshot.duckdb")
    out = {"db": db, "snap": snap}

    assert run_pipeline(inbox, db).success
    out["before"] = _stage(snap, inbox)
    ids = {s: f["finding_id"] for s, f in out["before"]["findings"].items()}
    out["dismissed"] = add_review(db, ids[RECON], "dismiss_misread", "the PDF's cell is an empty 0", "ana")
    out["corrected"] = add_review(db, ids[APPS][:10], "correct", "the PDF's table says 3", "bo",
                                  corrected_value=3, metric_key="applications_new")
    out["confirmed"] = add_review(db, ids[LITIG], "confirm", "", "cy")
    store = _store_bytes(db)

    result = run_pipeline(inbox, db)  # a run with nothing new but the reviews
    assert result.success
    out["after_run"] = _stage(snap, inbox)
    out["store_kept_by_run"] = _store_bytes(db) == store

    import ingest.report_rows
    import ingest.staging
    mp = pytest.MonkeyPatch()
    for module in (ingest.staging, ingest.report_rows):
        mp.setattr(module, "PARSER_VERSION", module.PARSER_VERSION + "+reviews-test")
    try:
        assert run_pipeline(inbox, db).success
        out["reparsed_versions"] = _query(snap, "SELECT DISTINCT parser_version FROM staging.stg_reports")
        out["after_reparse"] = _stage(snap, inbox)
        _dbt_build(base, db, "--full-refresh")
        out["after_full_refresh"] = _stage(db, inbox)

        # the agency's table now states 收到申请数 5 and 行政复议数量 2: the file has a new content
        text = (inbox / SEED).read_text(encoding="utf-8")
        text = text.replace("(一)收到申请数 | 件 | |", "(一)收到申请数 | 件 | 5 |")
        text = text.replace("四、行政复议数量 | 件 | |", "四、行政复议数量 | 件 | 2 |")
        (inbox / SEED).write_text(text, encoding="utf-8")
        # A file edited in place fails the blocking file-accounting check today (the old content keeps
        # its stg_reports row under the same name), so dbt is built directly after the run's staging.
        run_pipeline(inbox, db)
        _dbt_build(base, db)
        out["after_edit"] = _stage(db, inbox)
    finally:
        mp.undo()
    out["store_kept"] = _store_bytes(db) == store
    return out


def test_a_review_shows_in_the_marts_after_the_next_run(scenario):
    before, after = scenario["before"]["findings"], scenario["after_run"]["findings"]
    assert {f["review_status"] for f in before.values()} == {"unreviewed"}
    assert after[RECON]["review_status"] == "dismissed"
    assert after[RECON]["review_action"] == "dismiss_misread"
    assert after[RECON]["reviewed_by"] == "ana"
    assert after[RECON]["review_reason"] == "the PDF's cell is an empty 0"
    assert after[LITIG]["review_status"] == "confirmed"
    assert after[APPS]["review_status"] == "corrected"
    # the same findings, by the same ids
    assert {s: f["finding_id"] for s, f in after.items()} == {s: f["finding_id"] for s, f in before.items()}


def test_a_correction_changes_fct_reports_and_keeps_the_parsed_value(scenario):
    # the report's prose says 未收到依申请 (0); the review says 3
    assert scenario["before"]["fct"] == (0, 0)
    assert scenario["after_run"]["fct"] == (3, 1)
    assert scenario["after_run"]["metric"] == (3.0, 0.0, scenario["corrected"]["review_id"])


def test_reviews_survive_a_reparse_and_a_full_refresh(scenario):
    assert scenario["reparsed_versions"] and all(v[0].endswith("+reviews-test") for v in scenario["reparsed_versions"])
    for stage in ("after_reparse", "after_full_refresh"):
        findings = scenario[stage]["findings"]
        assert {s: f["finding_id"] for s, f in findings.items()} == \
               {s: f["finding_id"] for s, f in scenario["before"]["findings"].items()}, stage
        assert {s: f["review_status"] for s, f in findings.items()} == \
               {RECON: "dismissed", APPS: "corrected", LITIG: "confirmed"}, stage
        assert scenario[stage]["fct"] == (3, 1), stage


def test_a_review_follows_the_file_and_goes_stale_when_its_figures_change(scenario):
    edited = scenario["after_edit"]["findings"]
    # a new content, so new findings; each review followed the file to them
    assert {f["report_id"] for f in edited.values()} != {f["report_id"] for f in scenario["before"]["findings"].values()}
    assert edited[RECON]["status"] == "failed"  # prose 0, table 2
    assert edited[RECON]["review_status"] == "stale"
    assert edited[APPS]["review_status"] == "stale"  # the table now states 5: the correction to 3 is not applied
    assert scenario["after_edit"]["fct"] == (5, 0)
    assert scenario["after_edit"]["metric"] == (5.0, 5.0, None)
    assert edited[LITIG]["review_status"] == "confirmed"  # its figures did not change


def test_runs_never_touch_the_store(scenario):
    assert scenario["store_kept_by_run"]
    assert scenario["store_kept"]
    assert [e["action"] for e in reviews(scenario["db"])] == ["dismiss_misread", "correct", "confirm"]


def _published_finding(scenario, subject):
    rows = _query(scenario["snap"], "SELECT finding_id FROM marts.rpt_report_findings WHERE file_name = ? "
                                    "AND subject = ? ORDER BY finding_id", [SEED, subject])
    return rows[0][0]


def test_a_review_without_what_it_needs_is_refused(scenario):
    db = scenario["db"]
    finding = _published_finding(scenario, LITIG)
    with pytest.raises(ReviewError, match="needs a reason"):
        add_review(db, finding, "dismiss_not_a_problem", " ", "ana")
    with pytest.raises(ReviewError, match="needs the metric"):
        add_review(db, finding, "correct", "why", "ana", corrected_value=1)
    with pytest.raises(ReviewError, match="unknown metric"):
        add_review(db, finding, "correct", "why", "ana", corrected_value=1, metric_key="applications")
    with pytest.raises(ReviewError, match="no finding"):
        add_review(db, "0123456789abcdef", "confirm", "", "ana")
    assert len(reviews(db)) == 3


def test_the_cli_records_and_lists_a_review(scenario, capsys, monkeypatch):
    from ogi.cli import main

    db = scenario["db"]
    monkeypatch.setenv("OGI_WAREHOUSE", str(db))  # --warehouse sets it for the process: restored after the test
    finding = _published_finding(scenario, RECON)
    assert main(["review", finding[:8], "--dismiss", "prose and table differ on purpose", "--by", "dee",
                 "--warehouse", str(db)]) == 0
    assert main(["review", "--list", "--warehouse", str(db)]) == 0
    out = capsys.readouterr().out
    assert "dismiss_not_a_problem" in out and "pending (next ogi run)" in out and "prose and table differ" in out
    assert main(["review", finding[:8], "--dismiss", "", "--warehouse", str(db)]) == 2
    assert reviews(db)[-1]["reviewer"] == "dee"

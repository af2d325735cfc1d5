"""Year over year, text reuse, completeness, and the benchmarks mart (docs/quality.md, docs/queries.md).

One real pipeline run on the fixtures of tests/fixtures/findings/new_rules.py (written into a temporary inbox):
each rule fails on the report made to break it and passes (or has no instance) where it must not fire; the
percentiles and the reuse shares are the figures computed by hand in the comments.
"""
import duckdb
import pytest

from tests.conftest import run_pipeline
from tests.fixtures.findings.new_rules import files

RULE_RESULTS = "intermediate/int_rule_results"
NEW_RULES = ["year_over_year", "text_reuse", "completeness_tables", "completeness_problems",
             "completeness_fees", "completeness_blank_cells"]


@pytest.fixture(scope="module")
def run(tmp_path_factory):
    base = tmp_path_factory.mktemp("new_rules")
    inbox = base / "inbox"
    inbox.mkdir()
    for name, text in files().items():
        (inbox / name).write_text(text, encoding="utf-8")
    db = base / "wh" / "ogi.duckdb"
    result = run_pipeline(inbox, db)
    checks = {(e.asset_key.to_user_string(), e.check_name): e for e in result.get_asset_check_evaluations()}
    return {"result": result, "db": db, "checks": checks}


def _query(db, sql, params=()):
    con = duckdb.connect(str(db), read_only=True)
    try:
        return con.execute(sql, list(params)).fetchall()
    finally:
        con.close()


def _results(db, rule):
    return {(f, s): (st, stated, expected) for f, s, st, stated, expected in _query(db, """
        SELECT r.file_name, i.subject, i.status, i.stated_value, i.expected_value
        FROM intermediate.int_rule_results i JOIN staging.stg_reports r USING (report_id)
        WHERE i.rule_id = ?""", [rule])}


def test_the_run_publishes_and_only_the_new_rule_checks_warn(run):
    assert run["result"].success
    failed = {k for k, e in run["checks"].items() if not e.passed}
    assert failed == {(RULE_RESULTS, f"rule_{r}") for r in NEW_RULES}
    assert all(run["checks"][k].severity.value == "WARN" for k in failed)


def test_year_over_year(run):
    got = _results(run["db"], "year_over_year")
    # 50 -> 900 applications, all granted: 18 times and 850 more
    for metric in ("applications_new", "outcome_granted", "outcome_total"):
        assert got[("yoy_jump_2021.txt", f"metric={metric}")] == ("failed", 900, 50)
    # 300 -> 900 is 3 times: not a jump; 4 reconsiderations -> 0 is not 100 apart
    assert got[("yoy_steady_2021.txt", "metric=applications_new")] == ("passed", 900, 300)
    assert got[("yoy_jump_2021.txt", "metric=reconsideration_total")] == ("passed", 0, 4)
    assert {f for (f, _), (st, *_) in got.items() if st == "failed"} == {"yoy_jump_2021.txt"}
    evidence = _query(run["db"], """SELECT evidence FROM marts.rpt_report_findings
        WHERE rule_id = 'year_over_year' AND subject = 'metric=applications_new'""")
    assert len(evidence) == 1 and '= "900"' in evidence[0][0] and '= "50"' in evidence[0][0]


def test_text_reuse(run):
    got = _results(run["db"], "text_reuse")
    # 21 of 25 sentences (the title and 20 of the 24 sentences) repeat 2020's; 13 of 25 for the other
    assert got == {("reuse_copied_2021.txt", "text=previous_report"): ("failed", 0.84, 0.8),
                   ("reuse_fresh_2021.txt", "text=previous_report"): ("passed", 0.52, 0.8)}
    rows = _query(run["db"], """SELECT agency, n_sentences, n_sentences_copied, copied_examples[2].text
        FROM marts.fct_text_reuse WHERE report_year = 2021 AND agency IN ('乌海市林业和草原局', '乌海市审计局')
        ORDER BY agency""")
    assert rows == [("乌海市审计局", 25, 13, "本局进一步加强了组织领导工作并取得实效"),
                    ("乌海市林业和草原局", 25, 21, "本局进一步加强了组织领导工作并取得实效")]
    # no previous report: no share
    assert _query(run["db"], """SELECT share_sentences_copied FROM marts.fct_text_reuse
        WHERE agency = '乌海市林业和草原局' AND report_year = 2020""") == [(None,)]


def test_completeness_tables(run):
    got = _results(run["db"], "completeness_tables")
    assert got[("no_t4_2020.txt", "table=t4")] == ("failed", 0, 1)
    assert got[("no_t4_2020.txt", "table=t3")] == ("passed", 1, 1)
    assert got[("yoy_jump_2021.txt", "table=t4")] == ("passed", 1, 1)
    # the prose-only reports of 2020/2021 have neither table; the 2017 legacy report is not concerned
    assert got[("reuse_copied_2020.txt", "table=t3")] == ("failed", 0, 1)
    assert not any(f == "legacy_2017.txt" for f, _ in got)


def test_completeness_problems(run):
    got = _results(run["db"], "completeness_problems")
    assert got[("problems_none_2020.txt", "section=五")] == ("failed", 1, 20)        # "无。"
    assert got[("no_t4_2020.txt", "section=五")] == ("passed", 47, 20)               # fixtures' PROBLEMS text
    assert got[("reuse_copied_2020.txt", "section=五")] == ("failed", 0, 20)         # no section 五
    evidence = _query(run["db"], """SELECT evidence FROM marts.rpt_report_findings
        WHERE rule_id = 'completeness_problems' AND file_name = 'problems_none_2020.txt'""")[0][0]
    assert "无。" in evidence and "line" in evidence


def test_completeness_fees(run):
    got = _results(run["db"], "completeness_fees")
    assert got[("fees_silent_2021.txt", "section=六")] == ("failed", 0, 1)
    assert got[("yoy_jump_2021.txt", "section=六")] == ("passed", 1, 1)              # 本年度未收取信息处理费
    assert not any(f.endswith("_2020.txt") for f, _ in got)                          # 2021 format only


def test_completeness_blank_cells(run):
    got = _results(run["db"], "completeness_blank_cells")
    assert got[("blank_cells_2020.txt", "tables=t3+t4")] == ("failed", 21, 20)       # 3 rows x 7 '/'
    assert got[("yoy_jump_2020.txt", "tables=t3+t4")] == ("passed", 0, 20)


def test_benchmarks_percentiles(run):
    rows = _query(run["db"], """SELECT agency, peer_group_size, applications_new_pct, granted_share, granted_share_pct,
               reconsideration_corrected_share, reconsideration_corrected_share_pct,
               litigation_corrected_share, litigation_corrected_share_pct
        FROM marts.fct_agency_year_benchmarks WHERE report_year = 2020 ORDER BY agency""")
    got = {r[0]: r[1:] for r in rows}
    # 2020, one peer group of 7 agencies; applications 3, 5, 10, 50, 300 (two prose-only reports have none):
    # percent_rank = (rank - 1) / (5 - 1). Granted in full: 2 of 4 (民政局), 1.0 for the four others.
    # 行政复议 corrected 0 of 4 (交通运输局), 1 of 2 (水务局); 行政诉讼 1 of 1 + 1 (水务局 only).
    assert got["乌海市司法局"] == (7, 0.0, 1.0, 0.25, None, None, None, None)
    assert got["乌海市民政局"] == (7, 0.25, 0.5, 0.0, None, None, None, None)
    assert got["乌海市教育局"] == (7, 0.5, 1.0, 0.25, None, None, None, None)
    assert got["乌海市交通运输局"] == (7, 0.75, 1.0, 0.25, 0.0, 0.0, None, None)
    assert got["乌海市水务局"] == (7, 1.0, 1.0, 0.25, 0.5, 1.0, 0.5, 0.0)
    assert got["乌海市审计局"] == (7, None, None, None, None, None, None, None)

"""Report rules (docs/quality.md): per-report arithmetic, prose/table agreement, continuity.

Real pipeline runs (no mocks) on the fixtures of tests/fixtures/findings (written by build.py there):
`broken/` has, for every rule, a report (or two consecutive years) that breaks exactly that rule;
`passing/` has reports on which every rule is assessed and holds. A rule removed from the dbt
models makes both its tests fail (no failing row in the broken run, no passed row in the clean one).
The plausibility rules (a figure far out of line: a likely misread) are tested the same way.
"""
import shutil

import duckdb
import pytest

from tests.conftest import ROOT, run_pipeline

FIXTURES = ROOT / "tests" / "fixtures" / "findings"
RULES = {
    # rule id -> broken fixture file(s) whose report must fail it (for continuity: the year-N report)
    "t3_balance": "t3_balance.txt",
    "t3_outcome_total": "t3_outcome_total.txt",
    "t3_group_items": "t3_group_items.txt",
    "t3_column_total": "t3_column_total.txt",
    "t4_totals": "t4_totals.txt",
    "legacy_channels": "legacy_channels.txt",
    "prose_table_agreement": "prose_table_agreement.txt",
    "continuity_carry": "continuity_carry_2020.txt",
    "continuity_in_force": "continuity_in_force_2022.txt",
    "plausibility_report": "plausibility_report.txt",
    "plausibility_history": "plausibility_history_2020.txt",
}
# a fixture that breaks another rule as well: 121510 applications with one answered is far out of
# line (plausibility_report) and does not add up (t3_balance)
ALSO_FAILS = {"t3_balance": ["plausibility_report.txt"]}
RULE_RESULTS = "intermediate/int_rule_results"


def _run(tmp_path_factory, name):
    base = tmp_path_factory.mktemp(f"findings_{name}")
    inbox = base / "inbox"
    shutil.copytree(FIXTURES / name, inbox)
    db = base / "wh" / "ogi.duckdb"
    result = run_pipeline(inbox, db)
    checks = {(e.asset_key.to_user_string(), e.check_name): e for e in result.get_asset_check_evaluations()}
    return {"result": result, "db": db, "checks": checks}


@pytest.fixture(scope="module")
def broken(tmp_path_factory):
    return _run(tmp_path_factory, "broken")


@pytest.fixture(scope="module")
def passing(tmp_path_factory):
    return _run(tmp_path_factory, "passing")


def _query(db, sql, params=()):
    con = duckdb.connect(str(db), read_only=True)
    try:
        return con.execute(sql, list(params)).fetchall()
    finally:
        con.close()


def test_every_rule_has_a_check_and_a_suite():
    from expectations.runner import RULES as RUNNER_RULES
    from expectations.runner import suite_names
    from orchestration.definitions import defs

    assert set(RULES) <= set(RUNNER_RULES)  # the rules of tests/test_new_rules.py are the others
    keys = {(k.asset_key.to_user_string(), k.name) for k in defs.resolve_asset_graph().asset_check_keys}
    for rule in RUNNER_RULES:
        assert (RULE_RESULTS, f"rule_{rule}") in keys
        assert f"rule_{rule}" in suite_names()


def test_findings_are_warnings_the_run_goes_on(broken):
    assert broken["result"].success
    failed = [e for e in broken["checks"].values() if not e.passed]
    assert failed, "the broken fixtures break rules"
    # only the report rules fail, as WARN: structural (ERROR) checks all pass and the snapshot is published
    assert all(e.check_name.startswith("rule_") and e.severity.value == "WARN" for e in failed)
    assert broken["db"].with_name("ogi.snapshot.duckdb").exists()


@pytest.mark.parametrize("rule", sorted(RULES))
def test_broken_fixture_fails_its_rule(broken, rule):
    check = broken["checks"][(RULE_RESULTS, f"rule_{rule}")]
    assert not check.passed
    meta = check.metadata
    assert meta["failed"].value >= 1
    sample = meta["sample"].value
    assert RULES[rule] in {s["file_name"] for s in sample}
    # the failing report is the fixture made to break the rule, and only that one
    files = _query(broken["db"], "SELECT DISTINCT file_name FROM marts.rpt_report_findings WHERE rule_id = ? AND status = 'failed'", [rule])
    assert sorted(f for (f,) in files) == sorted([RULES[rule], *ALSO_FAILS.get(rule, [])])


@pytest.mark.parametrize("rule", sorted(RULES))
def test_passing_fixture_passes_its_rule(passing, rule):
    check = passing["checks"][(RULE_RESULTS, f"rule_{rule}")]
    assert check.passed
    assert check.metadata["passed"].value >= 1, f"rule {rule} was assessed on the passing fixtures"
    assert check.metadata["failed"].value == 0


def test_passing_run_every_check_passes(passing):
    assert passing["result"].success
    assert [k for k, e in passing["checks"].items() if not e.passed] == []


def test_findings_state_expected_versus_stated(broken):
    rows = _query(broken["db"], """
        SELECT rule_id, subject, stated_value, expected_value, difference FROM marts.rpt_report_findings
        WHERE status = 'failed' AND file_name NOT LIKE 'plausibility%' ORDER BY rule_id, subject""")
    got = {(r, s): (st, ex, d) for r, s, st, ex, d in rows}
    assert got[("t3_balance", "column=total")] == (6, 5, 1)                  # 三(七) 5 + 四 1 vs 一 5 + 二 0
    assert got[("t3_outcome_total", "column=total")] == (5, 3, 2)            # (七) 5 vs 予以公开 3
    assert got[("t3_group_items", "group=other column=total")] == (3, 2, 1)  # (六) 3 vs 1 + 1 + 0
    assert got[("t3_column_total", "row=new")] == (5, 3, 2)                  # 总计 5 vs 自然人 3
    assert got[("t4_totals", "part=review")] == (2, 1, 1)
    assert got[("legacy_channels", "table=legacy_stats column=year")] == (10, 8, 2)
    assert got[("prose_table_agreement", "metric=applications_new")] == (7, 5, 2)
    assert got[("continuity_carry", "column=total")] == (1, 2, -1)
    assert got[("continuity_in_force", "row=normative_docs")] == (12, 11, 1)  # 10 + 2 - 1


def test_plausibility_report_names_both_figures(broken):
    """本年新收 121510 while (七)总计 is 1: one finding, on 一+二 vs 三(七)+四, citing both figures."""
    rows = _query(broken["db"], """
        SELECT subject, status, stated_value, expected_value, rule_family, evidence FROM marts.rpt_report_findings
        WHERE rule_id = 'plausibility_report'""")
    assert [r[:5] for r in rows] == [("check=applications_vs_outcomes", "failed", 121510, 1, "plausibility")]
    evidence = rows[0][5]
    assert '[stated] 本年新收政府信息公开申请数量（applications_new） = "121510"' in evidence
    assert '[expected +] 本年度办理结果总计 / 申请答复数（outcome_total） = "1"' in evidence
    assert "结转下年度继续办理（applications_carried_forward）" in evidence
    # its other checks were made and passed: granted, partial, reconsideration, litigation
    passed = _query(broken["db"], """
        SELECT subject FROM intermediate.int_rule_results JOIN staging.stg_reports USING (report_id)
        WHERE file_name = 'plausibility_report.txt' AND rule_id = 'plausibility_report' AND status = 'passed'
        ORDER BY subject""")
    assert [s for (s,) in passed] == ["check=granted_vs_total", "check=litigation_vs_applications",
                                      "check=partial_vs_total", "check=reconsideration_vs_applications"]
    # small arithmetic slips (t3_balance.txt: 5 vs 6) are t3_balance's, never a plausibility finding
    assert _query(broken["db"], """
        SELECT count(*) FROM marts.rpt_report_findings
        WHERE rule_family = 'plausibility' AND file_name NOT LIKE 'plausibility%'""") == [(0,)]


def test_plausibility_history_names_every_year(broken):
    """2019: 20, 2020: 1000, 2021: 20 (one agency): 2020 is 50 times the median, the other years pass."""
    rows = _query(broken["db"], """
        SELECT file_name, subject, stated_value, expected_value, evidence FROM marts.rpt_report_findings
        WHERE rule_id = 'plausibility_history' ORDER BY subject""")
    assert [r[:4] for r in rows] == [
        ("plausibility_history_2020.txt", "metric=applications_new", 1000, 20),
        ("plausibility_history_2020.txt", "metric=outcome_granted", 1000, 20),
        ("plausibility_history_2020.txt", "metric=outcome_total", 1000, 20),
    ]
    evidence = rows[0][4].split("; ")
    assert evidence[0].startswith('[stated] 2020年 本年新收政府信息公开申请数量（applications_new） = "1000" @ ')
    assert evidence[1].startswith('[compared] 2019年 本年新收政府信息公开申请数量（applications_new） = "20" @ ')
    assert evidence[2].startswith('[compared] 2021年 本年新收政府信息公开申请数量（applications_new） = "20" @ ')
    statuses = _query(broken["db"], """
        SELECT file_name, status, count(*) FROM intermediate.int_rule_results JOIN staging.stg_reports USING (report_id)
        WHERE rule_id = 'plausibility_history' AND subject = 'metric=applications_new' GROUP BY ALL ORDER BY ALL""")
    assert statuses == [("plausibility_history_2019.txt", "passed", 1), ("plausibility_history_2020.txt", "failed", 1),
                        ("plausibility_history_2021.txt", "passed", 1)]


def test_plausibility_large_consistent_figures_pass(passing):
    """Big figures that hang together (1200 + 30 = 1100 + 130), and an agency whose years vary within 20
    times its median (300, 900, 150), give no plausibility finding."""
    rows = _query(passing["db"], """
        SELECT file_name, rule_id, subject, status FROM intermediate.int_rule_results JOIN staging.stg_reports USING (report_id)
        WHERE (file_name = 'large_2021.txt' AND rule_id = 'plausibility_report')
           OR (file_name LIKE 'history_%' AND rule_id = 'plausibility_history' AND subject = 'metric=applications_new')
        ORDER BY ALL""")
    assert rows == [
        ("history_2019.txt", "plausibility_history", "metric=applications_new", "passed"),
        ("history_2020.txt", "plausibility_history", "metric=applications_new", "passed"),
        ("history_2021.txt", "plausibility_history", "metric=applications_new", "passed"),
        ("large_2021.txt", "plausibility_report", "check=applications_vs_outcomes", "passed"),
        ("large_2021.txt", "plausibility_report", "check=granted_vs_total", "passed"),
        ("large_2021.txt", "plausibility_report", "check=litigation_vs_applications", "passed"),
        ("large_2021.txt", "plausibility_report", "check=partial_vs_total", "passed"),
        ("large_2021.txt", "plausibility_report", "check=reconsideration_vs_applications", "passed"),
    ]
    assert _query(passing["db"], "SELECT count(*) FROM marts.rpt_report_findings WHERE rule_family = 'plausibility'") == [(0,)]


def test_every_figure_of_a_finding_cites_the_report_text(broken):
    rows = _query(broken["db"], """
        WITH f AS (SELECT finding_id, unnest(figures) AS x FROM marts.rpt_report_findings)
        SELECT f.finding_id, x.report_id, x.line_no, x.char_start, x.char_end, x.raw_text,
               substr(r.source_text, x.char_start + 1, x.char_end - x.char_start) AS cited
        FROM f JOIN staging.stg_reports r ON r.report_id = x.report_id""")
    assert rows
    for _, _, line_no, start, end, raw, cited in rows:
        assert line_no is not None and start is not None and end is not None
        assert cited == raw
    # continuity findings cite both years' reports
    related = _query(broken["db"], """
        SELECT related_file_name, evidence FROM marts.rpt_report_findings
        WHERE rule_id = 'continuity_carry' AND subject = 'column=total'""")
    assert related[0][0] == "continuity_carry_2019.txt"
    assert "line" in related[0][1] and "chars" in related[0][1]


def test_missing_input_is_not_assessable_not_passed_not_failed(passing):
    rows = _query(passing["db"], """
        SELECT rule_id, subject, status, missing_inputs FROM marts.rpt_report_findings
        WHERE file_name = 'blank_cell_2020.txt' ORDER BY rule_id, subject""")
    got = {(r, s): (st, m) for r, s, st, m in rows}
    assert got[("t3_balance", "column=total")][0] == "not_assessable"
    assert any("结转下年度" in m for m in got[("t3_balance", "column=total")][1])
    assert got[("t3_column_total", "row=carried_forward")][0] == "not_assessable"
    # the other columns of the same report are assessed and pass
    assert _query(passing["db"], """
        SELECT status FROM intermediate.int_rule_results i JOIN staging.stg_reports r USING (report_id)
        WHERE r.file_name = 'blank_cell_2020.txt' AND rule_id = 't3_balance' AND subject = 'column=natural_person'
    """) == [("passed",)]
    assert {st for st, _ in got.values()} == {"not_assessable"}


def test_data_docs_built_beside_the_warehouse_not_in_the_repo(passing):
    docs = passing["db"].parent / "data_docs" / "index.html"
    assert docs.exists()
    html = docs.read_text(encoding="utf-8")
    assert "rule_t3_balance" in html and "fct_reports" in html
    assert not (ROOT / "expectations" / "gx" / "uncommitted").exists()
    assert not (ROOT / "expectations" / "gx" / "expectations").exists()
    assert not (ROOT / "gx").exists()
    meta = passing["checks"][(RULE_RESULTS, "rule_t3_balance")].metadata
    assert meta["data_docs"].value == docs.as_uri()


def test_seed_002_passes_table_3_and_4_identities(sample_run):
    rows = _query(sample_run["db"], """
        SELECT rule_id, status, count(*) FROM intermediate.int_rule_results i JOIN staging.stg_reports r USING (report_id)
        WHERE r.file_name LIKE '002_%' GROUP BY ALL ORDER BY ALL""")
    # completeness: both tables present, section 五 309 characters, no blank or '/' cell in 表三 / 表四
    assert rows == [("completeness_blank_cells", "passed", 1), ("completeness_problems", "passed", 1),
                    ("completeness_tables", "passed", 2),
                    ("plausibility_report", "passed", 5), ("t3_balance", "passed", 7), ("t3_column_total", "passed", 23),
                    ("t3_outcome_total", "passed", 7), ("t4_totals", "passed", 3)]


def test_findings_on_the_seeds(sample_run):
    """What the seeds really contain: no rule fails; seed 003's legacy table leaves four rules
    not assessable (its 收到申请数, 行政复议数量 and 行政诉讼数量 cells are blank)."""
    rows = _query(sample_run["db"], """
        SELECT substr(file_name, 1, 3), rule_id, subject, status FROM marts.rpt_report_findings ORDER BY ALL""")
    assert rows == [
        ("003", "legacy_channels", "table=legacy_stats column=year", "not_assessable"),
        ("003", "prose_table_agreement", "metric=applications_new", "not_assessable"),
        ("003", "prose_table_agreement", "metric=litigation_total", "not_assessable"),
        ("003", "prose_table_agreement", "metric=reconsideration_total", "not_assessable"),
    ]


def test_ogi_status_prints_checks_and_findings_per_rule(broken, capsys, monkeypatch):
    from ogi.cli import main

    monkeypatch.delenv("DAGSTER_HOME", raising=False)
    assert main(["status", "--warehouse", str(broken["db"])]) == 0
    out = capsys.readouterr().out
    assert "ge_rule_t3_balance" in out and "failed" in out
    assert "ge_fct_reports" in out
    for rule in RULES:
        assert rule in out
    line = next(l for l in out.splitlines() if l.strip().startswith("t4_totals"))
    assert line.split()[1:3] == ["1", "0"]  # failed 1, not assessable 0
    assert "data_docs/index.html" in out


@pytest.mark.parametrize("suite", ["int_rule_results", "rpt_report_findings", "fct_reports",
                                   "rule_t3_balance", "rule_continuity_carry"])
def test_a_suite_validated_shard_by_shard_gives_the_whole_result(broken, suite):
    """At a million reports the per-report targets are validated one report shard at a time
    (expectations.runner.ROWS_PER_CHUNK); forced here with one row per chunk."""
    from expectations.runner import TARGETS, shards_to_validate
    from ingest.shards import SHARDS
    from orchestration.checks.suites import validate_suite

    con = duckdb.connect(str(broken["db"]), read_only=True)
    try:
        assert shards_to_validate(con, suite, rows_per_chunk=1) == SHARDS
        n_rows = con.execute(f"SELECT count(*) FROM ({TARGETS[suite]})").fetchone()[0]
        n_shards = con.execute(f"SELECT count(DISTINCT left(report_id, 1)) FROM ({TARGETS[suite]})").fetchone()[0]
        whole = validate_suite(con, suite, rows_per_chunk=10**9)
        sharded = validate_suite(con, suite, rows_per_chunk=1)
    finally:
        con.close()
    assert n_shards > 1 and whole.rows == sharded.rows == n_rows
    assert sharded.result.success == whole.result.success
    assert sharded.status_counts == whole.status_counts
    failing = {(f["expectation"], f["unexpected_count"]) for f in whole.result.failed}
    assert {(f["expectation"], f["unexpected_count"]) for f in sharded.result.failed} == failing
    if suite.startswith("rule_"):  # the broken fixture fails the rule: a failing instance in the sample
        assert not whole.result.success and failing
        assert {r["report_id"] for r in sharded.failed_sample} == {r["report_id"] for r in whole.failed_sample} != set()


"""The workbench app, page by page, with Streamlit's AppTest against a warehouse built from data/sample.

Expected figures are read off the sample reports: 001 (青岛市城阳区人民政府, 2017) says “全区共受理依申请公开342件”;
003 (菏泽市定陶区中小企业局) leaves its legacy table's cells blank, so its four findings are not assessable:
the channels of 收到申请数 (legacy_channels), and three figures its prose states as nothing — “未收到依申请公开
申请事项” (applications) and “没有发生因政府信息公开申请提出行政复议、行政诉讼情况” (reconsiderations, lawsuits) —
that the table cannot confirm (prose_table_agreement).
"""
from __future__ import annotations

import shutil

import pytest

from ingest.config import snapshot_path
from tests.conftest import ROOT

APP = str(ROOT / "app" / "main.py")


@pytest.fixture(scope="module")
def warehouse(sample_run, tmp_path_factory, monkeypatch_module):
    """A copy of the sample run's published snapshot: reviews written here touch no other test's warehouse."""
    db = tmp_path_factory.mktemp("app") / "ogi.duckdb"
    shutil.copyfile(snapshot_path(sample_run["db"]), snapshot_path(db))
    monkeypatch_module.setenv("OGI_WAREHOUSE", str(db))
    return db


@pytest.fixture(scope="module")
def monkeypatch_module():
    with pytest.MonkeyPatch.context() as mp:
        yield mp


def page(name: str, **query):
    from streamlit.testing.v1 import AppTest

    at = AppTest.from_file(APP, default_timeout=60).run()
    if name != "overview":
        at.switch_page(f"pages/{name}.py")
    at.query_params.update(query)
    return at.run()


def finding_id(db, rule_id: str, subject: str) -> str:
    from ingest.warehouse import reader

    con = reader(db)
    try:
        return con.execute("SELECT finding_id FROM rpt_report_findings WHERE rule_id = ? AND subject = ?",
                           [rule_id, subject]).fetchone()[0]
    finally:
        con.close()


def ok(at):
    assert not at.exception, [e.value for e in at.exception]
    assert not at.error, [e.value for e in at.error]
    return at


def markdown(at) -> str:
    return "\n".join(m.value for m in at.markdown)


def test_overview_counts_reports_provinces_and_rule_results(warehouse):
    at = ok(page("overview"))
    metrics = {m.label: m.value for m in at.metric}
    assert metrics["Reports"] == "5" and metrics["Agencies"] == "5" and metrics["Files quarantined"] == "0"
    by_province = at.dataframe[0].value.set_index("province")
    assert by_province.loc["山东省", "total"] == 3  # 青岛市城阳区人民政府, 青岛市商务局, 菏泽市定陶区中小企业局
    assert by_province.loc["山东省", "2017"] == 3 and by_province.loc["内蒙古自治区", "2020"] == 1  # 乌海市商务局
    rules = next(d.value for d in at.dataframe if "rule_id" in d.value.columns).set_index("rule_id")
    assert rules.loc["legacy_channels", "not_assessable"] == 1
    assert rules.loc["prose_table_agreement", "not_assessable"] == 3


def test_agency_found_by_traditional_partial_name_with_its_figures(warehouse):
    at = page("agency")
    at.text_input(key="agency_search").input("城陽區").run()  # traditional script, part of the name
    ok(at)
    assert [h.value for h in at.header] == ["青岛市城阳区人民政府"]
    reports = at.dataframe[0].value
    assert reports["report_year"].tolist() == [2017]
    assert reports["applications_new"].tolist() == [342]
    peers = at.dataframe[-1].value  # alone in its group (山东省, county, government) in the sample
    assert peers["applications_new"].tolist() == [342] and peers["peer_group_size"].tolist() == [1]
    assert any("山东省" in c.value and "county" in c.value for c in at.caption)


def test_agency_search_lists_every_match(warehouse):
    at = page("agency")
    at.text_input(key="agency_search").input("商务局").run()
    ok(at)
    options = " ".join(at.selectbox(key="agency_pick").options)
    assert "乌海市商务局" in options and "青岛市商务局" in options and "泉港区商务局" in options
    assert "城阳区" not in options


def test_report_page_marks_each_figure_where_it_was_read(warehouse):
    at = ok(page("report", report="001_e66166ac253deb62"))
    text = markdown(at)
    assert "青岛市城阳区人民政府" in text
    # the sentence the figure was read from, with 342 marked and described
    assert "全区共受理依申请公开<mark" in text
    assert 'title="applications_new = 342 (number, read as prose)"' in text


def test_report_page_unknown_report_says_so(warehouse):
    at = ok(page("report", report="no_such_report"))
    assert any("No report" in w.value for w in at.warning)


def test_findings_filter_and_evidence_in_the_reports_words(warehouse):
    at = ok(page("findings"))
    assert "**4 findings**" in markdown(at)
    at.selectbox(key="f_province").select("山东省").run()
    assert "**4 findings**" in markdown(ok(at))
    at.selectbox(key="f_city").select("青岛市").run()  # 定陶区 is in 菏泽市
    assert "**0 findings**" in markdown(ok(at))
    at = ok(page("findings"))
    at.multiselect(key="f_rule").select("prose_table_agreement").run()
    ok(at)
    assert "**3 findings**" in markdown(at)
    shown = at.dataframe[0].value
    assert set(shown["agency"]) == {"菏泽市定陶区中小企业局"} and set(shown["status"]) == {"not_assessable"}
    # why it fired, in the report's words: the line the prose figure was read from, the figure marked
    assert "2017年我局<mark>未收到依申请</mark>公开申请事项。" in markdown(at)
    at.selectbox(key="f_pick").select(finding_id(warehouse, "prose_table_agreement", "metric=reconsideration_total"))
    at.run()
    assert "2017年,我局<mark>没有发生因政府信息公开申请提出行政复议、行政诉讼</mark>情况。" in markdown(ok(at))


def test_review_is_written_to_the_store_beside_the_warehouse(warehouse):
    pytest.importorskip("ingest.review_store")
    from ingest.review_store import reviews

    at = ok(page("review"))
    at.text_input(key="r_search").input("定陶").run()
    at.radio(key="r_action").set_value("dismiss_not_a_problem")
    at.button[0].click().run()  # no reason: refused, nothing written
    assert any("reason" in e.value for e in at.error) and reviews(warehouse) == []
    at.radio(key="r_action").set_value("dismiss_not_a_problem")
    at.text_area(key="r_reason").input("表格为空白：该局当年无申请")
    at.text_input(key="r_reviewer").input("tester")
    at.button[0].click().run()
    ok(at)
    assert any("next `ogi run`" in s.value for s in at.success)
    [event] = reviews(warehouse)
    assert event["action"] == "dismiss_not_a_problem" and event["reviewer"] == "tester"
    assert event["reason"] == "表格为空白：该局当年无申请" and event["finding_id"] == at.selectbox(key="r_pick").value
    assert not warehouse.exists() and not (warehouse.parent / (snapshot_path(warehouse).name + ".wal")).exists()

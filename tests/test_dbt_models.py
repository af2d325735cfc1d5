"""The dbt models on a handful of hand-written staging rows: a real `dbt build` into a temporary DuckDB file.

Scenarios:
- agency A (城阳区人民政府, 2019) has two reports: a national_2019 report with 表三/表四 and a short narrative
  one; the national one is chosen for fct_agency_year, both stay in fct_reports.
- the national report states litigation only as 未经复议直接起诉 + 复议后起诉 (表四): litigation_total is their sum.
- agency B (2018, legacy table) has a blank 申请 cell and a narrative "未收到申请" zero: the zero fills it;
  its '/' 同意公开 cell with no narrative stays NULL (never 0).
- agency D has two reports for 2019 stating as many figures: national over legacy.
- a report without agency: agency_id NULL, not in dim_agency or fct_agency_year.
"""
from __future__ import annotations

from datetime import date, datetime
from pathlib import Path

import duckdb
import pytest

from ingest.taxonomy import metric_rows, section

ROOT = Path(__file__).resolve().parent.parent
DBT_DIR = ROOT / "dbt_project"
SCHEMA_SQL = ROOT / "ingest" / "schema.sql"

A1, A2, B1, C1, D1, D2, A3 = "a1" * 8, "a2" * 8, "b1" * 8, "c1" * 8, "d1" * 8, "d2" * 8, "a3" * 8


def _report(report_id, family, agency, year, *, division_code=None, published=None, warnings=()):
    return {
        "report_id": report_id,
        "file_name": f"{report_id}.txt",
        "n_source_files": 1,
        "parser_version": "test",
        "family": family,
        "agency": agency,
        "agency_as_written": agency,
        "province": "山东省" if division_code else None,
        "city": "青岛市" if division_code else None,
        "county": "城阳区" if division_code else None,
        "division_code": division_code,
        "admin_level": "county" if division_code else None,
        "agency_type": "government" if agency else None,
        "region_confidence": "high" if division_code else None,
        "report_year": year,
        "publication_date": published,
        "title": f"{agency or ''}{year}年政府信息公开工作年度报告",
        "encoding": "utf-8",
        "is_html": False,
        "warnings": list(warnings),
        "source_text": "…",
        "parsed_at": datetime(2024, 1, 1),
        "updated_at": datetime(2024, 1, 1),
    }


def _fig(report_id, no, source, table_id, row_key, column_key, metric_key, value, value_kind, raw):
    return {
        "report_id": report_id,
        "figure_no": no,
        "source": source,
        "table_id": table_id,
        "row_key": row_key,
        "column_key": column_key,
        "metric_key": metric_key,
        "value": value,
        "value_kind": value_kind,
        "unit": "件",
        "line_no": no + 1,
        "char_start": no * 10,
        "char_end": no * 10 + 3,
        "raw_text": raw,
    }


def _t3(report_id, no, row_key, column_key, metric_key, value):
    kind = "empty" if value is None else ("zero" if value == 0 else "number")
    return _fig(report_id, no, "table", "t3", row_key, column_key, metric_key, value, kind,
                "" if value is None else str(int(value)))


REPORTS = [
    _report(A1, "national_2019", "青岛市城阳区人民政府", 2019, division_code="370214", published=date(2020, 1, 20)),
    _report(A2, "narrative", "青岛市城阳区人民政府", 2019, division_code="370214", published=date(2020, 3, 1),
            warnings=["no tables found"]),
    _report(A3, "national_2021", "青岛市城阳区人民政府", 2021, division_code="370214", published=date(2022, 1, 25)),
    _report(B1, "legacy_table", "乌海市商务局", 2018, published=date(2019, 1, 10), warnings=["w1", "w2"]),
    _report(C1, "narrative", None, 2017, warnings=["no agency found"]),
    _report(D1, "national_2019", "泉港区商务局", 2019, published=date(2020, 1, 5)),
    _report(D2, "legacy_table", "泉港区商务局", 2019, published=date(2020, 2, 5)),
]

FIGURES = [
    # A1: 表三 (总计 column carries the metrics; 自然人 column must not be picked), 表四, one narrative figure.
    _t3(A1, 0, "new", "natural_person", "applications_new", 7),
    _t3(A1, 1, "new", "total", "applications_new", 10),
    _t3(A1, 2, "carried_over", "total", "applications_carried_over", 2),
    _t3(A1, 3, "granted", "natural_person", "outcome_granted", 3),
    _t3(A1, 4, "granted", "total", "outcome_granted", 5),
    _t3(A1, 5, "partial", "total", "outcome_partial", 1),
    _t3(A1, 6, "refused.state_secret", "total", None, 0),
    _t3(A1, 7, "refused.third_party", "commercial", None, None),
    _t3(A1, 8, "total", "total", "outcome_total", 8),
    _t3(A1, 9, "carried_forward", "total", "applications_carried_forward", 4),
    _fig(A1, 10, "table", "t4", "t4", "review.total", "reconsideration_total", 1, "number", "1"),
    _fig(A1, 11, "table", "t4", "t4", "direct.total", "litigation_direct_total", 2, "number", "2"),
    _fig(A1, 12, "table", "t4", "t4", "after_review.total", "litigation_after_review_total", 1, "number", "1"),
    _fig(A1, 13, "narrative", "narrative", "applications_new", "value", "applications_new", 12, "number",
         "共收到申请12件"),
    # A2: the same agency and year, a short narrative report.
    _fig(A2, 0, "narrative", "narrative", "applications_new", "value", "applications_new", 10, "number",
         "受理申请10件"),
    # A3: 2021, to check dim_agency's year span.
    _t3(A3, 0, "new", "total", "applications_new", 3),
    # B1: blank table cell + narrative zero; '/' cell with nothing else; fees stated zero in words.
    _fig(B1, 0, "table", "legacy_stats", "applications_received", "total", "applications_new", None, "empty", ""),
    _fig(B1, 1, "table", "legacy_stats", "granted", "total", "outcome_granted", None, "not_applicable", "/"),
    _fig(B1, 2, "table", "legacy_stats", "proactive", "total", "proactive_items", 98, "number", "98"),
    _fig(B1, 3, "narrative", "narrative", "applications_new", "value", "applications_new", 0, "zero",
         "未收到依申请公开申请"),
    _fig(B1, 4, "narrative", "narrative", "fees", "value", "fees_collected_yuan", 0, "zero", "本年度无收费"),
    _fig(B1, 5, "narrative", "narrative", "proactive", "value", "proactive_items", 97, "number",
         "主动公开政府信息97条"),
    # C1: no agency.
    _fig(C1, 0, "narrative", "narrative", "applications_new", "value", "applications_new", 5, "number",
         "受理申请5件"),
    # D1 / D2: one figure each; national beats legacy.
    _t3(D1, 0, "new", "total", "applications_new", 6),
    _fig(D2, 0, "table", "legacy_stats", "applications_received", "total", "applications_new", 6, "number", "6"),
]


def _table_label_rows() -> list[dict]:
    """staging.table_labels for 表三 and 表四 from ingest/taxonomy/national.yml (first label of each row)."""
    rows = []
    t3 = section("t3")
    for i, col in enumerate(t3["columns"]):
        rows.append({"table_id": "t3", "axis": "column", "key": col["key"], "label_zh": col["zh"],
                     "group_key": None, "metric_key": None, "sort_order": i})
    for i, row in enumerate(t3["rows"]):
        rows.append({"table_id": "t3", "axis": "row", "key": row["key"], "label_zh": row["labels"][0],
                     "group_key": row.get("group"), "metric_key": row.get("metric"), "sort_order": i})
    for i, col in enumerate(section("t4")["columns"]):
        rows.append({"table_id": "t4", "axis": "column", "key": col["key"], "label_zh": col["zh"],
                     "group_key": None, "metric_key": col.get("metric"), "sort_order": i})
    return rows


def _insert(con, table: str, rows: list[dict]) -> None:
    cols = list(rows[0])
    sql = f"INSERT INTO {table} ({', '.join(cols)}) VALUES ({', '.join('?' for _ in cols)})"
    con.executemany(sql, [[r[c] for c in cols] for r in rows])


def _release_dbt_duckdb() -> None:
    """dbt-duckdb keeps its DuckDB instance open in a class attribute after an in-process run;
    close it so this process (and others) can open the file again with another configuration."""
    try:
        from dbt.adapters.duckdb.connections import DuckDBConnectionManager
    except ImportError:  # pragma: no cover
        return
    with DuckDBConnectionManager._LOCK:
        env = DuckDBConnectionManager._ENV
        if env is not None:
            env.close()
            DuckDBConnectionManager._ENV = None


def write_staging(db: Path, reports: list[dict], figures: list[dict]) -> None:
    """A new warehouse file `db` with the staging tables, the taxonomy and the table labels."""
    with duckdb.connect(str(db)) as con:
        con.execute(SCHEMA_SQL.read_text(encoding="utf-8"))
        _insert(con, "staging.stg_reports", reports)
        _insert(con, "staging.stg_figures", figures)
        _insert(con, "staging.metric_taxonomy", metric_rows())
        _insert(con, "staging.table_labels", _table_label_rows())


def run_dbt(db: Path, tmp: Path, *args: str):
    """`dbt <args>` (e.g. "build") in this process on the warehouse `db`; target and logs go under `tmp`."""
    from dbt.cli.main import dbtRunner

    mp = pytest.MonkeyPatch()
    mp.setenv("OGI_WAREHOUSE", str(db))
    try:
        res = dbtRunner().invoke([
            *args,
            "--project-dir", str(DBT_DIR),
            "--profiles-dir", str(DBT_DIR),
            "--target-path", str(tmp / "target"),
            "--log-path", str(tmp / "logs"),
            "--no-partial-parse",
        ])
    finally:
        mp.undo()
        _release_dbt_duckdb()
    assert res.exception is None, res.exception
    return res


@pytest.fixture(scope="module")
def built(tmp_path_factory):
    tmp = tmp_path_factory.mktemp("dbt")
    db = tmp / "warehouse.duckdb"
    write_staging(db, REPORTS, FIGURES)
    res = run_dbt(db, tmp, "build")
    con = duckdb.connect(str(db), read_only=True)
    yield res, con
    con.close()


def _rows(con, sql: str) -> list[dict]:
    cur = con.execute(sql)
    names = [d[0] for d in cur.description]
    return [dict(zip(names, r)) for r in cur.fetchall()]


# the report rules (docs/quality.md, tests/test_findings.py)
RULE_MODELS = {("intermediate", m) for m in ("int_rule_catalog", "int_rule_t3", "int_rule_t4", "int_rule_legacy",
                                             "int_rule_agreement", "int_rule_continuity", "int_rule_plausibility",
                                             "int_rule_plausibility_history", "int_rule_year_over_year",
                                             "int_rule_text_reuse", "int_rule_completeness", "int_rule_results")} \
    | {("marts", "rpt_report_findings")}


def test_build_succeeds_and_every_test_passes(built):
    res, _ = built
    assert res.success
    statuses = {r.node.unique_id: str(r.status) for r in res.result}
    assert sum(k.startswith("model.") for k in statuses) == 9 + len(RULE_MODELS)
    assert sum(k.startswith("test.") for k in statuses) >= 20
    bad = {k: s for k, s in statuses.items() if s not in ("success", "pass")}
    assert not bad, bad


def test_schemas_are_exact(built):
    _, con = built
    tables = {(s, t) for s, t in con.execute(
        "select table_schema, table_name from information_schema.tables "
        "where table_schema in ('intermediate', 'marts')").fetchall()}
    assert tables == {("intermediate", "int_report_metrics"), ("intermediate", "int_continuity_figures"),
                      ("intermediate", "int_figures"), ("marts", "fct_agency_year_benchmarks"), ("marts", "fct_text_reuse"),
                      ("marts", "fct_reports"), ("marts", "dim_agency"), ("marts", "fct_agency_year"),
                      ("marts", "fct_applications")} | RULE_MODELS


def test_fct_reports_values_and_null_vs_zero(built):
    _, con = built
    rows = {r["report_id"]: r for r in _rows(con, "select * from marts.fct_reports")}
    assert set(rows) == {A1, A2, A3, B1, C1, D1, D2}
    a1 = rows[A1]
    # table (总计 column) wins over narrative 12 and over the 自然人 column
    assert a1["applications_new"] == 10
    assert (a1["applications_carried_over"], a1["applications_carried_forward"]) == (2, 4)
    assert (a1["outcome_granted"], a1["outcome_partial"], a1["outcome_total"]) == (5, 1, 8)
    assert a1["reconsideration_total"] == 1
    assert (a1["litigation_direct_total"], a1["litigation_after_review_total"], a1["litigation_total"]) == (2, 1, 3)
    assert a1["proactive_items"] is None and a1["fees_collected_yuan"] is None
    assert a1["n_conflicting_metrics"] == 1
    assert a1["warnings_count"] == 0

    b1 = rows[B1]
    assert b1["applications_new"] == 0  # narrative zero fills the blank cell
    assert b1["outcome_granted"] is None  # '/' never becomes 0
    assert b1["fees_collected_yuan"] == 0
    assert b1["proactive_items"] == 98  # table over narrative 97
    assert b1["litigation_total"] is None
    assert b1["warnings_count"] == 2

    c1 = rows[C1]
    assert c1["agency_id"] is None and c1["applications_new"] == 5
    assert rows[A1]["agency_id"] == rows[A2]["agency_id"] == rows[A3]["agency_id"] is not None
    assert rows[D1]["agency_id"] == rows[D2]["agency_id"] != rows[A1]["agency_id"]


def test_int_report_metrics_provenance(built):
    _, con = built
    m = {(r["report_id"], r["metric_key"]): r for r in _rows(con, "select * from intermediate.int_report_metrics")}
    lit = m[(A1, "litigation_total")]
    assert lit["source"] == "derived" and lit["value"] == 3 and lit["table_id"] == "t4"
    assert lit["derivation"] == "litigation_direct_total + litigation_after_review_total"
    new = m[(A1, "applications_new")]
    assert (new["source"], new["table_id"], new["column_key"], new["raw_text"]) == ("table", "t3", "total", "10")
    assert new["n_candidates"] == 2 and new["has_conflict"]
    zero = m[(B1, "applications_new")]
    assert (zero["source"], zero["value"], zero["value_kind"], zero["raw_text"]) == (
        "narrative", 0, "zero", "未收到依申请公开申请")
    blank = m[(B1, "outcome_granted")]
    assert blank["value"] is None and blank["value_kind"] == "not_applicable" and blank["raw_text"] == "/"


def test_dim_agency(built):
    _, con = built
    rows = {r["agency"]: r for r in _rows(con, "select * from marts.dim_agency")}
    assert set(rows) == {"青岛市城阳区人民政府", "乌海市商务局", "泉港区商务局"}
    a = rows["青岛市城阳区人民政府"]
    assert (a["n_reports"], a["first_year"], a["last_year"]) == (3, 2019, 2021)
    assert (a["division_code"], a["province"], a["county"]) == ("370214", "山东省", "城阳区")
    expected = con.execute("select md5('青岛市城阳区人民政府' || '|' || '370214')").fetchone()[0]
    assert a["agency_id"] == expected


def test_fct_agency_year_choice(built):
    _, con = built
    rows = {(r["agency"], r["report_year"]): r for r in _rows(con, "select * from marts.fct_agency_year")}
    assert set(rows) == {("青岛市城阳区人民政府", 2019), ("青岛市城阳区人民政府", 2021),
                         ("乌海市商务局", 2018), ("泉港区商务局", 2019)}
    a = rows[("青岛市城阳区人民政府", 2019)]
    assert a["report_id"] == A1 and a["n_candidate_reports"] == 2 and a["other_report_ids"] == [A2]
    assert a["applications_new"] == 10 and a["litigation_total"] == 3
    d = rows[("泉港区商务局", 2019)]
    assert d["report_id"] == D1 and d["other_report_ids"] == [D2]  # same figure count: national over legacy
    b = rows[("乌海市商务局", 2018)]
    assert b["n_candidate_reports"] == 1 and b["other_report_ids"] == []
    assert b["applications_new"] == 0 and b["outcome_granted"] is None


def test_fct_applications(built):
    _, con = built
    rows = _rows(con, f"select * from marts.fct_applications where report_id = '{A1}' order by figure_no")
    assert len(rows) == 10
    first = rows[0]
    assert (first["applicant_type"], first["applicant_type_zh"], first["outcome"], first["value"]) == (
        "natural_person", "自然人", "new", 7)
    secret = next(r for r in rows if r["outcome"] == "refused.state_secret")
    assert secret["outcome_group"] == "refused" and secret["outcome_group_zh"] == "不予公开"
    assert secret["outcome_zh"] == "属于国家秘密" and secret["value"] == 0 and secret["value_kind"] == "zero"
    blank = next(r for r in rows if r["outcome"] == "refused.third_party")
    assert blank["value"] is None and blank["value_kind"] == "empty" and blank["applicant_type_zh"] == "商业企业"
    assert all(r["agency"] == "青岛市城阳区人民政府" and r["report_year"] == 2019 for r in rows)

"""Overview: reports by province and year, coverage gaps, quarantined files, rule results, the last run."""
import altair as alt
import polars as pl
import streamlit as st

from app.data import frame, snapshot_key, tables

st.title("Overview")
try:
    snapshot_key()
except FileNotFoundError as exc:
    st.error(str(exc))
    st.stop()

totals = frame("""SELECT (SELECT count(*) FROM fct_reports) AS reports, (SELECT count(*) FROM dim_agency) AS agencies,
                         (SELECT count(*) FROM rpt_report_findings WHERE status = 'failed') AS failed,
                         (SELECT count(*) FROM staging.quarantined_files) AS quarantined""").row(0, named=True)
c1, c2, c3, c4 = st.columns(4)
c1.metric("Reports", f"{totals['reports']:,}")
c2.metric("Agencies", f"{totals['agencies']:,}")
c3.metric("Failed rule checks", f"{totals['failed']:,}")
c4.metric("Files quarantined", f"{totals['quarantined']:,}")

st.header("Reports by province and year")
by_py = frame("""SELECT coalesce(province, '（未识别）') AS province, report_year, count(*)::INTEGER AS reports
                 FROM fct_reports WHERE report_year IS NOT NULL GROUP BY ALL ORDER BY ALL""")
if by_py.is_empty():
    st.info("No reports with a year yet.")
else:
    pivot = (by_py.with_columns(pl.col("report_year").cast(pl.Utf8))
             .pivot(on="report_year", index="province", values="reports", sort_columns=True).fill_null(0))
    pivot = pivot.with_columns(pl.sum_horizontal(pl.exclude("province")).alias("total")).sort("total", descending=True)
    left, right = st.columns([3, 2])
    left.dataframe(pivot, hide_index=True, height=min(420, 38 + 35 * pivot.height))
    top = pivot["province"].head(10).to_list()
    chart_data = by_py.with_columns(
        pl.when(pl.col("province").is_in(top)).then(pl.col("province")).otherwise(pl.lit("其他")).alias("province"))
    right.altair_chart(alt.Chart(chart_data).mark_bar().encode(
        x=alt.X("report_year:O", title="report year"), y=alt.Y("sum(reports):Q", title="reports"),
        color=alt.Color("province:N", title="province"), tooltip=["province", "report_year", "sum(reports):Q"]))

st.header("Coverage")
st.caption("Agencies that published a report for year N−1 and have none for year N.")
gaps = frame("""WITH ay AS (SELECT DISTINCT agency_id, report_year FROM fct_agency_year)
                SELECT p.report_year + 1 AS year, count(*)::INTEGER AS agencies_missing
                FROM ay p ANTI JOIN ay n ON n.agency_id = p.agency_id AND n.report_year = p.report_year + 1
                WHERE p.report_year < (SELECT max(report_year) FROM ay) GROUP BY 1 ORDER BY 1""")
if gaps.is_empty():
    st.success("No gaps: every agency with a report for N−1 also has one for N (within the years on file).")
else:
    st.dataframe(gaps, hide_index=True)
    year = st.selectbox("Agencies with no report for", gaps["year"].to_list()[::-1], key="gap_year")
    st.dataframe(frame("""SELECT a.agency, a.province, a.city, f.report_year AS last_year, r.file_name AS last_report
                          FROM fct_agency_year f JOIN dim_agency a USING (agency_id) JOIN fct_reports r USING (report_id)
                          WHERE f.report_year = ? - 1 AND NOT EXISTS (SELECT 1 FROM fct_agency_year n
                                WHERE n.agency_id = f.agency_id AND n.report_year = ?)
                          ORDER BY a.province, a.city, a.agency LIMIT 1000""", year, year), hide_index=True)

st.header("Files quarantined, by reason")
quarantined = frame("""SELECT reason, count(*)::INTEGER AS files, min(file_name) AS example
                       FROM staging.quarantined_files GROUP BY reason ORDER BY files DESC, reason""")
if quarantined.is_empty():
    st.success("No file was quarantined: every file in the inbox became a report.")
else:
    st.dataframe(quarantined, hide_index=True)

st.header("Rule results, by rule")
rules = frame("""SELECT c.rule_id, c.rule_zh, c.rule_family,
                        count(r.rule_id) FILTER (WHERE r.status = 'passed')::INTEGER AS passed,
                        count(r.rule_id) FILTER (WHERE r.status = 'failed')::INTEGER AS failed,
                        count(r.rule_id) FILTER (WHERE r.status = 'not_assessable')::INTEGER AS not_assessable
                 FROM intermediate.int_rule_catalog c LEFT JOIN intermediate.int_rule_results r USING (rule_id)
                 GROUP BY c.rule_id, c.rule_zh, c.rule_family, c.sort_order ORDER BY c.sort_order""")
st.dataframe(rules, hide_index=True, column_config={"rule_zh": st.column_config.TextColumn("rule", width="large")})

st.header("The last run and its checks")
published = frame("SELECT max(published_at) AS at FROM meta.published_inputs") if "meta.published_inputs" in tables() \
    else None
if published is not None and published["at"][0] is not None:
    st.write(f"Snapshot published at **{published['at'][0]:%Y-%m-%d %H:%M:%S}** (UTC).")


@st.cache_data(show_spinner=False, ttl=60)
def _last_run(db: str, mtime: float):
    from pathlib import Path

    from ogi.commands.status import latest_dagster_run, stored_gx_results

    run, checks = latest_dagster_run()
    return run, checks, stored_gx_results(Path(db))


run, checks, suites = _last_run(*snapshot_key())
if run:
    st.write(f"Run `{run['run_id'][:8]}`: **{run['status']}**")
if checks:
    st.dataframe(pl.DataFrame(checks, schema=["asset", "check", "state"], orient="row"), hide_index=True)
elif suites:
    st.caption("No Dagster instance ($DAGSTER_HOME) recorded the run; the latest GX validation results beside "
               "the warehouse:")
    st.dataframe(pl.DataFrame(suites, schema=["suite", "state", "validated at"], orient="row"), hide_index=True)
else:
    st.info("No recorded run or check results found (set DAGSTER_HOME as `make run` does).")

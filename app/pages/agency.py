"""Agency: find one by name, its reports and figures by year, trends, findings and standing among peers."""
import altair as alt
import polars as pl
import streamlit as st

from app.data import frame, simplified, snapshot_key
from app.findings_view import findings_columns, review_columns
from app.peers import EXPLAINED, peer_group, standing

METRICS = ["applications_new", "applications_carried_over", "outcome_total", "outcome_granted", "outcome_partial",
           "applications_carried_forward", "proactive_items", "reconsideration_total", "litigation_total",
           "fees_collected_yuan"]

st.title("Agency")
try:
    snapshot_key()
except FileNotFoundError as exc:
    st.error(str(exc))
    st.stop()


def search(text: str) -> pl.DataFrame:
    """Agencies whose name (normalised, or as written in any report) contains the text, in either script."""
    q = simplified(text)
    return frame("""SELECT a.agency_id, a.agency, a.province, a.city, a.n_reports
                    FROM dim_agency a
                    WHERE contains(a.agency, $1) OR agency_id IN (
                        SELECT agency_id FROM fct_reports WHERE contains(agency_as_written, $1)
                                                             OR contains(agency_as_written, $2))
                    ORDER BY a.n_reports DESC, a.agency LIMIT 200""", q, text.strip())


wanted = st.query_params.get("agency")
text = st.text_input("Agency name (simplified or traditional, any part)", key="agency_search",
                     placeholder="e.g. 城阳区 or 烏海市")
if text.strip():
    found = search(text)
    if found.is_empty():
        st.warning(f"No agency's name contains “{text.strip()}”.")
        st.stop()
    labels = {r["agency_id"]: f"{r['agency']} — {r['province'] or ''}{r['city'] or ''} ({r['n_reports']} reports)"
              for r in found.iter_rows(named=True)}
    agency_id = st.selectbox(f"{len(labels)} agencies match", list(labels), format_func=labels.get, key="agency_pick")
elif wanted:
    agency_id = wanted
else:
    st.info("Type part of an agency's name to begin.")
    st.stop()

agency = frame("SELECT * FROM dim_agency WHERE agency_id = ?", agency_id)
if agency.is_empty():
    st.error("No such agency in the snapshot.")
    st.stop()
a = agency.row(0, named=True)
st.header(a["agency"])
st.caption(" · ".join(str(x) for x in (a["province"], a["city"], a["county"], a["division_code"], a["admin_level"],
                                       a["agency_type"]) if x) + f" · reports {a['first_year']}–{a['last_year']}")

st.subheader("Reports by year")
reports = frame(f"""SELECT report_year, report_id, file_name, family, {', '.join(METRICS)}
                    FROM fct_reports WHERE agency_id = ? ORDER BY report_year, file_name""", agency_id)
st.dataframe(reports, hide_index=True)
for r in reports.iter_rows(named=True):
    st.page_link("pages/report.py", label=f"{r['report_year']}: {r['file_name']} — the text and every figure",
                 query_params={"report": r["report_id"]}, icon=":material/description:")

trend = frame(f"SELECT report_year, {', '.join(METRICS[:9])} FROM fct_agency_year WHERE agency_id = ? "
              "ORDER BY report_year", agency_id)
long = trend.unpivot(index="report_year", variable_name="metric", value_name="value").drop_nulls("value")
if long.height:
    st.subheader("Trends")
    picked = st.multiselect("Figures", METRICS[:9], default=["applications_new", "outcome_total", "proactive_items"],
                            key="trend_metrics")
    shown = long.filter(pl.col("metric").is_in(picked))
    st.altair_chart(alt.Chart(shown).mark_line(point=True).encode(
        x=alt.X("report_year:O", title="report year"), y=alt.Y("value:Q", title="count"),
        color=alt.Color("metric:N"), tooltip=["report_year", "metric", "value"]))

st.subheader("Findings")
findings = frame(f"""SELECT {findings_columns()} FROM rpt_report_findings f
                     WHERE f.report_id IN (SELECT report_id FROM fct_reports WHERE agency_id = ?)
                     ORDER BY f.report_year, f.rule_id, f.subject""", agency_id)
if findings.is_empty():
    st.success("No findings: every rule that could be assessed passed on this agency's reports.")
else:
    st.dataframe(findings.select(["report_year", "rule_zh", "subject", "status", "stated_value", "expected_value",
                                  *review_columns(), "evidence"]), hide_index=True)
    st.page_link("pages/findings.py", label="Review them on the Findings page", icon=":material/report:")

st.subheader("Among its peers")
group = peer_group(agency_id)
st.caption("Peers: agencies of the same province, administrative level and type — "
           + ", ".join(f"{k} {v or '(unknown)'}" for k, v in group.items()))
table = standing(agency_id)
if table is None:
    st.info("This snapshot predates the peer benchmarks: the next `ogi run` builds them.")
elif table.is_empty():
    st.info("No year with figures to compare.")
else:
    st.dataframe(table, hide_index=True)
    st.caption(EXPLAINED)
    pct = [c for c in table.columns if c.endswith("_pct")]
    st.altair_chart(alt.Chart(table.unpivot(index="report_year", on=pct, variable_name="ratio",
                                            value_name="percentile").drop_nulls("percentile"))
                    .mark_bar().encode(x=alt.X("report_year:O", title="report year"), xOffset="ratio:N",
                                       y=alt.Y("percentile:Q", scale=alt.Scale(domain=[0, 100])),
                                       color="ratio:N", tooltip=["report_year", "ratio", "percentile"]))

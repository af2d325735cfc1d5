"""Findings: filter by rule, place, year, status and review state; read one in the report's own words; CSV."""
import streamlit as st

from app import findings_view
from app.data import frame, snapshot_key

SHOWN = 5000  # rows in the table (and the CSV): narrow the filters for the rest

st.title("Findings")
try:
    snapshot_key()
except FileNotFoundError as exc:
    st.error(str(exc))
    st.stop()

rules = frame("SELECT rule_id, rule_zh FROM intermediate.int_rule_catalog ORDER BY sort_order")
rule_label = dict(zip(rules["rule_id"], rules["rule_zh"]))
places = frame("SELECT DISTINCT province, city FROM fct_reports WHERE province IS NOT NULL ORDER BY ALL")
years = frame("SELECT DISTINCT report_year FROM rpt_report_findings WHERE report_year IS NOT NULL ORDER BY 1")
review_cols = findings_view.review_columns()

c1, c2, c3 = st.columns(3)
picked_rules = c1.multiselect("Rule", list(rule_label), format_func=lambda r: f"{r} — {rule_label[r]}", key="f_rule")
province = c2.selectbox("Province", ["(all)", *places["province"].unique(maintain_order=True)], key="f_province")
cities = places.filter(places["province"] == province)["city"].drop_nulls().to_list() if province != "(all)" else []
city = c3.selectbox("City", ["(all)", *cities], key="f_city")
c4, c5, c6 = st.columns(3)
picked_years = c4.multiselect("Year", years["report_year"].to_list(), key="f_year")
statuses = c5.multiselect("Status", ["failed", "not_assessable"], default=["failed", "not_assessable"], key="f_status",
                          help="failed: the arithmetic does not hold; not_assessable: an input is blank, '/' or absent")
states = frame("SELECT DISTINCT review_status FROM rpt_report_findings WHERE review_status IS NOT NULL ORDER BY 1"
               )["review_status"].to_list() if review_cols else []
review_state = c6.selectbox("Review state", ["(all)", *states], key="f_review",
                            disabled=not review_cols,
                            help=None if review_cols else "reviews appear here once the review store is in the marts")

where, params = ["TRUE"], []
if picked_rules:
    where.append("list_contains(?, f.rule_id)")
    params.append(picked_rules)
if province != "(all)":
    where.append("r.province = ?")
    params.append(province)
if city != "(all)":
    where.append("r.city = ?")
    params.append(city)
if picked_years:
    where.append("list_contains(?, f.report_year)")
    params.append(picked_years)
if statuses:
    where.append("list_contains(?, f.status)")
    params.append(statuses)
if review_cols and review_state != "(all)":
    where.append("f.review_status = ?")
    params.append(review_state)

shown = frame(f"""SELECT {findings_view.findings_columns()}, r.province, r.city
                  FROM rpt_report_findings f LEFT JOIN fct_reports r USING (report_id)
                  WHERE {' AND '.join(where)}
                  ORDER BY f.report_year DESC, r.province, f.agency, f.rule_id, f.subject LIMIT {SHOWN + 1}""", *params)
capped = shown.height > SHOWN
shown = shown.head(SHOWN)
st.markdown(f"**{shown.height:,}{'+' if capped else ''} findings**" + (" (the first shown: narrow the filters)"
                                                                         if capped else ""))
st.dataframe(shown.drop("finding_id", "report_id"), hide_index=True)
st.download_button("Download these findings (CSV)", shown.write_csv(), file_name="findings.csv", mime="text/csv",
                   on_click="ignore", key="f_csv")

if shown.height:
    st.header("Why it fired")
    ids = shown["finding_id"].head(500).to_list()
    wanted = st.query_params.get("finding")
    labels = {r["finding_id"]: f"{r['agency']} {r['report_year']} · {r['rule_id']} · {r['subject']}"
              for r in shown.head(500).iter_rows(named=True)}
    if wanted and wanted not in labels and findings_view.finding(wanted):
        ids.insert(0, wanted)
        labels[wanted] = "the finding linked to this page"
    fid = st.selectbox("Finding", ids, format_func=labels.get, key="f_pick",
                       index=ids.index(wanted) if wanted in ids else 0)
    f = findings_view.finding(fid)
    findings_view.show(f)
    l1, l2 = st.columns(2)
    l1.page_link("pages/report.py", label="Open the report", query_params={"report": f["report_id"]}, icon=":material/description:")
    l2.page_link("pages/review.py", label="Review this finding", query_params={"finding": fid}, icon=":material/rate_review:")

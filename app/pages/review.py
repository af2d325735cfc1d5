"""Review: confirm a finding, dismiss it (with a reason) or correct a figure — written to the review store.

The only write the app makes: `ingest.review_store.add_review`, an append-only store beside the
warehouse (never the snapshot). The next `ogi run` joins the reviews into the marts.
"""
import getpass

import polars as pl
import streamlit as st

from app import findings_view
from app.data import frame, snapshot_key, warehouse

ACTIONS = {
    "confirm": "Confirm — the report is wrong",
    "dismiss_misread": "Dismiss — our misreading of the report",
    "dismiss_not_a_problem": "Dismiss — not a problem",
    "correct": "Correct a figure — give the right value",
}

st.title("Review")
try:
    snapshot_key()
except FileNotFoundError as exc:
    st.error(str(exc))
    st.stop()
try:
    from ingest import review_store
except ImportError:
    review_store = None
    st.warning("The review store (`ingest.review_store`) is not installed in this checkout: findings can be read "
               "here but not reviewed yet.")

query = st.text_input("Find a finding: agency or file name (any part)", key="r_search")
wanted = st.query_params.get("finding")
found = frame(f"""SELECT finding_id, agency, report_year, rule_id, subject, status FROM rpt_report_findings
                  WHERE contains(coalesce(agency, ''), $1) OR contains(file_name, $1)
                  ORDER BY report_year DESC, agency, rule_id, subject LIMIT 500""", query.strip())
ids = found["finding_id"].to_list()
labels = {r["finding_id"]: f"{r['agency']} {r['report_year']} · {r['rule_id']} · {r['subject']} ({r['status']})"
          for r in found.iter_rows(named=True)}
if wanted and wanted not in labels and findings_view.finding(wanted):
    ids.insert(0, wanted)
    labels[wanted] = "the finding linked to this page"
if not ids:
    st.info("No finding matches.")
    st.stop()
fid = st.selectbox("Finding", ids, format_func=labels.get, index=ids.index(wanted) if wanted in ids else 0,
                   key="r_pick")
f = findings_view.finding(fid)
findings_view.show(f)
st.page_link("pages/report.py", label="Open the report", query_params={"report": f["report_id"]}, icon=":material/description:")

if review_store is None:
    st.stop()

figs = findings_view.figures(fid)
metrics = sorted(set(figs["metric_key"].drop_nulls().to_list())) or frame(
    "SELECT metric_key FROM staging.metric_taxonomy WHERE is_mart_column ORDER BY metric_key")["metric_key"].to_list()
st.header("Your review")
with st.form("review"):
    action = st.radio("Verdict", list(ACTIONS), format_func=ACTIONS.get, key="r_action")
    reason = st.text_area("Why (required to dismiss or correct)", key="r_reason")
    reviewer = st.text_input("Reviewer", value=getpass.getuser(), key="r_reviewer")
    c1, c2 = st.columns(2)
    metric = c1.selectbox("Figure to correct (only for a correction)", metrics, key="r_metric")
    value = c2.number_input("Its correct value", min_value=0.0, step=1.0, value=None, key="r_value")
    submitted = st.form_submit_button("Save the review")

if submitted:
    if action != "confirm" and not reason.strip():
        st.error("Say why: a dismissal or a correction needs a reason.")
    elif action == "correct" and value is None:
        st.error("A correction needs the correct value.")
    elif not reviewer.strip():
        st.error("Say who reviews.")
    else:
        seen = {k: f[k] for k in ("stated_value", "expected_value", "figures_digest") if k in f}  # as shown
        try:
            saved = review_store.add_review(
                warehouse(), fid, action, reason.strip(), reviewer.strip(),
                corrected_value=value if action == "correct" else None,
                metric_key=metric if action == "correct" else None, seen=seen)
        except ValueError as exc:  # review_store.ReviewError: says why in plain words
            st.error(f"Not saved: {exc}")
        else:
            st.success(f"Saved: {ACTIONS[action]} ({saved['at']}). It is in the review store beside "
                       "the warehouse; the next `ogi run` brings it into the marts "
                       "(rpt_report_findings.review_status).")

mine = [r for r in review_store.reviews(warehouse()) if r.get("finding_id") == fid]
st.subheader("Reviews of this finding in the store")
if mine:
    st.dataframe(pl.DataFrame(mine, infer_schema_length=None).drop("seen", strict=False), hide_index=True)
else:
    st.caption("None yet.")

"""The workbench's entry script: `streamlit run app/main.py` (what `ogi app` starts).

Streamlit runs this file with app/ on the import path, not the project root; the root is added so
pages import `app.*` and `ingest.*` whether or not the project is installed.
"""
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

import streamlit as st  # noqa: E402

st.set_page_config(page_title="ogi workbench", page_icon=":material/table_chart:", layout="wide")

PAGES = Path(__file__).parent / "pages"
nav = st.navigation([
    st.Page(PAGES / "overview.py", title="Overview", icon=":material/dashboard:", default=True),
    st.Page(PAGES / "agency.py", title="Agency", icon=":material/account_balance:"),
    st.Page(PAGES / "report.py", title="Report", icon=":material/description:"),
    st.Page(PAGES / "findings.py", title="Findings", icon=":material/report:"),
    st.Page(PAGES / "review.py", title="Review", icon=":material/rate_review:"),
])
st.sidebar.caption("Read-only on the published snapshot. Reviews go to the review store beside the warehouse.")
nav.run()

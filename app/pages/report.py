"""Report: its metadata and text, every extracted figure marked where it was read, table by table."""
import streamlit as st

from app.data import frame, snapshot_key
from app.report_text import TABLE_NAMES, figure_rows, marked, table_span

st.title("Report")
try:
    snapshot_key()
except FileNotFoundError as exc:
    st.error(str(exc))
    st.stop()

given = st.text_input("Report id or file name (or its beginning)", value=st.query_params.get("report", ""),
                      key="report_id", placeholder="e.g. 001_e66166ac253deb62.txt")
if not given.strip():
    st.info("Give a report id or file name, or open a report from the Agency or Findings page.")
    st.stop()

meta = frame("""SELECT report_id, file_name, agency, agency_as_written, province, city, county, division_code,
                       report_year, family, title, warnings, source_format, extraction_method, parser_version,
                       source_text
                FROM staging.stg_reports
                WHERE report_id = $1 OR file_name = $1 OR starts_with(file_name, $1) OR starts_with(report_id, $1)
                ORDER BY file_name LIMIT 1""", given.strip())
if meta.is_empty():
    st.warning(f"No report with id or file name “{given.strip()}”.")
    st.stop()
m = meta.row(0, named=True)
text = m["source_text"]
st.header(m["title"] or m["file_name"])
st.caption(f"{m['file_name']} · report {m['report_id']} · {m['source_format'] or 'text'}, read as "
           f"{m['extraction_method'] or 'text'} · parser {m['parser_version']}")
c1, c2, c3 = st.columns(3)
c1.markdown(f"**Agency** {m['agency'] or '—'}  \n{' '.join(x for x in (m['province'], m['city'], m['county']) if x)} "
            f"{m['division_code'] or ''}")
c2.markdown(f"**Year** {m['report_year'] or '—'}  \n**Family** {m['family']}")
if m["agency_as_written"] and m["agency_as_written"] != m["agency"]:
    c3.markdown(f"**As written** {m['agency_as_written']}")
for w in m["warnings"] or []:
    st.warning(w)

figs = frame("""SELECT table_id, row_key, column_key, metric_key, value, value_kind, read_as, line_no, char_start,
                       char_end, raw_text, run_text, page, bbox, cell_ref, ocr_confidence, figure_no
                FROM staging.stg_figures WHERE report_id = ? ORDER BY figure_no""", m["report_id"])
st.markdown(f"**{figs.height} figures** extracted. Marked in the text: yellow a number, green a stated zero, grey "
            "a blank or “/” cell; hover a mark for its metric, value, kind and how it was read.")

for table_id in figs["table_id"].unique(maintain_order=True).to_list():
    part = figs.filter(figs["table_id"] == table_id)
    st.subheader(TABLE_NAMES.get(table_id, table_id))
    start, end = table_span(text, part)
    st.markdown(marked(text, part, start, end), unsafe_allow_html=True)
    with st.expander(f"{part.height} figures of {table_id}"):
        st.dataframe(figure_rows(part), hide_index=True)

with st.expander("The whole text, every figure marked"):
    st.markdown(marked(text, figs), unsafe_allow_html=True)

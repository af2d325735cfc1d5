"""A finding as the Findings and Review pages show it: stated vs expected, and every figure involved
beside the line of the report it was read from."""
from __future__ import annotations

import html

import polars as pl
import streamlit as st

from app.data import number_text, columns, frame

FINDINGS = "marts.rpt_report_findings"
REVIEW_COLUMNS = ("review_status", "review_reason", "reviewed_by", "reviewed_at")
SIDES = {"stated": "stated", "expected": "expected", "compared": "compared with"}


def review_columns() -> list[str]:
    """The review columns rpt_report_findings has (none before the review store is joined into the marts)."""
    have = columns(FINDINGS)
    return [c for c in REVIEW_COLUMNS if c in have]


def findings_columns(alias: str = "f") -> str:
    cols = ["finding_id", "report_id", "file_name", "agency", "report_year", "rule_id", "rule_zh", "subject",
            "status", "stated_value", "expected_value", "difference", *review_columns(), "evidence"]
    return ", ".join(f"{alias}.{c}" for c in cols)


def finding(finding_id: str) -> dict | None:
    digest = ", f.figures_digest" if "figures_digest" in columns(FINDINGS) else ""  # what a review saw
    df = frame(f"SELECT {findings_columns()}, f.rule_en, f.related_file_name{digest} FROM {FINDINGS} f "
               "WHERE finding_id = ?", finding_id)
    return df.row(0, named=True) if df.height else None


def figures(finding_id: str) -> pl.DataFrame:
    """Every figure of a finding, with the line of its report's text it sits on."""
    return frame(f"""
        WITH fig AS (SELECT unnest(figures, max_depth := 2) FROM {FINDINGS} WHERE finding_id = ?)
        SELECT fig.side, fig.sign, fig.label, fig.value, fig.value_kind, fig.raw_text, fig.report_id, r.file_name,
               fig.line_no, fig.char_start, fig.char_end, sf.metric_key,
               substr(r.source_text, greatest(0, fig.char_start::BIGINT - 60) + 1,
                      fig.char_start::BIGINT - greatest(0, fig.char_start::BIGINT - 60)) AS before,
               substr(r.source_text, fig.char_end::BIGINT + 1, 60) AS after
        FROM fig LEFT JOIN staging.stg_reports r ON r.report_id = fig.report_id
        LEFT JOIN staging.stg_figures sf ON sf.report_id = fig.report_id AND sf.figure_no = fig.figure_no""", finding_id)


def _context(before: str | None, raw: str | None, after: str | None) -> str:
    """The figure's text marked within its line (cut at line breaks)."""
    if raw is None:
        return "<i>(absent from the report)</i>"
    left = (before or "").rsplit("\n", 1)[-1]
    right = (after or "").split("\n", 1)[0]
    return f"{html.escape(left)}<mark>{html.escape(raw)}</mark>{html.escape(right)}"


def show(f: dict) -> None:
    """A finding's headline, stated vs expected, and its figures in the report's own words."""
    st.markdown(f"**{f['rule_zh']}**  \n{f['rule_en'] or ''}")
    st.caption(f"{f['agency'] or '(agency not found)'} · {f['report_year'] or ''} · {f['file_name']} · "
               f"subject `{f['subject']}` · status **{f['status']}**"
               + (f" · compared with {f['related_file_name']}" if f.get("related_file_name") else ""))
    c1, c2, c3 = st.columns(3)
    c1.metric("Stated", number_text(f["stated_value"]) or "—")
    c2.metric("Expected", number_text(f["expected_value"]) or "—")
    c3.metric("Difference", number_text(f["difference"]) or "—")
    if f.get("review_status") not in (None, "unreviewed"):
        st.info(f"Review: **{f['review_status']}** by {f.get('reviewed_by') or '?'} at {f.get('reviewed_at') or '?'}"
                f" — {f.get('review_reason') or ''}")
    rows = []
    for g in figures(f["finding_id"]).iter_rows(named=True):
        side = SIDES.get(g["side"], g["side"])
        if g["side"] == "expected":
            side += " −" if (g["sign"] or 1) < 0 else " +"
        where = f"{g['file_name']} line {g['line_no']}" if g["line_no"] is not None else ""
        rows.append(f"<tr><td>{html.escape(side)}</td><td>{html.escape(g['label'] or '')}</td>"
                    f"<td style='text-align:right'>{number_text(g['value'])}</td><td>{html.escape(where)}</td>"
                    f"<td>{_context(g['before'], g['raw_text'], g['after'])}</td></tr>")
    st.markdown("<table><tr><th>side</th><th>figure</th><th>value</th><th>where</th><th>the report's text</th></tr>"
                + "".join(rows) + "</table>", unsafe_allow_html=True)

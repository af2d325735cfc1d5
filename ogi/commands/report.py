"""ogi report: one self-contained HTML page with charts of the marts (works offline).

Charts are drawn with matplotlib and embedded as PNG data URIs; no script or font is loaded
from the network. Chinese names appear in the HTML tables, where the browser's fonts render them.
"""
import base64
import html
import io
import sys
from pathlib import Path

from ogi.locations import apply_location_flags

APPLICATIONS_BY_YEAR = """
    SELECT report_year, count(*) AS reports, sum(applications_new) AS applications_new,
           count(applications_new) AS reports_stating_applications
    FROM marts.fct_reports WHERE report_year IS NOT NULL GROUP BY 1 ORDER BY 1
"""
OUTCOME_SHARES = """
    SELECT sum(outcome_granted) AS granted, sum(outcome_partial) AS partial,
           sum(outcome_total) - sum(outcome_granted) - sum(outcome_partial) AS other
    FROM marts.fct_reports
    WHERE outcome_total IS NOT NULL AND outcome_granted IS NOT NULL AND outcome_partial IS NOT NULL
"""
REPORTS_BY_FAMILY = "SELECT family, count(*) AS reports FROM marts.fct_reports GROUP BY 1 ORDER BY 2 DESC, 1"
TOP_AGENCIES = """
    SELECT agency, province, city, report_year, applications_new, outcome_total, litigation_total
    FROM marts.fct_reports WHERE applications_new IS NOT NULL
    ORDER BY applications_new DESC, agency LIMIT 20
"""


def _png(fig) -> str:
    buf = io.BytesIO()
    fig.savefig(buf, format="png", dpi=110, bbox_inches="tight")
    return "data:image/png;base64," + base64.b64encode(buf.getvalue()).decode("ascii")


def _table(frame) -> str:
    head = "".join(f"<th>{html.escape(c)}</th>" for c in frame.columns)
    rows = "".join(
        "<tr>" + "".join(f"<td>{'' if v is None else html.escape(str(v))}</td>" for v in row) + "</tr>"
        for row in frame.iter_rows()
    )
    return f"<table><thead><tr>{head}</tr></thead><tbody>{rows}</tbody></table>"


def build_report(con) -> str:
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    from ingest.warehouse import query_frame

    by_year = query_frame(con, APPLICATIONS_BY_YEAR)
    shares = query_frame(con, OUTCOME_SHARES)
    families = query_frame(con, REPORTS_BY_FAMILY)
    top = query_frame(con, TOP_AGENCIES)

    fig, ax = plt.subplots(figsize=(7, 3.2))
    years = [str(y) for y in by_year["report_year"].to_list()]
    ax.bar(years, [float(v or 0) for v in by_year["applications_new"].to_list()], color="#3b6ea5")
    ax.set_title("Applications received (applications_new), by report year")
    ax.set_ylabel("applications")
    chart_years = _png(fig)
    plt.close(fig)

    row = shares.row(0, named=True) if shares.height else {}
    values = [float(row.get(k) or 0) for k in ("granted", "partial", "other")]  # sums arrive as Decimal
    fig, ax = plt.subplots(figsize=(4.5, 3.2))
    if sum(values) > 0 and min(values) >= 0:
        ax.pie(values, labels=["granted in full", "granted in part", "other outcomes"], autopct="%1.0f%%",
               colors=["#3b6ea5", "#8fb3d9", "#d0d7de"])
        ax.set_title("Outcomes of answered applications")
    else:
        ax.text(0.5, 0.5, "no consistent outcome figures to chart\n(none stated, or the parts exceed the total)",
                ha="center", va="center")
        ax.axis("off")
    chart_outcomes = _png(fig)
    plt.close(fig)

    return f"""<!doctype html>
<html lang="zh-CN"><head><meta charset="utf-8"><title>ogi-warehouse report</title>
<style>body{{font-family:sans-serif;margin:24px;max-width:1000px}}table{{border-collapse:collapse;margin:8px 0 24px}}
td,th{{border:1px solid #ccc;padding:4px 8px;text-align:left}}img{{max-width:100%}}</style></head>
<body>
<h1>ogi-warehouse: 政府信息公开工作年度报告</h1>
<p>{families["reports"].sum()} reports in the warehouse. Figures are sums of what the reports state; a report
that does not state a figure is left out of that sum, never counted as 0.</p>
<h2>Applications by year</h2>
<img id="chart-applications" alt="applications by year" src="{chart_years}">
{_table(by_year)}
<h2>Outcome shares</h2>
<img id="chart-outcomes" alt="outcome shares" src="{chart_outcomes}">
{_table(shares)}
<h2>Reports by family</h2>
{_table(families)}
<h2>Agencies with the most applications</h2>
{_table(top)}
</body></html>
"""


def main(args) -> int:
    apply_location_flags(args)
    from ingest.config import warehouse_path
    from ingest.warehouse import reader

    try:
        con = reader()
    except FileNotFoundError as exc:
        print(f"ogi report: {exc}", file=sys.stderr)
        return 2
    try:
        page = build_report(con)
    finally:
        con.close()
    out = Path(args.output).resolve() if args.output else warehouse_path().parent / "report.html"
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_text(page, encoding="utf-8")
    print(out)
    return 0

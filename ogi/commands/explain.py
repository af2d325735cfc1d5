"""ogi explain: a report's metadata and figures beside the text they came from."""
import sys

from ogi.locations import apply_location_flags


def main(args) -> int:
    apply_location_flags(args)
    from ingest.warehouse import reader

    try:
        con = reader()
    except FileNotFoundError as exc:
        print(f"ogi explain: {exc}", file=sys.stderr)
        return 2
    try:
        row = con.execute(
            """SELECT report_id, file_name, agency, province, city, county, division_code, report_year, family, title,
                      warnings, source_format, extraction_method FROM staging.stg_reports
               WHERE report_id = $1 OR file_name = $1 OR starts_with(file_name, $1) OR starts_with(report_id, $1)
               ORDER BY file_name LIMIT 1""",
            [args.report],
        ).fetchone()
        if row is None:
            print(f"ogi explain: no report with id or file name {args.report!r}", file=sys.stderr)
            return 2
        rid, fname, agency, prov, city, county, code, year, family, title, warnings, fmt, method = row
        print(f"{fname}  (report {rid}; {fmt or 'text'}, read as {method or 'text'})")
        print(f"  agency   {agency}  [{' '.join(x for x in (prov, city, county) if x)} {code or ''}]")
        print(f"  year     {year}   family {family}")
        if title:
            print(f"  title    {title}")
        for w in warnings or []:
            print(f"  warning  {w}")
        for label, name in _attachments(con, rid):
            print(f"  {label} {name}")
        print()
        figs = con.execute(
            """SELECT table_id, row_key, column_key, coalesce(metric_key, ''), value, value_kind, read_as, line_no,
                      raw_text, run_text, page, bbox, cell_ref, ocr_confidence
               FROM staging.stg_figures WHERE report_id = ? ORDER BY figure_no""",
            [rid],
        ).fetchall()
        placed = any(f[10] is not None or f[12] is not None for f in figs)
        print(f"{'table':<13}{'row':<26}{'column':<16}{'metric':<30}{'value':>10}  {'kind':<15}{'read as':<10}line  "
              + ("where".ljust(34) if placed else "") + "text")
        for t, r, c, m, v, k, how, line, raw, run, page, bbox, cell, conf in figs:
            val = "" if v is None else (f"{v:.0f}" if float(v).is_integer() else str(v))
            raw = raw.replace("\n", "⏎")
            if run:  # where in the run of digits (or the joined pieces) the value was cut from
                raw = f"{raw}  ⟵ {run.replace(chr(10), '⏎')[:40]}"
            where = figure_place(page, bbox, cell, conf).ljust(34) if placed else ""
            print(f"{t:<13}{r[:25]:<26}{c[:15]:<16}{m[:29]:<30}{val:>10}  {k:<15}{how:<10}{line:<5} {where}{raw[:80]}")
        return 0
    finally:
        con.close()


def figure_place(page, bbox, cell, conf) -> str:
    """Where in the file a figure was read: page and box of a PDF, a workbook cell, OCR confidence."""
    if cell:
        return cell
    if page is None:
        return ""
    out = f"p{page}"
    if bbox:
        out += " [" + ",".join(f"{v:.0f}" for v in bbox) + "]"
    if conf is not None:
        out += f" ocr {conf:.2f}"
    return out


def _attachments(con, rid: str) -> list[tuple[str, str]]:
    """The workbooks paired with this report, or the report this workbook was paired with."""
    return con.execute(
        """SELECT 'attached ', w.file_name || '  (its tables are read as this report''s)'
           FROM staging.stg_attachments a JOIN staging.stg_reports w ON w.report_id = a.attachment_id
           WHERE a.report_id = $1
           UNION ALL
           SELECT 'attached to', r.file_name || '  (this workbook''s figures count as that report''s)'
           FROM staging.stg_attachments a JOIN staging.stg_reports r ON r.report_id = a.report_id
           WHERE a.attachment_id = $1""", [rid]).fetchall()

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
                      warnings FROM staging.stg_reports
               WHERE report_id = $1 OR file_name = $1 OR starts_with(file_name, $1) OR starts_with(report_id, $1)
               ORDER BY file_name LIMIT 1""",
            [args.report],
        ).fetchone()
        if row is None:
            print(f"ogi explain: no report with id or file name {args.report!r}", file=sys.stderr)
            return 2
        rid, fname, agency, prov, city, county, code, year, family, title, warnings = row
        print(f"{fname}  (report {rid})")
        print(f"  agency   {agency}  [{' '.join(x for x in (prov, city, county) if x)} {code or ''}]")
        print(f"  year     {year}   family {family}")
        if title:
            print(f"  title    {title}")
        for w in warnings or []:
            print(f"  warning  {w}")
        print()
        figs = con.execute(
            """SELECT table_id, row_key, column_key, coalesce(metric_key, ''), value, value_kind, read_as, line_no,
                      raw_text, run_text
               FROM staging.stg_figures WHERE report_id = ? ORDER BY figure_no""",
            [rid],
        ).fetchall()
        print(f"{'table':<13}{'row':<26}{'column':<16}{'metric':<30}{'value':>10}  {'kind':<15}{'read as':<10}line  text")
        for t, r, c, m, v, k, how, line, raw, run in figs:
            val = "" if v is None else (f"{v:.0f}" if float(v).is_integer() else str(v))
            raw = raw.replace("\n", "⏎")
            if run:  # where in the run of digits (or the joined pieces) the value was cut from
                raw = f"{raw}  ⟵ {run.replace(chr(10), '⏎')[:40]}"
            print(f"{t:<13}{r[:25]:<26}{c[:15]:<16}{m[:29]:<30}{val:>10}  {k:<15}{how:<10}{line:<5} {raw[:80]}")
        return 0
    finally:
        con.close()

"""ogi sql: read-only queries on the published snapshot."""
import re
import sys

from ogi.locations import apply_location_flags

_WRITE = re.compile(r"^\s*(insert|update|delete|drop|create|alter|attach|detach|copy|install|load|export|import|"
                    r"pragma|set|call|checkpoint|vacuum|use)\b", re.IGNORECASE)


def main(args) -> int:
    apply_location_flags(args)
    import polars as pl

    from ingest.warehouse import query_frame, reader

    query = args.query
    if _WRITE.match(query):
        print("ogi sql: the warehouse is read-only here; only SELECT / WITH / DESCRIBE / SHOW queries run", file=sys.stderr)
        return 2
    try:
        con = reader()
    except FileNotFoundError as exc:
        print(f"ogi sql: {exc}", file=sys.stderr)
        return 2
    try:
        frame = query_frame(con, query)
        if args.format == "csv":
            sys.stdout.write(frame.write_csv())
        else:
            with pl.Config(tbl_cols=-1, tbl_rows=200, fmt_str_lengths=60, tbl_width_chars=60000,
                           tbl_hide_column_data_types=True, tbl_hide_dataframe_shape=True,
                           tbl_formatting="ASCII_MARKDOWN"):
                print(frame)
            print(f"({frame.height} rows)")
        return 0
    except Exception as exc:
        print(f"ogi sql: {str(exc).splitlines()[0]}", file=sys.stderr)
        return 2
    finally:
        con.close()

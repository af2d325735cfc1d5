"""ogi sql: read-only queries on the published snapshot.

Two independent guards, so that neither alone has to be perfect:

1. `check_query` classifies the text with DuckDB's own parser (`extract_statements`): exactly one
   statement, and it must be a query (SELECT, WITH, FROM, VALUES, DESCRIBE, SHOW, SUMMARIZE; or
   EXPLAIN of one). INSERT, UPDATE, DELETE, CREATE, DROP, ALTER, ATTACH, DETACH, COPY, EXPORT,
   INSTALL/LOAD, SET/RESET, PRAGMA, CALL and CHECKPOINT are refused with a plain message.
2. The connection itself (`ingest.warehouse.reader`) is read-only on the snapshot, with external
   access switched off and the configuration locked: even a query that got past the parser
   could not ATTACH a file, COPY ... TO a file, read local files or load extensions.
"""
import re
import sys

from ogi.locations import apply_location_flags

_EXPLAIN = re.compile(r"^\s*explain(\s+analy[sz]e)?\b", re.IGNORECASE)
_WORDS = {
    "INSERT": "INSERT", "UPDATE": "UPDATE", "DELETE": "DELETE", "CREATE": "CREATE", "DROP": "DROP",
    "ALTER": "ALTER", "ATTACH": "ATTACH", "DETACH": "DETACH", "COPY": "COPY", "EXPORT": "EXPORT",
    "LOAD": "INSTALL/LOAD", "SET": "SET/RESET/USE", "VARIABLE_SET": "SET", "PRAGMA": "PRAGMA", "CALL": "CALL",
    "VACUUM": "VACUUM", "TRANSACTION": "a transaction statement", "PREPARE": "PREPARE", "EXECUTE": "EXECUTE",
}


class QueryRefused(ValueError):
    """The text is not one read-only query; the message says why, in plain words."""


def check_query(query: str) -> str:
    """The one read-only statement in `query`, or QueryRefused."""
    import duckdb

    try:
        statements = duckdb.connect(":memory:").extract_statements(query)
    except duckdb.Error as exc:
        raise QueryRefused(f"not valid SQL: {str(exc).splitlines()[0]}") from None
    if not statements:
        raise QueryRefused("no query given")
    if len(statements) > 1:
        raise QueryRefused(f"one query at a time ({len(statements)} statements given)")
    kind = statements[0].type.name
    if kind == "SELECT":
        return query
    if kind == "EXPLAIN":
        inner = _EXPLAIN.sub("", query, count=1)
        if inner != query:
            check_query(inner)
            return query
    what = _WORDS.get(kind, kind)
    raise QueryRefused(
        f"{what} is not allowed: the warehouse is read-only here; "
        "only SELECT / WITH / DESCRIBE / SHOW / SUMMARIZE / EXPLAIN queries run"
    )


def _write(frame, fmt: str, output: str | None) -> None:
    """Print `frame` as an aligned table, or write it as csv/json/parquet to `output` (stdout for text)."""
    import polars as pl

    from ogi.commands.export import flat_frame

    if fmt == "parquet":
        if not output:
            raise QueryRefused("--format parquet needs --output FILE")
        frame.write_parquet(output)
        print(f"{output}  ({frame.height} rows)")
        return
    if fmt == "table" and not output:
        with pl.Config(tbl_cols=-1, tbl_rows=200, fmt_str_lengths=60, tbl_width_chars=60000,
                       tbl_hide_column_data_types=True, tbl_hide_dataframe_shape=True,
                       tbl_formatting="ASCII_MARKDOWN"):
            print(frame)
        print(f"({frame.height} rows)")
        return
    text = frame.write_json() if fmt == "json" else flat_frame(frame).write_csv()
    if output:
        with open(output, "w", encoding="utf-8") as fh:
            fh.write(text)
        print(f"{output}  ({frame.height} rows)")
    else:
        sys.stdout.write(text if text.endswith("\n") else text + "\n")


def _run_one(con, text: str, fmt: str, output: str | None) -> int:
    from ingest.warehouse import query_frame

    try:
        query = check_query(text)
        _write(query_frame(con, query), fmt, output)
        return 0
    except QueryRefused as exc:
        print(f"ogi sql: refused: {exc}", file=sys.stderr)
        return 2
    except Exception as exc:
        msg = str(exc).splitlines()[0]
        if "disabled by configuration" in msg or "external" in msg.lower():
            msg = f"refused: queries may read the warehouse only, not files or extensions ({msg})"
        print(f"ogi sql: {msg}", file=sys.stderr)
        return 2


def _interactive(con, fmt: str) -> int:
    """A small read-eval-print loop: statements end with ';', `.quit` or end of input leaves."""
    tty = sys.stdin.isatty()
    if tty:
        print("ogi sql (read-only). End each query with ';'. `.tables` lists the tables, `.quit` leaves.")
    buffer: list[str] = []
    while True:
        try:
            line = input("ogi> " if not buffer else "...> ") if tty else sys.stdin.readline()
        except EOFError:
            line = ""
            if tty:
                print()
            if not buffer:
                return 0
        if not tty and line == "":
            line, done = ";", True
        else:
            done = False
        stripped = line.strip()
        if not buffer and stripped in (".quit", ".exit"):
            return 0
        if not buffer and stripped == ".tables":
            _run_one(con, "SELECT table_schema, table_name FROM information_schema.tables ORDER BY 1, 2", fmt, None)
            continue
        buffer.append(line)
        text = "\n".join(buffer)
        if stripped.endswith(";") or done:
            if text.strip(" ;\n"):
                _run_one(con, text, fmt, None)
            buffer = []
        if done:
            return 0


def main(args) -> int:
    apply_location_flags(args)
    from ingest.warehouse import reader

    if args.query is not None:
        try:
            check_query(args.query)
        except QueryRefused as exc:
            print(f"ogi sql: refused: {exc}", file=sys.stderr)
            return 2
    try:
        con = reader()
    except FileNotFoundError as exc:
        print(f"ogi sql: {exc}", file=sys.stderr)
        return 2
    try:
        if args.query is None:
            return _interactive(con, "table" if getattr(args, "format", "table") == "parquet" else getattr(args, "format", "table"))
        return _run_one(con, args.query, args.format, getattr(args, "output", None))
    finally:
        con.close()

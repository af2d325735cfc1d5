"""ogi export: every mart as one Parquet or CSV file, with a README of its columns.

Reads the published snapshot (never blocks a run). Column descriptions come from the dbt
manifest, so the exported README says what the dbt docs say.
"""
import json
import sys
from pathlib import Path

from ogi.locations import apply_location_flags

MANIFEST = Path(__file__).resolve().parents[2] / "dbt_project" / "target" / "manifest.json"


def _descriptions() -> dict[str, dict]:
    if not MANIFEST.exists():
        return {}
    nodes = json.loads(MANIFEST.read_text(encoding="utf-8"))["nodes"]
    return {
        n["name"]: {"description": n.get("description", ""),
                    "columns": {c: v.get("description", "") for c, v in n.get("columns", {}).items()}}
        for n in nodes.values() if n.get("resource_type") == "model"
    }


def flat_frame(frame):
    """CSV has no lists: list columns become ';'-joined text."""
    import polars as pl

    lists = [n for n, t in frame.schema.items() if isinstance(t, pl.List)]
    return frame.with_columns(pl.col(n).cast(pl.List(pl.Utf8)).list.join(";") for n in lists) if lists else frame


def main(args) -> int:
    apply_location_flags(args)
    from ingest.warehouse import query_frame, reader

    out = Path(args.to).resolve()
    try:
        con = reader()
    except FileNotFoundError as exc:
        print(f"ogi export: {exc}", file=sys.stderr)
        return 2
    try:
        marts = [r[0] for r in con.execute(
            "SELECT table_name FROM information_schema.tables WHERE table_schema = 'marts' ORDER BY 1").fetchall()]
        if not marts:
            print("ogi export: the warehouse has no marts yet: run `ogi run` first", file=sys.stderr)
            return 2
        out.mkdir(parents=True, exist_ok=True)
        docs = _descriptions()
        lines = ["# ogi-warehouse export", "", f"One file per mart ({args.format}).", ""]
        for mart in marts:
            frame = query_frame(con, f'SELECT * FROM marts."{mart}"')
            path = out / f"{mart}.{args.format}"
            if args.format == "parquet":
                frame.write_parquet(path)
            else:
                flat_frame(frame).write_csv(path)
            print(f"{path}  ({frame.height} rows)")
            doc = docs.get(mart, {})
            lines += [f"## {mart}.{args.format}", "", doc.get("description", "").strip(), "",
                      "| column | type | description |", "| --- | --- | --- |"]
            for name, dtype in frame.schema.items():
                desc = doc.get("columns", {}).get(name, "").replace("\n", " ").replace("|", "\\|")
                lines.append(f"| `{name}` | {dtype} | {desc} |")
            lines.append("")
        (out / "README.md").write_text("\n".join(lines), encoding="utf-8")
        print(f"{out / 'README.md'}  (columns of every file)")
        return 0
    finally:
        con.close()

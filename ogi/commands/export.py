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
    """CSV has no nested values: lists of text become ';'-joined text, other nested values JSON."""
    import polars as pl

    out = []
    for name, dtype in frame.schema.items():
        if isinstance(dtype, pl.List) and dtype.inner in (pl.Utf8, pl.Int64, pl.Int32, pl.Float64):
            out.append(pl.col(name).cast(pl.List(pl.Utf8)).list.join(";"))
        elif isinstance(dtype, (pl.List, pl.Struct, pl.Array)):
            out.append(pl.col(name).map_elements(
                lambda v: json.dumps(v.to_list() if hasattr(v, "to_list") else v, ensure_ascii=False, default=str),
                return_dtype=pl.Utf8))
    return frame.with_columns(out) if out else frame


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

"""The result files of a run: `<stamp>.json` (every figure) and `<stamp>.md` (the stage table and
the notes under it)."""
from __future__ import annotations

import json
import os
from pathlib import Path


def _fmt_s(s: float | None) -> str:
    return "" if s is None else f"{s:,.1f}"


def markdown(res: dict) -> str:
    n, mb = res["n_reports"], res["corpus_bytes"] / 1e6
    floor = res["floor_seconds"]
    lines = [
        f"# Benchmark {res['timestamp']}: N = {n:,} reports",
        "",
        f"Machine: {res['machine']['cpus']} cores, {res['machine']['mem_gb']} GB RAM, Python {res['machine']['python']}; "
        f"load average before the run {res['machine']['loadavg_before']}, after {res['machine']['loadavg_after']} "
        "(other work on the machine makes these timings noisy).",
        f"Corpus: {n:,} files, {mb:,.1f} MB. Workers: {res['workers']}. Pipeline run success: {res['end_to_end']['success']}.",
        "",
        "Stage times come from the Dagster run's step events (inventory, staging, dbt build, quality checks, "
        "publish) and, inside the staging step, from timing `ingest.staging._write_batch` directly (load to DuckDB); "
        "the rest of the staging step is the parse critical path, split into decode+normalise and parse in the "
        "proportions of a single-process sample (estimate, marked *).",
        "",
        "| stage | seconds | reports/s | MB/s | × floor |",
        "| --- | ---: | ---: | ---: | ---: |",
    ]
    for name, label in (("inventory", "inventory (walk, read, hash, store bytes)"),
                        ("decode_normalise", "decode + normalise *"),
                        ("parse", "parse *"),
                        ("load_duckdb", "load to DuckDB (staging batches)"),
                        ("dbt_build", "dbt build (models + dbt tests)"),
                        ("quality_checks", "quality checks (GX suites)"),
                        ("publish", "publish snapshot"),
                        ("run_overhead", "Dagster run overhead (rest of the wall time)"),
                        ("end_to_end", "**end to end**")):
        s = res["stages"].get(name)
        if s is None:
            continue
        rate = n / s if s else None
        lines.append(f"| {label} | {_fmt_s(s)} | {rate:,.0f} | {mb / s:,.1f} | {s / floor:,.1f} |" if s
                     else f"| {label} | {_fmt_s(s)} | | | |")
    po = res["parse_only"]
    lines += [
        "",
        f"* Floor: read + decode every file once ({res['workers']} processes) {res['floor_read_decode_seconds']:.1f}s "
        f"+ `SELECT count(*)` over stg_figures {res['floor_count_seconds']:.3f}s = **{floor:.1f}s**.",
        f"* Parse only (decode + normalise + parse, {po['workers']} processes, no database, {po['reports']:,} reports): "
        f"**{po['reports_per_second']:,.0f} reports/s** wall; "
        f"in the pipeline (parse critical path of the staging step): "
        f"{res['pipeline_parse_reports_per_second']:,.0f} reports/s (workers keep parsing while the main process "
        "writes, so when loading dominates this overstates the parse rate: trust the parse-only figure).",
        f"* Single-process split sample ({res['split_sample']['reports']} reports): "
        f"{res['split_sample']['single_process_reports_per_second']} reports/s on one core; "
        f"decode+normalise share {res['split_sample']['share_decode_normalise']:.0%}.",
        f"* Peak resident memory, this process + descendants summed: **{res['peak_rss_bytes'] / 2**30:.2f} GiB** "
        f"({res['peak_rss_bytes'] / 1e9:.2f} × 10⁹ bytes); "
        f"ru_maxrss self {res['ru_maxrss_self_bytes'] / 2**20:,.0f} MiB, largest child {res['ru_maxrss_children_bytes'] / 2**20:,.0f} MiB.",
        f"* Warehouse on disk: {res['warehouse_bytes'] / 2**20:,.1f} MiB (+ snapshot {res['snapshot_bytes'] / 2**20:,.1f} MiB, "
        f"+ raw store of the files' bytes {res.get('raw_store_bytes', 0) / 2**20:,.1f} MiB).",
    ]
    if res["end_to_end"].get("publish_snapshot_s") is not None and not res.get("ingest_only"):
        lines.append(
            f"* Publish: the snapshot copy itself (`ingest.warehouse.publish_snapshot`, written in the storage "
            f"format DuckDB 1.5 clients read) {res['end_to_end']['publish_snapshot_s']:.2f}s of the publish step's "
            f"{res['stages'].get('publish') or 0:.2f}s.")
    for label, run in (("end to end", res["end_to_end"]), ("incremental", res.get("incremental") or {})):
        dbt = run.get("dbt")
        if dbt:
            lines.append(
                f"* dbt in the {label} run: {dbt['elapsed_s']:.1f}s inside dbt (of the step's "
                f"{run['stages_s'].get('dbt_build', 0):.1f}s; the rest is starting dbt and Dagster's handling of its "
                f"events): models {dbt['models_s']:.1f}s, {dbt['n_tests']} tests {dbt['tests_s']:.1f}s; slowest: "
                + ", ".join(f"{name} {t}s" for name, t in dbt["slowest"]) + ".")
    if res.get("ingest_only"):
        lines.append("* **Ingest only** (`--ingest-only`): the raw and staging assets of the job; dbt, the mart checks, "
                     "the publish, the incremental and the no-op runs were not run.")
    else:
        lines += [
            f"* Incremental run, 10 new files added: **{res['incremental_seconds']:.1f}s** "
            f"(steps: {res['incremental']['steps_s']}).",
            f"* No-op run, nothing new: **{res['noop_seconds']:.1f}s** (steps: {res['noop']['steps_s']}).",
        ]
    lines += [
        f"* Rows: {res['counts']}.",
        "",
        "Targets (2 cores): parse ≥ 2,000 reports/s; N=100,000 end to end ≤ 180 s; N=1,000,000 ≤ 1,800 s with peak RSS ≤ 8 GB; "
        "incremental (10 new on 100k) ≤ 20 s; no-op ≤ 10 s.",
    ]
    return "\n".join(lines) + "\n"


def write_files(res: dict, md: str, out, name: str) -> None:
    """`<out>/<name>.json` and `.md`, the Markdown printed too: every bench's result files."""
    out = Path(out)
    out.mkdir(parents=True, exist_ok=True)
    (out / f"{name}.json").write_text(json.dumps(res, indent=2, ensure_ascii=False, default=str) + "\n")
    (out / f"{name}.md").write_text(md, encoding="utf-8")
    print(md)
    print(f"results: {out / name}.json and .md")


def write_results(res: dict, out: str, stamp: str) -> int:
    res["machine"].setdefault("loadavg_after", [round(x, 2) for x in os.getloadavg()])
    write_files(res, markdown(res), out, stamp)
    return 0

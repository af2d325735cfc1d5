"""Parser accuracy per input format, on the labelled reports rendered to each format.

    python -m ingest.evaluation.format_eval [--set real|seeds|all] [--formats text,html,pdf,docx,xlsx,scan]
                                            [--json FILE] [--misses K]

Every labelled report (`ingest.evaluation.report_sets`) is scored as it is ("text": the text or
HTML original) and rendered by `ingest.evaluation.formats` to each format, through the same
reading path as the pipeline (`load_document` dispatches by leading bytes) and the same scoring
as `ingest.evaluation.evaluate` (`scoring.evaluate_set`: the value the warehouse keeps per
canonical field, precision over the figures emitted, recall over the figures the labels state).

Scans: the marts never use an OCR figure read with a confidence below the threshold (dbt model
int_figures), so here such figures are taken out before the warehouse's value is chosen (scored
as not emitted); how many canonical values they would have given is printed beside the table.

A format whose reader does not exist yet, or cannot read a file, shows its files as unreadable
(quarantined, with the reason); nothing stops the table. The exit code is always 0: a report.
"""
from __future__ import annotations

import argparse
import json
import sys
import time
import warnings
from collections import Counter
from pathlib import Path

from ingest.evaluation import scoring
from ingest.evaluation.formats import CACHE_DIR, FORMATS, render, rendered_name
from ingest.evaluation.report_sets import items_real, items_seeds
from ingest.evaluation.scoring import canonical_values, evaluate_set, num_equal, place_names

EVAL_FORMATS = ("text",) + FORMATS
TEXT_TARGET = {"precision": 0.98, "recall": 0.95}
TARGETS = {fmt: TEXT_TARGET for fmt in EVAL_FORMATS} | {"scan": {"precision": 0.97, "recall": 0.90}}
SETS = {"real": items_real, "seeds": items_seeds, "all": lambda: items_real() + items_seeds()}


def ocr_threshold() -> float | None:
    try:
        from ingest.formats.ocr import OCR_MIN_CONFIDENCE
    except ImportError:
        return None
    return OCR_MIN_CONFIDENCE


def dbt_ocr_threshold() -> float | None:
    """var('ocr_min_confidence') of the dbt project: the threshold the marts actually apply."""
    import yaml

    path = Path(__file__).resolve().parents[2] / "dbt_project" / "dbt_project.yml"
    return (yaml.safe_load(path.read_text(encoding="utf-8")).get("vars") or {}).get("ocr_min_confidence")


def marts_parse(threshold: float, labels: dict[str, dict], tally: Counter):
    """A parse for `evaluate_set` that reads as the marts do: figures with an OCR confidence below
    `threshold` are dropped before the value is chosen. `tally` counts what that took out."""
    from ingest.document import load_document
    from ingest.parsers.model import figure_row
    from ingest.parsers.report import parse_report

    def parse(name: str, data: bytes):
        doc, _ = load_document(name, name, data)
        res = parse_report(doc)
        conf = [figure_row(doc, f)["ocr_confidence"] for f in res.figures]
        kept = [f for f, c in zip(res.figures, conf) if c is None or c >= threshold]
        low = [c for c in conf if c is not None and c < threshold]
        tally["figures"] += len(res.figures)
        tally["figures_with_confidence"] += sum(c is not None for c in conf)
        tally["figures_below"] += len(low)
        before, after = canonical_values(res.figures), canonical_values(kept)
        exp = labels.get(name, {})
        for fld, value in before.items():
            if value is not None and not num_equal(value, after.get(fld)) and fld in scoring.CANONICAL_FIELDS:
                tally["canonical_dropped"] += 1
                if fld in exp:
                    tally["canonical_dropped_right" if num_equal(exp[fld], value) else "canonical_dropped_wrong"] += 1
        res.figures = kept
        return res

    return parse


def format_items(fmt: str, items, cache_dir: Path) -> tuple[list, list[dict]]:
    """The labelled items in `fmt` and the files that could not be rendered (file, reason)."""
    if fmt == "text":
        return list(items), []
    out, failed = [], []
    for name, data, labels in items:
        try:
            out.append((rendered_name(name, fmt), render(name, data, fmt, cache_dir), labels))
        except Exception as e:  # noqa: BLE001 - a renderer failure is reported, not fatal
            failed.append({"file": name, "error": f"{type(e).__name__}: {e}"})
    return out, failed


def evaluate_format(fmt: str, items, names: set[str], cache_dir: Path = CACHE_DIR) -> dict:
    t = time.perf_counter()
    rendered, failed = format_items(fmt, items, cache_dir)
    render_s = round(time.perf_counter() - t, 1)
    tally: Counter = Counter()
    threshold = ocr_threshold() if fmt == "scan" else None
    if threshold is not None:
        labels = {name: exp for name, _data, exp in rendered}
        res = evaluate_set(fmt, rendered, names, parse=marts_parse(threshold, labels, tally))
    else:
        res = evaluate_set(fmt, rendered, names)
    res.update(format=fmt, render_seconds=render_s, render_failures=failed, ocr_threshold=threshold,
               ocr=dict(tally) if threshold is not None else None)
    return res


def _pct(x) -> str:
    return "    n/a" if x is None else f"{100 * x:6.2f}%"


def print_table(results: list[dict], max_misses: int, out=sys.stdout) -> None:
    w = out.write
    w("\nformat  reports unreadable  precision (right/emitted)  recall (found/stated)   target (P / R)  "
      "             parse s  render s\n")
    for r in results:
        s = r["summary"].get("ALL") or {}
        tg = TARGETS[r["format"]]
        ok = (s.get("precision") is not None and s.get("recall") is not None
              and s["precision"] >= tg["precision"] and s["recall"] >= tg["recall"])
        bad = len(r["errors"]) + len(r["render_failures"])
        status = "UNREADABLE" if bad and bad >= r["reports"] + len(r["render_failures"]) else ("ok" if ok else "BELOW")
        w(f"{r['format']:<7} {r['reports']:>7} {bad:>10}  {_pct(s.get('precision'))} "
          f"{s.get('emitted_right', 0):>5}/{s.get('emitted', 0):<5}      {_pct(s.get('recall'))} "
          f"{s.get('stated_found', 0):>5}/{s.get('stated', 0):<5}  {100 * tg['precision']:.0f} % / "
          f"{100 * tg['recall']:.0f} %  {status:<10} {r['seconds']:>8.1f} {r['render_seconds']:>9.1f}\n")
    w("('text' is each labelled file as it is: text, or HTML for the HTML reports. 'html' is the page the PDF is "
      "printed from.)\n")
    for r in results:
        if r.get("ocr") is not None:
            o = r["ocr"]
            dbt = dbt_ocr_threshold()
            w(f"\nscan, OCR confidence threshold {r['ocr_threshold']} (ingest.formats.ocr.OCR_MIN_CONFIDENCE"
              + (f"; dbt var ocr_min_confidence is {dbt}: THEY DIFFER" if dbt is not None and dbt != r["ocr_threshold"]
                 else "") + "):\n"
              f"  figures read {o.get('figures', 0)}, with an OCR confidence {o.get('figures_with_confidence', 0)}, "
              f"below the threshold {o.get('figures_below', 0)} (not used in the marts)\n"
              f"  canonical values those would have given: {o.get('canonical_dropped', 0)} "
              f"(labelled right {o.get('canonical_dropped_right', 0)}, wrong {o.get('canonical_dropped_wrong', 0)}); "
              f"figures used in the marts below the threshold: 0 (dropped before the choice, as int_figures does)\n")
    base = next((r for r in results if r["format"] == "text"), None)
    known = {(m["file"].split(".")[0], m["field"]) for m in base["misses"]} if base else set()
    for r in results:
        reasons = Counter(e["error"] for e in r["errors"] + r["render_failures"])
        if reasons:
            w(f"\n{r['format']}: unreadable files ({sum(reasons.values())}):\n")
            for reason, n in reasons.most_common(5):
                w(f"  {n} x {reason[:160]}\n")
        if r["format"] == "text":
            continue
        unreadable = {e["file"] for e in r["errors"]}
        new = [m for m in r["misses"]
               if m["file"] not in unreadable and (m["file"].split(".")[0], m["field"]) not in known]
        if new:
            w(f"\n{r['format']}: misses the text original does not have ({len(new)}): file, field, expected, got\n")
            for m in new[:max_misses]:
                w(f"  {m['file']}  {m['field']}  expected={m['expected']}  got={m['got']}\n")
            if len(new) > max_misses:
                w(f"  ... {len(new) - max_misses} more\n")


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description="Parser accuracy per input format on the labelled reports.")
    ap.add_argument("--set", choices=sorted(SETS), default="all", help="labelled reports to use")
    ap.add_argument("--formats", default=",".join(EVAL_FORMATS), help="comma-separated, of " + ",".join(EVAL_FORMATS))
    ap.add_argument("--cache", default=str(CACHE_DIR), help="cache of rendered files")
    ap.add_argument("--json", help="write all numbers (and misses) to this file")
    ap.add_argument("--misses", type=int, default=15, help="new misses listed per format")
    args = ap.parse_args(argv)
    formats = [f.strip() for f in args.formats.split(",") if f.strip()]
    unknown = sorted(set(formats) - set(EVAL_FORMATS))
    if unknown:
        ap.error(f"unknown format(s) {', '.join(unknown)}; choose from {', '.join(EVAL_FORMATS)}")
    warnings.simplefilter("ignore")
    items = SETS[args.set]()
    names = place_names()
    print(f"=== formats: {len(items)} labelled reports ({args.set}) per format ===", flush=True)
    results = []
    for fmt in formats:
        try:
            results.append(evaluate_format(fmt, items, names, Path(args.cache)))
        except Exception as e:  # noqa: BLE001 - the report never fails the build
            print(f"{fmt}: evaluation stopped: {type(e).__name__}: {e}", file=sys.stderr)
        else:
            print(f"  {fmt}: done in {results[-1]['seconds'] + results[-1]['render_seconds']:.1f}s", flush=True)
    print_table(results, args.misses)
    if args.json:
        Path(args.json).write_text(json.dumps({"targets": TARGETS, "results": results}, ensure_ascii=False,
                                              indent=1, default=str), encoding="utf-8")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())

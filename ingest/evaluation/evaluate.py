"""Parser accuracy: the labelled real reports, the seeds, and synthetic reports.

    python -m ingest.evaluation.evaluate [--synthetic N] [--seed S] [--json FILE] [--misses K]

For each set (real, seeds, synthetic) the parsers run over every file; the value the warehouse
would keep for each canonical metric is chosen with `canonical_values`, which mirrors the dbt
model `int_report_metrics`. Then, per set, per family and per field (`ingest.evaluation.scoring`):

- precision: of the figures emitted (a chosen value that is not NULL) for a labelled field, the
  share that equal the label. A label of null means "not stated": a figure emitted there is wrong.
  A field the labels do not mention (seed_labels.json lists only some) is not scored.
- recall: of the figures the labels state (not null), the share emitted with the right value.
- agency / region / year accuracy per report. Agency is compared with `agency_canonical` when the
  label has one, else `agency` (parentheticals such as （汇总全市） are dropped first); region by
  division code when the label has one, else by the province / city / county names (for the real
  set, the place names written in the free-text `region` label, outside quotes); year exactly.

Targets are printed beside the figures. The exit code is always 0: this is a report, not a test.
"""
from __future__ import annotations

import argparse
import json
import sys
import warnings
from collections import defaultdict
from pathlib import Path

from ingest.evaluation.report_sets import items_real, items_seeds, items_synthetic
from ingest.evaluation.scoring import CANONICAL_FIELDS, evaluate_set, place_names

TARGETS = {
    "synthetic": {"precision": 0.995, "recall": 0.995, "meta": 0.98},
    "real": {"precision": 0.98, "recall": 0.95, "meta": 0.98},
    "seeds": {"precision": None, "recall": None, "meta": 0.98},
}


def _pct(x) -> str:
    return "   n/a" if x is None else f"{100 * x:6.2f}%"


def _mark(x, target) -> str:
    if target is None or x is None:
        return ""
    return "  ok" if x >= target else "  BELOW"


def print_report(res: dict, max_misses: int, out=sys.stdout) -> None:
    name = res["set"]
    tg = TARGETS.get(name, {})
    w = out.write
    w(f"\n=== {name}: {res['reports']} reports ({res['seconds']} s) ===\n")
    s = res["summary"].get("ALL")
    if s:
        tp = tg.get("precision")
        tr = tg.get("recall")
        w(f"canonical fields: precision {_pct(s['precision'])} ({s['emitted_right']}/{s['emitted']})"
          f"{' target ' + _pct(tp).strip() + _mark(s['precision'], tp) if tp else ''}   "
          f"recall {_pct(s['recall'])} ({s['stated_found']}/{s['stated']})"
          f"{' target ' + _pct(tr).strip() + _mark(s['recall'], tr) if tr else ''}\n")
    m = res["meta"].get("ALL", {})
    tm = tg.get("meta")
    w("metadata per report:" + "".join(
        f"  {k} {_pct(m.get(k))} (n={m.get(k + '_n')}){_mark(m.get(k), tm)}" for k in ("agency", "region", "year"))
      + (f"   target {_pct(tm).strip()}\n" if tm else "\n"))
    w("\nper family (canonical fields)          precision            recall   |  agency  region    year\n")
    for scope in sorted(k for k in res["summary"] if k != "ALL"):
        s = res["summary"][scope]
        mm = res["meta"].get(scope, {})
        w(f"  {scope:<22} {res['meta'].get(scope, {}).get('reports', 0):>5} rep "
          f"{_pct(s['precision'])} {s['emitted_right']:>5}/{s['emitted']:<5} {_pct(s['recall'])} {s['stated_found']:>5}/{s['stated']:<5}"
          f" | {_pct(mm.get('agency'))} {_pct(mm.get('region'))} {_pct(mm.get('year'))}\n")
    w("\nper field (all families)               precision            recall\n")
    for fld, c in res["per_field"].get("ALL", {}).items():
        tag = "" if fld in CANONICAL_FIELDS else "  (extra)"
        w(f"  {fld:<30} {_pct(c['precision'])} {c['emitted_right']:>5}/{c['emitted']:<5} "
          f"{_pct(c['recall'])} {c['stated_found']:>5}/{c['stated']:<5}{tag}\n")
    if res["family_confusion"]:
        w("\nfamily classified differently (truth -> parsed): "
          + ", ".join(f"{k}: {v}" for k, v in res["family_confusion"].items()) + "\n")
    if res["errors"]:
        w(f"\nparser errors ({len(res['errors'])}):\n")
        for e in res["errors"][:max_misses]:
            w(f"  {e['file']}: {e['error']}\n")
    misses = res["misses"]
    w(f"\nmisses ({len(misses)}): file, field, expected, got\n")
    for mi in misses[:max_misses]:
        w(f"  {mi['file']}  {mi['field']}  expected={mi['expected']}  got={mi['got']}\n")
    if len(misses) > max_misses:
        by = defaultdict(int)
        for mi in misses:
            by[(mi["family"], mi["field"])] += 1
        w(f"  ... {len(misses) - max_misses} more; by family/field: "
          + ", ".join(f"{f}/{k}: {n}" for (f, k), n in sorted(by.items(), key=lambda x: -x[1])[:15]) + "\n")
    mm = res["meta_misses"]
    w(f"\nmetadata misses ({len(mm)}):\n")
    for mi in mm[:max_misses]:
        w(f"  {mi['file']}  {mi['field']}  expected={mi['expected']}  got={mi['got']}\n")
    if len(mm) > max_misses:
        w(f"  ... {len(mm) - max_misses} more\n")


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description="Parser accuracy on labelled real reports, seeds and synthetic reports.")
    ap.add_argument("--synthetic", type=int, default=500, help="number of synthetic reports (0 to skip)")
    ap.add_argument("--seed", type=int, default=20240601, help="seed of the synthetic reports")
    ap.add_argument("--json", help="write all numbers (and misses) to this file")
    ap.add_argument("--misses", type=int, default=40, help="misses listed per set")
    args = ap.parse_args(argv)
    warnings.simplefilter("ignore")
    results = []
    try:
        names = place_names()
        results.append(evaluate_set("real", items_real(), names))
        results.append(evaluate_set("seeds", items_seeds(), names))
        if args.synthetic > 0:
            results.append(evaluate_set("synthetic", items_synthetic(args.synthetic, args.seed), names))
    except Exception as e:  # noqa: BLE001 - the report never fails the build
        print(f"evaluation stopped: {type(e).__name__}: {e}", file=sys.stderr)
    for res in results:
        print_report(res, args.misses)
    print("\n=== summary ===")
    for res in results:
        s = res["summary"].get("ALL", {})
        m = res["meta"].get("ALL", {})
        print(f"  {res['set']:<10} reports {res['reports']:>5}  precision {_pct(s.get('precision'))}  recall {_pct(s.get('recall'))}"
              f"  agency {_pct(m.get('agency'))}  region {_pct(m.get('region'))}  year {_pct(m.get('year'))}")
    if args.json:
        Path(args.json).write_text(json.dumps({"targets": TARGETS, "results": results}, ensure_ascii=False, indent=1,
                                              default=str), encoding="utf-8")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())

"""Degradation suite: parser accuracy on the labelled reports, undamaged and under each damage.

    python -m ingest.evaluation.degradation [--json FILE] [--misses K] [--damage NAME ...] [--write DIR]

Every labelled report (tests/data/real with labels.json, and the seeds data/sample with
seed_labels.json) is parsed as its file is, then once per damage of `ingest.evaluation.damage`
(`DAMAGES`), and its canonical fields are scored against the undamaged labels as
`ingest.evaluation.scoring.evaluate_set` scores them (the value the warehouse keeps: `canonical_values`).

- precision: of the canonical fields emitted for a labelled field, the share equal to the label.
- recall: of the fields the labels state, the share emitted with the right value. Left out of the
  stated count: fields the damage removed by construction (`Damaged.removed`), and *unrecoverable*
  fields: not emitted, and listed in `ParseResult.ambiguities` with two or more values one of which
  is the label (the text allows both readings; the parser showed the second one instead of guessing).
- invented: over every emitted figure (canonical or not), one whose value's digits do not appear,
  contiguous and in order, among the digits of the text it cites (`doc.text[start:end]`, and the
  digit run `doc.text[run_start:run_end]` when there is one). Chinese numerals in the cited text
  are converted first; a zero cited by words (无, 没有, 零…) is not invented, a zero cited by a blank
  or `/` is (`ingest.evaluation.invented`).
- agency and year accuracy per report, as `ingest.evaluation.scoring` compares them.

Targets: precision >= 98 %, recall >= 95 % and no invented figure under each damage; precision and
recall >= 99 % undamaged. The exit code is 0 (a report, not a test) unless the suite itself crashes.
"""
from __future__ import annotations

import argparse
import json
import sys
import time
import warnings
from pathlib import Path

from ingest.evaluation.damage import DAMAGES, damaged_name
from ingest.evaluation.invented import invented_figures
from ingest.evaluation.report_sets import items_real, items_seeds
from ingest.evaluation.scoring import CANONICAL_FIELDS, canonical_values, clean_agency, num_equal

TARGETS = {"precision": 0.98, "recall": 0.95, "invented": 0}
UNDAMAGED_TARGET = 0.99
UNDAMAGED = "undamaged"

# --------------------------------------------------------------------------- running


def items() -> list[tuple[str, bytes, dict]]:
    """(file name, bytes, labels) of every labelled report: the real set, then the seeds."""
    return items_real() + items_seeds()


def _parse(name: str, data: bytes):
    from ingest.document import load_document
    from ingest.parsers.report import parse_report

    doc, _ = load_document(name, name, data)
    return doc, parse_report(doc)


def _unrecoverable(result, field: str, want) -> tuple | None:
    for a in getattr(result, "ambiguities", None) or ():
        if a.metric_key == field and len(set(a.values)) >= 2 and any(num_equal(v, want) for v in a.values):
            return tuple(a.values)
    return None


def _number(v):
    return v if v is None or not float(v).is_integer() else int(v)


def score_report(name: str, data: bytes, exp: dict, removed: frozenset = frozenset()) -> dict:
    """Parse one (damaged) file and score it against the undamaged labels."""
    out = {"file": name, "emitted": 0, "emitted_right": 0, "stated": 0, "stated_found": 0, "misses": [],
           "unrecoverable": [], "removed": sorted(removed), "invented": [], "error": None, "checks": {}}
    try:
        doc, res = _parse(name, data)
    except Exception as e:  # noqa: BLE001 - a crash is a finding, counted as nothing emitted
        out["error"] = f"{type(e).__name__}: {e}"
        doc = res = None
    got = canonical_values(res.figures) if res else {}
    for fld in CANONICAL_FIELDS:
        if fld not in exp:
            continue
        want, have = exp[fld], got.get(fld)
        if have is not None:
            out["emitted"] += 1
            out["emitted_right"] += int(want is not None and num_equal(want, have))
        if want is not None and have is None and fld not in removed and res is not None:
            values = _unrecoverable(res, fld, want)
            if values is not None:
                out["unrecoverable"].append({"field": fld, "expected": want, "values": [_number(v) for v in values]})
                continue
        if want is not None and fld not in removed:
            out["stated"] += 1
            out["stated_found"] += int(have is not None and num_equal(want, have))
        wrong = have is not None and not (want is not None and num_equal(want, have))
        lost = want is not None and have is None and fld not in removed
        if wrong or lost:
            out["misses"].append({"field": fld, "expected": want, "got": _number(have)})
    meta = res.meta if res is not None else None
    if exp.get("agency"):
        out["checks"]["agency"] = meta is not None and clean_agency(meta.agency) == clean_agency(exp["agency"])
    if exp.get("report_year"):
        out["checks"]["year"] = meta is not None and meta.report_year == exp["report_year"]
    if res is not None:
        out["invented"] = invented_figures(doc, res.figures)
    return out


def _ratio(a, b):
    return a / b if b else None


def evaluate_damage(damage: str, reports, write_dir: Path | None = None) -> dict:
    """Score every report under one damage (or `UNDAMAGED`); a damage function's crash propagates."""
    from ingest.decode import decode

    t0 = time.time()
    per_report, n_a = [], []
    for name, data, exp in reports:
        if damage == UNDAMAGED:
            per_report.append(score_report(name, data, exp))
            continue
        d = DAMAGES[damage](decode(data).text, name, exp)
        if not d.applicable:
            n_a.append(name)
            continue
        dname = damaged_name(name, damage, d)
        if write_dir is not None:
            (write_dir / damage).mkdir(parents=True, exist_ok=True)
            (write_dir / damage / dname).write_text(d.text, encoding="utf-8")
        per_report.append(score_report(dname, d.text.encode("utf-8"), exp, d.removed))
    tot = {k: sum(r[k] for r in per_report) for k in ("emitted", "emitted_right", "stated", "stated_found")}
    listed = {k: [{"file": r["file"], **x} for r in per_report for x in r[k]]
              for k in ("misses", "unrecoverable", "invented")}
    meta = {}
    for k in ("agency", "year"):
        oks = [r["checks"][k] for r in per_report if k in r["checks"]]
        meta[k], meta[k + "_n"] = _ratio(sum(oks), len(oks)), len(oks)
    return {
        "damage": damage, "reports": len(per_report), "n_a": n_a, "seconds": round(time.time() - t0, 2), **tot,
        "precision": _ratio(tot["emitted_right"], tot["emitted"]), "recall": _ratio(tot["stated_found"], tot["stated"]),
        **listed, **meta,
        "removed": [{"file": r["file"], "field": f} for r in per_report for f in r["removed"]],
        "errors": [{"file": r["file"], "error": r["error"]} for r in per_report if r["error"]],
    }


def run(damages: list[str] | None = None, reports=None, write_dir: Path | None = None) -> list[dict]:
    """Undamaged first, then each damage asked for (all of `DAMAGES` by default)."""
    reports = list(items() if reports is None else reports)
    names = [UNDAMAGED] + [d for d in (damages or DAMAGES) if d != UNDAMAGED]
    return [evaluate_damage(d, reports, write_dir) for d in names]


# --------------------------------------------------------------------------- printing


def _pct(x, digits: int = 2) -> str:
    return "n/a" if x is None else f"{100 * x:.{digits}f}%"


def _below(res: dict) -> list[str]:
    """The targets a row misses."""
    floor = UNDAMAGED_TARGET if res["damage"] == UNDAMAGED else None
    out = []
    for k in ("precision", "recall"):
        target = floor or TARGETS[k]
        if res[k] is not None and res[k] < target:
            out.append(f"{k} < {_pct(target, 0)}")
    if len(res["invented"]) > TARGETS["invented"]:
        out.append("invented > 0")
    return out


def print_report(results: list[dict], max_misses: int = 10, out=sys.stdout) -> None:
    w = out.write
    w("\n=== degradation: labelled reports (real + seeds) under each damage ===\n")
    w(f"targets: precision >= {_pct(TARGETS['precision'], 0)}, recall >= {_pct(TARGETS['recall'], 0)}, "
      f"invented = 0 under each damage; undamaged precision and recall >= {_pct(UNDAMAGED_TARGET, 0)}\n\n")
    w(f"{'damage':<15} {'reports':<12} {'precision':<20} {'recall':<20} {'invented':>8}  {'unrecoverable':>13}"
      f"  {'agency':>7}  {'year':>7}  targets\n")
    for r in results:
        rep = str(r["reports"]) + (f" +{len(r['n_a'])} n/a" if r["n_a"] else "")
        prec = f"{_pct(r['precision'])} ({r['emitted_right']}/{r['emitted']})"
        rec = f"{_pct(r['recall'])} ({r['stated_found']}/{r['stated']})"
        below = _below(r)
        w(f"{r['damage']:<15} {rep:<12} {prec:<20} {rec:<20} {len(r['invented']):>8}  {len(r['unrecoverable']):>13}"
          f"  {_pct(r['agency'], 0):>7}  {_pct(r['year'], 0):>7}  {'BELOW: ' + ', '.join(below) if below else 'ok'}\n")
    for r in results:
        w(f"\n--- {r['damage']} ({r['seconds']} s)"
          + (f"; n/a (no | table): {', '.join(r['n_a'])}" if r["n_a"] else "") + "\n")
        if r["errors"]:
            w(f"parser errors ({len(r['errors'])}):\n")
            for e in r["errors"]:
                w(f"  {e['file']}: {e['error']}\n")
        if r["removed"]:
            w("removed by the damage (not counted in recall): "
              + ", ".join(f"{x['file']}/{x['field']}" for x in r["removed"]) + "\n")
        if r["unrecoverable"]:
            w(f"unrecoverable ({len(r['unrecoverable'])}): file, field, expected, readings\n")
            for u in r["unrecoverable"]:
                w(f"  {u['file']}  {u['field']}  expected={u['expected']}  readings={u['values']}\n")
        misses = r["misses"]
        w(f"misses ({len(misses)}): file, field, expected, got\n")
        for m in misses[:max_misses]:
            w(f"  {m['file']}  {m['field']}  expected={m['expected']}  got={m['got']}\n")
        if len(misses) > max_misses:
            w(f"  ... {len(misses) - max_misses} more\n")
        inv = r["invented"]
        w(f"invented figures ({len(inv)}): file, table/row/column, value, cited text\n")
        for f in inv:
            w(f"  {f['file']}  {f['table']}/{f['row']}/{f['column']}  value={_number(f['value'])}"
              f"  ({f['read_as']})  cited={f['cited']!r}\n")


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description="Parser accuracy on the labelled reports under each damage.")
    ap.add_argument("--json", help="write all numbers (misses, invented figures) to this file")
    ap.add_argument("--misses", type=int, default=10, help="misses listed per damage")
    ap.add_argument("--damage", action="append", choices=[UNDAMAGED, *DAMAGES],
                    help="run only this damage (repeatable; undamaged always runs)")
    ap.add_argument("--write", help="write each damaged file to DIR/<damage>/")
    args = ap.parse_args(argv)
    warnings.simplefilter("ignore")
    write_dir = Path(args.write) if args.write else None
    results = run(args.damage, write_dir=write_dir)
    print_report(results, args.misses)
    if args.json:
        Path(args.json).write_text(json.dumps({"targets": {**TARGETS, "undamaged": UNDAMAGED_TARGET},
                                               "results": results}, ensure_ascii=False, indent=1, default=str),
                                   encoding="utf-8")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())

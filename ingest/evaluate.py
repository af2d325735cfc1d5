"""Parser accuracy: the labelled real reports, the seeds, and synthetic reports.

    python -m ingest.evaluate [--synthetic N] [--seed S] [--json FILE] [--misses K]

For each set (real, seeds, synthetic) the parsers run over every file; the value the warehouse
would keep for each canonical metric is chosen with `canonical_values`, which mirrors the dbt
model `int_report_metrics`. Then, per set, per family and per field:

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
import re
import sys
import time
import warnings
from collections import defaultdict
from pathlib import Path
from ingest.taxonomy import mart_columns

ROOT = Path(__file__).resolve().parents[1]
REAL_DIR = ROOT / "tests" / "data" / "real"
SEED_DIR = ROOT / "data" / "sample"
SEED_LABELS = ROOT / "tests" / "data" / "seed_labels.json"

CANONICAL_FIELDS = tuple(mart_columns())  # the fct_reports figures, from the taxonomy
# Scored when the labels state them, reported apart from the canonical targets.
EXTRA_FIELDS = ("fees_collected_yuan", "litigation_direct_total", "litigation_after_review_total")

METRIC_VALUE_COLUMNS = ("total", "year")  # dbt var metric_value_columns (dbt_project.yml)

TARGETS = {
    "synthetic": {"precision": 0.995, "recall": 0.995, "meta": 0.98},
    "real": {"precision": 0.98, "recall": 0.95, "meta": 0.98},
    "seeds": {"precision": None, "recall": None, "meta": 0.98},
}


# --------------------------------------------------------------------------- canonical choice


def canonical_values(figures) -> dict[str, float | None]:
    """{metric_key: value} the warehouse keeps for one report; mirrors int_report_metrics.sql.

    Candidates: figures with a metric_key that are 表四 (t4) cells, table cells in a value column
    ('total' / 'year'), or narrative figures. Choice, in order: a candidate with a value over one
    without; table over narrative; first in the report. A metric whose candidates all lack a
    value is present with None. litigation_total, when no candidate states it with a value, is
    litigation_direct_total + litigation_after_review_total when both have values.
    """
    best: dict[str, tuple] = {}
    for no, f in enumerate(figures):
        if f.metric_key is None:
            continue
        if f.source == "narrative":
            rank = 2
        elif f.source == "table" and (f.table_id == "t4" or f.column_key in METRIC_VALUE_COLUMNS):
            rank = 1
        else:
            continue
        key = (f.value is None, rank, no)
        if f.metric_key not in best or key < best[f.metric_key][0]:
            best[f.metric_key] = (key, f.value)
    out = {k: v for k, (_key, v) in best.items()}
    d, a = out.get("litigation_direct_total"), out.get("litigation_after_review_total")
    if out.get("litigation_total") is None and d is not None and a is not None:
        out["litigation_total"] = d + a
    return out


# --------------------------------------------------------------------------- comparison helpers


def _num_equal(a, b) -> bool:
    try:
        return abs(float(a) - float(b)) < 1e-6
    except (TypeError, ValueError):
        return False


def _clean_agency(name: str | None) -> str:
    if not name:
        return ""
    s = re.sub(r"[（(][^）)]*[）)]", "", name)
    return re.sub(r"\s+", "", s)


_QUOTED = re.compile(r"“[^”]*”|\"[^\"]*\"|‘[^’]*’")


def _place_names() -> set[str]:
    from ingest.synthetic import _divisions  # the cpca division table, already parsed there

    d = _divisions()
    return {x["name"] for key in ("provinces", "cities", "counties") for x in d[key]}


def _region_names(text: str, names: set[str]) -> set[str]:
    """Division names written in a free-text region label, outside quotes, longest match first."""
    text = _QUOTED.sub("", text or "")
    found: set[str] = set()
    i = 0
    while i < len(text):
        for ln in range(min(12, len(text) - i), 1, -1):
            if text[i:i + ln] in names:
                found.add(text[i:i + ln])
                i += ln
                break
        else:
            i += 1
    return found


def _region_ok(meta, exp: dict, names: set[str]) -> bool | None:
    if exp.get("division_code"):
        return meta.division_code == str(exp["division_code"])
    wanted = {k: exp[k] for k in ("province", "city", "county") if exp.get(k)}
    if wanted:
        return all(getattr(meta, k) == v for k, v in wanted.items())
    if exp.get("region"):
        want = _region_names(exp["region"], names)
        if not want:
            return None
        got = {meta.province, meta.city, meta.county} - {None}
        return want <= got
    return None


# --------------------------------------------------------------------------- running the parsers


def _parse(name: str, data: bytes):
    from ingest.document import load_document
    from ingest.parsers.report import parse_report

    doc, _ = load_document(name, name, data)
    return parse_report(doc)


def _items_real() -> list[tuple[str, bytes, dict]]:
    labels = json.loads((REAL_DIR / "labels.json").read_text(encoding="utf-8"))
    out = []
    for lab in labels:
        path = REAL_DIR / lab["file"]
        if path.exists():
            exp = dict(lab)
            exp["agency"] = lab.get("agency_canonical") or lab.get("agency")
            exp["family_label"] = lab.get("template")
            out.append((lab["file"], path.read_bytes(), exp))
    return out


def _items_seeds() -> list[tuple[str, bytes, dict]]:
    labels = json.loads(SEED_LABELS.read_text(encoding="utf-8"))
    out = []
    for lab in labels:
        path = SEED_DIR / lab["file"]
        if path.exists():
            out.append((lab["file"], path.read_bytes(), dict(lab["expected"])))
    return out


def _items_synthetic(n: int, seed: int):
    from ingest.synthetic import generate, public_truth

    for rep in generate(n, seed):
        yield rep.file_name, rep.content, public_truth(rep.truth)


def _family_of(exp: dict, parsed_family: str | None) -> str:
    fam = exp.get("family")
    if fam:
        return fam
    t = exp.get("family_label")
    if t == "legacy":
        return "legacy"
    if t in ("2019", "2021"):
        return "national"  # the labels' template says 2019 for the 2021 format too
    return parsed_family or "unknown"


def evaluate_set(set_name: str, items, names: set[str]) -> dict:
    fields = CANONICAL_FIELDS + EXTRA_FIELDS
    counts = defaultdict(lambda: {"emitted": 0, "emitted_right": 0, "stated": 0, "stated_found": 0})
    meta_counts = defaultdict(lambda: {"n": 0, "agency": 0, "agency_n": 0, "region": 0, "region_n": 0, "year": 0, "year_n": 0})
    misses: list[dict] = []
    meta_misses: list[dict] = []
    family_conf = defaultdict(int)
    n_reports = 0
    errors = []
    t0 = time.time()
    for name, data, exp in items:
        n_reports += 1
        try:
            res = _parse(name, data)
        except Exception as e:  # noqa: BLE001 - a crash is a finding, counted as nothing emitted
            errors.append({"file": name, "error": f"{type(e).__name__}: {e}"})
            res = None
        got = canonical_values(res.figures) if res else {}
        fam = _family_of(exp, res.family if res else None)
        if set_name == "synthetic" and res is not None:
            family_conf[(fam, res.family)] += 1
        for fld in fields:
            if fld not in exp:
                continue  # not labelled
            want = exp[fld]
            have = got.get(fld)
            for scope in ("ALL", fam):
                c = counts[(scope, fld)]
                if have is not None:
                    c["emitted"] += 1
                    c["emitted_right"] += int(want is not None and _num_equal(want, have))
                if want is not None:
                    c["stated"] += 1
                    c["stated_found"] += int(have is not None and _num_equal(want, have))
            if not (want is None and have is None) and not (want is not None and _num_equal(want, have)):
                misses.append({"file": name, "family": fam, "field": fld, "expected": want,
                               "got": have if have is None else (int(have) if float(have).is_integer() else have)})
        meta = res.meta if res else None
        for scope in ("ALL", fam):
            m = meta_counts[scope]
            m["n"] += 1
        if meta is None:
            continue
        checks = {}
        if exp.get("agency"):
            checks["agency"] = _clean_agency(meta.agency) == _clean_agency(exp["agency"])
        reg = _region_ok(meta, exp, names)
        if reg is not None:
            checks["region"] = reg
        if exp.get("report_year"):
            checks["year"] = meta.report_year == exp["report_year"]
        for k, ok in checks.items():
            for scope in ("ALL", fam):
                meta_counts[scope][k + "_n"] += 1
                meta_counts[scope][k] += int(ok)
            if not ok:
                got_v = {"agency": meta.agency, "year": meta.report_year,
                         "region": f"{meta.province}/{meta.city}/{meta.county} {meta.division_code}"}[k]
                want_v = {"agency": exp.get("agency"), "year": exp.get("report_year"),
                          "region": exp.get("division_code") or "/".join(str(exp.get(x)) for x in ("province", "city", "county"))
                          if not exp.get("region") else exp.get("region")}[k]
                meta_misses.append({"file": name, "field": k, "expected": want_v, "got": got_v})
    elapsed = time.time() - t0

    def ratio(a, b):
        return a / b if b else None

    per_field = {}
    for (scope, fld), c in sorted(counts.items()):
        per_field.setdefault(scope, {})[fld] = {
            **c, "precision": ratio(c["emitted_right"], c["emitted"]), "recall": ratio(c["stated_found"], c["stated"]),
        }
    summary = {}
    for scope, flds in per_field.items():
        tot = {"emitted": 0, "emitted_right": 0, "stated": 0, "stated_found": 0}
        for fld, c in flds.items():
            if fld in CANONICAL_FIELDS:
                for k in tot:
                    tot[k] += c[k]
        summary[scope] = {**tot, "precision": ratio(tot["emitted_right"], tot["emitted"]),
                          "recall": ratio(tot["stated_found"], tot["stated"])}
    meta_summary = {}
    for scope, m in meta_counts.items():
        meta_summary[scope] = {
            "reports": m["n"],
            **{k: ratio(m[k], m[k + "_n"]) for k in ("agency", "region", "year")},
            **{k + "_n": m[k + "_n"] for k in ("agency", "region", "year")},
        }
    return {
        "set": set_name, "reports": n_reports, "seconds": round(elapsed, 2),
        "summary": summary, "per_field": per_field, "meta": meta_summary,
        "misses": misses, "meta_misses": meta_misses, "errors": errors,
        "family_confusion": {f"{a} -> {b}": n for (a, b), n in sorted(family_conf.items()) if a != b},
    }


# --------------------------------------------------------------------------- printing


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
        names = _place_names()
        results.append(evaluate_set("real", _items_real(), names))
        results.append(evaluate_set("seeds", _items_seeds(), names))
        if args.synthetic > 0:
            results.append(evaluate_set("synthetic", _items_synthetic(args.synthetic, args.seed), names))
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

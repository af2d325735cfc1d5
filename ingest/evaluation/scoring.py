"""Scoring parser output against labels: the value the warehouse keeps per metric
(`canonical_values`, mirroring the dbt model int_report_metrics), figure and agency comparison
(`num_equal`, `clean_agency`), region matching against the division names (`place_names`), and
`evaluate_set`, which scores one set of reports per family and per field (the measures are
described in `ingest.evaluation.evaluate`).
"""
from __future__ import annotations

import re
import time
from collections import defaultdict

from ingest.taxonomy import mart_columns

CANONICAL_FIELDS = tuple(mart_columns())  # the fct_reports figures, from the taxonomy
# Scored when the labels state them, reported apart from the canonical targets.
EXTRA_FIELDS = ("fees_collected_yuan", "litigation_direct_total", "litigation_after_review_total")

METRIC_VALUE_COLUMNS = ("total", "year")  # dbt var metric_value_columns (dbt_project.yml)


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


def num_equal(a, b) -> bool:
    try:
        return abs(float(a) - float(b)) < 1e-6
    except (TypeError, ValueError):
        return False


def clean_agency(name: str | None) -> str:
    if not name:
        return ""
    s = re.sub(r"[（(][^）)]*[）)]", "", name)
    return re.sub(r"\s+", "", s)


_QUOTED = re.compile(r"“[^”]*”|\"[^\"]*\"|‘[^’]*’")


def place_names() -> set[str]:
    from ingest.evaluation.synthetic import divisions  # the cpca division table, already parsed there

    d = divisions()
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


def _parse(name: str, data: bytes):
    from ingest.document import load_document
    from ingest.parsers.report import parse_report

    doc, _ = load_document(name, name, data)
    return parse_report(doc)


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


def evaluate_set(set_name: str, items, names: set[str], parse=_parse) -> dict:
    """Scores of one set; `parse(name, data)` gives a report's ParseResult (the format evaluation
    passes one that drops what the marts drop)."""
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
            res = parse(name, data)
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
                    c["emitted_right"] += int(want is not None and num_equal(want, have))
                if want is not None:
                    c["stated"] += 1
                    c["stated_found"] += int(have is not None and num_equal(want, have))
            if not (want is None and have is None) and not (want is not None and num_equal(want, have)):
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
            checks["agency"] = clean_agency(meta.agency) == clean_agency(exp["agency"])
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

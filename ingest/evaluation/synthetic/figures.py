"""The figures of a synthetic report, obeying the arithmetic of its format: 表二 blocks, 表三 per
applicant column, 表四, and the figures of a pre-2019 (legacy) report.
"""
from __future__ import annotations

import random
from functools import lru_cache

from ingest.taxonomy import section as taxonomy_section


def _split(rng: random.Random, n: int, weights: list[float]) -> list[int]:
    """n split into len(weights) non-negative parts, roughly by weight, summing to n."""
    if n <= 0:
        return [0] * len(weights)
    if n < 8:
        parts = [0] * len(weights)
        for _ in range(n):
            parts[rng.choices(range(len(weights)), weights)[0]] += 1
        return parts
    tot = sum(weights)
    parts = [int(n * w / tot * rng.uniform(0.5, 1.3)) for w in weights]
    while sum(parts) > n:
        i = max(range(len(parts)), key=lambda j: parts[j])
        parts[i] -= sum(parts) - n if parts[i] >= sum(parts) - n else parts[i]
    parts[0] += n - sum(parts)
    return parts


def applications_handled(rng: random.Random, ag: dict) -> int:
    """Applications handled by the agency in a year."""
    r = rng.random()
    if r < 0.30:
        return 0
    if r < 0.65:
        return rng.randint(1, 12)
    if r < 0.90:
        return rng.randint(10, 150)
    hi = 3000 if ag["government"] and ag["level"] != "county" else 800
    return rng.randint(100, hi)


@lru_cache(maxsize=1)
def t3_spec() -> dict:
    t3 = taxonomy_section("t3")
    rows = t3["rows"]
    groups = t3["groups"]
    return {"columns": t3["columns"], "rows": rows, "groups": groups}


_LEAF_WEIGHTS = {
    "granted": 35, "partial": 8, "refused": 0.6, "unable.not_held": 22, "unable.needs_creation": 2,
    "unable.unclear": 3, "not_processed": 1.2, "other": 3,
}
_COL_WEIGHTS = [80, 9, 0.5, 0.5, 4, 6]


def t3_values(rng: random.Random, year_format: str, n: int) -> dict[str, list[int]]:
    """{row_key: [6 applicant columns + total]} obeying the 表三 arithmetic."""
    spec = t3_spec()
    leaf_keys = []
    for row in spec["rows"]:
        k = row["key"]
        if k in ("new", "carried_over", "total", "carried_forward"):
            continue
        if year_format == "2019" and k.startswith("other."):
            continue
        if year_format == "2021" and k == "other":
            continue
        leaf_keys.append(k)
    weights = []
    for k in leaf_keys:
        w = _LEAF_WEIGHTS.get(k)
        if w is None:
            w = _LEAF_WEIGHTS.get(k.split(".")[0], 1.0)
        weights.append(w * rng.uniform(0.2, 1.8))
    cols_n = _split(rng, n, [w * rng.uniform(0.5, 1.5) for w in _COL_WEIGHTS])
    values: dict[str, list[int]] = {k: [] for k in ["new", "carried_over", *leaf_keys, "total", "carried_forward"]}
    for nc in cols_n:
        leaves = _split(rng, nc, weights)
        for k, v in zip(leaf_keys, leaves):
            values[k].append(v)
        co = rng.randint(0, nc // 8) if nc and rng.random() < 0.5 else 0
        cf = rng.randint(0, nc // 8) if nc and rng.random() < 0.5 else 0
        values["total"].append(nc)
        values["carried_over"].append(co)
        values["carried_forward"].append(cf)
        values["new"].append(nc + cf - co)
    for k in values:
        values[k].append(sum(values[k]))
    return values


def t4_values(rng: random.Random, n: int) -> list[int]:
    out = []
    for scale in (0.04, 0.02, 0.02):
        parts = []
        for _ in range(4):
            parts.append(rng.randint(0, max(0, int(n * scale * rng.uniform(0, 2)))) if n and rng.random() < 0.5 else 0)
        out += parts + [sum(parts)]
    return out


def t2_blocks(rng: random.Random, year_format: str, n: int) -> list[tuple[str, list[str], list[tuple[str, list]]]]:
    """表二 sub-tables: (第二十条第(x)项, column labels, [(row label, values)])."""
    t2 = taxonomy_section("t2")
    rows = {r["key"]: r["labels"][0] for r in t2["rows"]}
    big = max(1, n)
    if year_format == "2019":
        cols = {c["key"]: c["labels"][0] for c in t2["columns_2019"]}
        r = lambda hi: rng.randint(0, hi)  # noqa: E731
        return [
            ("（一）", [cols["made_this_year"], cols["published_this_year"], cols["published_total"]],
             [(rows["regulations"], [0, 0, 0]), ("规范性文件", [a := r(8), a, a + r(60)])]),
            ("（五）", [cols["items_last_year"], cols["change_this_year"], cols["decisions"]],
             [(rows["licensing"], [r(40), r(3), r(big * 20)]), (rows["other_services"], [r(30), r(2), r(big * 5)])]),
            ("（六）", [cols["items_last_year"], cols["change_this_year"], cols["decisions"]],
             [(rows["penalties"], [r(90), r(5), r(big * 3)]), (rows["enforcement"], [r(10), 0, r(20)])]),
            ("（八）", [cols["items_last_year"], cols["change_this_year"]], [(rows["fees"], [r(5), 0])]),
            ("（九）", [cols["procurement_items"], cols["procurement_amount"]],
             [(rows["procurement"], [r(40), round(rng.uniform(0, 900), 2)])]),
        ]
    cols = {c["key"]: c["labels"][0] for c in t2["columns_2021"]}
    r = lambda hi: rng.randint(0, hi)  # noqa: E731
    return [
        ("（一）", [cols["issued_this_year"], cols["repealed_this_year"], cols["in_force"]],
         [(rows["regulations"], [0, 0, 0]), (rows["normative_docs"], [r(8), r(3), r(70)])]),
        ("（五）", ["本年处理决定数量"], [(rows["licensing"], [r(big * 30)])]),
        ("（六）", ["本年处理决定数量"], [(rows["penalties"], [r(big * 3)]), (rows["enforcement"], [r(15)])]),
        ("（八）", ["本年收费金额（单位：万元）"], [(rows["fees"], [round(rng.uniform(0, 50), 2) if rng.random() < 0.3 else 0])]),
    ]


def legacy_numbers(rng, ag) -> dict:
    n = applications_handled(rng, ag)
    g = {}
    g["proactive_items"] = rng.randint(5, 400) if ag["level"] == "county" else rng.randint(20, 5000)
    ch = _split(rng, g["proactive_items"], [1, 60, 5, 5, 10])
    g.update(channel_gazette=ch[0], channel_website=ch[1], channel_weibo=ch[2], channel_wechat=ch[3], channel_other=ch[4])
    g["applications_new"] = n
    c = _split(rng, n, [30, 2, 50, 10, 3])
    g.update(in_person=c[0], fax=c[1], online=c[2], letter=c[3], other_channel=c[4])
    ext = rng.randint(0, n // 10) if n else 0
    g.update(closed=n, closed_on_time=n - ext, closed_extended=ext)
    a = _split(rng, n, [10, 45, 10, 5, 8, 12, 4, 6])
    g.update(answered=n, already_public=a[0], granted=a[1], partial=a[2], refused=a[3], not_this_agency=a[4],
             not_exist=a[5], told_to_amend=a[6], told_other_route=a[7])
    r = _split(rng, a[3], [2, 1, 3, 1, 4, 2])
    for k, v in zip(("state_secret", "commercial_secret", "privacy", "security", "not_government_info", "other"), r):
        g["refused." + k] = v
    for grp, scale in (("reconsideration", 0.04), ("litigation", 0.02), ("complaints", 0.01)):
        parts = [rng.randint(0, max(0, int(n * scale * rng.uniform(0, 2)))) if n and rng.random() < 0.5 else 0 for _ in range(3)]
        g[grp + ".upheld"], g[grp + ".corrected"], g[grp + ".other"] = parts
        g[grp + "_total"] = sum(parts)
    return g

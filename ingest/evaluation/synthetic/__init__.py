"""Synthetic OGI annual reports with known ground truth, for parser evaluation and benchmarks.

`generate(n, seed)` yields `SyntheticReport`s: a file name, the file's bytes and the truth the
parsers should recover (agency, region, report year, family, and the canonical figures; None
where the report does not state a figure). Every report is built from its own
`random.Random(f"{seed}:{i}")`, so report i is the same whatever n is, and a seed always
gives the same bytes.

Families and layouts, in roughly the proportions seen in the wild:

    national_2021  (2021-2024)  pipe | cells | html        表二 (2021 columns) / 表三 with （六） split / 表四
    national_2019  (2019-2020)  pipe | cells | html        表二 (2019 columns) / 表三 / 表四
    legacy_table   (2013-2018)  pipe                       the nine-section statistics table, `label | unit | value |`;
                                                           half of them carry seed 003's misalignment (the value of
                                                           主动公开政府信息数 printed on the section row above it)
    legacy_short   (2008-2018)  cells                      指标名称 | 单位 | 2017年 | 历年累计, one cell per line
    narrative      (2008-2018)  prose                      figures only in sentences, zeros stated in words

Text variants laid over the layouts: traditional script (opencc s2t), full-width digits, and the
encodings GB18030 and UTF-16 (with and without BOM) for a few files.

Figures obey the arithmetic of the formats: 表三 一+二 = 三（七）+四 on every column, （七） = the sum
of （一）…（六）, each group = the sum of its items, the 总计 column = the sum of the six applicant
columns; 表四 each 总计 = the four before it; legacy tables: channels sum to 收到申请数, answer
categories to 申请答复数, 复议/诉讼 parts to their totals. Cumulative columns are >= the year's.

Row and column labels come from the taxonomy (`ingest/taxonomy/*.yml`); places and division
codes from the cpca package's table of administrative divisions.

Modules: `agencies` (places and agencies), `figures` (the figures and their arithmetic), `prose`
(filler, title, introduction, page chrome), `national_tables` and `national_report` (the national
forms), `legacy_tables` and `legacy_report` (pre-2019 reports), `cells` (how a cell is written),
`variants` (script, digits, encoding). This module holds the public API: `generate`, `one_report`,
`public_truth`, `divisions` and the command line.

    python -m ingest.evaluation.synthetic --n 200 --out DIR --seed 1     # files + DIR/truth.jsonl
"""
from __future__ import annotations

import argparse
import json
import random
from dataclasses import dataclass, field
from pathlib import Path
from typing import Iterator

from ingest.evaluation.synthetic.agencies import divisions, pick_agency
from ingest.evaluation.synthetic.legacy_report import build_legacy
from ingest.evaluation.synthetic.national_report import build_national
from ingest.evaluation.synthetic.variants import encode_with_variants
from ingest.taxonomy import mart_columns

__all__ = ["CANONICAL_FIELDS", "LAYOUTS", "YEARS", "SyntheticReport", "divisions", "generate", "main", "one_report",
           "public_truth"]

CANONICAL_FIELDS = tuple(mart_columns())  # the fct_reports figures, from the taxonomy

# (family, layout, weight)
LAYOUTS = (
    ("national_2021", "pipe", 16),
    ("national_2021", "cells", 7),
    ("national_2021", "html", 9),
    ("national_2019", "pipe", 10),
    ("national_2019", "cells", 4),
    ("national_2019", "html", 5),
    ("legacy_table", "pipe", 14),
    ("legacy_short", "cells", 11),
    ("narrative", "prose", 24),
)
YEARS = {
    "national_2021": (2021, 2024),
    "national_2019": (2019, 2020),
    "legacy_table": (2013, 2018),
    "legacy_short": (2008, 2018),
    "narrative": (2008, 2018),
}


@dataclass
class SyntheticReport:
    file_name: str
    content: bytes
    truth: dict
    layout: str = ""
    variants: tuple = field(default_factory=tuple)


def one_report(i: int, seed: int) -> SyntheticReport:
    """Report i of a seed, built from its own `random.Random(f"{seed}:{i}")`."""
    rng = random.Random(f"{seed}:{i}")
    family, layout = rng.choices([(f, l) for f, l, _ in LAYOUTS], [w for *_, w in LAYOUTS])[0]
    lo, hi = YEARS[family]
    year = rng.randint(lo, hi)
    ag = pick_agency(rng)
    truth = {
        "agency": ag["agency"], "province": ag["province"], "city": ag["city"], "county": ag["county"],
        "division_code": ag["division_code"], "report_year": year, "family": family, "layout": f"{family}/{layout}",
        "admin_level": ag["level"], "agency_type": "government" if ag["government"] else "department",
    }
    if family.startswith("national"):
        text = build_national(rng, ag, year, family, layout, truth)
    else:
        text = build_legacy(rng, ag, year, family, layout, truth)
    content, enc, variants = encode_with_variants(rng, text, family, layout)
    truth["variants"] = variants
    truth["encoding"] = enc
    ext = ".html" if layout == "html" else ".txt"
    name = f"syn{seed}_{i:07d}_{family}_{layout}{ext}"
    return SyntheticReport(file_name=name, content=content, truth=truth, layout=f"{family}/{layout}",
                           variants=tuple(variants))


def public_truth(truth: dict) -> dict:
    """The truth without the generator's internal tables (keys starting with '_')."""
    return {k: v for k, v in truth.items() if not k.startswith("_")}


def generate(n: int, seed: int) -> Iterator[SyntheticReport]:
    """n synthetic reports; report i depends only on (seed, i)."""
    for i in range(n):
        yield one_report(i, seed)


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--n", type=int, default=200)
    ap.add_argument("--seed", type=int, default=1)
    ap.add_argument("--out", required=True)
    args = ap.parse_args(argv)
    out = Path(args.out)
    out.mkdir(parents=True, exist_ok=True)
    with (out / "truth.jsonl").open("w", encoding="utf-8") as fh:
        for rep in generate(args.n, args.seed):
            (out / rep.file_name).write_bytes(rep.content)
            fh.write(json.dumps({"file": rep.file_name, **public_truth(rep.truth)}, ensure_ascii=False) + "\n")
    print(f"wrote {args.n} reports and truth.jsonl to {out}")
    return 0


"""What the parsers make of a fixed set of reports, as one digest per report, to prove a change
that should not alter any output (a speed-up, a move) alters none.

    python -m ingest.evaluation.parse_snapshot             # compare with tests/data/parse_digests.json
    python -m ingest.evaluation.parse_snapshot --write     # record the current output as the reference
    python -m ingest.evaluation.parse_snapshot --dump DIR  # every report's staging rows as JSON, to diff

The sets: the labelled reports (tests/data/real and the seeds), `SYNTHETIC_N` synthetic reports, and
the labelled reports under every damage of the degradation suite. A digest covers everything
`ingest.report_rows.parse_one` returns (the report row, its sections and figures with provenance,
or the quarantine reason) except the parser version, so it is recorded again only when a change is
meant to alter the output.
"""
from __future__ import annotations

import argparse
import hashlib
import json
import sys
from pathlib import Path
from typing import Iterator

from ingest.evaluation.report_sets import ROOT, items_real, items_seeds, items_synthetic

REFERENCE = ROOT / "tests" / "data" / "parse_digests.json"
SYNTHETIC_N, SYNTHETIC_SEED = 500, 16


def report_sets() -> Iterator[tuple[str, str, bytes]]:
    """(set name, file name, bytes) of every report in the snapshot."""
    from ingest.decode import decode
    from ingest.evaluation.damage import DAMAGES, damaged_name

    labelled = items_real() + items_seeds()
    for name, data, _ in labelled:
        yield "labelled", name, data
    for name, data, _ in items_synthetic(SYNTHETIC_N, SYNTHETIC_SEED):
        yield "synthetic", name, data
    for damage, fn in DAMAGES.items():
        for name, data, exp in labelled:
            d = fn(decode(data).text, name, exp)
            if d.applicable:
                yield f"damaged:{damage}", damaged_name(name, damage, d), d.text.encode("utf-8")


def staging_rows(name: str, data: bytes) -> dict:
    from ingest.report_rows import parse_one

    out = parse_one(("0" * 16, name, data))
    if "report" in out:
        out["report"] = {k: v for k, v in out["report"].items() if k != "parser_version"}
    return out


def canonical(rows: dict) -> str:
    return json.dumps(rows, ensure_ascii=False, sort_keys=True)


def digests() -> dict[str, dict[str, str]]:
    out: dict[str, dict[str, str]] = {}
    for set_name, name, data in report_sets():
        digest = hashlib.sha256(canonical(staging_rows(name, data)).encode("utf-8")).hexdigest()[:20]
        out.setdefault(set_name, {})[name] = digest
    return out


def differences(reference: dict, current: dict) -> list[str]:
    """'set/file' of every report whose output differs, is new, or is gone."""
    out = []
    for set_name in sorted(set(reference) | set(current)):
        ref, cur = reference.get(set_name, {}), current.get(set_name, {})
        out += [f"{set_name}/{n}" for n in sorted(set(ref) | set(cur)) if ref.get(n) != cur.get(n)]
    return out


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--write", action="store_true", help="record the current output as the reference")
    ap.add_argument("--dump", type=Path, help="write every report's staging rows as JSON into this folder")
    args = ap.parse_args(argv)
    if args.dump:
        for set_name, name, data in report_sets():
            folder = args.dump / set_name.replace(":", "_")
            folder.mkdir(parents=True, exist_ok=True)
            rows = json.dumps(staging_rows(name, data), ensure_ascii=False, sort_keys=True, indent=1)
            (folder / f"{name}.json").write_text(rows, encoding="utf-8")
        return 0
    current = digests()
    if args.write:
        REFERENCE.write_text(json.dumps(current, indent=1, sort_keys=True) + "\n", encoding="utf-8")
        print(f"{sum(map(len, current.values()))} digests written to {REFERENCE}")
        return 0
    diff = differences(json.loads(REFERENCE.read_text(encoding="utf-8")), current)
    print(f"{sum(map(len, current.values()))} reports, {len(diff)} differ from {REFERENCE.name}")
    for d in diff:
        print("  " + d)
    return 1 if diff else 0


if __name__ == "__main__":
    sys.exit(main())

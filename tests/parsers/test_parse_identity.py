"""The parsers' output on the labelled, synthetic and damaged reports is what was recorded in
tests/data/parse_digests.json: a change meant only to make parsing faster changes no figure,
section, provenance or warning. A change meant to alter the output records it again with
`python -m ingest.evaluation.parse_snapshot --write` (and says so in its commit)."""
from __future__ import annotations

import json

from ingest.evaluation import parse_snapshot as snap


def test_parser_output_is_the_recorded_one():
    reference = json.loads(snap.REFERENCE.read_text(encoding="utf-8"))
    current = snap.digests()
    assert sum(map(len, current.values())) == sum(map(len, reference.values())) > 600
    assert snap.differences(reference, current) == []


def test_a_changed_figure_changes_the_digest():
    name, data = "a.txt", "某市人民政府2020年政府信息公开工作年度报告\n主动公开政府信息120条。".encode()
    rows = snap.staging_rows(name, data)
    assert rows["figures"], "the report states a figure"
    rows["figures"][0]["value"] += 1
    assert snap.canonical(rows) != snap.canonical(snap.staging_rows(name, data))

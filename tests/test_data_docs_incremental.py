"""The Data Docs site brought up to date after a check step renders the pages of that step's new
validation results (not every kept one), lists them in the index, and drops the pages of the
results pruned to KEEP_RESULTS: the same site a full rebuild makes."""
from __future__ import annotations

import pandas as pd

from expectations import data_docs
from expectations.runner import run_suite

SUITE = "mart_column_types"


def _validate(db, ctx) -> set:
    before = data_docs.result_keys(ctx)
    frame = pd.DataFrame({"table_schema": ["marts"], "table_name": ["fct_reports"], "column_name": ["report_id"],
                          "data_type": ["VARCHAR"]})
    run_suite(SUITE, frame, ctx)
    return data_docs.result_keys(ctx) - before


def _pages(site) -> set[str]:
    return {p.relative_to(site).as_posix() for p in (site / "validations").rglob("*.html")}


def test_only_new_results_are_rendered_and_pruned_pages_go(tmp_path, monkeypatch):
    db = tmp_path / "ogi.duckdb"
    ctx = data_docs.get_context(db)
    first = _validate(db, ctx)
    data_docs.build(db, ctx)  # a first, full build
    site = data_docs.docs_dir(db)
    assert len(first) == 1 and len(_pages(site)) == 1

    second = _validate(db, ctx)
    data_docs.build(db, ctx, new_results=second)
    pages = _pages(site)
    assert len(second) == 1 and len(pages) == 2
    index = (site / "index.html").read_text(encoding="utf-8")
    assert all(p in index for p in pages)

    monkeypatch.setattr(data_docs, "KEEP_RESULTS", 1)
    monkeypatch.setattr(data_docs.prune_results, "__defaults__", (1,))
    third = _validate(db, ctx)
    data_docs.build(db, ctx, new_results=third)
    (kept,) = _pages(site)
    assert kept in (site / "index.html").read_text(encoding="utf-8")
    assert data_docs.result_keys(ctx) == third  # the two older results were pruned, with their pages

    incremental = (site / "index.html").read_text(encoding="utf-8")
    data_docs.build(db, ctx)  # a full rebuild gives the same pages
    assert _pages(site) == {kept}
    assert incremental.count("validations/") == (site / "index.html").read_text(encoding="utf-8").count("validations/")

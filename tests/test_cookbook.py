"""docs/queries.md shows the true answers on the sample corpus: regenerate it and compare."""
import duckdb

from ogi.cookbook import QUESTIONS, render
from tests.conftest import ROOT


def test_cookbook_has_ten_questions():
    assert len(QUESTIONS) >= 10


def test_committed_cookbook_matches_a_fresh_run_on_the_sample(sample_run):
    con = duckdb.connect(str(sample_run["db"]), read_only=True)
    try:
        page = render(con)
    finally:
        con.close()
    committed = (ROOT / "docs" / "queries.md").read_text(encoding="utf-8")
    assert page == committed, "regenerate with: .venv/bin/python -m ogi.cookbook > docs/queries.md (after make run)"

"""How each figure was read reaches the warehouse and `ogi explain`: a one-line body whose table
rows are runs of digits, staged into a real DuckDB file (no Dagster, no dbt needed for staging)."""
from __future__ import annotations

from ogi.cli import main
from tests.parsers.test_damaged_tables import T3_RUNS


def test_segmented_figures_keep_their_run_and_explain_shows_it(tmp_path, capsys):
    from ingest.inventory import update_raw_files
    from ingest.staging import update_staging
    from ingest.warehouse import writer

    inbox, db = tmp_path / "inbox", tmp_path / "ogi.duckdb"
    inbox.mkdir()
    (inbox / "one_line.txt").write_text("某某区人民政府2021年政府信息公开工作年度报告 " + T3_RUNS, encoding="utf-8")
    with writer(db) as con:
        update_raw_files(con, inbox, log=lambda m: None)
        update_staging(con, log=lambda m: None, workers=1)
        rows = con.execute(
            """SELECT column_key, value, read_as, raw_text, run_text FROM staging.stg_figures
               WHERE table_id = 't3' AND row_key = 'new' ORDER BY figure_no""").fetchall()
        warnings = con.execute("SELECT warnings FROM staging.stg_reports").fetchone()[0]
        ambiguous = con.execute(
            "SELECT count(*) FROM staging.stg_figures WHERE column_key IN ('direct.upheld', 'direct.corrected')"
        ).fetchone()[0]
    assert [r[1] for r in rows] == [52, 1, 0, 0, 3, 0, 56]
    assert {r[2] for r in rows} == {"segmented"}
    assert rows[-1][3] == "56" and rows[-1][4] == "521003056"
    assert ambiguous == 0  # 直接起诉 11/0 or 1/10: neither is staged
    assert any("split 2 ways" in w for w in warnings)

    assert main(["explain", "--warehouse", str(db), "one_line"]) == 0
    out = capsys.readouterr().out
    line = next(x for x in out.splitlines() if x.startswith("t3") and "applications_new" in x)
    assert "segmented" in line and "56" in line and "521003056" in line
    assert "split 2 ways" in out

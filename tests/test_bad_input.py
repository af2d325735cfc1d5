"""Bad input among good reports: every file ends parsed (maybe with warnings), quarantined with a
plain reason and its content hash, or counted as a duplicate; the run never crashes.

One real Dagster run (tests.conftest.run_pipeline) over tests/fixtures/bad_input's inbox.
"""
import os
import shutil

import duckdb
import pytest

from tests.conftest import run_pipeline
from tests.fixtures.bad_input import GBK_NAME, ODD_CELLS, SHELL_NAME, SPACES_NAME, build_inbox


@pytest.fixture(scope="module")
def bad_run(tmp_path_factory):
    base = tmp_path_factory.mktemp("bad_input")
    inbox, outside = base / "inbox", base / "outside"
    expected = build_inbox(inbox, outside)
    db = base / "wh" / "ogi.duckdb"
    cwd = os.getcwd()
    os.chdir(base)  # a shell-injected `touch pwned` would land here
    try:
        result = run_pipeline(inbox, db)
    finally:
        os.chdir(cwd)
    return {"result": result, "db": db, "inbox": inbox, "outside": outside, "expected": expected, "base": base}


@pytest.fixture
def con(bad_run):
    c = duckdb.connect(str(bad_run["db"]), read_only=True)
    yield c
    c.close()


def test_the_run_succeeds_and_file_accounting_is_checked(bad_run):
    result = bad_run["result"]
    assert result.success
    evaluations = {e.check_name: e for e in result.get_asset_check_evaluations()}
    assert evaluations["ge_file_accounting"].passed
    meta = evaluations["ge_file_accounting"].metadata
    assert meta["files_unaccounted"].value == 0
    assert meta["files_seen"].value == len(bad_run["expected"])
    # arithmetic findings on the deliberately broken reports are soft (WARN); nothing blocking fails
    import dagster as dg

    assert [n for n, e in evaluations.items() if not e.passed and e.severity == dg.AssetCheckSeverity.ERROR] == []


def test_every_file_ends_where_expected(con, bad_run):
    rows = con.execute(
        """
        SELECT r.file_name, r.report_id, q.reason, s.file_name AS parsed_as, s.encoding
        FROM raw.raw_files r
        LEFT JOIN staging.quarantined_files q USING (file_name)
        LEFT JOIN staging.stg_reports s ON s.report_id = r.report_id
        WHERE r.in_inbox
        """
    ).fetchall()
    got = {name: (rid, reason, parsed_as, enc) for name, rid, reason, parsed_as, enc in rows}
    expected = {(GBK_NAME.encode("utf-8", "surrogateescape").decode("utf-8", "backslashreplace")
                 if name == GBK_NAME else name): v for name, v in bad_run["expected"].items()}
    assert sorted(got) == sorted(expected), "no file silently skipped, none invented"
    for name, (outcome, detail) in expected.items():
        rid, reason, parsed_as, enc = got[name]
        if outcome == "quarantined":
            assert reason and detail.lower() in reason.lower(), (name, reason)
            assert parsed_as is None
            if not name.startswith("link_"):
                assert rid, f"{name}: quarantined without its content hash"
        elif outcome == "parsed":
            assert reason is None and parsed_as == name and enc == detail, (name, reason, parsed_as, enc)
        else:  # a duplicate: its content is parsed under the other name
            assert reason is None and parsed_as == detail, (name, parsed_as)
    n = {k: sum(1 for o, _ in expected.values() if o == k) for k in ("parsed", "quarantined", "duplicate")}
    assert len(expected) == n["parsed"] + n["quarantined"] + n["duplicate"]


def test_gb18030_and_utf16_reports_parse_with_their_figures(con):
    rows = con.execute(
        """
        SELECT s.encoding, s.agency IS NOT NULL, s.report_year, count(f.figure_no)
        FROM staging.stg_reports s JOIN staging.stg_figures f USING (report_id)
        WHERE s.encoding IN ('gb18030', 'utf-16', 'utf-16-le') GROUP BY ALL ORDER BY 1
        """
    ).fetchall()
    assert [r[0] for r in rows] == ["gb18030", "utf-16", "utf-16-le"]
    assert all(has_agency and year and n_figures > 50 for _, has_agency, year, n_figures in rows)


def test_non_numeric_cells_keep_their_kind_and_never_become_zero(con):
    rows = dict(con.execute(
        """
        SELECT f.raw_text, (f.value, f.value_kind)
        FROM staging.stg_figures f JOIN staging.stg_reports s USING (report_id)
        WHERE s.file_name = 'odd_cells.txt' AND f.table_id = 't3' AND f.raw_text IN ('/', '—', '无', 'NA', '1,234', '１２')
          AND f.line_no = (SELECT min(line_no) FROM staging.stg_figures g WHERE g.report_id = f.report_id
                           AND g.raw_text = '1,234')
        """
    ).fetchall())
    assert {k: tuple(v.values()) if isinstance(v, dict) else tuple(v) for k, v in rows.items()} == ODD_CELLS


def test_one_report_under_two_names_is_one_report_with_two_sources(con):
    n, sources = con.execute(
        "SELECT count(*), max(n_source_files) FROM marts.fct_reports WHERE file_name = ?", [SPACES_NAME]
    ).fetchone()
    assert (n, sources) == (1, 2)


def test_two_reports_for_one_agency_and_year_are_both_kept_and_one_is_chosen_visibly(con):
    ids = [r[0] for r in con.execute(
        "SELECT report_id FROM marts.fct_reports WHERE agency = '庆元县人民政府' AND report_year = 2021 ORDER BY 1"
    ).fetchall()]
    assert len(ids) == 2
    chosen, n_candidates, others = con.execute(
        "SELECT report_id, n_candidate_reports, other_report_ids FROM marts.fct_agency_year "
        "WHERE agency = '庆元县人民政府' AND report_year = 2021"
    ).fetchone()
    assert chosen in ids and n_candidates == 2 and others == [i for i in ids if i != chosen]


def test_truncated_and_incomplete_reports_are_parsed_with_warnings(con):
    warnings = dict(con.execute(
        "SELECT file_name, warnings FROM staging.stg_reports WHERE file_name IN ('truncated.txt', 'no_year_no_agency.txt')"
    ).fetchall())
    assert any("truncated" in w for w in warnings["truncated.txt"])
    assert any("no report year" in w for w in warnings["no_year_no_agency.txt"])
    # a report without a year never lands in the agency x year mart
    assert con.execute(
        "SELECT count(*) FROM marts.fct_agency_year y JOIN staging.stg_reports s USING (report_id) "
        "WHERE s.file_name = 'no_year_no_agency.txt'"
    ).fetchone()[0] == 0


def test_odd_file_names_are_stored_exactly_and_never_reach_a_shell(con, bad_run):
    names = {r[0] for r in con.execute("SELECT file_name FROM raw.raw_files").fetchall()}
    assert {SHELL_NAME, SPACES_NAME, "'; DROP TABLE raw.raw_files; --.txt"} <= names
    assert any(n.startswith("旧\\xb1") for n in names), "a non-UTF-8 name is kept, escaped"
    for where in (bad_run["base"], bad_run["inbox"], os.path.expanduser("~")):
        assert not os.path.exists(os.path.join(where, "pwned"))


def test_symlinks_out_of_the_inbox_are_not_followed(con, bad_run):
    secret = (bad_run["outside"] / "secret.txt").read_text(encoding="utf-8")
    hits = con.execute(
        "SELECT count(*) FROM staging.stg_reports WHERE contains(source_text, ?)", [secret[:60]]
    ).fetchone()[0]
    assert hits == 0
    rows = con.execute(
        "SELECT file_name, entry_kind, content_part IS NULL FROM raw.raw_files WHERE file_name LIKE 'link_%' ORDER BY 1"
    ).fetchall()
    assert rows == [("link_dir", "symlink", True), ("link_out.txt", "symlink", True)]


def test_a_new_name_for_quarantined_content_is_quarantined_too(bad_run, tmp_path):
    """Second run, staging only: copies of an empty file and a PDF are accounted for, not skipped."""
    from expectations.runner import TARGETS, run_suite
    from ingest.inventory import update_raw_files
    from ingest.staging import update_staging
    from ingest.warehouse import writer

    db = tmp_path / "ogi.duckdb"
    shutil.copyfile(bad_run["db"], db)
    inbox = tmp_path / "inbox"
    shutil.copytree(bad_run["inbox"], inbox, symlinks=True)
    (inbox / "empty again.txt").write_bytes(b"")
    shutil.copyfile(inbox / "scan.pdf", inbox / "scan (1).pdf")
    os.remove(inbox / "empty.txt")
    with writer(db) as con:
        update_raw_files(con, inbox, log=lambda m: None)
        update_staging(con, log=lambda m: None, workers=1)
        reasons = dict(con.execute(
            "SELECT file_name, reason FROM staging.quarantined_files WHERE file_name IN ('empty again.txt', 'scan (1).pdf', 'empty.txt')"
        ).fetchall())
        frame = con.execute(TARGETS["file_accounting"]).df()
    assert reasons == {"empty again.txt": "empty file", "scan (1).pdf": reasons["scan (1).pdf"]}
    assert "PDF" in reasons["scan (1).pdf"]
    assert frame["files_unaccounted"].tolist() == [0]
    assert run_suite("file_accounting", frame).success


def test_the_file_accounting_suite_fails_when_a_file_is_unaccounted(bad_run, tmp_path):
    from expectations.runner import TARGETS, run_suite

    db = tmp_path / "ogi.duckdb"
    shutil.copyfile(bad_run["db"], db)
    con = duckdb.connect(str(db))
    try:
        con.execute("DELETE FROM staging.quarantined_files WHERE file_name = 'empty.txt'")
        frame = con.execute(TARGETS["file_accounting"]).df()
    finally:
        con.close()
    assert frame["files_unaccounted"].tolist() == [1]
    assert not run_suite("file_accounting", frame).success


def test_mixed_encodings_that_gb18030_would_accept_are_not_decided():
    """UTF-8 and GBK in one file can decode as GB18030 without error: the mojibake is refused."""
    from ingest.decode import Unreadable, decode

    data = ("政府信息公开".encode("utf-8") + "工作报告".encode("gbk")) * 100
    data.decode("gb18030")  # no error: GB18030 alone cannot tell
    with pytest.raises(Unreadable, match="encoding cannot be decided"):
        decode(data)

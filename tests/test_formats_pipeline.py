"""A whole run over an inbox of PDFs, a scan, Word files, a workbook attached to its report and the
bad files of each format (tests/fixtures/format_inbox.py): the figures a person read off each report
reach fct_reports with their page, box, cell or OCR confidence; every bad file is quarantined with
its reason; files seen = parsed + quarantined + duplicates; OCR figures below the confidence
threshold never reach a mart."""
import shutil

import duckdb
import pytest
import yaml

from tests.conftest import ROOT, run_pipeline
from tests.fixtures.format_inbox import QUARANTINE_REASONS, build_inbox

pytestmark = pytest.mark.skipif(shutil.which("chromium") is None, reason="needs Debian's chromium to render PDFs")


@pytest.fixture(scope="module")
def run(tmp_path_factory):
    base = tmp_path_factory.mktemp("formats")
    build_inbox(base / "inbox")
    db = base / "wh" / "ogi.duckdb"
    result = run_pipeline(base / "inbox", db)
    con = duckdb.connect(str(db), read_only=True)
    yield result, con
    con.close()


def _report(con, file_name):
    cur = con.execute("SELECT * FROM marts.fct_reports WHERE file_name = ?", [file_name])
    names = [d[0] for d in cur.description]
    return [dict(zip(names, row)) for row in cur.fetchall()]


def test_the_run_succeeds_and_every_file_is_accounted_for(run):
    result, con = run
    assert result.success
    seen = con.execute("SELECT count(*) FROM raw.raw_files WHERE in_inbox").fetchone()[0]
    parsed = con.execute("SELECT count(*) FROM staging.stg_reports").fetchone()[0]
    quarantined = con.execute("SELECT count(*) FROM staging.quarantined_files").fetchone()[0]
    assert seen == parsed + quarantined == 12


def test_each_bad_file_is_quarantined_with_its_reason(run):
    _, con = run
    reasons = dict(con.execute("SELECT file_name, reason FROM staging.quarantined_files").fetchall())
    assert set(reasons) == set(QUARANTINE_REASONS)
    for name, words in QUARANTINE_REASONS.items():
        assert words in reasons[name], (name, reasons[name])


def test_a_text_pdf_gives_the_labelled_figures_with_page_and_box(run):
    _, con = run
    [r] = _report(con, "r001.pdf")  # labels.json r001: 沭阳县人民政府 2025
    assert (r["source_format"], r["extraction_method"]) == ("pdf", "text_layer")
    assert (r["agency"], r["report_year"]) == ("沭阳县人民政府", 2025)
    assert (r["applications_new"], r["outcome_granted"], r["outcome_total"]) == (713, 294, 718)
    assert (r["litigation_total"], r["fees_collected_yuan"]) == (13, 380)
    pages = con.execute(
        """SELECT f.page, f.bbox FROM intermediate.int_report_metrics m JOIN staging.stg_figures f
           ON f.report_id = m.source_report_id AND f.figure_no = m.figure_no WHERE m.report_id = ? AND m.metric_key = 'outcome_total'""",
        [r["report_id"]]).fetchall()
    (page, bbox), = pages
    assert page >= 1 and 0 <= bbox[0] < bbox[2] <= 595 and 0 <= bbox[1] < bbox[3] <= 842


def test_word_files_by_their_bytes(run):
    _, con = run
    [docx] = _report(con, "word/002.docx")  # seed 002: 乌海市商务局 2020, 主动公开 327
    assert (docx["source_format"], docx["agency"], docx["report_year"]) == ("docx", "乌海市商务局", 2020)
    assert (docx["proactive_items"], docx["applications_new"], docx["outcome_total"]) == (327, 0, 0)
    [doc] = _report(con, "word/renamed.pdf")
    assert (doc["source_format"], doc["extraction_method"]) == ("doc", "antiword")


def test_an_attached_workbook_gives_its_tables_to_the_report(run):
    _, con = run
    [r] = _report(con, "pair/上海年报.txt")  # labels.json r003: 上海市人民政府办公厅 2025
    assert r["attachment_files"] == "pair/上海年报_附表.xlsx"
    assert (r["agency"], r["report_year"]) == ("上海市人民政府办公厅", 2025)
    assert (r["applications_new"], r["outcome_granted"], r["outcome_total"], r["litigation_total"]) == (1295, 206, 1191, 34)
    assert _report(con, "pair/上海年报_附表.xlsx") == []  # not a report of its own
    cells = con.execute(
        """SELECT f.cell_ref FROM intermediate.int_report_metrics m JOIN staging.stg_figures f
           ON f.report_id = m.source_report_id AND f.figure_no = m.figure_no
           WHERE m.report_id = ? AND m.metric_key = 'outcome_granted' AND m.source_report_id <> m.report_id""",
        [r["report_id"]]).fetchall()
    assert len(cells) == 1 and cells[0][0].startswith("附表!")


def test_a_scan_is_read_by_ocr_and_keeps_each_figures_confidence(run):
    _, con = run
    [r] = _report(con, "scan/r020.scan.pdf")  # labels.json r020: 莆田市应急管理局 2023, 3 applications
    assert (r["source_format"], r["extraction_method"]) == ("pdf", "ocr")
    assert (r["applications_new"], r["outcome_granted"], r["outcome_total"]) == (3, 3, 3)
    confidences = con.execute("SELECT min(ocr_confidence), max(ocr_confidence), count(*) FROM staging.stg_figures "
                              "WHERE report_id = ?", [r["report_id"]]).fetchone()
    assert 0 < confidences[0] <= confidences[1] <= 1 and confidences[2] > 0


def test_no_ocr_figure_below_the_threshold_reaches_a_mart(run):
    _, con = run
    threshold = yaml.safe_load((ROOT / "dbt_project" / "dbt_project.yml").read_text())["vars"]["ocr_min_confidence"]
    from ingest.formats.ocr import OCR_MIN_CONFIDENCE

    assert threshold == OCR_MIN_CONFIDENCE
    used = con.execute(
        """SELECT count(*) FROM intermediate.int_report_metrics m JOIN staging.stg_figures f
           ON f.report_id = m.source_report_id AND f.figure_no = m.figure_no
           WHERE f.ocr_confidence < ?""", [threshold]).fetchone()[0]
    assert used == 0

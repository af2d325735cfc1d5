"""The workbench in a real browser: `ogi app` as a process, every page opened in headless Chromium.

Asserts what a user sees (the sample's agency names, 342 applications in report 001, the words of a
finding's evidence), downloads the findings CSV, performs a review, and saves a screenshot of each page
to test-artifacts/.
"""
from __future__ import annotations

import csv
import io
import os
import shutil
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import pytest

from ingest.config import snapshot_path
from tests.test_app import finding_id

CHROMIUM = "/usr/bin/chromium"
ROOT = Path(__file__).resolve().parents[1]
SHOTS = ROOT / "test-artifacts"
ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update",
        "--disable-sync", "--no-first-run"]

pytestmark = pytest.mark.skipif(not Path(CHROMIUM).exists(), reason=f"no Chromium at {CHROMIUM} (apt install chromium)")


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.fixture(scope="module")
def app(sample_run, tmp_path_factory):
    """`ogi app` on a copy of the sample run's snapshot (the review store is written beside the copy)."""
    db = tmp_path_factory.mktemp("app_browser") / "ogi.duckdb"
    shutil.copyfile(snapshot_path(sample_run["db"]), snapshot_path(db))
    port = free_port()
    log = open(db.parent / "app.log", "w")
    proc = subprocess.Popen([sys.executable, "-m", "ogi.cli", "app", "--port", str(port), "--warehouse", str(db)],
                            cwd=ROOT, stdout=log, stderr=subprocess.STDOUT, env={**os.environ, "DAGSTER_HOME": ""})
    url = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 60
        while True:
            try:
                urllib.request.urlopen(url + "/_stcore/health", timeout=2)
                break
            except OSError:
                if proc.poll() is not None or time.monotonic() > deadline:
                    raise RuntimeError("ogi app did not start: " + (db.parent / "app.log").read_text())
                time.sleep(0.5)
        yield {"url": url, "db": db}
    finally:
        proc.terminate()
        proc.wait(timeout=20)
        log.close()


@pytest.fixture(scope="module")
def browser():
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        b = p.chromium.launch(executable_path=CHROMIUM, args=ARGS, headless=True)
        yield b
        b.close()


@pytest.fixture
def page(browser):
    context = browser.new_context(viewport={"width": 1400, "height": 1000}, accept_downloads=True)
    p = context.new_page()
    p.set_default_timeout(60_000)
    yield p
    context.close()


def shot(page, name: str) -> None:
    SHOTS.mkdir(exist_ok=True)
    page.screenshot(path=str(SHOTS / f"app_{name}.png"), full_page=True)


def test_overview(app, page):
    page.goto(app["url"] + "/")
    page.get_by_text("Reports by province and year").wait_for()
    page.get_by_text("Rule results, by rule").wait_for()
    assert page.get_by_test_id("stMetricValue").first.inner_text() == "5"  # reports
    shot(page, "overview")


def test_agency_by_traditional_name(app, page):
    page.goto(app["url"] + "/agency")
    box = page.get_by_label("Agency name (simplified or traditional, any part)")
    box.fill("城陽區")
    box.press("Enter")
    page.get_by_role("heading", name="青岛市城阳区人民政府").wait_for()
    page.get_by_text("2017: 001_e66166ac253deb62.txt").wait_for()  # its report, linked to the Report page
    page.get_by_text("Among its peers").wait_for()
    shot(page, "agency")


def test_report_marks_342(app, page):
    page.goto(app["url"] + "/report?report=001_e66166ac253deb62")
    mark = page.locator('mark[title="applications_new = 342 (number, read as prose)"]').first
    mark.wait_for()
    assert mark.inner_text() == "342"
    shot(page, "report")


def test_findings_evidence_and_csv(app, page):
    fid = finding_id(app["db"], "prose_table_agreement", "metric=reconsideration_total")
    page.goto(app["url"] + f"/findings?finding={fid}")
    page.get_by_text("4 findings").wait_for()
    page.get_by_text("没有发生因政府信息公开申请提出行政复议、行政诉讼情况").first.wait_for()
    with page.expect_download() as dl:
        page.get_by_role("button", name="Download these findings (CSV)").click()
    rows = list(csv.DictReader(io.StringIO(Path(dl.value.path()).read_text(encoding="utf-8"))))
    assert len(rows) == 4 and {r["agency"] for r in rows} == {"菏泽市定陶区中小企业局"}
    shot(page, "findings")


def test_review_a_finding(app, page):
    pytest.importorskip("ingest.review_store")
    from ingest.review_store import reviews

    fid = finding_id(app["db"], "legacy_channels", "table=legacy_stats column=year")
    page.goto(app["url"] + f"/review?finding={fid}")
    page.get_by_text("Your review").wait_for()
    page.get_by_text("Dismiss — our misreading of the report").click()
    page.get_by_label("Why (required to dismiss or correct)").fill("渠道栏为空白，并非报告错误")
    page.get_by_label("Reviewer").fill("browser-test")
    page.get_by_role("button", name="Save the review").click()
    page.get_by_text("Saved: Dismiss — our misreading of the report").wait_for()
    shot(page, "review")
    [event] = reviews(app["db"])
    assert (event["finding_id"], event["action"], event["reviewer"]) == (fid, "dismiss_misread", "browser-test")
    assert event["reason"] == "渠道栏为空白，并非报告错误"

"""GX Data Docs open offline: built from a real run on the sample, opened in headless Chromium with
every request that is not file:// refused, the index lists the run's validation results."""
from __future__ import annotations

import base64
import hashlib
import re
import shutil

import pytest

from expectations import data_docs, data_docs_assets
from tests.conftest import ROOT

CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser")
ARTIFACTS = ROOT / "test-artifacts"
RESULTS_TABLE = "#section-1-content-block-2-1-body-table"


@pytest.fixture(scope="module")
def site(sample_run):
    """`make docs` on the sample run's warehouse, with the pinned npm packages installed (make install)."""
    data_docs_assets.install()
    db = sample_run["db"]
    index = data_docs.build(db)
    suites = {p.name for p in (db.parent / "gx" / "uncommitted" / "validations").iterdir() if p.is_dir()}
    return {"index": index, "root": index.parent, "suites": suites}


@pytest.fixture(scope="module")
def browser():
    if CHROMIUM is None:
        pytest.skip("Chromium is not installed (Debian: apt-get install chromium); .ci/run installs it")
    sync_api = pytest.importorskip("playwright.sync_api", reason="playwright is not installed")
    with sync_api.sync_playwright() as p:
        b = p.chromium.launch(executable_path=CHROMIUM, args=[
            "--no-sandbox", "--disable-gpu", "--disable-background-networking", "--no-first-run"])
        try:
            yield b
        finally:
            b.close()


class Offline:
    """A page whose requests other than file:// are aborted, and every request that went wrong."""

    def __init__(self, browser):
        self.page = browser.new_page(viewport={"width": 1400, "height": 1200})
        self.refused: list[str] = []
        self.failed: list[str] = []
        self.errors: list[str] = []
        self.page.route("**/*", self._route)
        self.page.on("requestfailed", lambda r: self.failed.append(f"{r.url} {r.failure}"))
        self.page.on("pageerror", lambda e: self.errors.append(str(e)))

    def _route(self, route):
        if route.request.url.startswith("file://"):
            route.continue_()
        else:
            self.refused.append(route.request.url)
            route.abort()


def _rendered_suites(page) -> tuple[list[str], int]:
    """The suite names in the drawn results table, page after page ("Showing 11 to 20 of 24 rows"), and the total."""
    table = page.locator(".bootstrap-table", has=page.locator(RESULTS_TABLE))  # not the suites tab's table
    names: list[str] = []
    while True:
        info = table.locator(".pagination-info").inner_text().strip()
        first, last, total = map(int, re.match(r"Showing (\d+) to (\d+) of (\d+) rows", info).groups())
        assert first == len(names) + 1, info  # each page read once, in order
        names += [c.strip() for c in table.locator(f"{RESULTS_TABLE} tbody tr td:last-child").all_inner_texts()]
        if last == total:
            return names, total
        table.locator(".page-next a").click()
        page.wait_for_function("([el, before]) => el.innerText.trim() !== before",
                               arg=[table.locator(".pagination-info").element_handle(), info])


def test_the_pages_name_no_cdn(site):
    for page in [*site["root"].rglob("*.html"), *(site["root"] / "static" / "styles").glob("*.css")]:
        assert data_docs_assets.remote_loads(page.read_text(encoding="utf-8")) == [], page
    assert (site["root"] / "static" / "vendor" / "vega" / "build" / "vega.min.js").stat().st_size > 100_000


def test_the_served_files_are_the_ones_gx_pins():
    """GX pins popper and Bootstrap's script by SRI hash: the npm files are the same bytes."""
    root = data_docs_assets.install()
    for path, sri in (("popper.js/dist/umd/popper.min.js", "ApNbgh9B+Y1QKtv3Rn7W3mgPxhU9K/ScQsAP7hUibX39j7fakFPskvXusvfa0b4Q"),
                      ("bootstrap/dist/js/bootstrap.min.js", "JjSmVgyd0p3pXB1rRibZUAYoIIy6OrQ6VrjIEaFf/nJGzIxFDsf4x0xIM+B07jRM")):
        assert base64.b64encode(hashlib.sha384((root / path).read_bytes()).digest()).decode() == sri


def test_the_index_lists_every_validation_result_offline(site, browser):
    tab = Offline(browser)
    page = tab.page
    try:
        page.goto(site["index"].as_uri(), wait_until="load")
        page.locator(f"{RESULTS_TABLE} tbody tr td:last-child").first.wait_for(state="visible", timeout=30000)
        # the status icons are Font Awesome glyphs: its web font loaded from the site
        assert page.evaluate("document.fonts.check('900 16px \"Font Awesome 6 Free\"')")
        ARTIFACTS.mkdir(exist_ok=True)
        page.screenshot(path=str(ARTIFACTS / "gx_data_docs_offline.png"), full_page=True)
        names, total = _rendered_suites(page)
    finally:
        page.close()
    assert tab.refused == [] and tab.failed == [] and tab.errors == []
    # a fresh run validates every suite once: one row each, fct_reports and the T3 balance rule among them
    assert {"fct_reports", "rule_t3_balance", "file_accounting"} <= set(names)
    assert sorted(names) == sorted(site["suites"])
    assert total == len(site["suites"])


def test_a_validation_result_opens_offline(site, browser):
    tab = Offline(browser)
    page = tab.page
    try:
        page.goto(site["index"].as_uri(), wait_until="load")
        row = page.locator(f"{RESULTS_TABLE} tbody tr").first  # rows link to their result page
        suite = row.locator("td:last-child").inner_text().strip()
        row.click()
        page.wait_for_url(f"**/validations/{suite}/**")
        page.get_by_text("Overview", exact=True).first.wait_for(state="visible")
        assert page.get_by_text(f"Expectation Suite: {suite}").count() or suite in page.content()
        page.screenshot(path=str(ARTIFACTS / "gx_data_docs_offline_result.png"), full_page=True)
    finally:
        page.close()
    assert tab.refused == [] and tab.failed == [] and tab.errors == []

"""GX Data Docs open offline: built from a real run on the sample, opened in headless Chromium with
every request that is not file:// refused, the index lists the run's validation results."""
from __future__ import annotations

import base64
import hashlib
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
    # one validation result per file, under its suite's folder: other tests on this session's sample
    # warehouse may have validated a suite again, and the index lists every result (GX keeps 10)
    validations = db.parent / "gx" / "uncommitted" / "validations"
    results = [p.relative_to(validations).parts[0] for p in validations.rglob("*.json")]
    return {"index": index, "root": index.parent, "suites": set(results), "results": results}


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
    """The suite names in the drawn results table, and its row count. The table pages ten rows at a
    time; its own script (bootstrap-table, served from the site) is asked to draw every row at once."""
    total = page.evaluate("(sel) => $(sel).bootstrapTable('getOptions').totalRows", RESULTS_TABLE)
    page.evaluate("(sel) => $(sel).bootstrapTable('togglePagination')", RESULTS_TABLE)
    page.locator(f"{RESULTS_TABLE} tbody tr").nth(total - 1).wait_for(state="visible")
    return [c.strip() for c in page.locator(f"{RESULTS_TABLE} tbody tr td:last-child").all_inner_texts()], total


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
    assert sorted(names) == sorted(site["results"])
    assert set(names) == site["suites"] and total == len(site["results"])


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

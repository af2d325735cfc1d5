"""The Dagster webserver shows the quality checks and their latest results.

A real run (`ogi run` as a subprocess, recording into a temporary DAGSTER_HOME) on the broken
findings fixtures, then `dagster-webserver` on 127.0.0.1 (a free port) against workspace.yaml with the
same DAGSTER_HOME / OGI_WAREHOUSE / OGI_INBOX; its GraphQL API is asked for the asset checks and
their latest executions. The server is shut down afterwards.
"""
import contextlib
import json
import os
import shutil
import signal
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import pytest

from tests.conftest import ROOT

BIN = Path(sys.executable).parent
WEBSERVER = BIN / "dagster-webserver"

QUERY = """
query Checks($keys: [AssetKeyInput!]) {
  assetNodes(assetKeys: $keys) {
    assetKey { path }
    assetChecksOrError {
      __typename
      ... on AssetChecks {
        checks {
          name
          blocking
          executionForLatestMaterialization {
            runId
            status
            evaluation { success severity metadataEntries { label } }
          }
        }
      }
    }
  }
}
"""


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _graphql(port: int, query: str, variables: dict) -> dict:
    req = urllib.request.Request(
        f"http://127.0.0.1:{port}/graphql",
        data=json.dumps({"query": query, "variables": variables}).encode(),
        headers={"Content-Type": "application/json"},
    )
    with urllib.request.urlopen(req, timeout=60) as resp:
        body = json.loads(resp.read())
    assert "errors" not in body, body.get("errors")
    return body["data"]


def _wait_ready(port: int, proc: subprocess.Popen, timeout: float = 180) -> None:
    deadline = time.time() + timeout
    while time.time() < deadline:
        if proc.poll() is not None:
            raise AssertionError(f"dagster-webserver exited with {proc.returncode}")
        try:
            with urllib.request.urlopen(f"http://127.0.0.1:{port}/server_info", timeout=5) as r:
                if r.status == 200:
                    # the code location loads after the server answers
                    data = _graphql(port, "{ workspaceOrError { ... on Workspace { locationEntries { "
                                          "locationOrLoadError { __typename } } } } }", {})
                    entries = data["workspaceOrError"]["locationEntries"]
                    if entries and all(e["locationOrLoadError"] for e in entries):
                        kinds = {e["locationOrLoadError"]["__typename"] for e in entries}
                        assert kinds == {"RepositoryLocation"}, kinds
                        return
        except (OSError, KeyError, TypeError):
            pass
        time.sleep(1)
    raise AssertionError("dagster-webserver did not become ready")


@pytest.fixture(scope="module")
def served(tmp_path_factory):
    """One real run recorded in a temporary DAGSTER_HOME, and dagster-webserver serving it on 127.0.0.1."""
    if not WEBSERVER.exists():
        pytest.skip("dagster-webserver not installed")
    tmp_path = tmp_path_factory.mktemp("served")
    inbox = tmp_path / "inbox"
    shutil.copytree(ROOT / "tests" / "fixtures" / "findings" / "broken", inbox)
    db = tmp_path / "wh" / "ogi.duckdb"
    home = tmp_path / "dagster_home"
    env = {**os.environ, "OGI_INBOX": str(inbox), "OGI_WAREHOUSE": str(db), "DAGSTER_HOME": str(home),
           "DAGSTER_DISABLE_TELEMETRY": "1"}

    run = subprocess.run([str(BIN / "ogi"), "run"], check=False, cwd=ROOT, env=env, capture_output=True, text=True, timeout=600)
    assert run.returncode == 0, run.stdout + run.stderr
    # `ogi run` puts the instance settings `make ui` uses in place (pool "warehouse" limit 1, one run at a time)
    assert (home / "dagster.yaml").read_text() == (ROOT / "orchestration" / "dagster.yaml").read_text()

    port = _free_port()
    proc = subprocess.Popen(
        [str(WEBSERVER), "-w", str(ROOT / "workspace.yaml"), "-h", "127.0.0.1", "-p", str(port)],
        cwd=ROOT, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, start_new_session=True,
    )
    try:
        _wait_ready(port, proc)
        yield {"port": port, "db": db, "env": env}
    finally:
        os.killpg(proc.pid, signal.SIGTERM)
        try:
            proc.wait(timeout=30)
        except subprocess.TimeoutExpired:
            os.killpg(proc.pid, signal.SIGKILL)
            proc.wait(timeout=10)


def test_ogi_status_reads_the_same_instance(served):
    db, env = served["db"], served["env"]
    assert (db.parent / "data_docs" / "index.html").exists()
    status = subprocess.run([str(BIN / "ogi"), "status"], check=False, cwd=ROOT, env=env, capture_output=True, text=True, timeout=300)
    assert status.returncode == 0, status.stderr
    assert "latest run" in status.stdout and "SUCCESS" in status.stdout
    assert "intermediate/int_rule_results:rule_t3_balance" in status.stdout and "failed (WARN)" in status.stdout


def test_webserver_graphql_shows_checks_and_latest_results(served):
    port = served["port"]
    keys = [{"path": ["intermediate", "int_rule_results"]}, {"path": ["marts", "fct_reports"]},
            {"path": ["staging", "stg_reports"]}]
    data = _graphql(port, QUERY, {"keys": keys})
    checks = {}
    for node in data["assetNodes"]:
        asset = "/".join(node["assetKey"]["path"])
        assert node["assetChecksOrError"]["__typename"] == "AssetChecks"
        for c in node["assetChecksOrError"]["checks"]:
            checks[(asset, c["name"])] = c

    # report rules: WARN, not blocking, latest execution failed on the broken fixtures
    rule = checks[("intermediate/int_rule_results", "rule_t3_balance")]
    assert rule["blocking"] is False
    execution = rule["executionForLatestMaterialization"]
    assert execution is not None and execution["status"] == "FAILED"
    assert execution["evaluation"]["severity"] == "WARN" and execution["evaluation"]["success"] is False
    labels = {m["label"] for m in execution["evaluation"]["metadataEntries"]}
    assert {"failed", "sample", "data_docs"} <= labels
    assert sum(1 for (a, n) in checks if n.startswith("rule_")) == 17  # expectations.runner.RULES

    # structural suites: ERROR, blocking, passed
    for key in [("marts/fct_reports", "ge_fct_reports"), ("intermediate/int_rule_results", "ge_int_rule_results"),
                ("staging/stg_reports", "ge_file_accounting")]:
        c = checks[key]
        assert c["blocking"] is True
        assert c["executionForLatestMaterialization"]["status"] == "SUCCEEDED", key
        assert c["executionForLatestMaterialization"]["evaluation"]["severity"] == "ERROR"
    # dbt tests are checks too
    assert any(n.startswith("unique_") for (_, n) in checks)


# ---------------------------------------------------------------- the UI in a real browser

CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser")
ARTIFACTS = ROOT / "test-artifacts"


@pytest.fixture(scope="module")
def browser():
    if CHROMIUM is None:
        pytest.skip("Chromium is not installed (Debian: apt-get install chromium); .ci/run installs it")
    sync_api = pytest.importorskip("playwright.sync_api", reason="playwright is not installed")
    with sync_api.sync_playwright() as p:
        b = p.chromium.launch(executable_path=CHROMIUM, args=[
            "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking",
            "--disable-component-update", "--disable-sync"])
        try:
            yield b
        finally:
            b.close()


def _page(browser, url: str, name: str, expect: list[str], height: int = 1000) -> str:
    """Open `url`, wait until every text in `expect` is visible, save a screenshot, return the HTML.

    Long lists such as the asset catalog render only the rows in view: give them the `height` they need."""
    from playwright.sync_api import TimeoutError as PlaywrightTimeout

    page = browser.new_page(viewport={"width": 1400, "height": height})
    ARTIFACTS.mkdir(exist_ok=True)
    try:
        page.goto(url, wait_until="load", timeout=60000)
        skip = page.get_by_role("button", name="Skip")  # Dagster's first-visit "join the community" dialog
        with contextlib.suppress(PlaywrightTimeout):  # the dialog is shown only on a first visit
            skip.wait_for(state="visible", timeout=5000)
            skip.click()
        for text in expect:
            page.get_by_text(text, exact=False).first.wait_for(state="visible", timeout=60000)
        return page.content()
    finally:
        page.screenshot(path=str(ARTIFACTS / f"{name}.png"), full_page=True)
        page.close()


def test_browser_shows_the_asset_graph_and_catalog(served, browser):
    _page(browser, f"http://127.0.0.1:{served['port']}/asset-groups", "dagster_asset_graph",
          ["Global asset lineage", "raw", "staging", "intermediate", "marts", "publish"])
    html = _page(browser, f"http://127.0.0.1:{served['port']}/assets?view=flat", "dagster_asset_catalog",
                 ["fct_reports", "stg_figures", "raw_files"], height=6000)
    assert "warehouse_snapshot" in html


def test_browser_shows_an_assets_latest_check_results(served, browser):
    html = _page(browser, f"http://127.0.0.1:{served['port']}/assets/intermediate/int_rule_results?view=checks",
                 "dagster_asset_checks", ["rule_t3_balance", "ge_int_rule_results"])
    assert "Not Evaluated" not in html or html.count("Not Evaluated") < 5
    assert "Failed" in html and ("Passed" in html or "Succeeded" in html)


def test_browser_opens_the_data_docs_and_the_report(served, browser, tmp_path):
    docs = served["db"].parent / "data_docs" / "index.html"
    # the index's tables are drawn by scripts served beside it (tests/test_data_docs_offline.py checks them offline)
    html = _page(browser, docs.as_uri(), "ge_data_docs", ["Data Docs", "Validation Results", "Expectation Suites"])
    assert "fct_reports" in html and "int_rule_results" in html
    report = tmp_path / "report.html"
    out = subprocess.run([str(BIN / "ogi"), "report", "--output", str(report)], check=False, cwd=ROOT, env=served["env"],
                         capture_output=True, text=True, timeout=300)
    assert out.returncode == 0, out.stderr
    html = _page(browser, report.as_uri(), "ogi_report", ["Applications by year", "Outcome shares"])
    assert html.count("data:image/png;base64") == 2

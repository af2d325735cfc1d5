"""The Dagster webserver shows the quality checks and their latest results.

A real run (`ogi run` as a subprocess, recording into a temporary DAGSTER_HOME) on the broken
findings fixtures, then `dagster-webserver` on 127.0.0.1 (a free port) against workspace.yaml with the
same DAGSTER_HOME / OGI_WAREHOUSE / OGI_INBOX; its GraphQL API is asked for the asset checks and
their latest executions. The server is shut down afterwards.
"""
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


@pytest.mark.skipif(not WEBSERVER.exists(), reason="dagster-webserver not installed")
def test_webserver_graphql_shows_checks_and_latest_results(tmp_path):
    inbox = tmp_path / "inbox"
    shutil.copytree(ROOT / "tests" / "fixtures" / "findings" / "broken", inbox)
    db = tmp_path / "wh" / "ogi.duckdb"
    home = tmp_path / "dagster_home"
    env = {**os.environ, "OGI_INBOX": str(inbox), "OGI_WAREHOUSE": str(db), "DAGSTER_HOME": str(home),
           "DAGSTER_DISABLE_TELEMETRY": "1"}

    # the instance settings `make ui` uses (pool "warehouse" limit 1, one run at a time)
    home.mkdir()
    shutil.copyfile(ROOT / "orchestration" / "dagster.yaml", home / "dagster.yaml")

    run = subprocess.run([str(BIN / "ogi"), "run"], cwd=ROOT, env=env, capture_output=True, text=True, timeout=600)
    assert run.returncode == 0, run.stdout + run.stderr
    assert (db.parent / "data_docs" / "index.html").exists()

    # ogi status reads the same instance: the latest run and every check's state
    status = subprocess.run([str(BIN / "ogi"), "status"], cwd=ROOT, env=env, capture_output=True, text=True, timeout=300)
    assert status.returncode == 0, status.stderr
    assert "latest run" in status.stdout and "SUCCESS" in status.stdout
    assert "intermediate/int_rule_results:rule_t3_balance" in status.stdout and "failed (WARN)" in status.stdout

    port = _free_port()
    proc = subprocess.Popen(
        [str(WEBSERVER), "-w", str(ROOT / "workspace.yaml"), "-h", "127.0.0.1", "-p", str(port)],
        cwd=ROOT, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, start_new_session=True,
    )
    try:
        _wait_ready(port, proc)
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
        assert sum(1 for (a, n) in checks if n.startswith("rule_")) == 9

        # structural suites: ERROR, blocking, passed
        for key in [("marts/fct_reports", "ge_fct_reports"), ("intermediate/int_rule_results", "ge_int_rule_results"),
                    ("staging/stg_reports", "ge_file_accounting")]:
            c = checks[key]
            assert c["blocking"] is True
            assert c["executionForLatestMaterialization"]["status"] == "SUCCEEDED", key
            assert c["executionForLatestMaterialization"]["evaluation"]["severity"] == "ERROR"
        # dbt tests are checks too
        assert any(n.startswith("unique_") for (_, n) in checks)
    finally:
        os.killpg(proc.pid, signal.SIGTERM)
        try:
            proc.wait(timeout=30)
        except subprocess.TimeoutExpired:
            os.killpg(proc.pid, signal.SIGKILL)
            proc.wait(timeout=10)

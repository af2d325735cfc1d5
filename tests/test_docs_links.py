"""The README and docs point at things that exist: every relative link resolves to a file, and every
repository path the README names in backticks (`ingest/parsers/`, `orchestration/definitions.py`)
is there, so a newcomer can find any module by what the front door says."""
from __future__ import annotations

import re
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
DOCS = [ROOT / "README.md", ROOT / "bench" / "README.md", *sorted((ROOT / "docs").glob("*.md"))]
_LINK = re.compile(r"\]\(([^)#\s]+)(?:#[^)]*)?\)")
_PATH = re.compile(r"`((?:ingest|orchestration|dbt_project|expectations|bench|tests|docs|data|app|ogi)/[^`\s]*)`")
_TOP = ("ingest/", "orchestration/", "dbt_project/", "expectations/", "bench/", "tests/", "docs/", "data/", "app/", "ogi/")


@pytest.mark.parametrize("doc", DOCS, ids=lambda p: str(p.relative_to(ROOT)))
def test_relative_links_resolve(doc):
    broken = [t for t in _LINK.findall(doc.read_text(encoding="utf-8"))
              if not t.startswith(("http://", "https://", "mailto:")) and not (doc.parent / t).exists()]
    assert not broken, f"{doc.name}: links to missing files {broken}"


def test_readme_paths_exist():
    text = (ROOT / "README.md").read_text(encoding="utf-8")
    named = {p.rstrip(".,;:") for p in _PATH.findall(text)}
    missing = sorted(p for p in named if "*" not in p and not (ROOT / p).exists())
    assert named, "the README names no module"
    assert not missing, f"README names paths that do not exist: {missing}"


def test_readme_modules_in_the_layer_table():
    """the layer table names each module by its path: each cell's bare names (`sections.py`,
    `metadata/`) exist under the package the row names first."""
    text = (ROOT / "README.md").read_text(encoding="utf-8")
    table = text.split("| layer | where | what |", 1)[1].split("\n\n", 1)[0]
    for row in table.splitlines()[1:]:
        cells = [c.strip() for c in row.strip("|").split("|")]
        where = re.findall(r"`([^`]+)`", cells[1])
        assert all(w.startswith(_TOP) and (ROOT / w.replace("*.yml", "")).exists() for w in where), row
        base = next((ROOT / w for w in where if w.endswith("/")), None)
        if base is None:
            continue
        for name in re.findall(r"`([\w/]+(?:\.py|/))`", cells[2]):
            assert (base / name).exists() or (ROOT / name).exists(), f"{name} not under {base}"

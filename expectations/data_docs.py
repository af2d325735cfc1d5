"""The GX file context of a warehouse, and its Data Docs site.

The context's configuration is committed in `expectations/gx/great_expectations.yml`; at run time it
is instantiated beside the warehouse file (never inside the repository):

    <warehouse folder>/gx/                 GX project: config copy, suites loaded from expectations/suites,
                                           validation results (the latest KEEP_RESULTS per suite)
    <warehouse folder>/data_docs/index.html  the static Data Docs site, brought up to date after every validation batch;
                                           its styles and scripts are copied beside it (static/vendor/), so it
                                           opens offline (expectations/data_docs_assets.py)

`python -m expectations.data_docs` (what `make docs` runs) rebuilds the site from the stored results
and prints where it is; it opens nothing.
"""
from __future__ import annotations

import logging
import os
import shutil
import sys
from pathlib import Path

from expectations import data_docs_assets

TEMPLATE = Path(__file__).resolve().parent / "gx" / "great_expectations.yml"
KEEP_RESULTS = 10  # validation results kept per suite (older ones are pruned before the docs are built)


def project_root(warehouse_file: Path) -> Path:
    """The folder that holds the runtime `gx/` project: the warehouse's folder."""
    return Path(warehouse_file).resolve().parent


def docs_dir(warehouse_file: Path) -> Path:
    return project_root(warehouse_file) / "data_docs"


def index_path(warehouse_file: Path) -> Path:
    return docs_dir(warehouse_file) / "index.html"


def docs_url(warehouse_file: Path) -> str:
    return index_path(warehouse_file).as_uri()


def _quiet() -> None:
    os.environ.setdefault("GX_ANALYTICS_ENABLED", "false")
    logging.getLogger("great_expectations").setLevel(logging.WARNING)


def get_context(warehouse_file: Path):
    """A GX FileDataContext rooted at <warehouse folder>/gx, configured from the committed template."""
    _quiet()
    import great_expectations as gx

    root = project_root(warehouse_file)
    gx_dir = root / "gx"
    gx_dir.mkdir(parents=True, exist_ok=True)
    config = gx_dir / "great_expectations.yml"
    # The template is the configuration; GX adds the pandas datasource to the copy at run time.
    shutil.copyfile(TEMPLATE, config)
    ctx = gx.get_context(mode="file", project_root_dir=str(root))
    ctx.variables.progress_bars = {"globally": False}
    return ctx


def prune_results(warehouse_file: Path, keep: int = KEEP_RESULTS) -> list[Path]:
    """Keep the latest `keep` validation results of each suite (results are <suite>/<run>/<time>/<batch>.json);
    return the removed ones' paths relative to the results folder."""
    base = project_root(warehouse_file) / "gx" / "uncommitted" / "validations"
    if not base.is_dir():
        return []
    removed = []
    for suite_dir in (p for p in base.iterdir() if p.is_dir()):
        files = sorted(suite_dir.rglob("*.json"), key=lambda p: p.stat().st_mtime, reverse=True)
        for old in files[keep:]:
            old.unlink(missing_ok=True)
            removed.append(old.relative_to(base))
        for d in sorted((p for p in suite_dir.rglob("*") if p.is_dir()), key=lambda p: len(p.parts), reverse=True):
            if not any(d.iterdir()):
                d.rmdir()
    return removed


def result_keys(ctx) -> set:
    """The identifiers of the validation results stored in the context (to tell a step's new ones)."""
    return set(ctx.validation_results_store.list_keys())


def build(warehouse_file: Path, ctx=None, new_results: set | None = None) -> Path:
    """Bring the Data Docs site up to date with the stored suites and validation results; return
    index.html. With `new_results` (the identifiers a step just stored, see `result_keys`) and a site
    already there, only their pages, the suites' pages and the index are rendered and the pages of
    pruned results removed: a full rebuild renders every kept result again (~2 s of each check step
    at 24 suites x 10 results). Without, the whole site is rebuilt."""
    removed = prune_results(warehouse_file)
    ctx = ctx or get_context(warehouse_file)
    site = docs_dir(warehouse_file)
    if new_results is not None and (site / "index.html").is_file():
        for rel in removed:
            (site / "validations" / rel.with_suffix(".html")).unlink(missing_ok=True)
        suites = set(ctx.expectations_store.list_keys())
        ctx.build_data_docs(resource_identifiers=list(suites | set(new_results)))
    else:
        if site.exists():
            shutil.rmtree(site)  # full rebuild: no page of a pruned result is left behind
        ctx.build_data_docs()
    left = data_docs_assets.vendor(site)
    if left:
        logging.getLogger(__name__).warning("Data Docs still load from the network: %s", "; ".join(left[:3]))
    return index_path(warehouse_file)


def main(argv: list[str] | None = None) -> int:
    from ingest.config import warehouse_path

    argv = sys.argv[1:] if argv is None else argv
    db = Path(argv[0]) if argv else warehouse_path()
    results = project_root(db) / "gx" / "uncommitted" / "validations"
    if not results.is_dir():
        print(f"no validation results beside {db} yet: run the pipeline first (make run)")
        print(f"Data Docs will be at {index_path(db)}")
        return 1
    index = build(db)
    print(f"Data Docs: {index}")
    print(f"           {index.as_uri()}")
    return 0


if __name__ == "__main__":
    sys.exit(main())

# ogi-warehouse: every target installs what it needs into .venv first.
PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed
export OGI_WAREHOUSE ?= $(CURDIR)/warehouse/ogi.duckdb
export OGI_INBOX ?= $(CURDIR)/data/sample
export DAGSTER_HOME ?= $(CURDIR)/.dagster_home

.PHONY: install run test ui app eval bench docs lint clean

$(STAMP): pyproject.toml constraints.txt
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install -q --upgrade "pip" "uv" || true
	if test -x $(BIN)/uv; then \
	  $(BIN)/uv pip install --python $(BIN)/python -q -c constraints.txt -e ".[dev]"; \
	else \
	  $(BIN)/python -m pip install -q -c constraints.txt -e ".[dev]"; \
	fi
	touch $(STAMP)

# The dbt manifest, rebuilt whenever the dbt project changes (Dagster loads it; it never runs dbt parse at import).
MANIFEST := dbt_project/target/manifest.json
$(MANIFEST): $(STAMP) dbt_project/dbt_project.yml $(shell find dbt_project/models dbt_project/macros dbt_project/tests -type f 2>/dev/null)
	$(BIN)/python -m orchestration.prepare

# The styles and scripts GX Data Docs load from CDNs, fetched once from the npm registry (pinned
# versions, expectations/data_docs_assets.py), so the docs open offline.
DOCS_ASSETS := $(VENV)/share/ogi-data-docs/packages.json
$(DOCS_ASSETS): $(STAMP) expectations/data_docs_assets.py
	$(BIN)/python -m expectations.data_docs_assets
	touch $@

install: $(STAMP) $(MANIFEST) $(DOCS_ASSETS)

## Materialise the whole asset graph once on $(OGI_INBOX) into $(OGI_WAREHOUSE).
run: install
	$(BIN)/ogi run

## The whole test suite (what .ci/run calls).
test: install
	$(BIN)/python -m pytest -q -n 2 --dist loadfile

## Dagster UI on 127.0.0.1 (asset graph, runs, schedule, sensor, checks).
ui: install
	mkdir -p $(DAGSTER_HOME) && cp -n orchestration/dagster.yaml $(DAGSTER_HOME)/dagster.yaml || true
	$(BIN)/dagster dev -w workspace.yaml -h 127.0.0.1 -p $${PORT:-3000}

## The analyst's workbench (docs/app.md) on 127.0.0.1, over the published snapshot of $(OGI_WAREHOUSE) (PORT=…).
app: install
	$(BIN)/ogi app --port $${PORT:-8501}

## Docs sites, built beside $(OGI_WAREHOUSE): GX Data Docs of the latest checks and the dbt docs; prints where (opens nothing).
docs: install
	$(BIN)/python -m expectations.data_docs $(OGI_WAREHOUSE)
	cd dbt_project && $(CURDIR)/$(BIN)/dbt docs generate --static --quiet --profiles-dir . \
	  --target-path $(dir $(OGI_WAREHOUSE))dbt_docs
	@echo "dbt docs (every model and column): $(dir $(OGI_WAREHOUSE))dbt_docs/static_index.html"

## Parser accuracy on the labelled corpus and on synthetic reports, then on the labelled reports under each damage.
eval: install
	$(BIN)/python -m ingest.evaluation.evaluate
	$(BIN)/python -m ingest.evaluation.degradation
	$(BIN)/python -m ingest.evaluation.format_eval

## End-to-end benchmark on N synthetic reports (bench/README.md); results in bench/results/.
## KEEP=DIR keeps the corpus and warehouse there (a corpus of N files already there is reused).
## FORMATS=text,html,pdf,scan (or FORMATS=all) measures parsing speed per input format instead (bench/formats.py).
N ?= 1000
bench: install
	$(BIN)/python -m bench.run --n $(N) $(if $(KEEP),--keep $(KEEP)) $(if $(FORMATS),--formats $(FORMATS))

## Everything runs made, except the users' reviews (warehouse/*.reviews.jsonl): those are never deleted.
clean:
	find warehouse -mindepth 1 -maxdepth 1 ! -name '*.reviews.jsonl' -exec rm -rf {} + 2>/dev/null || true
	rm -rf .dagster_home dbt_project/target dbt_project/logs

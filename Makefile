# ascc-analysis — `make help` lists the targets.
# Two commands on a fresh machine: `make report` (set up, build the corpus, run the reports) and `make test`.

PYTHON ?= python3
VENV   ?= .venv
BIN    := $(VENV)/bin
RAW    ?= data/raw
PROCESSED ?= data/processed
STAMP  := $(VENV)/.installed

.DEFAULT_GOAL := help
.PHONY: help install corpus report test lint typecheck unit lab clean browser

help: ## Show this help.
	@grep -hE '^[a-z][a-zA-Z_-]+:.*## ' $(MAKEFILE_LIST) | awk 'BEGIN {FS = ":.*## "}; {printf "  \033[36m%-12s\033[0m %s\n", $$1, $$2}'

$(STAMP): pyproject.toml
	@$(PYTHON) -c 'import sys; sys.exit("ascc-analysis needs Python >= 3.11, found " + sys.version.split()[0]) if sys.version_info < (3, 11) else None'
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e ".[dev]"
	@touch $(STAMP)

install: $(STAMP) ## Create the virtual environment and install the package with its dependencies.

corpus: install ## Build the processed corpus from data/raw/ (the synthetic demo corpus when it holds no statements).
	$(BIN)/ascc build --raw $(RAW) --out $(PROCESSED)

report: corpus ## Set up, build the corpus and write the reports to reports/ (the main job).
	$(BIN)/ascc report --corpus $(PROCESSED) --out reports

lint: install ## Check lint, formatting (ruff) and the pipeline's import boundaries (import-linter).
	$(BIN)/ruff check src tests notebooks benchmarks tools
	$(BIN)/ruff format --check src tests notebooks benchmarks tools
	$(BIN)/lint-imports --no-cache

typecheck: install ## Type-check the package (mypy --strict).
	$(BIN)/mypy

unit: install ## Run the test suite only.
	$(BIN)/pytest

test: lint typecheck unit ## Run every check CI runs: lint, types and the test suite.

browser: ## Install Debian's Chromium for the browser tests (apt-get; sudo when not root; nothing if present).
	@command -v chromium >/dev/null 2>&1 || { \
		SUDO=$$(test "$$(id -u)" -eq 0 || echo sudo); \
		$$SUDO env DEBIAN_FRONTEND=noninteractive apt-get update -qq && \
		$$SUDO env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium; }
	@chromium --version 2>/dev/null || { echo "chromium is not installed"; exit 1; }

lab: install ## Open JupyterLab on the notebooks with the project's environment.
	$(BIN)/python -c 'from ascc_analysis.report.runner import ensure_kernel; ensure_kernel()'
	$(BIN)/jupyter lab notebooks/

clean: ## Remove the processed corpus and the reports (they are rebuilt by `make report`).
	rm -rf $(PROCESSED)/*.parquet $(PROCESSED)/*.json $(PROCESSED)/.cache reports/*.html

# One entry point for maintainers and CI. Every target sets up .venv itself:
# the pinned requirements, then this project installed in editable mode, so
# `mkdocs`, `pytest` and `python -m tools.*` work from any folder of the repository.
PYTHON ?= python3
export NO_MKDOCS_2_WARNING := 1
VENV   := .venv
PY     := $(VENV)/bin/python
STAMP  := $(VENV)/.installed

.PHONY: serve build test test-slow lint check clean bench search-eval install

install: $(STAMP)  ## Create .venv with the pinned requirements and the project (editable)

serve: $(STAMP)  ## Serve the site at http://127.0.0.1:8000
	$(PY) -m mkdocs serve --dev-addr 127.0.0.1:8000

build: $(STAMP)  ## Build the static site into site/
	$(PY) -m mkdocs build --strict

# pytest-xdist: one worker per core (at most 4); a test file's tests stay in one worker, so
# a fixture site built once per module is built once; files are handed out in collection
# order (slowest first: RUN_FIRST in tests/conftest.py). PYTEST_XDIST= runs in one process.
PYTEST_XDIST ?= -n auto --maxprocesses 4 --dist loadfile --no-loadscope-reorder

test: $(STAMP)  ## Lint, then the fast test suite in parallel (real site built once, real Chromium)
	$(PY) -m ruff check .
	$(PY) -m pytest $(PYTEST_XDIST)

test-slow: $(STAMP)  ## The slow tests (LibreOffice rendering, large synthetic sites)
	$(PY) -m pytest -m slow

lint: $(STAMP)  ## ruff over the whole tree
	$(PY) -m ruff check .

check: $(STAMP)  ## Check every example and template page (python -m tools.check)
	$(PY) -m tools.check

bench: $(STAMP)  ## Build/search benchmark on synthetic corpora -> bench/LATEST.md (slow; bench/RESULTS.md is the annotated record)
	$(PY) -m bench.search_bench --out bench/LATEST.md

search-eval: $(STAMP)  ## Type the evaluation queries into the real search box, report hit rates
	$(PY) -m search_eval.evaluate

clean:
	rm -rf site .pytest_cache

# Re-install whenever the pins or the project metadata change.
$(STAMP): requirements.txt pyproject.toml
	test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -r requirements.txt
	$(PY) -m pip install --quiet --no-deps -e .
	touch $(STAMP)

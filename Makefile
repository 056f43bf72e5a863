# One entry point for maintainers and CI. Every target sets up .venv itself:
# the pinned requirements, then this project installed in editable mode, so
# `mkdocs`, `pytest` and `python -m tools.*` work from any folder of the repository.
PYTHON ?= python3
export NO_MKDOCS_2_WARNING := 1
VENV   := .venv
PY     := $(VENV)/bin/python
STAMP  := $(VENV)/.installed

.PHONY: serve build test test-slow lint check clean bench search-eval install bundles web-check

# Browser scripts: ES modules in web/src, bundled by web/build.mjs (esbuild) into the paths the
# site loads. npm ci runs again when the lock file changes; the bundles are rebuilt when a source,
# the build script or the shared text rules are newer.
NODE_STAMP := web/node_modules/.installed
BUNDLES    := docs/assets/javascripts/draft.js docs/assets/javascripts/takeaway.js \
              overrides/assets/javascripts/search-zh.js
WEB_SOURCES = $(shell find web/src -name '*.js') web/build.mjs gonghui_core/data/text_rules.json

install: $(STAMP) $(NODE_STAMP)  ## Create .venv with the pinned requirements and the project (editable); npm ci in web/

bundles: $(BUNDLES)  ## Build the browser bundles from web/src (node web/build.mjs)

web-check: $(NODE_STAMP)  ## Lint, type-check and unit-test the browser code (npm --prefix web run check)
	npm --prefix web run --silent check

serve: $(STAMP) $(BUNDLES)  ## Serve the site at http://127.0.0.1:8000
	$(PY) -m mkdocs serve --dev-addr 127.0.0.1:8000

build: $(STAMP) $(BUNDLES)  ## Build the static site into site/
	$(PY) -m mkdocs build --strict

# pytest-xdist: one worker per core (at most 4); a test file's tests stay in one worker, so
# a fixture site built once per module is built once; files are handed out in collection
# order (slowest first: RUN_FIRST in tests/conftest.py). PYTEST_XDIST= runs in one process.
PYTEST_XDIST ?= -n auto --maxprocesses 4 --dist loadfile --no-loadscope-reorder

# The browser code's checks (lint, types, node --test) run beside pytest; their output is shown after it.
test: $(STAMP) $(BUNDLES)  ## Lint, then the fast test suite in parallel (real site built once, real Chromium) and the browser code's checks
	$(PY) -m ruff check .
	@log=$$(mktemp); npm --prefix web run --silent check >$$log 2>&1 & web=$$!; \
	$(PY) -m pytest $(PYTEST_XDIST); tests=$$?; \
	wait $$web; checks=$$?; echo "--- npm --prefix web run check (exit $$checks)"; tail -n 40 $$log; rm -f $$log; \
	test $$tests -eq 0 && test $$checks -eq 0

test-slow: $(STAMP) $(BUNDLES)  ## The slow tests (LibreOffice rendering, large synthetic sites)
	$(PY) -m pytest -m slow

lint: $(STAMP) $(NODE_STAMP)  ## ruff over the whole tree, eslint over web/
	$(PY) -m ruff check .
	npm --prefix web run --silent lint

check: $(STAMP) $(BUNDLES)  ## Check every example and template page (python -m tools.check)
	$(PY) -m tools.check

bench: $(STAMP) $(BUNDLES)  ## Build/search benchmark on synthetic corpora -> bench/LATEST.md (slow; bench/RESULTS.md is the annotated record)
	$(PY) -m bench.search_bench --out bench/LATEST.md

search-eval: $(STAMP) $(BUNDLES)  ## Type the evaluation queries into the real search box, report hit rates
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

# npm ci again whenever the lock file changes (it empties node_modules, so the stamp goes inside).
$(NODE_STAMP): web/package-lock.json web/package.json
	npm ci --prefix web --no-audit --no-fund
	touch $(NODE_STAMP)

$(BUNDLES) &: $(NODE_STAMP) $(WEB_SOURCES)
	node web/build.mjs

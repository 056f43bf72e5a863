# One entry point for maintainers and CI. Every target sets up .venv itself.
PYTHON ?= python3
export NO_MKDOCS_2_WARNING := 1
VENV   := .venv
PY     := $(VENV)/bin/python
STAMP  := $(VENV)/.installed

.PHONY: serve build test check clean bench search-eval

serve: $(STAMP)  ## Serve the site at http://127.0.0.1:8000
	$(PY) -m mkdocs serve --dev-addr 127.0.0.1:8000

build: $(STAMP)  ## Build the static site into site/
	$(PY) -m mkdocs build --strict

test: $(STAMP)  ## Run the whole test suite
	$(PY) -m pytest

check: $(STAMP)  ## Check every example and template page (python -m tools.check)
	$(PY) -m tools.check

bench: $(STAMP)  ## Build/search benchmark on 1x/10x/30x synthetic corpora -> bench/LATEST.md (slow; bench/RESULTS.md is the annotated record)
	$(PY) bench/search_bench.py --out bench/LATEST.md

search-eval: $(STAMP)  ## Type the evaluation queries into the real search box, report hit rates
	$(PY) search_eval/evaluate.py

clean:
	rm -rf site .pytest_cache

# Re-install whenever requirements.txt changes.
$(STAMP): requirements.txt
	test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -r requirements.txt
	touch $(STAMP)

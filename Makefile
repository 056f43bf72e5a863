# One entry point for maintainers and CI. Every target sets up .venv itself.
PYTHON ?= python3
export NO_MKDOCS_2_WARNING := 1
VENV   := .venv
PY     := $(VENV)/bin/python
STAMP  := $(VENV)/.installed

.PHONY: serve build test check clean

serve: $(STAMP)  ## Serve the site at http://127.0.0.1:8000
	$(PY) -m mkdocs serve --dev-addr 127.0.0.1:8000

build: $(STAMP)  ## Build the static site into site/
	$(PY) -m mkdocs build --strict

test: $(STAMP)  ## Run the whole test suite
	$(PY) -m pytest

check: $(STAMP)  ## Check every example and template page (python -m tools.check)
	$(PY) -m tools.check

clean:
	rm -rf site .pytest_cache

# Re-install whenever requirements.txt changes.
$(STAMP): requirements.txt
	test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -r requirements.txt
	touch $(STAMP)

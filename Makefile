# The project's interface: `make help` lists the targets. Every target sets up what it needs.
SHELL := /bin/bash
PYTHON_SYSTEM ?= python3.11
VENV := .venv
PY := $(VENV)/bin/python
STAMP := $(VENV)/.installed
export NO_MKDOCS_2_WARNING := 1

.DEFAULT_GOAL := help
.PHONY: help setup browser serve build check test test-fast kiosk bench lock clean

help: ## List the targets with one line each
	@grep -hE '^[a-z-]+:.*## ' $(MAKEFILE_LIST) | awk -F':.*## ' '{printf "  make %-10s %s\n", $$1, $$2}'

$(STAMP): requirements.txt
	@command -v $(PYTHON_SYSTEM) >/dev/null || { echo "Python 3.11 is needed: apt-get install python3.11 python3.11-venv (or set PYTHON_SYSTEM=python3)"; exit 1; }
	test -x $(PY) || $(PYTHON_SYSTEM) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet --require-hashes -r requirements.txt
	touch $@

setup: $(STAMP) ## Create .venv and install the pinned, hash-checked dependencies

browser: setup ## Make sure Chromium is installed (apt-get as root; otherwise say what to install)
	@bash scripts/ensure-chromium.sh "$$($(PY) -m scripts.browser)"

serve: setup ## Set up, build and serve the site at http://127.0.0.1:8000 with live reload
	$(PY) -m scripts serve

build: setup ## Build the public site into site/ (strict: any warning fails)
	$(PY) -m scripts build

check: setup ## Fast content checks only (no browser): front matter, article text, translations, safety
	$(PY) -m scripts check

test: setup browser ## Set up everything and run every check: content checks, build, links, browser tests
	$(PY) -m scripts check --report reports
	$(PY) -m pytest

# The same command as the pre-commit hook `test-fast`; tests/conftest.py fails any unmarked test that wants a browser.
# Two processes, one per core; worksteal evens out the few long tests (builds, linkchecker).
test-fast: setup ## Every test that needs no browser, on two cores (under two minutes; what pre-commit and editors run)
	$(PY) -m pytest -m "not browser" -n 2 --dist worksteal

kiosk: setup ## Build the offline kiosk edition into dist/kiosk/ and its zip (SIGNED_OFF_ONLY=1: signed-off pages only)
	$(PY) -m scripts kiosk $(if $(filter 1 yes true,$(SIGNED_OFF_ONLY)),--signed-off-only)

bench: setup browser ## Print build, size and page-load figures next to a default Material site
	$(PY) -m scripts bench

lock: ## Recompile requirements.txt (hash-pinned) from requirements.in
	$(PYTHON_SYSTEM) -m venv /tmp/pip-tools-venv && /tmp/pip-tools-venv/bin/pip install --quiet pip-tools
	/tmp/pip-tools-venv/bin/pip-compile --generate-hashes --allow-unsafe --strip-extras -o requirements.txt requirements.in

clean: ## Remove built output (site/, dist/, reports/)
	rm -rf site dist reports .pytest_cache

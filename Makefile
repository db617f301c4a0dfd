# Each target says what it does: `make help` lists them.
#
# Everything is installed into a virtual environment of the project's own, $(VENV), which `make` makes with
# $(PYTHON) the first time: a system Python whose pip is "externally managed" (PEP 668: Debian 12, Ubuntu 23.04 and
# later) refuses to install anywhere else. The recipes run the environment's own programs (its bin/ comes first on
# PATH), so nothing needs activating. `make PYTHON=python3.12` picks another Python; `rm -rf .venv` starts afresh.
PYTHON ?= python3
VENV ?= .venv
BIN := $(VENV)/bin
SUDO := $(shell [ "$$(id -u)" = 0 ] || echo sudo)
export PATH := $(abspath $(BIN)):$(PATH)

.PHONY: help install serve build check test lint format chromium icu

help: ## list the targets
	@grep -E '^[a-z-]+:.*## ' $(MAKEFILE_LIST) | awk -F':.*## ' '{printf "  %-8s %s\n", $$1, $$2}'

# The environment itself. Debian and Ubuntu ship venv's ensurepip apart, in python3-venv: say so rather than leave
# a half-made environment behind.
$(BIN)/python:
	@command -v $(PYTHON) >/dev/null || { \
	  echo "make: $(PYTHON) not found. On Debian or Ubuntu: sudo apt-get install python3 python3-venv" >&2; exit 1; }
	@$(PYTHON) -c 'import sys; sys.exit(sys.version_info < (3, 11))' || { \
	  echo "make: the tracker needs Python 3.11 or later; $(PYTHON) is $$($(PYTHON) -V 2>&1)." >&2; exit 1; }
	@$(PYTHON) -c 'import ensurepip, venv' 2>/dev/null || { \
	  echo "make: $(PYTHON) cannot make a virtual environment (no ensurepip)." >&2; \
	  echo "      On Debian or Ubuntu: sudo apt-get install python3-venv" >&2; exit 1; }
	$(PYTHON) -m venv $(VENV) || { rm -rf $(VENV); exit 1; }

# What is installed is noted beside it, so that a second `make serve` starts at once; a change to pyproject.toml
# installs again.
$(VENV)/.installed: pyproject.toml | $(BIN)/python icu
	$(BIN)/python -m pip install -q -e '.[import]'
	@touch $@

$(VENV)/.installed-test: pyproject.toml | $(BIN)/python icu
	$(BIN)/python -m pip install -q -e '.[import,test]'
	@touch $@ $(VENV)/.installed

install: $(VENV)/.installed ## make .venv and install the tracker in it, with everything it needs (.venv/bin/tracker)

serve: install ## check the data, then build and serve the site at http://127.0.0.1:8000
	$(BIN)/tracker check
	$(BIN)/tracker serve

build: install ## build the site into site/
	$(BIN)/tracker build

check: install ## validate every data file
	$(BIN)/tracker check

lint: $(VENV)/.installed-test ## ruff (lint, formatting), zizmor (the workflows' security: offline, every audit), mypy (types)
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/zizmor --offline --persona=pedantic .github/workflows
	$(BIN)/mypy

format: $(VENV)/.installed-test ## ruff: fix formatting
	$(BIN)/ruff format .

icu: ## install Debian's ICU headers and a compiler, which PyICU (Vietnamese collation) is built with
	@pkg-config --exists icu-i18n 2>/dev/null && command -v g++ >/dev/null || { $(SUDO) apt-get update -q && $(SUDO) apt-get install -y -q libicu-dev pkg-config g++; }

chromium: ## install Debian's Chromium for the browser tests (Playwright's own browser download cannot work here)
	@command -v chromium >/dev/null || { $(SUDO) apt-get update -q && $(SUDO) apt-get install -y -q chromium; }

test: chromium $(VENV)/.installed-test ## install what the tests need, lint, and run the whole test suite
	$(MAKE) lint
	$(BIN)/python -m pytest

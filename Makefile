# Each target says what it does: `make help` lists them.
PYTHON ?= python3
SUDO := $(shell [ "$$(id -u)" = 0 ] || echo sudo)

.PHONY: help install serve build check test lint format chromium icu

help: ## list the targets
	@grep -E '^[a-z-]+:.*## ' $(MAKEFILE_LIST) | awk -F':.*## ' '{printf "  %-8s %s\n", $$1, $$2}'

install: icu ## install the tracker and everything it needs to build the site
	$(PYTHON) -m pip install -q -e .

icu: ## install Debian's ICU headers and a compiler, which PyICU (Vietnamese collation) is built with
	@pkg-config --exists icu-i18n 2>/dev/null && command -v g++ >/dev/null || { $(SUDO) apt-get update -q && $(SUDO) apt-get install -y -q libicu-dev pkg-config g++; }

serve: install ## check the data, then build and serve the site at http://127.0.0.1:8000
	tracker check
	tracker serve

build: install ## build the site into site/
	tracker build

check: install ## validate every data file
	tracker check

lint: ## ruff: lint and formatting; zizmor: the workflows' security (offline, every audit, zero findings)
	ruff check .
	ruff format --check .
	zizmor --offline --persona=pedantic .github/workflows

format: ## ruff: fix formatting
	ruff format .

chromium: ## install Debian's Chromium for the browser tests (Playwright's own browser download cannot work here)
	@command -v chromium >/dev/null || { $(SUDO) apt-get update -q && $(SUDO) apt-get install -y -q chromium; }

test: chromium icu ## install what the tests need, lint, and run the whole test suite
	$(PYTHON) -m pip install -q -e '.[test]'
	$(MAKE) lint
	$(PYTHON) -m pytest

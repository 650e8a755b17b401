# Two commands do everything: `make site` (set up, check, build) and `make test`.
# Every target creates what it needs, so they work on a fresh clone.

PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
TEST_STAMP := $(VENV)/.installed-test
BROWSER_STAMP := node_modules/.installed

.PHONY: site serve test check generate clean

$(STAMP): pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet -e .
	touch $@

$(TEST_STAMP): $(STAMP) pyproject.toml
	$(BIN)/pip install --quiet -e '.[test]'
	touch $@

# Chromium from Debian, Java for the Nu Html Checker, pinned npm tools from the lock file.
$(BROWSER_STAMP): package.json package-lock.json
	@command -v chromium >/dev/null 2>&1 && command -v java >/dev/null 2>&1 || { \
	  if [ "$$(id -u)" = 0 ]; then apt-get update -qq && \
	    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends chromium default-jre-headless >/dev/null; \
	  else echo "Chromium and Java are needed: run 'sudo apt-get install chromium default-jre-headless'"; exit 1; fi; }
	npm ci --silent --no-audit --no-fund
	touch $@

## site: check the data and build site/ from it
site: $(STAMP)
	$(BIN)/python -m generator build

## serve: preview with live reload (also reloads on edits in data/)
serve: $(STAMP)
	$(BIN)/python -m generator serve

## check: check the data only
check: $(STAMP)
	$(BIN)/python -m generator check

## test: run every test, installing what the tests need
test: $(TEST_STAMP) $(BROWSER_STAMP)
	$(BIN)/ruff check generator tests benchmarks
	$(BIN)/mypy
	$(BIN)/python -m pytest

clean:
	rm -rf site .site-build-* $(VENV) node_modules

# Two commands do everything: `make site` (set up, check, build) and `make test`.
# Every target creates what it needs, so they work on a fresh clone.

PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
TEST_STAMP := $(VENV)/.installed-test
BROWSER_STAMP := node_modules/.installed

.PHONY: site serve test check generate clean browsers

$(STAMP): pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet -e .
	touch $@

$(TEST_STAMP): $(STAMP) pyproject.toml
	$(BIN)/pip install --quiet -e '.[test]'
	touch $@

# Debian's Chromium (and a Java runtime for the Nu Html Checker, only if none is
# installed). Checked on every run, not stamped: apt installs live outside the
# work tree, so a kept checkout on a fresh machine still gets them. As root it
# installs them (apt-get update once, then one install), then proves Chromium
# starts headless, so a broken install fails here and not in the middle of pytest.
CHROMIUM_FLAGS := --headless --no-sandbox --disable-gpu --disable-background-networking \
  --disable-component-update --disable-sync --no-first-run --disable-quic

browsers:
	@missing=""; \
	command -v chromium >/dev/null 2>&1 || missing=" chromium"; \
	command -v java >/dev/null 2>&1 || missing="$$missing default-jre-headless"; \
	if [ -n "$$missing" ]; then \
	  as_root=""; \
	  if [ "$$(id -u)" != 0 ]; then \
	    if sudo -n true 2>/dev/null; then as_root="sudo -n"; else \
	      echo "The browser tests need:$$missing. Run: sudo apt-get install --no-install-recommends$$missing" >&2; \
	      exit 1; \
	    fi; \
	  fi; \
	  echo "Installing$$missing from Debian's packages (about 20 s)..."; \
	  $$as_root apt-get update -qq || exit 1; \
	  $$as_root env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends $$missing \
	    </dev/null >/dev/null || exit 1; \
	  profile=$$(mktemp -d); \
	  timeout 60 chromium $(CHROMIUM_FLAGS) --user-data-dir="$$profile" \
	    --dump-dom 'data:text/html,<title>started</title>' 2>/dev/null | grep -q '<title>started</title>'; \
	  started=$$?; rm -rf "$$profile"; \
	  if [ $$started != 0 ]; then echo "Chromium was installed but does not start headless." >&2; exit 1; fi; \
	  echo "Installed:$$missing ($$(chromium --version 2>/dev/null))"; \
	fi

# Pinned npm tools (axe-core, vnu-jar) exactly as the lock file says. Install
# scripts stay off: vnu-jar's only script fetches a Java runtime we do not need.
$(BROWSER_STAMP): package.json package-lock.json
	npm ci --silent --no-audit --no-fund --ignore-scripts
	touch $@

## site: check the data and build site/ from it
site: $(STAMP) $(BROWSER_STAMP)
	$(BIN)/python -m generator build

## serve: preview with live reload (also reloads on edits in data/)
serve: $(STAMP)
	$(BIN)/python -m generator serve

## check: check the data only
check: $(STAMP)
	$(BIN)/python -m generator check

## test: run every test, installing what the tests need
test: $(TEST_STAMP) browsers $(BROWSER_STAMP)
	$(BIN)/ruff check generator tests benchmarks engines
	$(BIN)/mypy
	$(BIN)/lint-imports
	$(BIN)/python -m pytest

clean:
	rm -rf site .site-build-* $(VENV) node_modules

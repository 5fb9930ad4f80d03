# Hamstring Atlas. `make site` builds the guide; `make test` runs every test.
# Both create the virtual environment and install what they need on a fresh machine.

PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
# A fixed build date keeps two builds of the same tree byte-identical.
export SOURCE_DATE_EPOCH ?= $(shell git log -1 --format=%ct 2>/dev/null || echo 0)
export NO_MKDOCS_2_WARNING := 1
export PYTHONDONTWRITEBYTECODE := 1

.PHONY: site test serve check lint clean audit browser-tools schema system-packages

# WeasyPrint (the PDF) needs pango and fonts; the PDF tests look at pages with poppler's pdftoppm.
SYSTEM_PACKAGES := libpango-1.0-0 libpangoft2-1.0-0 fonts-dejavu-core fonts-dejavu-extra poppler-utils
SUDO := $(shell [ "$$(id -u)" = 0 ] || echo sudo)
# The browser tests need Debian's Chromium and the pinned npm tools (axe-core, the iframe-worker
# shim; Lighthouse too for `make audit`). Each is installed only when missing.
CHROMIUM := /usr/bin/chromium
BROWSER_TOOLS := node_modules/.browser-tools
AUDIT_TOOLS := node_modules/.audit-tools

$(STAMP): pyproject.toml constraints.txt
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -c constraints.txt -e '.[test]'
	touch $(STAMP)

system-packages:
	@missing=$$(for p in $(SYSTEM_PACKAGES); do \
		dpkg-query -W -f='$${Status}\n' $$p 2>/dev/null | grep -q 'ok installed' || echo $$p; done); \
	if [ -n "$$missing" ]; then \
		echo "Installing system packages:" $$missing; \
		$(SUDO) apt-get update -q && DEBIAN_FRONTEND=noninteractive $(SUDO) apt-get install -y -q $$missing; \
	fi

# `builder verify` fails if an engine skipped the atlas plugin and left the generated pages out.
site: $(STAMP) system-packages
	$(BIN)/mkdocs build --strict --clean
	$(BIN)/python -m builder verify site
	$(BIN)/mkdocs build --strict --clean -f mkdocs-offline.yml
	$(BIN)/python -m builder verify build/offline

test: $(STAMP) system-packages browser-tools
	$(BIN)/ruff check builder tests scripts
	$(BIN)/ruff format --check builder tests scripts
	$(BIN)/ruff check bench
	$(BIN)/ruff format --check bench
	$(BIN)/python -m pytest

# --dirty rebuilds only the pages a save changed (the plugin marks the generated pages it
# changed); --no-strict because MkDocs itself warns that a dirty build is being made.
serve: $(STAMP)
	$(BIN)/mkdocs serve --livereload --dirty --no-strict

check: $(STAMP)
	$(BIN)/python -m builder check

schema: $(STAMP)
	$(BIN)/python -m builder schema

lint: $(STAMP)
	$(BIN)/ruff check --fix builder tests scripts
	$(BIN)/ruff format builder tests scripts
	$(BIN)/ruff check --fix bench
	$(BIN)/ruff format bench

# Synthetic catalogues of 100, 1,000 and 5,000 exercises: stages, builds, memory, serve
# reload, PDF; prints the table and writes BENCHMARKS.md (about 15-25 minutes here).
.PHONY: bench
bench: $(STAMP)
	$(BIN)/python -m bench --out BENCHMARKS.md

$(CHROMIUM):
	apt-get update && apt-get install -y chromium

browser-tools: $(CHROMIUM) $(BROWSER_TOOLS)

$(BROWSER_TOOLS): package.json package-lock.json
	command -v npm >/dev/null || (apt-get update && apt-get install -y --no-install-recommends npm)
	npm ci --omit=dev --no-audit --no-fund
	touch $(BROWSER_TOOLS)

$(AUDIT_TOOLS): package.json package-lock.json
	command -v npm >/dev/null || (apt-get update && apt-get install -y --no-install-recommends npm)
	npm ci --no-audit --no-fund
	touch $(AUDIT_TOOLS) $(BROWSER_TOOLS)

# Lighthouse (accessibility, best practices) on every page type, phone and desktop.
audit: site $(CHROMIUM) $(AUDIT_TOOLS)
	CHROME_PATH=$(CHROMIUM) $(BIN)/python scripts/audit.py site

clean:
	rm -rf site build/offline .pytest_cache

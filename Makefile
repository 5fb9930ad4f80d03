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

.PHONY: site test serve check lint clean audit browser-tools schema system-packages pdf-packages \
	check-system properdocs pre-commit

# Debian/Ubuntu packages. WeasyPrint (the PDF) needs pango, HarfBuzz's subsetter and the fonts;
# the PDF tests look at pages with poppler's pdftoppm; Playwright's driver needs libatomic.
# scripts/check_system.py (in `make test`) proves the list complete: each package installed,
# each library found, a PDF printed with no warning. Installed as root or with sudo; machines
# without apt-get get these hints instead.
PDF_PACKAGES := libpango-1.0-0 libpangoft2-1.0-0 libharfbuzz-subset0 fonts-dejavu-core \
	fonts-dejavu-extra
TEST_PACKAGES := poppler-utils libatomic1
export BREW_HINT := brew install pango poppler node && brew install --cask font-dejavu google-chrome
export DNF_HINT := sudo dnf install pango harfbuzz dejavu-sans-fonts dejavu-sans-mono-fonts \
	poppler-utils libatomic nodejs-npm chromium
# The browser tests use a Chrome or Chromium already there ($CHROME_PATH, google-chrome,
# chromium), else Debian's chromium; npm brings the pinned tools (axe-core, the iframe-worker
# shim; Lighthouse too for `make audit`). Each is installed only when missing.
BROWSER_TOOLS := node_modules/.browser-tools
AUDIT_TOOLS := node_modules/.audit-tools

$(STAMP): pyproject.toml constraints.txt
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -c constraints.txt -e '.[test]'
	touch $(STAMP)

pdf-packages:
	@sh scripts/system-packages.sh $(PDF_PACKAGES)

system-packages:
	@sh scripts/system-packages.sh --browser --npm $(PDF_PACKAGES) $(TEST_PACKAGES)

# The installed packages against the list and the code's needs (see above).
check-system: $(STAMP)
	$(BIN)/python scripts/check_system.py $(PDF_PACKAGES) $(TEST_PACKAGES)

# ATLAS_PDF=0 needs no system package at all. `builder verify` fails if an engine skipped the
# atlas plugin and left the generated pages out.
site: $(STAMP) $(if $(filter 0,$(ATLAS_PDF)),,pdf-packages)
	$(BIN)/mkdocs build --strict --clean
	$(BIN)/python -m builder verify site
	$(BIN)/mkdocs build --strict --clean -f mkdocs-offline.yml
	$(BIN)/python -m builder verify build/offline

test: $(STAMP) system-packages browser-tools check-system
	$(BIN)/ruff check builder tests scripts
	$(BIN)/ruff format --check builder tests scripts
	$(BIN)/ruff check bench
	$(BIN)/ruff format --check bench
	$(BIN)/mypy
	$(BIN)/python -m pytest

# The same strict build with ProperDocs, the maintained continuation of MkDocs 1.6 (it reads
# mkdocs.yml and runs our plugin; mkdocs stays installed for material and the plugin).
properdocs: $(STAMP)
	$(BIN)/python -m pip install --quiet -c constraints.txt -e '.[engines]'
	ATLAS_PDF=0 $(BIN)/properdocs build --strict --clean -d build/properdocs

# Git hooks (.pre-commit-config.yaml): ruff, the content check and the front-matter schemas on
# the files a commit changes, with the pinned tools of .venv.
pre-commit: $(STAMP)
	$(BIN)/python -m pip install --quiet -c constraints.txt -e '.[dev]'
	$(BIN)/pre-commit install

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

browser-tools: system-packages $(BROWSER_TOOLS)

$(BROWSER_TOOLS): package.json package-lock.json
	npm ci --omit=dev --no-audit --no-fund
	touch $(BROWSER_TOOLS)

$(AUDIT_TOOLS): package.json package-lock.json
	npm ci --no-audit --no-fund
	touch $(AUDIT_TOOLS) $(BROWSER_TOOLS)

# Lighthouse (performance, accessibility, best practices) on every page type, phone and desktop,
# the site served gzipped as a static host would. Each page is run AUDIT_RUNS times and the
# median kept (simulated throttling still varies with the machine's load).
AUDIT_RUNS ?= 3
audit: site system-packages $(AUDIT_TOOLS)
	$(BIN)/python scripts/audit.py --runs $(AUDIT_RUNS) site

clean:
	rm -rf site build/offline build/properdocs .pytest_cache

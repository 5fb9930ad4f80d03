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

.PHONY: site test serve check lint clean

$(STAMP): pyproject.toml constraints.txt
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -c constraints.txt -e '.[test]'
	touch $(STAMP)

site: $(STAMP)
	$(BIN)/mkdocs build --strict --clean

test: $(STAMP)
	$(BIN)/ruff check builder tests
	$(BIN)/ruff format --check builder tests
	$(BIN)/ruff check bench
	$(BIN)/ruff format --check bench
	$(BIN)/python -m pytest

# --dirty rebuilds only the pages a save changed (the plugin marks the generated pages it
# changed); --no-strict because MkDocs itself warns that a dirty build is being made.
serve: $(STAMP)
	$(BIN)/mkdocs serve --livereload --dirty --no-strict

check: $(STAMP)
	$(BIN)/python -m builder check

lint: $(STAMP)
	$(BIN)/ruff check --fix builder tests
	$(BIN)/ruff format builder tests
	$(BIN)/ruff check --fix bench
	$(BIN)/ruff format bench

# Synthetic catalogues of 100, 1,000 and 5,000 exercises: stages, builds, memory, serve
# reload, PDF; prints the table and writes BENCHMARKS.md (about 15-25 minutes here).
.PHONY: bench
bench: $(STAMP)
	$(BIN)/python -m bench --out BENCHMARKS.md

clean:
	rm -rf site .pytest_cache

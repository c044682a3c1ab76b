# Clippings: `make run` sets up, indexes corpus/ and serves http://127.0.0.1:5000;
# `make test` sets up and runs every test (browser and searchd tests included).
PYTHON ?= python3
VENV ?= .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed-$(shell cat pyproject.toml | cksum | cut -d' ' -f1)
HOST ?= 127.0.0.1
PORT ?= 5000
SERVE_ARGS ?=
DATA ?= ../shared/corpora

.PHONY: all install index run dev test test-fast browser searchd eval bench soak clean

all: test

$(STAMP): pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e '.[test]'
	rm -f $(VENV)/.installed-*
	touch $@

install: $(STAMP)

# Incremental: only new and changed files are read. Exit status 1 means some
# files failed (listed in the report); the server still starts.
index: $(STAMP)
	$(BIN)/clippings update || [ $$? -eq 1 ]

# `clippings serve` refuses a non-loopback HOST while no access control is configured
# (docs/access.md); SERVE_ARGS=--allow-open overrides that, with a warning.
run: index
	$(BIN)/clippings serve --host $(HOST) --port $(PORT) --threads 8 $(SERVE_ARGS)

dev: index
	$(BIN)/flask --app webapp run --host $(HOST) --port $(PORT)

# Debian's Chromium drives the browser tests (Playwright cannot download browsers here).
browser:
	@command -v chromium >/dev/null 2>&1 || { \
	  if [ "$$(id -u)" = 0 ]; then apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium >/dev/null; \
	  else echo "Chromium is missing: run 'sudo apt-get install -y chromium'" >&2; exit 1; fi; }

# Debian's Sphinx searchd runs the scale-out backend's tests (a local cluster on loopback ports).
searchd:
	@command -v searchd >/dev/null 2>&1 || { \
	  if [ "$$(id -u)" = 0 ]; then apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq sphinxsearch >/dev/null; \
	  else echo "searchd is missing: run 'sudo apt-get install -y sphinxsearch'" >&2; exit 1; fi; }

test: $(STAMP) browser searchd
	$(BIN)/python -m pytest -q

test-fast: $(STAMP) searchd
	$(BIN)/python -m pytest -q -m "not browser"

eval: $(STAMP)
	$(BIN)/python -m pip install --quiet -e '.[eval]'
	$(BIN)/python bench/eval.py --data $(DATA)

bench: $(STAMP) searchd
	$(BIN)/python -m pip install --quiet -e '.[bench]'
	$(BIN)/python bench/scale.py --data $(DATA)/reuters21578
	$(BIN)/python bench/searchd_bench.py --data $(DATA)/reuters21578

soak: $(STAMP) browser
	$(BIN)/python -m pytest -q -m slow --run-slow

clean:
	rm -rf $(VENV) instance build *.egg-info .pytest_cache

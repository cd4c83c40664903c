# One command to set up and read, one to set up and test. Needs Python 3.11+, make and git.
PYTHON ?= python3
VENV ?= .venv
PY := $(VENV)/bin/python
STAMP := $(VENV)/.installed
BENCH_STAMP := $(VENV)/.installed-bench
# pytest-xdist workers for make test and test-fast (0: every test in one process)
TEST_WORKERS ?= 2

.PHONY: run test test-fast lint bench bench-quick clean readme-keys

$(STAMP): pyproject.toml
	@$(PYTHON) -c 'import sys; sys.exit(0 if sys.version_info >= (3, 11) else "reader needs Python 3.11 or newer")'
	$(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	@# a venv made before: the old names of two distributions (reader became reader-tui,
	@# whoosh-reloaded became whoosh3: both own whoosh/, so the old one goes first)
	$(PY) -m pip uninstall --quiet --yes reader whoosh-reloaded 2>/dev/null || true
	$(PY) -m pip install --quiet -e '.[dev]'
	@touch $(STAMP)

$(BENCH_STAMP): $(STAMP)
	$(PY) -m pip install --quiet -e '.[dev,bench]'
	@touch $(BENCH_STAMP)

run: $(STAMP)
	$(VENV)/bin/reader seeds

test: $(STAMP)
	$(PY) -m ruff check reader tests bench
	$(PY) -m mypy
	$(VENV)/bin/lint-imports --no-logo
	$(PY) -m pytest -q -n $(TEST_WORKERS) --dist worksteal

test-fast: $(STAMP)
	$(PY) -m pytest -q -n $(TEST_WORKERS) --dist worksteal -m "not slow"

lint: $(STAMP)
	$(PY) -m ruff check reader tests bench
	$(PY) -m ruff format --check reader tests bench
	$(PY) -m mypy
	$(VENV)/bin/lint-imports --no-logo

bench: $(BENCH_STAMP)
	$(PY) -m bench.run

bench-quick: $(BENCH_STAMP)
	$(PY) -m bench.run --quick

# README's table of keys, made from the one table of keys in reader/tui/key_table.py
readme-keys: $(STAMP)
	$(PY) -m reader.tui.key_docs README.md

clean:
	rm -rf $(VENV) build dist *.egg-info

# Two commands on a fresh machine: `make demo` and `make test` (see README.md).
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin

$(BIN)/trackrecord: pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet -e '.[dev,parquet,postgres,scale]'
	touch $@

.PHONY: install demo test lint docs bench
install: $(BIN)/trackrecord

demo: install
	$(BIN)/trackrecord demo
	@echo "(the trackrecord command is in $(BIN): run 'source $(BIN)/activate' to use it as above)"

lint: install
	$(BIN)/ruff check src tests benchmarks scripts
	$(BIN)/ruff format --check src tests benchmarks scripts
	$(BIN)/mypy

test: lint
	$(BIN)/pytest

docs: install
	$(BIN)/python scripts/make_cli_docs.py

bench: install
	$(BIN)/python benchmarks/run.py

# Two entry points for a fresh clone: `make extract` (the core install) and `make test` (with the extras).
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin

$(VENV)/.core: pyproject.toml setup.py
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet -e .
	touch $@

$(VENV)/.test: $(VENV)/.core
	$(BIN)/pip install --quiet -e ".[test]"
	touch $@

.PHONY: extract test models
extract: $(VENV)/.core  ## extract the claims of seeds/ into a table (claims.csv and the terminal)
	$(BIN)/healthie extract seeds/ --format csv -o claims.csv
	$(BIN)/healthie extract seeds/ --format table

test: $(VENV)/.test  ## run the test suite
	$(BIN)/python -m pytest -q -n auto  # one worker per core (pytest-xdist)

models: $(VENV)/.test  ## rebuild the shipped pipeline from the corpus (needs the [train] extra)
	$(BIN)/healthie train configs/healthie-zh.cfg --output models/healthie-zh

# Two entry points for a fresh clone: `make extract` and `make test`.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin

$(BIN)/healthie: pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet -e ".[test,spark]"
	touch $@

.PHONY: extract test models
extract: $(BIN)/healthie  ## extract the claims of seeds/ into a table (claims.csv and the terminal)
	$(BIN)/healthie extract seeds/ --format csv -o claims.csv
	$(BIN)/healthie extract seeds/ --format table

test: $(BIN)/healthie  ## run the test suite
	$(BIN)/python -m pytest -q

models: $(BIN)/healthie  ## rebuild the shipped models from the corpus
	$(BIN)/healthie train

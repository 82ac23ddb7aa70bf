# offkai — two commands on a fresh machine: `make run` and `make test`.
# Everything else is for working on offkai itself.

PYTHON ?= $(shell command -v python3.11 || command -v python3)
VENV   := .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed
DATA   ?= .offkai

.PHONY: help install run test proto proto-check proto-lint bench clean

help:
	@echo "make run          run NATS and every offkai service locally (Ctrl-C stops all)"
	@echo "make test         the whole test suite"
	@echo "make proto        regenerate gen/ from proto/ (commit the result)"
	@echo "make proto-check  fail if gen/ is stale or buf lint finds problems"
	@echo "make clean        remove the virtualenv, node_modules and local data"

# Installs what is missing: a virtualenv with the pinned Python packages, and buf
# (from npm) for the proto checks. Re-runs when the dependency files change, or when a
# top-level package appears (the editable install maps each one by name).
PACKAGES := $(wildcard offkai_*/__init__.py services/*/offkai_*/__init__.py gen/offkai/__init__.py)

$(STAMP): pyproject.toml package.json package-lock.json $(PACKAGES)
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet -e ".[dev]"
	npm ci --no-audit --no-fund --loglevel=error
	touch $(STAMP)

install: $(STAMP)

run: install
	$(BIN)/offkai --data-dir $(DATA) dev

test: install
	$(BIN)/python -m pytest

proto: install
	$(BIN)/python tools/genproto.py

proto-check: install
	$(BIN)/python tools/genproto.py --check
	node_modules/.bin/buf lint

bench: install
	$(BIN)/pip install --quiet -e ".[dev,bench]"
	$(BIN)/python -m bench

clean:
	rm -rf $(VENV) node_modules $(DATA) *.egg-info

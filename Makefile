# One command per job; each sets up what it needs (virtual environment, catalogs, NLU model).
PYTHON ?= $(shell command -v python3.11 || command -v python3)
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
PYBABEL := $(BIN)/pybabel
EXTRACT_FLAGS := -F locales/babel.cfg -k lazy_gettext --no-location --sort-output \
	--ignore-dirs '.* _* build dist benchmarks tests' --project Jamsos -c TRANSLATORS:

.PHONY: help venv catalogs catalogs-update model db seed-demo chat serve worker test lint bench clean browser

help:
	@echo "make chat    the bot in the terminal (sets everything up first)"
	@echo "make test    lint, types, import contract, catalogs check and every test"
	@echo "make serve   the HTTP server (REST channel, parse API) on 127.0.0.1:8000"
	@echo "make bench   the benchmarks (see benchmarks/README.md)"
	@echo "make seed-demo  synthetic participants and an officer account in the database"

$(STAMP): pyproject.toml
	@$(PYTHON) -c 'import sys; sys.exit(0 if sys.version_info >= (3, 11) else "Jamsos needs Python 3.11 or newer")'
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet -e '.[dev]'
	@touch $(STAMP)

venv: $(STAMP)

catalogs: $(STAMP)
	$(BIN)/jamsos catalogs compile

# For developers after changing user-facing text: re-extract and merge into both catalogs.
catalogs-update: $(STAMP)
	$(PYBABEL) extract $(EXTRACT_FLAGS) -o locales/messages.pot .
	$(BIN)/jamsos catalogs update

model: $(STAMP)
	$(BIN)/jamsos nlu train --if-missing

# Migrates DATABASE_URL (by default the embedded SQLite file .jamsos/jamsos.db) to the newest.
db: $(STAMP)
	$(BIN)/jamsos db upgrade

seed-demo: db
	$(BIN)/jamsos seed-demo

chat: catalogs model db
	$(BIN)/jamsos chat

serve: catalogs model db
	$(BIN)/jamsos serve --host 127.0.0.1 --port 8000

# Delivers queued messages to workers (REST_CALLBACK_URL for the REST channel).
worker: catalogs db
	$(BIN)/jamsos worker

# Debian's Chromium for the back-office browser tests (Playwright drives it; no browser download).
browser:
	command -v chromium >/dev/null || (apt-get update && apt-get install -y chromium)

lint: $(STAMP)
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/mypy
	$(BIN)/lint-imports

test: lint catalogs model browser
	$(PYBABEL) extract $(EXTRACT_FLAGS) -o $(VENV)/messages.pot . > /dev/null
	$(BIN)/jamsos catalogs check --pot $(VENV)/messages.pot
	$(BIN)/pytest -q

bench: catalogs model
	$(BIN)/python benchmarks/run.py

clean:
	rm -rf $(VENV) .jamsos .mypy_cache .ruff_cache .pytest_cache
	find locales -name '*.mo' -delete

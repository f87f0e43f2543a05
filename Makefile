# Run `make help` for the list of targets.
.DEFAULT_GOAL := help
SHELL := /bin/bash

PYTHON ?= $(shell command -v python3.11 || command -v python3)
VENV := .venv
BIN := $(VENV)/bin
DEPS := $(VENV)/.deps-installed
HOST ?= 127.0.0.1
PORT ?= 8000
# Test processes (pytest-xdist): one per core by default; TEST_WORKERS=0 runs in this process.
TEST_WORKERS ?= auto

.PHONY: help install demo serve test lint format messages bench dist loadtest backup-drill screenshots clean

help: ## List the targets
	@grep -E '^[a-z-]+:.*?## ' $(MAKEFILE_LIST) | awk 'BEGIN {FS = ":.*?## "}; {printf "  make %-10s %s\n", $$1, $$2}'

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip

$(DEPS): requirements.txt requirements-dev.txt | $(BIN)/python
	$(BIN)/pip install --quiet -r requirements-dev.txt
	touch $@

install: $(DEPS) ## Create .venv and install the pinned requirements

demo: install ## Migrate a SQLite database, load the demo, serve it with a task worker (HOST=127.0.0.1 PORT=8000)
	$(BIN)/python manage.py migrate --noinput
	$(BIN)/python manage.py load_demo --hostname $(HOST) --port $(PORT)
	@echo "Serving http://$(HOST):$(PORT)/ with a task worker (Ctrl+C stops both)"
	$(BIN)/python manage.py db_worker --no-reload & worker=$$!; \
	trap 'kill $$worker 2>/dev/null' EXIT INT TERM; \
	WAGTAILADMIN_BASE_URL=http://$(HOST):$(PORT) $(BIN)/python manage.py runserver $(HOST):$(PORT)

test: install ## Run the whole test suite in parallel (PostgreSQL when DATABASE_URL is set, else SQLite)
	$(BIN)/python -m pytest -n $(TEST_WORKERS) --dist loadgroup

lint: install ## Check code style with ruff
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .

format: install ## Format and auto-fix with ruff
	$(BIN)/ruff check --fix .
	$(BIN)/ruff format .

messages: install ## Extract UI strings into each app's locale/ (and the host's) and compile them
	cd health_articles && ../$(BIN)/django-admin makemessages --all --no-obsolete --ignore=migrations
	cd shop_links && ../$(BIN)/django-admin makemessages --all --no-obsolete --ignore=migrations
	$(BIN)/python manage.py makemessages --all --no-obsolete --ignore=.venv --ignore=tests \
		--ignore=health_articles --ignore=shop_links --ignore=build --ignore=dist
	$(BIN)/python manage.py compilemessages --ignore=.venv

bench: install ## Benchmarks: pages over HTTP at 10 and 10,000 articles (gunicorn, PostgreSQL, wrk) into bench-results.md; import, API, keyword report at 10,000 articles and claims checker (precision/recall) into bench-results.txt
	$(BIN)/python tests/bench/bench_pages.py
	$(BIN)/python tests/bench/bench_import.py
	$(BIN)/python tests/bench/bench_api.py
	$(BIN)/python tests/bench/bench_keyword_report.py
	$(BIN)/python tests/bench/bench_claims.py

dist: install ## Build the wheel and sdist of the plugin into dist/
	rm -rf dist
	$(BIN)/python -m build --outdir dist

loadtest: install ## Load and faults: gunicorn (production settings) on a throwaway PostgreSQL, wrk, 3 phases; numbers go to loadtest-results.txt
	scripts/loadtest.sh

backup-drill: install ## Back up DATABASE_URL (PostgreSQL or SQLite), restore into a new database, compare every table
	.venv/bin/python scripts/backup_drill.py $${DATABASE_URL:-sqlite:///$(CURDIR)/db.sqlite3}

screenshots: install ## README screenshots (docs/img/) of the demo article, its editor and checks, in Debian's Chromium
	$(BIN)/python scripts/screenshots.py

clean: ## Remove the virtualenv, the demo database and caches
	rm -rf $(VENV) db.sqlite3 media static_collected .pytest_cache .ruff_cache dist build

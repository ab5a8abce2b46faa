# Two commands: `make run` and `make test`. Each target sets up what it needs.
SHELL := /bin/bash
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
NHSUK := node_modules/nhsuk-frontend/dist/nhsuk
VENDOR := static/vendor/nhsuk
HOST ?= 127.0.0.1
PORT ?= 8000
DEMO_PASSWORD ?= safeguarding-demo-2024
DHRD_DIR ?= ../shared/data/dhrd
# The demo and the tests run with DEBUG on (a development secret key, plain-HTTP cookies).
# The application's own default is off: production never runs with DEBUG by accident.
export DEBUG ?= 1

.PHONY: run test setup venv assets migrate models demo lint format bench load clean worker

run: setup demo
	@echo ""
	@echo "Safeguarding is running at http://$(HOST):$(PORT)/"
	@echo "Demo sign-ins (password for all: $(DEMO_PASSWORD)):"
	@$(BIN)/python manage.py demo_signins --password "$(DEMO_PASSWORD)"
	@echo ""
	$(BIN)/python manage.py runserver $(HOST):$(PORT)

test: setup
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/python manage.py makemigrations --check --dry-run
	@echo "== corpus figures, held-out part then development part (measured, not asserted)"
	$(BIN)/python manage.py eval_recommendations tests/corpus/documents.jsonl --part held-out
	$(BIN)/python manage.py eval_themes tests/corpus/passages.jsonl --part held-out
	$(BIN)/python manage.py eval_recommendations tests/corpus/documents.jsonl --part development
	@echo "== (the trained theme engine was fitted on the development part, so its development figures are in-sample; cross-validated figures are in docs/benchmarks.md)"
	$(BIN)/python manage.py eval_themes tests/corpus/passages.jsonl --part development
	$(BIN)/python manage.py eval_themes tests/corpus/passages.jsonl --part held-out --feedback-folds 5
	$(BIN)/pytest

setup: $(STAMP) assets migrate

venv: $(STAMP)

$(STAMP): requirements/base.txt requirements/dev.txt
	test -d $(VENV) || $(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet -r requirements/base.txt -r requirements/dev.txt
	touch $(STAMP)

node_modules/.package-lock.json: package.json package-lock.json
	npm ci --no-audit --no-fund
	touch $@

assets: node_modules/.package-lock.json
	mkdir -p $(VENDOR)
	cp $(NHSUK)/nhsuk-frontend.min.css $(NHSUK)/nhsuk-frontend.min.js $(VENDOR)/
	cp -r $(NHSUK)/assets $(VENDOR)/

migrate: $(STAMP) models
	$(BIN)/python manage.py migrate --no-input
	$(BIN)/python manage.py load_organisations

# The static embedding model (distilled once from the packaged MiniLM weights; see
# docs/decisions/0004-the-model.md). var/ is git-ignored.
models: $(STAMP)
	$(BIN)/python -m safeguarding.meaning build

demo: $(STAMP)
	$(BIN)/python manage.py demo_data --password "$(DEMO_PASSWORD)"
	@# Enough synthetic national volume (5%: ~3,500 reviews) for the dashboard to show figures.
	$(BIN)/python manage.py generate_national --scale 0.05 --replace
	@# The public DHR dataset, where the shared data folder is present (read, never copied).
	@if [ -d "$(DHRD_DIR)" ]; then $(BIN)/python manage.py import_dhrd "$(DHRD_DIR)"; \
	else echo "No DHRD at $(DHRD_DIR): the DHR view will be empty"; fi
	$(BIN)/python manage.py refresh_dashboard

worker: setup
	$(BIN)/celery -A safeguarding worker --beat --loglevel=info --concurrency=2

lint: $(STAMP)
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .

format: $(STAMP)
	$(BIN)/ruff check --fix .
	$(BIN)/ruff format .

# Every benchmark, then the page harness (issue 19) against DATABASE_URL: it needs national
# volume (docs/benchmarks.md says how to load it) and fails with the commands if it is not
# there. PAGES_ARGS passes options on, e.g. PAGES_ARGS="--runs 40 --markdown var/pages.md".
PAGES_ARGS ?=
bench: setup
	@for script in benchmarks/*.py; do \
		[ "$$script" = benchmarks/pages.py ] && continue; \
		echo "== $$script"; $(BIN)/python $$script; done
	@echo "== benchmarks/pages.py"
	$(BIN)/python benchmarks/pages.py $(PAGES_ARGS)

# 50 signed-in people for 60 s against gunicorn, PostgreSQL and a Celery worker (issue 19).
# Needs DATABASE_URL (PostgreSQL, loaded) and Redis; see benchmarks/load_run.py.
load: setup
	$(BIN)/python benchmarks/load_run.py

clean:
	rm -rf $(VENV) node_modules static staticfiles db.sqlite3

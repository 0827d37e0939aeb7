# PM Forum: `make run` for a local site with demo content, `make test` for the suite.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
HOST ?= 127.0.0.1
PORT ?= 8000
WEB_CONCURRENCY ?= 2

export HOST PORT WEB_CONCURRENCY

.PHONY: install run serve serve-processes bench test lint format migrate clean browser-deps screenshots

$(BIN)/.installed: pyproject.toml
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e '.[dev]'
	touch $@

install: $(BIN)/.installed

var:
	mkdir -p var/mail var/media

migrate: install var
	$(BIN)/python manage.py migrate --noinput

# Development server with the task worker and the scheduler beside it (manage.py supervise
# restarts either when it dies); Ctrl-C stops all.
run: migrate
	$(BIN)/python manage.py seed_demo
	@echo "PM Forum on http://$(HOST):$(PORT)/ (mail is written to var/mail/)"
	@trap 'kill 0' INT TERM EXIT; \
	$(BIN)/python manage.py supervise & \
	$(BIN)/python manage.py runserver $(HOST):$(PORT)

# Production configuration: DEBUG off, gunicorn (config/gunicorn.conf.py) with $(WEB_CONCURRENCY)
# workers, WhiteNoise serving hashed and compressed static files, the task worker and the
# scheduler beside it under manage.py supervise.
# Refuses to start, with the reason, when SECRET_KEY or the database is missing (docs/deploy.md).
serve: install var
	@DEBUG=false $(BIN)/python -m config.preflight
	DEBUG=false $(BIN)/python manage.py migrate --noinput
	DEBUG=false $(BIN)/python manage.py collectstatic --noinput --verbosity 0
	@$(MAKE) --no-print-directory serve-processes

# The long-running processes alone, for app servers whose release step ran migrate and
# collectstatic once for all of them.
serve-processes:
	@trap 'kill 0' INT TERM EXIT; \
	DEBUG=false $(BIN)/python manage.py supervise & \
	DEBUG=false $(BIN)/gunicorn --config config/gunicorn.conf.py config.wsgi

# Benchmarks against a scratch PostgreSQL database (bench/README.md); not part of CI.
bench: install
	$(BIN)/python bench/run.py $(BENCH_ARGS)

# axe-core, which the browser tests inject into pages to check accessibility, from the npm
# registry at the version pinned in tests/browser/package.json (node_modules is not committed).
AXE := tests/browser/node_modules/axe-core/axe.min.js
browser-deps: $(AXE)

$(AXE): tests/browser/package.json
	npm install --prefix tests/browser --no-audit --no-fund --no-package-lock --silent
	touch $@

# Screenshots of the main pages at 1280 and 375 px (light, and dark for some) in
# var/screenshots/, from a scratch demo site on a free port; SCREENSHOTS_ARGS=--base-url URL
# takes them from a site that is already running instead.
screenshots: install var
	$(BIN)/python tests/browser/screenshots.py $(SCREENSHOTS_ARGS)

test: install var
	$(BIN)/python -m pytest $(PYTEST_ARGS)

lint: install
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .

format: install
	$(BIN)/ruff format .
	$(BIN)/ruff check --fix .

clean:
	rm -rf $(VENV) var/db.sqlite3 var/mail staticfiles

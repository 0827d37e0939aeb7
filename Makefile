# PM Forum: `make run` for a local site with demo content, `make test` for the suite.
PYTHON ?= python3
# Development (make run, make test): the runtime and development locks.
VENV := .venv
BIN := $(VENV)/bin
# Production (make serve): the runtime lock only, so no test tool reaches a server.
SERVE_VENV ?= .venv-serve
SERVE_BIN := $(SERVE_VENV)/bin
HOST ?= 127.0.0.1
PORT ?= 8000
WEB_CONCURRENCY ?= 2

# Settings from a .env file (KEY=value lines, see .env.example) when there is one; variables
# already set in the environment win.
ifneq (,$(wildcard .env))
include .env
export $(shell sed -n 's/^\([A-Za-z_][A-Za-z0-9_]*\)=.*/\1/p' .env)
endif

export HOST PORT WEB_CONCURRENCY

.PHONY: install serve-install lock run serve serve-processes bench test lint format migrate clean browser-deps screenshots

# Installs exactly what the lock files name, each file checked against its hash.
$(BIN)/.installed: requirements/dev.txt
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --require-hashes --no-deps -r requirements/dev.txt
	touch $@

$(SERVE_BIN)/.installed: requirements/runtime.txt
	test -x $(SERVE_BIN)/python || $(PYTHON) -m venv $(SERVE_VENV)
	$(SERVE_BIN)/python -m pip install --quiet --require-hashes --no-deps -r requirements/runtime.txt
	touch $@

install: $(BIN)/.installed

serve-install: $(SERVE_BIN)/.installed

# Refreshes both lock files from the ranges in pyproject.toml (after changing a dependency).
LOCK := $(BIN)/pip-compile --quiet --generate-hashes --allow-unsafe --strip-extras \
	--no-emit-index-url --no-emit-trusted-host --no-emit-find-links
lock: install
	$(LOCK) --output-file requirements/runtime.txt pyproject.toml
	$(LOCK) --extra dev --output-file requirements/dev.txt pyproject.toml

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
serve: serve-install var
	@DEBUG=false $(SERVE_BIN)/python -m config.preflight
	DEBUG=false $(SERVE_BIN)/python manage.py migrate --noinput
	DEBUG=false $(SERVE_BIN)/python manage.py collectstatic --noinput --verbosity 0
	@$(MAKE) --no-print-directory serve-processes

# The long-running processes alone, for app servers whose release step ran migrate and
# collectstatic once for all of them. SERVE_VENV=.venv runs them from the development
# environment (the tests that start app servers do).
serve-processes:
	@export PROMETHEUS_MULTIPROC_DIR="$${PROMETHEUS_MULTIPROC_DIR:-$${VAR_DIR:-var}/metrics}"; \
	rm -rf "$$PROMETHEUS_MULTIPROC_DIR"; mkdir -p "$$PROMETHEUS_MULTIPROC_DIR"; \
	trap 'kill 0' INT TERM EXIT; \
	DEBUG=false $(SERVE_BIN)/python manage.py supervise & \
	DEBUG=false $(SERVE_BIN)/gunicorn --config config/gunicorn.conf.py config.wsgi

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
	rm -rf $(VENV) $(SERVE_VENV) var/db.sqlite3 var/mail staticfiles

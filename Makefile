# PM Forum: `make run` for a local site with demo content, `make test` for the suite.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
HOST ?= 127.0.0.1
PORT ?= 8000
WEB_CONCURRENCY ?= 2

export HOST PORT WEB_CONCURRENCY

.PHONY: install run serve test lint format migrate clean

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

# Development server with the task worker beside it; Ctrl-C stops both.
run: migrate
	$(BIN)/python manage.py seed_demo
	@echo "PM Forum on http://$(HOST):$(PORT)/ (mail is written to var/mail/)"
	@trap 'kill 0' INT TERM EXIT; \
	$(BIN)/python manage.py db_worker & \
	$(BIN)/python manage.py runserver $(HOST):$(PORT)

# Production configuration: DEBUG off, gunicorn, WhiteNoise, the task worker.
serve: migrate
	DEBUG=false $(BIN)/python manage.py collectstatic --noinput
	@trap 'kill 0' INT TERM EXIT; \
	DEBUG=false $(BIN)/python manage.py db_worker & \
	DEBUG=false $(BIN)/gunicorn config.wsgi --bind $(HOST):$(PORT) --workers $(WEB_CONCURRENCY) --access-logfile -

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

# virtlearn: `make run` serves the app on SQLite with the course loaded; `make test` runs every test.
SHELL := /bin/bash
PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
CHROMIUM ?= /usr/bin/chromium
HOST ?= 127.0.0.1
PORT ?= 8000
COURSE ?= lessons/content/virtualization
PYTEST_ARGS ?=

.PHONY: run test install install-test chromium migrate course lint format bench clean

$(VENV)/bin/activate:
	$(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip

$(VENV)/.installed: pyproject.toml $(VENV)/bin/activate
	$(PY) -m pip install --quiet -e '.[test]'
	touch $@

install: $(VENV)/.installed

migrate: install
	DEBUG=1 $(PY) manage.py migrate --noinput

course: migrate
	DEBUG=1 $(PY) manage.py import_course $(COURSE)

run: course
	@echo "virtlearn on http://$(HOST):$(PORT)/  (Ctrl-C stops it)"
	DEBUG=1 $(PY) manage.py runserver $(HOST):$(PORT)

chromium:
	@if [ ! -x "$(CHROMIUM)" ]; then \
	  if [ "$$(id -u)" = "0" ] && command -v apt-get >/dev/null; then \
	    echo "Installing Debian's chromium for the browser tests..."; \
	    apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium >/dev/null; \
	  else \
	    echo "The browser tests need Chromium at $(CHROMIUM). Install it (Debian: sudo apt-get install chromium) or set CHROMIUM=/path/to/chromium."; \
	    exit 1; \
	  fi; \
	fi

test: install chromium
	$(VENV)/bin/ruff check .
	VIRTLEARN_TESTING=1 $(VENV)/bin/pytest -n 2 $(PYTEST_ARGS)

lint: install
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .

format: install
	$(VENV)/bin/ruff check --fix .
	$(VENV)/bin/ruff format .

bench: install
	@command -v wrk >/dev/null || { [ "$$(id -u)" = "0" ] && command -v apt-get >/dev/null && \
	  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq wrk >/dev/null; } || \
	  echo "wrk not found: measuring with the slower Python client instead"
	@if [ "$$(id -u)" = "0" ] && ls /usr/lib/postgresql/*/bin/initdb >/dev/null 2>&1; then \
	  source .ci/postgres.sh && PG_PORT=55433 PG_DIR=/tmp/virtlearn-bench-pg start_postgres && \
	  trap 'PG_DIR=/tmp/virtlearn-bench-pg stop_postgres' EXIT && $(PY) -m bench.run --postgres "$$PG_URL"; \
	else \
	  $(PY) -m bench.run; \
	fi

clean:
	rm -rf $(VENV) staticfiles .pytest_cache .ruff_cache

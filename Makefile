# The two commands a newcomer needs: `make demo` and `make test`.
SHELL := /bin/bash
VENV ?= .venv
BASE_PYTHON ?= $(shell command -v python3.11 || command -v python3)
PYTHON := $(VENV)/bin/python
MANAGE := cd site && ../$(PYTHON) manage.py
HOST ?= 127.0.0.1
PORT ?= 8000
PYTEST_ARGS ?=
# Parallel test workers (pytest-xdist); TEST_WORKERS=0 runs the suite in one process.
TEST_WORKERS ?= auto
ACTIVITIES ?=
BENCH_ACTIVITIES ?= 100000
BENCH_ARGS ?=

.PHONY: help install install-dev demo demo-data serve test lint format messages clean bench load spike-tools postgres-rum

help:
	@echo "make demo   install, migrate, load the demo campaign and serve it on http://$(HOST):$(PORT)/"
	@echo "make test   install the test tools and run checks and the whole test suite"
	@echo "make lint   ruff check and format check"
	@echo "make bench  measure speed at campaign scale (100,000 items; BENCH_ACTIVITIES=5000 for a quick run)"

$(PYTHON):
	$(BASE_PYTHON) -m venv $(VENV)
	$(PYTHON) -m pip install --quiet --upgrade pip

$(VENV)/.runtime-installed: requirements.txt | $(PYTHON)
	$(PYTHON) -m pip install --quiet -r requirements.txt
	touch $@

$(VENV)/.dev-installed: requirements.txt requirements-dev.txt | $(PYTHON)
	$(PYTHON) -m pip install --quiet -r requirements-dev.txt
	touch $@ $(VENV)/.runtime-installed

install: $(VENV)/.runtime-installed
install-dev: $(VENV)/.dev-installed

demo-data: install
	$(MANAGE) migrate --noinput
	$(MANAGE) campaign_demo --base-url http://$(HOST):$(PORT) $(if $(ACTIVITIES),--activities $(ACTIVITIES))

demo: demo-data
	@echo
	@echo "Serving the demo on http://$(HOST):$(PORT)/  (admin: http://$(HOST):$(PORT)/admin/, Ctrl-C to stop)"
	$(MANAGE) runserver $(HOST):$(PORT)

test: install-dev
	$(MANAGE) check --fail-level WARNING
	$(MANAGE) makemigrations --check --dry-run
	$(PYTHON) -m pytest -n $(TEST_WORKERS) $(PYTEST_ARGS)

# Debian's Varnish and wrk for the spike benchmark (installed when missing, as root; as in .ci/run).
spike-tools:
	@if ! command -v varnishd >/dev/null 2>&1 || ! command -v wrk >/dev/null 2>&1; then \
		echo "== installing Debian's Varnish and wrk for the spike benchmark"; \
		DEBIAN_FRONTEND=noninteractive apt-get update -qq && \
		DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends varnish wrk >/dev/null; \
	fi

# PostgreSQL's RUM extension (search migration 0003 ranks the public search in its index where it is installed),
# for each PostgreSQL server installed from Debian's packages on this machine.
postgres-rum:
	@for dir in /usr/lib/postgresql/*/; do \
		[ -d "$$dir" ] || continue; \
		version=$$(basename $$dir); \
		if [ ! -f /usr/share/postgresql/$$version/extension/rum.control ]; then \
			echo "== installing Debian's RUM extension for PostgreSQL $$version"; \
			DEBIAN_FRONTEND=noninteractive apt-get update -qq && \
			DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends postgresql-$$version-rum >/dev/null; \
		fi; \
	done

# Not part of `make test`: 50 readers for 60 s against gunicorn on a demo database while a
# submitter files and a moderator approves (LOAD_SECONDS, LOAD_CLIENTS, LOAD_DATABASE_URL to change);
# then the spike: wrk through Varnish and straight at gunicorn, 10 s per page and path (SPIKE_SECONDS),
# while items are published (tests/load/spike.py).
load: install-dev spike-tools
	$(PYTHON) tests/load/run.py
	$(PYTHON) tests/load/spike.py

lint: install-dev
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .

format: install-dev
	$(VENV)/bin/ruff check --fix .
	$(VENV)/bin/ruff format .

messages: install-dev
	for app in campaign showcase assessment search; do (cd $$app && ../$(PYTHON) ../site/manage.py makemessages -l zh_Hans --no-obsolete); done
	(cd site && ../$(PYTHON) manage.py makemessages -l zh_Hans --no-obsolete --ignore static_collected)
	(cd site && ../$(PYTHON) -m locale_tools.wagtail_gaps --update)
	$(PYTHON) site/manage.py compilemessages --ignore .venv

# Not part of `make test`: builds (once, cached under var/bench/) a demo of BENCH_ACTIVITIES items, measures it,
# writes var/bench/results/*.json and regenerates the README's performance table. DATABASE_URL selects PostgreSQL.
# Then the bounded load run and the spike (`make load`): readers while a unit files and a moderator approves.
bench: install-dev spike-tools postgres-rum
	$(PYTHON) -m bench --activities $(BENCH_ACTIVITIES) $(BENCH_ARGS)
	$(if $(filter 100000,$(BENCH_ACTIVITIES)),$(PYTHON) -m bench.readme $(if $(DATABASE_URL),postgresql,sqlite))
	$(PYTHON) tests/load/run.py
	$(PYTHON) tests/load/spike.py

clean:
	rm -rf $(VENV) var site/static_collected test-artifacts .pytest_cache

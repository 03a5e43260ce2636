# The two commands a newcomer needs: `make demo` and `make test`.
SHELL := /bin/bash
VENV ?= .venv
BASE_PYTHON ?= $(shell command -v python3.11 || command -v python3)
PYTHON := $(VENV)/bin/python
MANAGE := cd site && ../$(PYTHON) manage.py
HOST ?= 127.0.0.1
PORT ?= 8000
PYTEST_ARGS ?=
ACTIVITIES ?=

.PHONY: help install install-dev demo demo-data serve test lint format messages clean

help:
	@echo "make demo   install, migrate, load the demo campaign and serve it on http://$(HOST):$(PORT)/"
	@echo "make test   install the test tools and run checks and the whole test suite"
	@echo "make lint   ruff check and format check"

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
	$(PYTHON) -m pytest $(PYTEST_ARGS)

lint: install-dev
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .

format: install-dev
	$(VENV)/bin/ruff check --fix .
	$(VENV)/bin/ruff format .

messages: install-dev
	for app in campaign showcase assessment search; do (cd $$app && ../$(PYTHON) ../site/manage.py makemessages -l zh_Hans --no-obsolete); done
	(cd site && ../$(PYTHON) manage.py makemessages -l zh_Hans --no-obsolete --ignore static_collected)
	$(PYTHON) site/manage.py compilemessages --ignore .venv

clean:
	rm -rf $(VENV) var site/static_collected test-artifacts .pytest_cache

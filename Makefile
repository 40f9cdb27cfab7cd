# Relais — two commands: `make run` and `make test`.
PYTHON ?= python3.11
VENV := .venv
PY := $(VENV)/bin/python
PIP := $(VENV)/bin/pip
RELAIS := $(PY) -m relais
PORT ?= 8000

.PHONY: run test install install-dev assets static messages compile-messages migrate lint format e2e audit clean

$(VENV)/bin/activate:
	$(PYTHON) -m venv $(VENV) || python3 -m venv $(VENV)
	$(PIP) install --quiet --upgrade pip

$(VENV)/.installed: $(VENV)/bin/activate pyproject.toml
	$(PIP) install --quiet -e .
	touch $@

$(VENV)/.installed-dev: $(VENV)/.installed pyproject.toml
	$(PIP) install --quiet -e ".[dev]"
	touch $@

install: $(VENV)/.installed
install-dev: $(VENV)/.installed-dev

node_modules/.installed: package.json package-lock.json
	npm ci --no-audit --no-fund --loglevel=error
	touch $@

# htmx comes from the npm registry (pinned in package.json) and is copied into static/vendor, never committed.
assets: node_modules/.installed
	mkdir -p static/vendor
	cp node_modules/htmx.org/dist/htmx.min.js static/vendor/htmx.min.js

compile-messages: install
	DEBUG=1 $(RELAIS) compile_translations

static: install assets
	$(RELAIS) collectstatic --noinput --verbosity 0

migrate: install
	mkdir -p var
	$(RELAIS) migrate --noinput

run: export DEBUG ?= 1
run: install assets compile-messages static migrate
	$(RELAIS) load_demo_data --if-empty
	@echo ""
	@echo "Relais: http://127.0.0.1:$(PORT)/  — demo accounts (password relais-demo):"
	@echo "  admin@demo.relais.test (two-factor key GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ)"
	@echo "  coordination@demo.relais.test  mediation@demo.relais.test"
	@echo "  fablab@demo.relais.test  benevole@demo.relais.test"
	@echo ""
	PORT=$(PORT) $(RELAIS) serve --port $(PORT)

test: install-dev assets compile-messages
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .
	$(VENV)/bin/pytest -q -m "not browser"

lint: install-dev
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .

format: install-dev
	$(VENV)/bin/ruff check --fix .
	$(VENV)/bin/ruff format .

# Extract the strings to translate, app by app: each app keeps its French catalogue in relais/<app>/locale.
messages: install-dev
	$(PY) scripts/make_messages.py

# Browser journeys with accessibility checks: Playwright drives the distribution's Chromium.
e2e: install-dev assets compile-messages
	@command -v chromium >/dev/null || (apt-get update -qq && apt-get install -y -qq chromium fonts-dejavu-core)
	$(VENV)/bin/pytest -q -m browser e2e

# Known vulnerabilities in the installed dependencies (PyPI's advisory database); fails on any finding and
# on any dependency it could not check.
audit: install-dev
	$(VENV)/bin/pip-audit --progress-spinner off --skip-editable --strict --desc on

clean:
	rm -rf var/static node_modules static/vendor

# The doors into the project: make run, make test, make bench, make lint.
PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
CATALOG := $(or $(FILMOTECA_CATALOG_DIR),data/catalog)

.PHONY: run full api test bench lint catalog browser lock

$(VENV)/.app: requirements.txt requirements.lock
	$(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -r requirements.txt
	touch $@

$(VENV)/.dev: $(VENV)/.app requirements-dev.txt
	$(PY) -m pip install --quiet -r requirements-dev.txt
	touch $@

catalog: $(VENV)/.app
	@test -f $(CATALOG)/manifest.json || $(PY) -m core build \
		|| echo "No catalog built: the app will show its setup panel."

run: catalog
	$(PY) -m streamlit run streamlit_app.py

# The HTTP API on :8000 (docs at /docs), over the same catalog as the app.
api: catalog
	$(PY) -m core serve

# The full Kaggle dataset into data/raw (about 945 MB with all 26 million ratings; `python -m core fetch
# --ratings small` for 235 MB), then the catalog from it.
full: $(VENV)/.app
	$(PY) -m core fetch
	$(PY) -m core build

# Debian's Chromium for the browser tests (Playwright's own download is not used).
browser:
	@command -v chromium >/dev/null || { apt-get update -qq && apt-get install -y -qq chromium >/dev/null; }

# Tests in parallel (pytest-xdist), one worker a core, four at most: the three longest (rebuilds under a
# live server, the API fuzzed, a stalled download) take four minutes, and the rest runs beside them.
test: $(VENV)/.dev browser
	$(PY) -m pytest -q -n auto --maxprocesses 4

# Each script prints its figures beside a baseline measured in the same run (docs/benchmarks.md).
# lighthouse: what each page costs a phone, by npm's Lighthouse in Debian's chromium (bench/lighthouse/).
BENCHMARKS := pipeline queries recommender eda app api lists deploy ratings lighthouse

bench: $(VENV)/.dev browser bench/lighthouse/node_modules
	@for script in $(BENCHMARKS); do $(PY) bench/$$script.py || exit 1; done

bench/lighthouse/node_modules: bench/lighthouse/package-lock.json
	npm ci --prefix bench/lighthouse --no-audit --no-fund
	touch $@

# requirements.txt is the list people edit; requirements.lock pins every package it needs, for Python 3.11
# to 3.13 on any platform, and requirements.txt installs through it. After editing requirements.txt:
# `make lock` (keeps what is pinned where the list allows it; `make lock UPGRADE=--upgrade` takes the newest),
# then `make test`.
lock: $(VENV)/.dev
	grep -v '^-c ' requirements.txt | $(VENV)/bin/uv pip compile - --universal --python-version 3.11 \
		--custom-compile-command "make lock" --quiet $(UPGRADE) -o requirements.lock

lint: $(VENV)/.dev
	$(PY) -m ruff format --check .
	$(PY) -m ruff check .

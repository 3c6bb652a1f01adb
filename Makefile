# The two commands that matter: `make serve` and `make test`. Both set everything up first.
PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
HOST ?= 127.0.0.1
PORT ?= 8000

.PHONY: setup browser site serve test test-unit test-micropython test-oracle test-browser bench fuzz clean

setup: $(VENV)/.installed node_modules/.installed

$(VENV)/.installed: pyproject.toml
	test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -e '.[dev]'
	touch $@

node_modules/.installed: package.json package-lock.json
	npm ci --no-audit --no-fund --loglevel=error
	touch $@

# A Chromium for the browser tests: $$CHROMIUM, Playwright's own, or Debian's package.
browser: setup
	@$(PY) tools/find_browser.py --install

site: setup
	NO_MKDOCS_2_WARNING=1 $(PY) -m mkdocs build --strict --quiet

serve: setup
	NO_MKDOCS_2_WARNING=1 $(PY) -m mkdocs serve --dev-addr $(HOST):$(PORT) --livereload

test: setup browser
	$(PY) -m pytest
	node tests/micropython/run_unit.mjs

test-unit: setup
	$(PY) -m pytest tests/unit
	node tests/micropython/run_unit.mjs

test-oracle: setup
	$(PY) -m pytest tests/test_keras_oracle.py

# Random and mutated input for every reader (10,000 cases each, a few minutes); failures
# are saved under fuzz-failures/. Not part of `make test`. FUZZ_ARGS="--seed 1 --cases 500".
fuzz: setup
	$(PY) -m tools.fuzz $(FUZZ_ARGS)

# Speed and size figures, printed and written to bench/results.{json,md}. Never a test.
# Several minutes; results.json feeds the Performance page (tools/sitegen/perf.py) at the next build.
bench: setup browser
	$(PY) -m bench.run

clean:
	rm -rf site $(VENV) node_modules

# Calculus Lab: `make run` serves the dashboard, `make test` runs every test layer. Both set themselves up.
SHELL := /bin/bash
VENV  ?= .venv
PY    := $(VENV)/bin/python
HOST  ?= 127.0.0.1
PORT  ?= 8501
REPLICAS ?= 1
PIP   := $(PY) -m pip install --disable-pip-version-check -q
# calc_core's docstring examples are tests too (a run of their own: --doctest-modules over tests/ would import
# tests/loadtest/tiny_app.py, a Streamlit script)
DOCTESTS := --doctest-modules calc_core -q

.PHONY: run test test-unit test-app test-e2e lint bench chromium nginx clean fuzz loadtest

$(PY):
	@python=$$(scripts/find-python) && echo "Creating $(VENV) with $$python" && "$$python" -m venv $(VENV)

$(VENV)/.runtime: $(PY) requirements.txt pyproject.toml
	$(PIP) --upgrade pip
	$(PIP) -r requirements.txt
	$(PIP) --no-deps -e .
	@touch $@

$(VENV)/.test: $(VENV)/.runtime requirements-test.txt
	$(PIP) -r requirements-test.txt
	@touch $@

run: $(VENV)/.runtime  ## serve the dashboard on http://$(HOST):$(PORT) (make run HOST=0.0.0.0 for a classroom)
ifeq ($(REPLICAS),1)
	$(PY) -m streamlit run dashboard/app.py --server.address $(HOST) --server.port $(PORT) \
		--server.headless true --browser.gatherUsageStats false
else
	@scripts/ensure-nginx  # N processes behind nginx, sticky sessions: deploy/nginx/nginx.conf.template
	$(PY) scripts/run_replicas.py --replicas $(REPLICAS) --host $(HOST) --port $(PORT)
endif

chromium:
	@scripts/ensure-chromium

nginx:  ## Debian's nginx for `make run REPLICAS=N` and the replica tests
	@scripts/ensure-nginx

# Unit and AppTest files run on two workers (pytest-xdist, a file per worker at a time); the browser and
# load tests start servers and Chromium, so they run alone, after them.
PARALLEL = -n 2 --dist loadfile

test: $(VENV)/.test chromium nginx  ## lint + unit + AppTest + real-Chromium tests + calc_core's docstring examples
	$(VENV)/bin/ruff check .
	$(PY) -m pytest $(PARALLEL) tests/unit tests/app
	$(PY) -m pytest tests/e2e tests/loadtest
	$(PY) -m pytest $(DOCTESTS)

test-unit: $(VENV)/.test
	$(PY) -m pytest $(PARALLEL) tests/unit
	$(PY) -m pytest $(DOCTESTS)
test-app: $(VENV)/.test
	$(PY) -m pytest $(PARALLEL) tests/app
test-e2e: $(VENV)/.test chromium nginx
	$(PY) -m pytest tests/e2e

fuzz: $(VENV)/.test  ## long property-based and fuzz runs (thousands of examples); not part of `make test`
	CALCULUS_LAB_FUZZ=1 $(PY) -m pytest tests/unit tests/app -q

lint: $(VENV)/.test
	$(VENV)/bin/ruff check .

bench: $(VENV)/.test chromium  ## benchmarks: prints a table, writes bench/results.json
	$(PY) -m bench $(BENCH_ARGS)

loadtest: $(VENV)/.test  ## a class on one server: 1..50 simulated students (WebSocket level); table + JSON
	$(PY) -m loadtest $(LOADTEST_ARGS)

clean:
	rm -rf $(VENV) .pytest_cache .ruff_cache test-artifacts .run

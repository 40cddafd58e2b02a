# The verbs people type. Each target creates the virtual environment when it is
# missing, so `make run` and `make test` work alone on a fresh clone.

PYTHON ?= python3
VENV   ?= .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.konsil-installed

.PHONY: run demo test test-fast mutate check bench bench-abuse dist clean

$(STAMP): pyproject.toml
	@test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e ".[dev]"
	@touch $(STAMP)

## run: serve Konsil on 127.0.0.1:8000 with a SQLite file (KONSIL_DATABASE_URL overrides)
run: $(STAMP)
	$(BIN)/konsil-server run

## test: the whole test suite, on both cores (PostgreSQL runs too when KONSIL_TEST_POSTGRES_URL is set)
test: $(STAMP)
	$(BIN)/pytest -n 2

## test-fast: unit and vector tests only (no servers, no PostgreSQL), for the inner loop
test-fast: $(STAMP)
	$(BIN)/pytest tests/unit tests/vectors tests/test_*.py -m "not slow and not postgres"

## mutate: mutation testing of the security checks (docs/testing.md), tens of minutes
##         MUTANTS='crypto.mls.framing.*' re-runs only those, keeping earlier results
MUTATE_JOBS ?= 2
MUTANTS ?=
mutate: $(STAMP)
	$(if $(MUTANTS),,rm -rf mutants)
	nice -n 10 $(BIN)/mutmut run --max-children $(MUTATE_JOBS) $(foreach m,$(MUTANTS),'$(m)')
	$(BIN)/python -m tests.support.mutation_report --survivors --fail-under 90

## check: lint, format and type checks
check: $(STAMP)
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/mypy

## demo: three practitioners consulting on a case against a real server
demo: $(STAMP)
	$(BIN)/python demo/consultation.py

## bench: benchmarks with ratios against a baseline started in the same run
bench: $(STAMP)
	$(BIN)/python bench/primitives.py
	$(BIN)/python bench/relay.py
	$(BIN)/python bench/append_path.py

## bench-abuse: honest clients beside attackers (issue 13), SQLite and PostgreSQL, about 5 minutes;
##              needs PostgreSQL and Redis on 127.0.0.1; exits 1 when a goal is missed
##              ABUSE_ARGS='--backend sqlite --seconds 5 --no-fail' to shorten or only report
ABUSE_ARGS ?=
bench-abuse: $(STAMP)
	$(BIN)/python -m bench.abuse $(ABUSE_ARGS)

## dist: the sdist and wheel in dist/ (install one part: pip install 'dist/konsil-*.whl[server]')
dist: $(STAMP)
	rm -rf dist
	$(BIN)/python -m build --no-isolation --outdir dist .

clean:
	rm -rf $(VENV) dist .pytest_cache .mypy_cache .ruff_cache .hypothesis mutants

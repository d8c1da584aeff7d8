# Innovoucher — two commands do all the set-up on a fresh machine:
#   make run    serve the platform with demo data on SQLite (http://127.0.0.1:$(PORT)):
#               granian web workers plus the task worker and tick scheduler; Ctrl+C stops all
#   make test   run every test (SQLite; also PostgreSQL when DATABASE_URL points at one)
PORT ?= 8000
VENV := .venv
BIN := $(VENV)/bin
export PORT

.PHONY: run test bootstrap setup lint format migrate clean bench

bootstrap:
	@scripts/bootstrap.sh

setup: bootstrap
	@$(BIN)/innovoucher migrate --noinput -v 0
	@$(BIN)/innovoucher setup_platform
	@$(BIN)/innovoucher demo

run: setup
	@$(BIN)/innovoucher serve --port $(PORT)

lint: bootstrap
	@$(BIN)/ruff check src tests testsupport benchmarks conftest.py
	@$(BIN)/ruff format --check src tests testsupport benchmarks conftest.py
	@$(BIN)/lint-imports

format: bootstrap
	@$(BIN)/ruff format src tests testsupport benchmarks conftest.py
	@$(BIN)/ruff check --fix src tests testsupport benchmarks conftest.py

test: bootstrap
	@scripts/test.sh

# Engine micro-benchmarks, then the suite of ratios (PostgreSQL: write path vs pgbench, HTTP with
# locust vs the trivial view); results in var/bench/results.md and results.json.
bench: bootstrap
	@$(BIN)/python -m pytest benchmarks -q
	@$(BIN)/python benchmarks/suite.py

clean:
	rm -rf $(VENV) var/*.sqlite3* var/static

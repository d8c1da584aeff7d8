#!/usr/bin/env bash
# The whole suite: architecture contracts, then pytest on SQLite, then on PostgreSQL when
# DATABASE_URL points at one. REQUIRE_POSTGRES=1 turns a missing PostgreSQL into a failure.
set -euo pipefail
cd "$(dirname "$0")/.."
BIN=.venv/bin
export PYTHONDONTWRITEBYTECODE=1 DJANGO_ALLOW_ASYNC_UNSAFE=true
echo "== ruff: lint and format (100 columns)"
$BIN/ruff check src tests testsupport benchmarks conftest.py
$BIN/ruff format --check src tests testsupport benchmarks conftest.py
echo "== import-linter: layering contracts"
$BIN/lint-imports
PG_URL=${DATABASE_URL:-}
echo "== pytest on SQLite"
env -u DATABASE_URL INNOVOUCHER_VAR_DIR="$PWD/var/test-sqlite" $BIN/python -m pytest -p xdist -n "${TEST_WORKERS:-2}" --durations=15 "$@"
if [ -n "$PG_URL" ] && [[ "$PG_URL" == postgres* ]]; then
  if ! $BIN/python scripts/pg_ready.py "$PG_URL"; then
    if [ "${REQUIRE_POSTGRES:-0}" = "1" ]; then echo "PostgreSQL required (REQUIRE_POSTGRES=1) but not reachable at DATABASE_URL" >&2; exit 1; fi
    echo "PostgreSQL not reachable; skipped the PostgreSQL run"; exit 0
  fi
  echo "== pytest on PostgreSQL"
  # The Chromium journeys, the English page walks (templates, not the database) and the tests that
  # touch no database (marked nodb by conftest.py) run once, in the SQLite pass (what `make run`
  # serves); the PostgreSQL pass runs everything else, including the PostgreSQL-only concurrency
  # tests. BROWSER_ON_PG=1 runs them all here too.
  pg_args=()
  if [ $# -eq 0 ] && [ "${BROWSER_ON_PG:-0}" != "1" ]; then
    pg_args=(-m "not browser and not english and not nodb")
  fi
  DATABASE_URL="$PG_URL" INNOVOUCHER_VAR_DIR="$PWD/var/test-pg" $BIN/python -m pytest -p xdist -n "${TEST_WORKERS:-2}" --durations=15 "${pg_args[@]}" "$@"
elif [ "${REQUIRE_POSTGRES:-0}" = "1" ]; then
  echo "REQUIRE_POSTGRES=1 but DATABASE_URL does not point at PostgreSQL" >&2; exit 1
fi

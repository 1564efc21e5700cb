#!/usr/bin/env bash
# `make test`: the whole suite. PostgreSQL when DATABASE_URL is set, SQLite otherwise; what needs Redis or
# Chromium is skipped with a visible reason where they are missing (CI sets ANTQ_REQUIRE_* to fail instead).
# `make test` has run `make install` first: the dependencies, Bootstrap and the reports' font are in place.
set -euo pipefail
cd "$(dirname "$0")/.."
echo "==> Tests on ${DATABASE_URL:-SQLite (set DATABASE_URL for PostgreSQL)}"
# On both cores (pytest-xdist): each worker has its own test database (test_<name>_gw0, _gw1), a file's tests stay on
# one worker (its module fixtures are built once). ANTQ_TEST_WORKERS=0 runs in this process.
exec .venv/bin/python -m pytest -n "${ANTQ_TEST_WORKERS:-2}" --dist loadfile "$@"

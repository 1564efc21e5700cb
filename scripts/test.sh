#!/usr/bin/env bash
# `make test`: the whole suite. PostgreSQL when DATABASE_URL is set, SQLite otherwise; what needs Redis or
# Chromium is skipped with a visible reason where they are missing (CI sets ANTQ_REQUIRE_* to fail instead).
# `make test` has run `make install` first: the dependencies, Bootstrap and the reports' font are in place.
set -euo pipefail
cd "$(dirname "$0")/.."
echo "==> Tests on ${DATABASE_URL:-SQLite (set DATABASE_URL for PostgreSQL)}"
# On both cores (pytest-xdist): each worker has its own test database (test_<name>_gw0, _gw1). The default "load"
# distribution hands each worker the tests in collection order, which pytest-django sorts as Django does: the tests in
# a rolled-back transaction before the transactional ones, whose flush empties the tables the session loaded (the
# areas). Grouping by file (--dist loadfile) would interleave them. ANTQ_TEST_WORKERS=0 runs in this process.
exec .venv/bin/python -m pytest -n "${ANTQ_TEST_WORKERS:-2}" "$@"

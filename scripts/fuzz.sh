#!/usr/bin/env bash
# `make fuzz`: property-based testing of the whole API (schemathesis) against a served demo database.
#
# A throwaway database — PostgreSQL `<DATABASE_URL's name>_fuzz` when DATABASE_URL names a PostgreSQL server (as in
# CI: the production engine, whose refusals — NUL bytes, integer ranges — SQLite does not share), else the SQLite
# file var/fuzz/antq.sqlite3 — is migrated, given the areas and the demo, and served by gunicorn with DEBUG off on a
# free port. A token of `bacninh` (province staff of today's map: reads and writes the whole province) is made, and
# schemathesis runs every phase (examples, coverage, fuzzing, stateful links) with every check, within
# FUZZ_MAX_TIME seconds (default 120: the whole target takes about 3 minutes on 2 cores). Nothing is excluded; what
# the checks expect beyond the schema is in schemathesis.toml, which schemathesis reads from the repository's root.
# No Celery worker runs: a report run is queued in the folder broker under var/fuzz/ and stays queued, which the
# API answers the same way. The exit code is schemathesis's; its reports (JUnit, NDJSON events) and the server's
# log are left in var/fuzz/.
#
# FUZZ_MAX_TIME=<seconds>, FUZZ_SEED=<int> (replay a run), FUZZ_WORKERS=<n> (default 1), and any further
# arguments go to `schemathesis run` (e.g. `--include-path-regex units`).
set -euo pipefail
cd "$(dirname "$0")/.."
ROOT=$PWD
FUZZ=$ROOT/var/fuzz
PY=$ROOT/.venv/bin/python

rm -rf "$FUZZ" && mkdir -p "$FUZZ"/celery/{queue,processed,control,results} "$FUZZ"/media "$FUZZ"/backups

export DJANGO_SETTINGS_MODULE=config.settings.local DJANGO_DEBUG=0
export MEDIA_ROOT=$FUZZ/media ANTQ_BACKUP_DIR=$FUZZ/backups ANTQ_CELERY_FOLDER=$FUZZ/celery
export CELERY_BROKER_URL=filesystem:// CELERY_RESULT_BACKEND=file://$FUZZ/celery/results
unset REDIS_URL  # the throttles' counters in the server's memory, not in a Redis someone else uses
# Thousands of requests a minute from one address and one user: raise the throttles so that 429 does not hide the
# answers under test (the throttles have their own tests).
export ANTQ_API_USER_RATE=100000/min ANTQ_API_ANON_RATE=100000/min ANTQ_API_TOKEN_FAILURE_RATE=100000/min

case "${DATABASE_URL:-}" in
  postgres://*|postgresql://*)
    base=${DATABASE_URL%%\?*}; name=${base##*/}_fuzz; server=${base%/*}
    PGOPTIONS="-c client_min_messages=warning" psql "$base" -q -c "DROP DATABASE IF EXISTS $name" \
      -c "CREATE DATABASE $name" >/dev/null
    export DATABASE_URL=$server/$name ;;
  *) export DATABASE_URL=sqlite:///$FUZZ/antq.sqlite3 ;;
esac
echo "==> Fuzz database: ${DATABASE_URL}"

setup() {  # a step of the set-up, its output in var/fuzz/setup.log, shown if it fails
  echo "\$ manage.py $*" >>"$FUZZ/setup.log"
  $PY manage.py "$@" >>"$FUZZ/setup.log" 2>&1 || { tail -n 40 "$FUZZ/setup.log"; echo "manage.py $* failed"; exit 1; }
}
echo "==> Migrating, loading the areas and the demo (under a minute)"
setup migrate --noinput -v 0
setup load_areas
setup seed_demo
setup api_token bacninh --days 1 --name "make fuzz"
TOKEN=$(tail -n 1 "$FUZZ/setup.log")

PORT=$($PY -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
server=""
stop() {
  trap - INT TERM EXIT
  if [ -n "$server" ]; then kill -TERM "$server" 2>/dev/null || true; wait "$server" 2>/dev/null || true; fi
}
trap stop INT TERM EXIT
echo "==> Set up in ${SECONDS} s; serving on http://127.0.0.1:$PORT (log in var/fuzz/server.log)"
"$ROOT/.venv/bin/gunicorn" config.wsgi --bind "127.0.0.1:$PORT" --workers 2 --threads 4 --timeout 120 \
  --access-logfile - --error-logfile - >"$FUZZ/server.log" 2>&1 &
server=$!
# Only the database: no worker or beat runs here, which the whole /healthz would report with a 503.
for attempt in $(seq 61); do
  # Python's urllib rather than curl: nothing outside `make install` is needed.
  $PY -c "import sys, urllib.request; urllib.request.urlopen(sys.argv[1], timeout=2)" \
    "http://127.0.0.1:$PORT/healthz?only=database" 2>/dev/null && break
  if [ "$attempt" = 61 ] || ! kill -0 "$server" 2>/dev/null; then
    echo "The server did not start:"; tail -n 30 "$FUZZ/server.log"; exit 1
  fi
  sleep 1
done

# One worker: with two threads, Hypothesis's ast.parse (describing its filters) races in CPython 3.11
# ("SystemError: AST constructor recursion depth mismatch"), a crash of the tool, not a finding.
echo "==> schemathesis, every check and phase, ${FUZZ_MAX_TIME:-120} s"
status=0
"$ROOT/.venv/bin/schemathesis" run "http://127.0.0.1:$PORT/api/schema/" \
  -H "Authorization: Token $TOKEN" \
  --checks all --phases examples,coverage,fuzzing,stateful \
  --max-time "${FUZZ_MAX_TIME:-120}" --workers "${FUZZ_WORKERS:-1}" --continue-on-failure \
  ${FUZZ_SEED:+--seed "$FUZZ_SEED"} --generation-database none \
  --report junit,ndjson --report-dir "$FUZZ/report" --no-color "$@" || status=$?
echo "==> make fuzz took ${SECONDS} s"
exit "$status"

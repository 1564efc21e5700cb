#!/usr/bin/env bash
# `make run`: prepare the database and start the web server, a Celery worker and Celery beat together.
# No external service is needed: SQLite in var/ and a folder broker, unless DATABASE_URL / REDIS_URL are set.
# `make run` has run `make install` first: the dependencies, Bootstrap and the reports' font are in place.
# Ctrl-C stops every process this script started.
set -euo pipefail
cd "$(dirname "$0")/.."
export DJANGO_SETTINGS_MODULE=config.settings.local
PY=.venv/bin/python
mkdir -p var/celery

echo "==> Database: ${DATABASE_URL:-SQLite file var/antq.sqlite3}"
echo "==> Broker:   ${REDIS_URL:-folder var/celery (embedded)}"
echo "==> Applying migrations"
$PY manage.py migrate --noinput -v 0
echo "==> Loading the administrative areas of Vietnam (both maps; first time takes a few seconds)"
$PY manage.py load_areas
echo "==> Seeding the demo data when the database has no users"
$PY manage.py seed_demo
$PY manage.py collectstatic --noinput -v 0

pids=()
stop() {
  trap - INT TERM EXIT
  echo; echo "==> Stopping web server, worker and beat"
  for pid in "${pids[@]}"; do kill -TERM "$pid" 2>/dev/null || true; done
  wait 2>/dev/null || true
}
trap stop INT TERM EXIT

echo "==> Starting the Celery worker and beat (logs in var/worker.log, var/beat.log)"
# Reports are generated here. Each child process is replaced after 100 tasks or once it holds 400 MB (PDF rendering
# is what grows); the folder broker does not redeliver a message whose worker died: beat's reaper queues it again.
.venv/bin/celery -A config worker --loglevel INFO --concurrency 2 \
  --max-tasks-per-child 100 --max-memory-per-child 400000 >var/worker.log 2>&1 &
pids+=($!)
.venv/bin/celery -A config beat --loglevel INFO --pidfile= \
  --scheduler django_celery_beat.schedulers:DatabaseScheduler >var/beat.log 2>&1 &
pids+=($!)

cat <<'MSG'

ANTQ is starting on http://127.0.0.1:8000
  Demo accounts (password antq-demo-2019):
    tinh     province staff, Bắc Giang
    vietyen  district officer, Việt Yên
    xem      viewer, Bắc Giang
    admin    administrator (also /admin/)
  API docs: http://127.0.0.1:8000/api/docs/   Health: http://127.0.0.1:8000/healthz
  Press Ctrl-C to stop everything.

MSG
$PY manage.py runserver 127.0.0.1:8000 --noreload &
pids+=($!)
wait -n "${pids[@]}"

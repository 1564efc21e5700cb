"""Issue #20 part 2: the server CPU of one page of each API list, in-process, with and without the list machinery of
part 2 — in the same run, so that the machine's load weighs on both alike.

    .venv/bin/python benchmarks/list_cpu.py [--requests 60] [--output FILE]

On the load test's database (`antq_load`, the demo data; DATABASE_URL to change it: run `benchmarks/load/run.py` once
to create it, or createdb + migrate + load_areas + seed_demo). A token of `bacninh` (province staff of today's Bắc
Ninh, which covers the old Bắc Giang and Bắc Ninh) reads the first page (50 rows) of each list, `DEBUG` off, a
persistent connection. Per endpoint and variant: 5 warm-up requests, then --requests timed ones: the median CPU time
of this process (what a gunicorn worker spends: Django, DRF, the driver; PostgreSQL's own CPU is not in it), the
median wall time, the queries and their summed time.

Variants:
- **#20**: the code as it is (RowPlanListSerializer, orjson, the keys-first paginator for deep pages);
- **DRF's**: the same requests with DRF's own list (ListSerializer), JSONRenderer and Django's Paginator, put back
  for the run. What else #20 changed for every request (the coverage kept per areas version, the user's scope area
  loaded with the user, the token's address noted once a minute) stays in both, so the difference is part 2's rows.
The bare DRF view of the load test (`/bench/bare/`: 50 small rows in memory, no database) is measured as the
reference.
"""

import argparse
import datetime
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
sys.path.insert(0, str(Path(__file__).resolve().parent / "load"))
from _common import ROOT, report_write, run_start  # noqa: E402
from units_list import machine_describe  # noqa: E402

DEFAULT_DATABASE_URL = "postgres://postgres@127.0.0.1:5432/antq_load"
ENDPOINTS = ["/bench/bare/", "/api/v1/units/", "/api/v1/incidents/", "/api/v1/commendations/", "/api/v1/models/",
             "/api/v1/activities/values/", "/api/v1/certification/participations/", "/api/v1/units/?page=20"]


def measure(client, url: str, requests: int) -> dict:
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    for _ in range(5):
        response = client.get(url, HTTP_ACCEPT="application/json")
        assert response.status_code == 200, (url, response.status_code, response.content[:200])
    cpu, wall = [], []
    for _ in range(requests):
        started_cpu, started = time.process_time(), time.perf_counter()
        client.get(url, HTTP_ACCEPT="application/json")
        cpu.append((time.process_time() - started_cpu) * 1000)
        wall.append((time.perf_counter() - started) * 1000)
    with CaptureQueriesContext(connection) as queries:
        client.get(url, HTTP_ACCEPT="application/json")
    return {"cpu": statistics.median(cpu), "wall": statistics.median(wall), "queries": len(queries),
            "sql": sum(float(q["time"]) for q in queries.captured_queries) * 1000}


def drfs_own():
    """Put DRF's list, renderer and paginator back; returns the function that undoes it."""
    from django.core.paginator import Paginator
    from rest_framework import mixins
    from rest_framework.renderers import BrowsableAPIRenderer, JSONRenderer
    from rest_framework.views import APIView

    from antqcore.api.pagination import StandardPagination
    from antqcore.api.viewsets import ScopedViewSetMixin

    saved = (ScopedViewSetMixin.list, APIView.renderer_classes, StandardPagination.django_paginator_class)
    ScopedViewSetMixin.list = mixins.ListModelMixin.list
    APIView.renderer_classes = [JSONRenderer, BrowsableAPIRenderer]
    StandardPagination.django_paginator_class = Paginator

    def undo():
        ScopedViewSetMixin.list, APIView.renderer_classes, StandardPagination.django_paginator_class = saved
    return undo


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--requests", type=int, default=60)
    parser.add_argument("--database-url", default=DEFAULT_DATABASE_URL)
    parser.add_argument("--output", default=str(ROOT / "benchmarks" / "results" / "list_cpu.md"))
    args = parser.parse_args()
    import os

    os.environ.setdefault("ANTQ_API_USER_RATE", "1000000/min")
    os.environ.setdefault("ANTQ_LOG_LEVEL", "WARNING")  # not a line on the terminal per request
    lock = run_start(args.database_url, "list_cpu")  # noqa: F841 - held until the process exits
    from django.test import Client
    from django.test.utils import override_settings

    from antqcore.models import User
    from antqcore.services import api_token_create

    override_settings(ROOT_URLCONF="load_urls").enable()
    user = User.objects.get(username="bacninh")
    raw = api_token_create(user=user, name="list_cpu benchmark", days=1)
    client = Client(HTTP_AUTHORIZATION=f"Token {raw}", HTTP_HOST="localhost")
    load_before = os.getloadavg()
    results = {}
    for url in ENDPOINTS:
        results[url, "#20"] = measure(client, url, args.requests)
        undo = drfs_own()
        try:
            results[url, "DRF's"] = measure(client, url, args.requests)
        finally:
            undo()
        print(url, {k: round(v, 1) for k, v in results[url, "#20"].items()},
              {k: round(v, 1) for k, v in results[url, "DRF's"].items()}, flush=True)
    load_after = os.getloadavg()
    bare = results["/bench/bare/", "#20"]["cpu"]
    machine = machine_describe()
    lines = [
        f"# Server CPU of a list page, {datetime.datetime.now():%d/%m/%Y %H:%M}",
        "",
        f"`benchmarks/list_cpu.py --requests {args.requests}`; {machine['nproc']} CPUs ({machine['cpu']}); database "
        f"`{args.database_url.rsplit('/', 1)[-1]}` (the demo data); a token of `bacninh`, 50 rows a page. Machine load "
        f"(1, 5, 15 min) before {' '.join(f'{x:.2f}' for x in load_before)}, after "
        f"{' '.join(f'{x:.2f}' for x in load_after)}.",
        "",
        "| endpoint | CPU ms (#20) | CPU ms (DRF's) | CPU: bare ÷ #20 | wall ms (#20) | wall ms (DRF's) | queries "
        "| SQL ms |",
        "|---|--:|--:|--:|--:|--:|--:|--:|",
    ]
    for url in ENDPOINTS:
        ours, drfs = results[url, "#20"], results[url, "DRF's"]
        lines.append(f"| `{url}` | {ours['cpu']:.1f} | {drfs['cpu']:.1f} | {100 * bare / ours['cpu']:.0f}% | "
                     f"{ours['wall']:.1f} | {drfs['wall']:.1f} | {ours['queries']} ({drfs['queries']}) | "
                     f"{ours['sql']:.0f} |")
    lines += ["", "Medians. \"CPU: bare ÷ #20\" is the bare view's CPU as a share of the endpoint's, the in-process "
              "counterpart of the load test's \"% of bare\" (without PostgreSQL's CPU, the HTTP server and the load "
              "generator). Queries: #20 (DRF's).", ""]
    report_write("\n".join(lines), args.output)


if __name__ == "__main__":
    main()

"""A figure's records at national scale (#18): p50/p95/max of GET /api/v1/stats/records/ and of the "Nguồn số liệu"
page /figures/records/ for a province's 5-year figure.

    .venv/bin/python benchmarks/figure_records.py [--units 100000] [--incidents 1000000] [--requests 30]
                                                  [--only REGEX] [--output FILE]

Runs against its own PostgreSQL database (DATABASE_URL, default postgres://postgres@127.0.0.1:5432/antq_bench, the
unit list benchmark's), created if missing; it refuses `antq`, `postgres` and `test*`. It migrates, loads the areas
if missing and tops the data up with the generators of benchmarks/units_list.py (N units on the pre-2025 communes)
and benchmarks/incidents_figures.py (N incidents over 2016–2025, COPY), so a second run reuses them.

Requests are served in-process by django.test.Client, DEBUG off, persistent connection (units_list.py's clients and
measuring: 3 warm-up requests, --requests timed ones, 3 under CaptureQueriesContext). Readers: province staff of
today's Bắc Ninh (its scope covers the old Bắc Giang) and an admin, both asking the figures of the old Bắc Giang
(code 24) for 15/08/2014–30/09/2019. Per reader: the API for incidents.thefts, incidents.violations and
context.units, pages first / middle / last at page_size 50 and 500, and the web page of incidents.thefts, page 1.
Then, for the province reader, where the time of one request goes (the figure's value, the count, the page's rows,
their rendering as rows) and EXPLAIN (ANALYZE, BUFFERS) of the slowest queries of each figure's last page.
"""

import argparse
import datetime
import os
import re
import statistics
import sys
import time
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import urlencode

sys.path.insert(0, str(Path(__file__).resolve().parent))
from _common import ROOT, report_write, run_start  # noqa: E402
from incidents_figures import areas_ensure, incidents_ensure  # noqa: E402
from units_list import (  # noqa: E402
    DEFAULT_DATABASE_URL,
    Scenario,
    clients_build,
    machine_describe,
    results_table,
    scenarios_run,
    units_ensure,
    users_ensure,
    zones_ensure,
)

TARGET_P95_MS = 200
AREA_CODE = "24"  # resolved on the period's end: the old Bắc Giang
START, END = datetime.date(2014, 8, 15), datetime.date(2019, 9, 30)
KEYS = ["incidents.thefts", "incidents.violations", "context.units"]
PAGE_SIZES = [50, 500]
READERS = ["province staff (Bắc Ninh, today)", "admin (whole country)"]
API, PAGE = "/api/v1/stats/records/", "/figures/records/"


def params(key: str, **more) -> dict:
    return {"key": key, "area": AREA_CODE, "from": START.isoformat(), "to": END.isoformat(), **more}


def scenarios_build(clients: dict) -> list[Scenario]:
    """Pages first, middle and last of each figure and page size, from the count the API gives each reader."""
    result = []
    for reader in READERS:
        for key in KEYS:
            for size in PAGE_SIZES:
                response = clients[("API", reader)].get(API + "?" + urlencode(params(key, page_size=size)))
                if response.status_code != 200:
                    sys.exit(f"{key} as {reader}: HTTP {response.status_code} {response.content[:300]!r}")
                last = max(1, -(-response.json()["count"] // size))
                for name, page in dict.fromkeys([("first", 1), ("middle", max(1, (last + 1) // 2)),
                                                 ("last", last)]):
                    label = f"{key}, {size} a page, {name} page ({page} of {last})"
                    result.append(Scenario("API", reader, label,
                                           API + "?" + urlencode(params(key, page=page, page_size=size))))
        result.append(Scenario("page", reader, f"{KEYS[0]}, 50 a page, first page",
                               PAGE + "?" + urlencode(params(KEYS[0]))))
    return result


def rows_of(response) -> int | None:
    if response["Content-Type"].startswith("application/json"):
        return response.json()["count"]
    match = re.search(r'id="records-count">\s*([\d.,\s]+)', response.content.decode())
    return int(re.sub(r"\D", "", match.group(1))) if match else None


# --- Where the time goes -----------------------------------------------------------------------------------------

@dataclass
class Phases:
    key: str
    size: int
    page: int
    value_ms: float  # figures_compute of the figure alone (figure_records_for computes it on every page)
    count_ms: float  # the paginator's COUNT
    fetch_ms: float  # the page's rows from the database
    rows_ms: float  # record_row over them (links, columns: any query per row shows here)
    row_queries: int  # queries made while rendering the rows
    total_ms: float  # figure_records_for + count + fetch + rows


def _ms(func, runs: int = 5):
    times, result = [], None
    for _ in range(runs):
        started = time.perf_counter()
        result = func()
        times.append((time.perf_counter() - started) * 1000)
    return result, statistics.median(times)


def phases_measure(user, key: str, size: int, page: int) -> Phases:
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from antqcore.figure_records import figure_records_for, record_row
    from antqcore.selectors import area_resolve
    from antqcore.stats import figures_compute

    area = area_resolve(code=AREA_CODE, on=END)
    _value, value_ms = _ms(lambda: figures_compute(area=area, start=START, end=END, keys=[key]))
    found, _found_ms = _ms(lambda: figure_records_for(user=user, key=key, area=area, start=START, end=END))
    _count, count_ms = _ms(lambda: found.records.count())
    bottom = (page - 1) * size
    rows, fetch_ms = _ms(lambda: list(found.records[bottom:bottom + size]))
    times, queries = [], 0
    for _ in range(3):
        fresh = list(found.records[bottom:bottom + size])  # nothing cached on the instances from the last run
        with CaptureQueriesContext(connection) as captured:
            started = time.perf_counter()
            [record_row(found, r) for r in fresh]
            times.append((time.perf_counter() - started) * 1000)
        queries = len(captured.captured_queries)

    def whole():
        whole_found = figure_records_for(user=user, key=key, area=area_resolve(code=AREA_CODE, on=END),
                                         start=START, end=END)
        whole_found.records.count()
        return [record_row(whole_found, r) for r in whole_found.records[bottom:bottom + size]]

    _rows, total_ms = _ms(whole)
    return Phases(key, size, page, value_ms, count_ms, fetch_ms, statistics.median(times), queries, total_ms)


def plans_explain(client, scenario: Scenario, top: int = 3) -> list[tuple[float, str, str]]:
    """EXPLAIN (ANALYZE, BUFFERS) of the `top` slowest queries of one request: [(ms, sql, plan)]."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as captured:
        client.get(scenario.url)
    slowest = sorted(captured.captured_queries, key=lambda q: float(q["time"]), reverse=True)[:top]
    out = []
    with connection.cursor() as cur:
        for query in slowest:
            if not query["sql"].lstrip().upper().startswith("SELECT"):
                continue
            cur.execute("EXPLAIN (ANALYZE, BUFFERS) " + query["sql"])
            out.append((float(query["time"]) * 1000, query["sql"], "\n".join(r[0] for r in cur.fetchall())))
    return out


# --- Report --------------------------------------------------------------------------------------------------------

def report_render(results, phases: list[Phases], plans: dict, data: dict, requests: int, machine: dict,
                  load: tuple) -> str:
    lines = [
        "# Figure records benchmark",
        "",
        f"- date: {datetime.datetime.now().astimezone():%Y-%m-%d %H:%M %Z}",
        f"- machine: {machine['nproc']} CPUs ({machine['cpu']}), {machine['memory']} RAM",
        f"- PostgreSQL {machine['postgresql']}, Python {machine['python']}, Django {machine['django']}",
        f"- load average (1 min) at start and end: {load[0]:.2f}, {load[1]:.2f} (other work on the machine "
        "slows the run)",
        f"- PostgreSQL settings: {', '.join(machine['settings'])}",
        f"- data: {data['units']} units, {data['incidents']} incidents; the figures of the old Bắc Giang (code "
        f"{AREA_CODE}) for {START:%d/%m/%Y}–{END:%d/%m/%Y}",
        f"- {requests} timed requests per scenario, sequential; in-process django.test.Client (no HTTP server), "
        "DEBUG off, persistent DB connection",
        f"- target: p95 < {TARGET_P95_MS} ms a page. app CPU: median CPU time of the Django process per request. "
        "queries and SQL ms: 3 extra runs under CaptureQueriesContext (median of their summed query times)",
        "",
        *results_table(results, TARGET_P95_MS, rows="records"),
        "",
        f"## Where the time goes ({READERS[0]}, medians of 5 runs, ms)",
        "",
        "value: figures_compute of the figure, which figure_records_for runs on every page; count: the paginator's "
        "COUNT; fetch: the page's rows; rows: record_row over them (links and columns), with the queries it makes; "
        "total: the four together as a request runs them (without serializing and HTTP).",
        "",
        "| figure | page size | page | value | count | fetch | rows (queries) | total |",
        "|---|--:|--:|--:|--:|--:|--:|--:|",
    ]
    for p in phases:
        lines.append(f"| {p.key} | {p.size} | {p.page} | {p.value_ms:.1f} | {p.count_ms:.1f} | {p.fetch_ms:.1f} | "
                     f"{p.rows_ms:.1f} ({p.row_queries}) | {p.total_ms:.1f} |")
    lines += ["", "## Plans (EXPLAIN ANALYZE of the slowest queries of the last page, 50 a page, province reader)",
              ""]
    for name, found in plans.items():
        lines += [f"### {name}", ""]
        for ms, sql, plan in found:
            lines += [f"{ms:.1f} ms in the request:", "", "```sql", sql, "```", "", "```", plan, "```", ""]
    return "\n".join(lines) + "\n"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--units", type=int, default=100_000, help="units in the registry (default 100000)")
    parser.add_argument("--incidents", type=int, default=1_000_000, help="incidents (default 1000000)")
    parser.add_argument("--requests", type=int, default=30, help="timed requests per scenario (default 30)")
    parser.add_argument("--only", default="", help="run only the scenarios whose 'surface user scenario' "
                        "matches this regular expression")
    parser.add_argument("--output", default=str(ROOT / "benchmarks" / "results" / "figure_records.md"),
                        help="where to write the Markdown report")
    args = parser.parse_args()

    url = os.environ.get("DATABASE_URL", DEFAULT_DATABASE_URL)
    lock = run_start(url, "figure_records.py")  # noqa: F841 (held until the process exits)
    from django.core.management import call_command

    from incidents.models import Incident
    from units.models import Unit

    call_command("migrate", verbosity=0)
    areas_ensure()
    units_ensure(args.units, zones_ensure())
    incidents_ensure(args.incidents)
    data = {"units": Unit.objects.alive().count(), "incidents": Incident.objects.count()}
    print(f"Data: {data}", flush=True)
    users = {label: user for label, user in users_ensure().items() if label in READERS}
    clients = clients_build(users)
    scenarios = [s for s in scenarios_build(clients) if re.search(args.only, f"{s.surface} {s.user} {s.name}")]

    load_start = os.getloadavg()[0]
    results = scenarios_run(scenarios, clients, args.requests, width=58, count=rows_of)

    phases, plans = [], {}
    province = users[READERS[0]]
    for key in KEYS:
        for size in PAGE_SIZES:
            pages = [s for s in scenarios if s.surface == "API" and s.user == READERS[0]
                     and s.name.startswith(f"{key}, {size} a page,")]
            for scenario in pages:
                page = int(re.search(r"\((\d+) of", scenario.name).group(1))
                phases.append(phases_measure(province, key, size, page))
                if size == PAGE_SIZES[0] and scenario is pages[-1]:
                    plans[f"{key}, page {page}"] = plans_explain(clients[("API", READERS[0])], scenario)
    report = report_render(results, phases, plans, data, args.requests, machine_describe(),
                           (load_start, os.getloadavg()[0]))
    report_write(report, args.output)


if __name__ == "__main__":
    main()

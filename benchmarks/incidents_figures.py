"""Incident figures at national scale: p50/p95 of computing every incident figure for one province over 5 years.

    .venv/bin/python benchmarks/incidents_figures.py [--incidents 1000000] [--runs 50] [--output FILE]

Runs against its own PostgreSQL database (DATABASE_URL, default postgres://postgres@127.0.0.1:5432/antq_bench_incidents),
created if missing; it refuses `antq`, `postgres` and `test*`. It migrates, loads every area of Vietnam if they are
missing, and tops the registry up to N incidents over 10 years (2016–2025) and every province: before 01/07/2025 on
the communes (and some districts) of the old map, from that day on the communes of the new one. Incident i is a
function of i only, so a second run reuses the data and a larger N continues the same series. Rows are written with
COPY; there are no units (the figures do not read them).

Figures are computed as the statistics endpoint computes them (antqcore.stats.figures_compute, the nine incident
keys), in-process, with a persistent connection. Per scenario: 3 warm-up runs, --runs timed ones (p50, p95, max),
one run under CaptureQueriesContext (query count, SQL time), then EXPLAIN (ANALYZE, BUFFERS) of the aggregate query.
The same is measured with the migrated covering index replaced by a plain (area, occurred_at) index, and with no
index at all (each inside a transaction that is rolled back), to show what the index buys.
"""

import argparse
import datetime
import io
import os
import random
import re
import statistics
import sys
import time
from dataclasses import dataclass
from pathlib import Path
from types import SimpleNamespace

sys.path.insert(0, str(Path(__file__).resolve().parent))
from _common import ROOT, Scenario, report_write, run_start, time_runs  # noqa: E402
from units_list import machine_describe  # noqa: E402

DEFAULT_DATABASE_URL = "postgres://postgres@127.0.0.1:5432/antq_bench_incidents"
FIRST_DAY, DAYS = datetime.date(2016, 1, 1), 3653  # 10 years, to 31/12/2025
BATCH = 100_000
# (type code, weight): thefts dominate, as in the seed report.
TYPE_WEIGHTS = [("theft", 45), ("violation", 15), ("strike", 6), ("fire", 5), ("economic", 4),
                ("work_accident", 5), ("mass_complaint", 3), ("environment", 4), ("criminal_case", 4),
                ("drug_case", 4), ("social_vice", 2), ("school_violence", 2), ("illegal_gathering", 1),
                ("secrets_leak", 0.2)]
COLUMNS = ["type_id", "occurred_at", "area_id", "description", "cadres", "public_employees", "workers", "students",
           "outsiders", "deaths", "injuries", "damage_vnd", "reported", "verified", "prosecuted", "defendants",
           "fined", "fine_vnd", "from_public_tip", "serious", "created_at", "updated_at"]


def areas_ensure() -> None:
    from antqcore.models import Area, AreaEra, AreaLevel
    from antqcore.services import areas_load

    if Area.objects.filter(era=AreaEra.LEGACY, level=AreaLevel.COMMUNE).count() < 9000:
        started = time.perf_counter()
        areas_load()
        print(f"Loaded the areas in {time.perf_counter() - started:.0f} s", flush=True)


# --- Data --------------------------------------------------------------------------------------------------------

class Generator:
    """Incident i as a COPY line; a function of i only."""

    def __init__(self):
        from django.conf import settings

        from antqcore.models import Area, AreaEra, AreaLevel
        from incidents.models import IncidentType

        self.old = list(Area.objects.filter(era=AreaEra.LEGACY, level=AreaLevel.COMMUNE).order_by("path")
                        .values_list("pk", flat=True))
        self.old_districts = list(Area.objects.filter(era=AreaEra.LEGACY, level=AreaLevel.DISTRICT)
                                  .order_by("path").values_list("pk", flat=True))
        self.new = list(Area.objects.filter(era=AreaEra.REFORM_2025, level=AreaLevel.COMMUNE).order_by("path")
                        .values_list("pk", flat=True))
        types = {t.code: t for t in IncidentType.objects.all()}
        self.types = [types[code] for code, _w in TYPE_WEIGHTS]
        self.weights = [w for _c, w in TYPE_WEIGHTS]
        self.reform = datetime.date.fromisoformat(settings.ANTQ_REFORM_DATE)
        self.tz = datetime.timezone(datetime.timedelta(hours=7))

    def line(self, i: int) -> str:
        rng = random.Random(i)
        incident_type = rng.choices(self.types, self.weights)[0]
        day = FIRST_DAY + datetime.timedelta(days=rng.randrange(DAYS))
        if day >= self.reform:
            area = self.new[rng.randrange(len(self.new))]
        elif rng.random() < 0.1:
            area = self.old_districts[rng.randrange(len(self.old_districts))]
        else:
            area = self.old[rng.randrange(len(self.old))]
        moment = datetime.datetime.combine(day, datetime.time(rng.randrange(24), rng.randrange(60)), self.tz)
        people = [0, 0, 0, 0, 0]
        people[rng.randrange(5)] = rng.randint(1, 4)
        prosecuted = rng.random() < 0.05
        fined = rng.random() < 0.1
        row = SimpleNamespace(
            deaths=int(rng.random() < 0.01), injuries=rng.choice([0] * 9 + [1]),
            damage_vnd=rng.randrange(0, 200) * 1_000_000, prosecuted=prosecuted,
            defendants=rng.randint(1, 3) if prosecuted else 0, verified=rng.random() < 0.3)
        serious = incident_type.is_serious(row)
        values = [incident_type.pk, moment.isoformat(), area, f"Vụ việc số {i}", *people, row.deaths, row.injuries,
                  row.damage_vnd, "t", "t" if row.verified else "f", "t" if prosecuted else "f", row.defendants,
                  "t" if fined else "f", rng.randrange(1, 50) * 500_000 if fined else 0,
                  "t" if rng.random() < 0.15 else "f", "t" if serious else "f", moment.isoformat(),
                  moment.isoformat()]
        return "\t".join(str(v) for v in values) + "\n"


def incidents_ensure(n: int) -> int:
    """Tops the table up to n incidents; returns how many were added."""
    from django.db import connection

    from incidents.models import Incident

    existing = Incident.objects.count()
    if existing < n:
        generator = Generator()
        started = time.perf_counter()
        for start in range(existing, n, BATCH):
            buffer = io.StringIO("".join(generator.line(i) for i in range(start, min(start + BATCH, n))))
            with connection.cursor() as cur:
                cur.copy_expert(f"COPY incidents_incident ({', '.join(COLUMNS)}) FROM STDIN", buffer)
            print(f"  {min(start + BATCH, n)} incidents ({time.perf_counter() - started:.0f} s)", flush=True)
    with connection.cursor() as cur:
        cur.execute("VACUUM ANALYZE incidents_incident")
    return max(0, n - existing)


# --- Measuring ---------------------------------------------------------------------------------------------------

@dataclass
class Result:
    scenario: Scenario
    index: str
    incidents: int
    p50: float
    p95: float
    max: float
    one_p50: float  # one incident_counts() call: the single aggregate query behind all nine figures
    queries: int
    sql_ms: float
    plan: str
    figures: dict


SCENARIOS = [
    Scenario("Bắc Giang (old map), 2016–2020", "24", datetime.date(2016, 1, 1), datetime.date(2020, 12, 31)),
    Scenario("Bắc Ninh (new map: covers old Bắc Giang and Bắc Ninh), 2021–2025", "24", datetime.date(2021, 1, 1),
             datetime.date(2025, 12, 31)),
    Scenario("Hà Nội (old map), 2016–2020", "01", datetime.date(2016, 1, 1), datetime.date(2020, 12, 31)),
    Scenario("Việt Yên district (old map), 2016–2020", "222", datetime.date(2016, 1, 1), datetime.date(2020, 12, 31)),
]


def measure(scenario: Scenario, runs: int, index: str) -> Result:
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from antqcore.selectors import area_q, area_resolve
    from antqcore.stats import figures_compute
    from incidents.figures import FIGURES
    from incidents.models import Incident
    from incidents.selectors import incident_counts, period_bounds

    keys = list(FIGURES)
    area = area_resolve(code=scenario.code, on=scenario.end)

    def compute():
        # A fresh Area each time, as a request resolves it: nothing cached from the previous run.
        return figures_compute(area=area_resolve(code=scenario.code, on=scenario.end), start=scenario.start,
                               end=scenario.end, keys=keys)

    figures, timings = time_runs(compute, runs)
    one = []
    for _ in range(max(5, runs // 2)):
        started = time.perf_counter()
        incident_counts(area=area_resolve(code=scenario.code, on=scenario.end), start=scenario.start,
                        end=scenario.end)
        one.append((time.perf_counter() - started) * 1000)
    with CaptureQueriesContext(connection) as captured:
        compute()
    aggregate = next(q["sql"] for q in captured.captured_queries if "incidents_incident" in q["sql"])
    with connection.cursor() as cur:
        cur.execute("EXPLAIN (ANALYZE, BUFFERS) " + aggregate)
        plan = "\n".join(row[0] for row in cur.fetchall())
    low, high = period_bounds(scenario.start, scenario.end)
    count = Incident.objects.alive().filter(area_q(area, "area"), occurred_at__gte=low, occurred_at__lt=high).count()
    p95 = statistics.quantiles(timings, n=100, method="inclusive")[94] if len(timings) > 1 else timings[0]
    return Result(scenario, index, count, statistics.median(timings), p95, max(timings), statistics.median(one),
                  len(captured.captured_queries), sum(float(q["time"]) for q in captured.captured_queries) * 1000,
                  plan, figures)


def measure_all(runs: int, index: str) -> list[Result]:
    results = []
    for scenario in SCENARIOS:
        result = measure(scenario, runs, index)
        results.append(result)
        print(f"{index:28} {scenario.name:60} n={result.incidents} p50={result.p50:.1f} "
              f"p95={result.p95:.1f} max={result.max:.1f} one={result.one_p50:.1f} q={result.queries} "
              f"sql={result.sql_ms:.1f}", flush=True)
    return results


# The index as migrated, and the variants a run compares it with: each is put in place inside a transaction that is
# rolled back, so the database keeps the migrated schema.
MIGRATED_INDEX = "incident_area_occurred_cover"
VARIANTS = {  # name: (label in the report, statements)
    "covering": ("covering, as migrated", []),
    "plain": ("plain (area_id, occurred_at)", [
        f"DROP INDEX {MIGRATED_INDEX}",
        "CREATE INDEX bench_area_occurred ON incidents_incident (area_id, occurred_at)"]),
    "none": ("none", [f"DROP INDEX {MIGRATED_INDEX}"]),
}


def measure_variant(name: str, runs: int) -> list[Result]:
    from django.db import connection, transaction

    with transaction.atomic():
        with connection.cursor() as cur:
            for statement in VARIANTS[name][1]:
                cur.execute(statement)
        results = measure_all(runs, index=VARIANTS[name][0])
        transaction.set_rollback(True)
    return results


# --- Report --------------------------------------------------------------------------------------------------------

def plan_summary(plan: str) -> str:
    """The execution time and the scans the plan uses, in one line."""
    scans = re.findall(r"((?:Parallel )?(?:Index Only|Bitmap Index|Bitmap Heap|Index|Seq) Scan(?: using \S+)? on \S+)",
                       plan)
    execution = next((line.strip() for line in plan.splitlines() if line.startswith("Execution Time")), "")
    return f"{execution}; " + "; ".join(dict.fromkeys(scans))


def report_render(results: list[Result], n: int, runs: int, machine: dict, load: tuple,
                  loaded: tuple[int, float]) -> str:
    from django.db import connection

    with connection.cursor() as cur:
        cur.execute("SELECT indexname FROM pg_indexes WHERE tablename = 'incidents_incident' ORDER BY indexname")
        indexes = [row[0] for row in cur.fetchall()]
        cur.execute("SELECT pg_size_pretty(pg_total_relation_size('incidents_incident'))")
        size = cur.fetchone()[0]
    lines = [
        "# Incident figures benchmark",
        "",
        f"- date: {datetime.datetime.now().astimezone():%Y-%m-%d %H:%M %Z}",
        f"- machine: {machine['nproc']} CPUs ({machine['cpu']}), {machine['memory']} RAM",
        f"- PostgreSQL {machine['postgresql']}, Python {machine['python']}, Django {machine['django']}",
        f"- load average (1 min) at start and end: {load[0]:.2f}, {load[1]:.2f}",
        f"- PostgreSQL settings: {', '.join(machine['settings'])}",
        f"- N = {n} incidents over 2016–2025 and every province (table with indexes: {size}); this run "
        + (f"loaded {loaded[0]} of them in {loaded[1]:.0f} s (COPY, then VACUUM ANALYZE)" if loaded[0] else
           "reused them"),
        f"- indexes on incidents_incident: {', '.join(indexes)}",
        f"- {runs} timed runs per scenario of figures_compute() with the nine incident keys (what /api/v1/stats/ "
        "does), in-process; \"one aggregate\": a single incident_counts() call (all nine numbers in one query)",
        "",
        "| index on (area, occurred_at) | scenario | incidents in it | p50 ms | p95 ms | max ms "
        "| one aggregate p50 ms | queries | SQL ms |",
        "|---|---|--:|--:|--:|--:|--:|--:|--:|",
    ]
    for r in results:
        lines.append(f"| {r.index} | {r.scenario.name} | {r.incidents} | {r.p50:.1f} | "
                     f"{r.p95:.1f} | {r.max:.1f} | {r.one_p50:.1f} | {r.queries} | {r.sql_ms:.1f} |")
    lines += ["", "## Plans (EXPLAIN ANALYZE of the aggregate query)", ""]
    for r in results:
        lines += [f"### {r.scenario.name}, index: {r.index}", "",
                  plan_summary(r.plan), "", "```", r.plan, "```", ""]
    lines += ["## Figures (as migrated)", ""]
    for r in results:
        if r.index == VARIANTS["covering"][0]:
            lines.append(f"- {r.scenario.name}: {r.figures}")
    return "\n".join(lines) + "\n"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--incidents", type=int, default=1_000_000, help="incidents in the table (default 1000000)")
    parser.add_argument("--runs", type=int, default=50, help="timed runs per scenario (default 50)")
    parser.add_argument("--variants", default=",".join(VARIANTS),
                        help=f"comma-separated index variants to measure (default all): {', '.join(VARIANTS)}")
    parser.add_argument("--output", default=str(ROOT / "benchmarks" / "results" / "incidents_figures.md"),
                        help="where to write the Markdown report")
    args = parser.parse_args()

    url = os.environ.get("DATABASE_URL", DEFAULT_DATABASE_URL)
    lock = run_start(url, "incidents_figures.py")  # noqa: F841 (held until the process exits)
    from django.core.management import call_command

    from incidents.models import Incident

    call_command("migrate", verbosity=0)
    areas_ensure()
    started = time.perf_counter()
    added = incidents_ensure(args.incidents)
    load = (added, time.perf_counter() - started)
    n = Incident.objects.count()
    if n != args.incidents:
        print(f"Note: the database holds {n} incidents, more than --incidents {args.incidents}", flush=True)

    load_start = os.getloadavg()[0]
    results = []
    for name in [v.strip() for v in args.variants.split(",") if v.strip()]:
        if name not in VARIANTS:
            sys.exit(f"Unknown variant {name!r}; known: {', '.join(VARIANTS)}")
        results += measure_variant(name, args.runs)
    machine = machine_describe()
    report = report_render(results, n, args.runs, machine, (load_start, os.getloadavg()[0]), load)
    report_write(report, args.output)


if __name__ == "__main__":
    main()

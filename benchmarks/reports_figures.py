"""Report figures and generation at national scale: one province's 5-year figures (every registered figure, as a
report freezes them), the whole generation of the 5-year review (figures, breakdowns, PDF, annex) and the worker's
peak memory.

    .venv/bin/python benchmarks/reports_figures.py [--units 100000] [--incidents 1000000] [--runs 20]
                                                   [--generations 3] [--output FILE]

Runs against its own PostgreSQL database (DATABASE_URL, default postgres://postgres@127.0.0.1:5432/antq_bench_reports),
never the application's or the tests'. When it does not exist and antq_bench_incidents does (the 1.000.000 incidents
of benchmarks/incidents_figures.py), it is copied from it (CREATE DATABASE ... TEMPLATE, seconds instead of minutes).
It then migrates and tops up, deterministically (a second run reuses the data):
- every area of Vietnam (both maps);
- N units on the communes of the pre-2025 map (benchmarks/units_list.py's generator);
- N incidents over 2016–2025 and every province (benchmarks/incidents_figures.py's generator, COPY);
- 10 years (2016–2025) of tallies for every pre-2025 province, each organised like Bắc Giang in the catalogue: its
  provincial bodies (departments, Fatherland Front, unions, media, provincial police, fire police) and, in every
  district, a steering committee and a police unit, each with Bắc Giang's data set and reporting period (COPY).
The other registries (certification, models, commendations, agreements, inspections) stay empty: their figures run
their queries on empty tables, so the times below are a floor for them.

Measured, in-process with a persistent connection, DEBUG off:
1. figures_compute() with every registered key for the scenarios below: warm-up, --runs timed runs (p50, p95, max),
   one run under CaptureQueriesContext (queries, SQL time), and the time of each registry's group of keys.
2. The generation of the 5-year review of Bắc Giang (2015–2019) through reports.services.report_run_generate,
   --generations times, each in a fresh Python process as a worker child would run it: time per phase (figures,
   breakdowns, document HTML, WeasyPrint, annex, saving) and peak resident memory (VmHWM) before and after.
"""

import argparse
import datetime
import io
import json
import os
import random
import statistics
import subprocess
import sys
import time
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import urlparse

sys.path.insert(0, str(Path(__file__).resolve().parent))
from _common import ROOT, Scenario, django_setup, report_write, run_start, time_runs  # noqa: E402
from units_list import machine_describe  # noqa: E402

DEFAULT_DATABASE_URL = "postgres://postgres@127.0.0.1:5432/antq_bench_reports"
TEMPLATE_DATABASE = "antq_bench_incidents"
FIRST_DAY, LAST_DAY = datetime.date(2016, 1, 1), datetime.date(2025, 12, 31)
BENCH_PREFIX = "bench-"
TALLY_COLUMNS = ["indicator_id", "body_id", "area_id", "period_type", "period_start", "period_end", "value",
                 "more_than", "note", "updated_at"]


SCENARIOS = [
    Scenario("Bắc Giang (old map), 2015–2019", "24", datetime.date(2015, 1, 1), datetime.date(2019, 12, 31)),
    Scenario("Hà Nội (old map), 2015–2019", "01", datetime.date(2015, 1, 1), datetime.date(2019, 12, 31)),
    Scenario("Bắc Ninh (new map, covers old Bắc Giang and Bắc Ninh), 2021–2025", "24", datetime.date(2021, 1, 1),
             datetime.date(2025, 12, 31)),
    Scenario("Việt Yên district (old map), 2015–2019", "222", datetime.date(2015, 1, 1), datetime.date(2019, 12, 31)),
]
GENERATION = SCENARIOS[0]


# --- The database ----------------------------------------------------------------------------------------------------

def database_from_template(url: str) -> None:
    """Copy the incidents benchmark's database when ours does not exist yet."""
    import psycopg2
    from psycopg2 import sql

    parsed = urlparse(url)
    name = parsed.path.lstrip("/")
    conn = psycopg2.connect(dbname="postgres", user=parsed.username or "postgres", password=parsed.password,
                            host=parsed.hostname or "127.0.0.1", port=parsed.port or 5432)
    conn.autocommit = True
    with conn.cursor() as cur:
        cur.execute("SELECT datname FROM pg_database WHERE datname IN (%s, %s)", [name, TEMPLATE_DATABASE])
        found = {row[0] for row in cur.fetchall()}
        if name not in found and TEMPLATE_DATABASE in found:
            started = time.perf_counter()
            try:
                cur.execute(sql.SQL("CREATE DATABASE {} TEMPLATE {}").format(sql.Identifier(name),
                                                                             sql.Identifier(TEMPLATE_DATABASE)))
                print(f"Created {name} from {TEMPLATE_DATABASE} in {time.perf_counter() - started:.0f} s", flush=True)
            except psycopg2.errors.ObjectInUse:
                print(f"{TEMPLATE_DATABASE} is in use: starting from an empty database", flush=True)
    conn.close()


def periods(period_type: str) -> list[tuple[datetime.date, datetime.date]]:
    months = {"month": 1, "quarter": 3, "year": 12}[period_type]
    out, start = [], FIRST_DAY
    while start <= LAST_DAY:
        month = start.month - 1 + months
        following = datetime.date(start.year + month // 12, month % 12 + 1, 1)
        out.append((start, following - datetime.timedelta(days=1)))
        start = following
    return out


def tallies_ensure() -> int:
    """Bắc Giang's reporting bodies (the catalogue), then the same organisation in every other pre-2025 province, and
    10 years of values for all of them. Returns how many values were added."""
    from django.db import connection, transaction

    from antqcore.models import Area, AreaEra, AreaLevel
    from tallies.catalogue import catalogue_load
    from tallies.models import ReportingBody, TallyValue

    catalogue_load()
    if TallyValue.objects.filter(body__code__startswith=BENCH_PREFIX).exists():
        return 0
    bac_giang = Area.objects.get(era=AreaEra.LEGACY, level=AreaLevel.PROVINCE, code="24")
    models = list(ReportingBody.objects.filter(area__path__startswith=bac_giang.path).select_related("area")
                  .prefetch_related("indicators"))
    provincial = [b for b in models if b.area.level == AreaLevel.PROVINCE]
    by_kind = {}
    for body in models:
        if body.area.level == AreaLevel.DISTRICT:
            by_kind.setdefault(body.kind, body)  # one district committee and one police unit as models
    started = time.perf_counter()
    bodies = []  # (body, indicator ids)
    with transaction.atomic():
        for province in Area.objects.filter(era=AreaEra.LEGACY, level=AreaLevel.PROVINCE).order_by("code"):
            for model in provincial:
                bodies.append((_copy_body(model, province, f"{model.code}-{province.code}"), model))
            for district in Area.objects.filter(era=AreaEra.LEGACY, level=AreaLevel.DISTRICT,
                                                parent=province).order_by("code"):
                for kind, model in by_kind.items():
                    bodies.append((_copy_body(model, district, f"{kind}-{district.code}"), model))
    now = datetime.datetime.now(datetime.UTC).isoformat()
    added = 0
    for number, (body, model) in enumerate(bodies):
        rng = random.Random(number)
        indicator_ids = [i.pk for i in model.indicators.all()]
        lines = []
        for start, end in periods(model.period_type):
            for indicator_id in indicator_ids:
                lines.append("\t".join(str(v) for v in (
                    indicator_id, body.pk, body.area_id, model.period_type, start, end, rng.randrange(0, 400),
                    "f", "", now)) + "\n")
        with connection.cursor() as cur:
            cur.copy_expert(f"COPY tallies_tallyvalue ({', '.join(TALLY_COLUMNS)}) FROM STDIN",
                            io.StringIO("".join(lines)))
        added += len(lines)
    with connection.cursor() as cur:
        cur.execute("VACUUM ANALYZE tallies_tallyvalue")
    print(f"  {added} tally values for {len(bodies)} bodies ({time.perf_counter() - started:.0f} s)", flush=True)
    return added


def _copy_body(model, area, code: str):
    from tallies.models import ReportingBody

    body, created = ReportingBody.objects.get_or_create(
        code=BENCH_PREFIX + code,
        defaults={"name": f"{model.name} ({area.name})", "kind": model.kind, "area": area,
                  "period_type": model.period_type})
    if created:
        body.indicators.set(model.indicators.all())
    return body


# --- Measuring -------------------------------------------------------------------------------------------------------

@dataclass
class FigureResult:
    scenario: Scenario
    p50: float
    p95: float
    max: float
    queries: int
    sql_ms: float
    groups: dict[str, float] = field(default_factory=dict)  # registry prefix -> ms
    figures: dict = field(default_factory=dict)


def measure_figures(scenario: Scenario, runs: int) -> FigureResult:
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from antqcore.compute_cache import compute_cache
    from antqcore.selectors import area_resolve
    from antqcore.stats import figures_compute
    from reports.selectors import figure_groups

    def compute():
        return figures_compute(area=area_resolve(code=scenario.code, on=scenario.end), start=scenario.start,
                               end=scenario.end)

    figures, timings = time_runs(compute, runs)
    with CaptureQueriesContext(connection) as captured:
        compute()
    groups: dict[str, list[float]] = {}
    for _ in range(max(3, runs // 4)):
        with compute_cache():  # as a generation does: the groups share one cache
            area = area_resolve(code=scenario.code, on=scenario.end)
            for prefix, keys in figure_groups():
                started = time.perf_counter()
                figures_compute(area=area, start=scenario.start, end=scenario.end, keys=keys)
                groups.setdefault(prefix, []).append((time.perf_counter() - started) * 1000)
    p95 = statistics.quantiles(timings, n=100, method="inclusive")[94] if len(timings) > 1 else timings[0]
    return FigureResult(scenario, statistics.median(timings), p95, max(timings), len(captured.captured_queries),
                        sum(float(q["time"]) for q in captured.captured_queries) * 1000,
                        {k: statistics.median(v) for k, v in groups.items()}, figures)


def generation_child(run_id: int) -> None:
    """In a fresh process: generate the run as a worker does, timing each phase; print the result as JSON."""
    from reports import annex, rendering, services

    phases: dict[str, float] = {}

    def timed(name, func):
        def wrapper(*args, **kwargs):
            started = time.perf_counter()
            try:
                return func(*args, **kwargs)
            finally:
                phases[name] = phases.get(name, 0) + time.perf_counter() - started
        return wrapper

    services.figures_compute = timed("figures", services.figures_compute)
    services.breakdowns_compute = timed("breakdowns", services.breakdowns_compute)
    rendering.render_run_html = timed("document HTML", rendering.render_run_html)
    rendering.render_run_pdf = timed("PDF (HTML + WeasyPrint)", rendering.render_run_pdf)
    annex.annex_xlsx = timed("annex", annex.annex_xlsx)
    services._store = timed("saving files", services._store)
    before = _vm_hwm_kib()
    started = time.perf_counter()
    outcome = services.report_run_generate(run_id=run_id)
    total = time.perf_counter() - started
    phases["WeasyPrint"] = phases.get("PDF (HTML + WeasyPrint)", 0) - phases.get("document HTML", 0)
    from reports.models import ReportRun

    run = ReportRun.objects.get(pk=run_id)
    print(json.dumps({"outcome": outcome, "error": run.error, "total": total, "phases": phases,
                      "hwm_before_kib": before, "hwm_kib": _vm_hwm_kib(), "pdf_bytes": run.pdf.size if run.pdf else 0,
                      "pages": _pages(run)}))


def _pages(run) -> int:
    if not run.pdf:
        return 0
    from pypdf import PdfReader

    with run.pdf.open("rb") as f:
        return len(PdfReader(f).pages)


def _vm_hwm_kib() -> int:
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith("VmHWM:"):
            return int(line.split()[1])
    import resource

    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss


def measure_generation(url: str, generations: int) -> list[dict]:
    from antqcore.selectors import area_resolve
    from reports.services import report_run_create

    results = []
    for _ in range(generations):
        run = report_run_create(actor=None, scheduled=True, template_kind="review",
                                area=area_resolve(code=GENERATION.code, on=GENERATION.end),
                                period_start=GENERATION.start, period_end=GENERATION.end)
        out = subprocess.run([sys.executable, __file__, "--child-generate", str(run.pk)], cwd=ROOT, check=True,
                             capture_output=True, text=True, env={**os.environ, "DATABASE_URL": url})
        result = json.loads(out.stdout.strip().splitlines()[-1])
        results.append(result)
        print(f"generation: {result['outcome']} in {result['total']:.2f} s, peak {result['hwm_kib'] / 1024:.0f} MiB "
              f"({', '.join(f'{k} {v:.2f} s' for k, v in result['phases'].items())})", flush=True)
    return results


# --- Report ----------------------------------------------------------------------------------------------------------

def counts() -> dict[str, int]:
    from incidents.models import Incident
    from tallies.models import TallyValue
    from units.models import Unit

    return {"units": Unit.objects.count(), "incidents": Incident.objects.count(),
            "tally values": TallyValue.objects.count()}


def report_render(figures: list[FigureResult], generations: list[dict], runs: int, machine: dict, load: tuple,
                  sizes: dict) -> str:
    lines = [
        "# Report figures and generation benchmark",
        "",
        f"- date: {datetime.datetime.now().astimezone():%Y-%m-%d %H:%M %Z}",
        f"- machine: {machine['nproc']} CPUs ({machine['cpu']}), {machine['memory']} RAM",
        f"- PostgreSQL {machine['postgresql']}, Python {machine['python']}, Django {machine['django']}",
        f"- load average (1 min) at start and end: {load[0]:.2f}, {load[1]:.2f}",
        "- data: " + ", ".join(f"{n:,} {what}".replace(",", ".") for what, n in sizes.items()),
        f"- {runs} timed runs of figures_compute() with every registered figure per scenario, in-process",
        "",
        "| scenario | p50 ms | p95 ms | max ms | queries | SQL ms |",
        "|---|--:|--:|--:|--:|--:|",
    ]
    for r in figures:
        lines.append(f"| {r.scenario.name} | {r.p50:.0f} | {r.p95:.0f} | {r.max:.0f} | {r.queries} | {r.sql_ms:.0f} |")
    lines += ["", "Time by registry (ms, p50 of the groups computed one after another in one cache):", "",
              "| scenario | " + " | ".join(figures[0].groups) + " |",
              "|---|" + "--:|" * len(figures[0].groups)]
    for r in figures:
        lines.append(f"| {r.scenario.name} | " + " | ".join(f"{v:.0f}" for v in r.groups.values()) + " |")
    lines += ["", f"Generation of the 5-year review of {GENERATION.name} (fresh process each time):", "",
              "| # | total s | " + " | ".join(generations[0]["phases"]) + " | peak RSS MiB (after setup) | pages |",
              "|--:|--:|" + "--:|" * len(generations[0]["phases"]) + "--:|--:|"]
    for n, g in enumerate(generations, start=1):
        lines.append(f"| {n} | {g['total']:.2f} | " + " | ".join(f"{v:.2f}" for v in g["phases"].values())
                     + f" | {g['hwm_kib'] / 1024:.0f} ({g['hwm_before_kib'] / 1024:.0f}) | {g['pages']} |")
    lines += ["", "## Figures of the first scenario", "", f"{figures[0].figures}", ""]
    return "\n".join(lines) + "\n"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--units", type=int, default=100_000)
    parser.add_argument("--incidents", type=int, default=1_000_000)
    parser.add_argument("--runs", type=int, default=20, help="timed runs of the figures per scenario (default 20)")
    parser.add_argument("--generations", type=int, default=3, help="whole generations measured (default 3)")
    parser.add_argument("--output", default=str(ROOT / "benchmarks" / "results" / "reports_figures.md"))
    parser.add_argument("--child-generate", type=int, help=argparse.SUPPRESS)
    args = parser.parse_args()

    url = os.environ.get("DATABASE_URL", DEFAULT_DATABASE_URL)
    if args.child_generate:
        django_setup(url)
        generation_child(args.child_generate)
        return
    database_from_template(url)
    lock = run_start(url, "reports_figures.py")  # noqa: F841 (held until the process exits)
    from django.conf import settings
    from django.core.management import call_command
    from incidents_figures import areas_ensure, incidents_ensure
    from units_list import units_ensure, zones_ensure

    media = ROOT / "var" / "bench-media"
    media.mkdir(parents=True, exist_ok=True)
    settings.MEDIA_ROOT = str(media)
    os.environ["MEDIA_ROOT"] = str(media)
    call_command("migrate", verbosity=0)
    areas_ensure()
    units_ensure(args.units, zones_ensure())
    incidents_ensure(args.incidents)
    tallies_ensure()
    sizes = counts()
    print(f"Data: {sizes}", flush=True)

    load_start = os.getloadavg()[0]
    figures = []
    for scenario in SCENARIOS:
        result = measure_figures(scenario, args.runs)
        figures.append(result)
        print(f"{scenario.name:70} p50={result.p50:.0f} p95={result.p95:.0f} max={result.max:.0f} "
              f"q={result.queries} sql={result.sql_ms:.0f}", flush=True)
    generations = measure_generation(url, args.generations)
    report = report_render(figures, generations, args.runs, machine_describe(), (load_start, os.getloadavg()[0]),
                           sizes)
    report_write(report, args.output)


if __name__ == "__main__":
    main()

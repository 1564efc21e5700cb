"""Unit list at national scale: p50/p95/max of the filtered list API and the list page.

    .venv/bin/python benchmarks/units_list.py [--units 100000] [--requests 200] [--only REGEX]
                                              [--candidates all|NAME,...] [--output FILE]

Runs against its own PostgreSQL database (DATABASE_URL, default postgres://postgres@127.0.0.1:5432/antq_bench),
created if missing; it refuses `antq` and `test_*`. It migrates, loads every area of Vietnam if they are missing,
and tops the registry up to N units on the communes of the pre-2025 map (paths "L."), deterministically, so a
second run reuses the data.

Requests are served in-process by django.test.Client (no HTTP server or socket), with production-like settings:
DEBUG off and a persistent database connection (CONN_MAX_AGE=60, as config.settings.production). The API is
called with a token, the pages with a session, as a province staff user, a district officer and an admin.
Each scenario is warmed up, timed over --requests sequential requests, then run 3 more times under
CaptureQueriesContext to count its SQL queries and their time (those runs are not in the percentiles).
"""

import argparse
import datetime
import os
import platform
import random
import re
import statistics
import sys
import time
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import urlencode

sys.path.insert(0, str(Path(__file__).resolve().parent))
from _common import ROOT, report_write, run_start  # noqa: E402

DEFAULT_DATABASE_URL = "postgres://postgres@127.0.0.1:5432/antq_bench"
TARGET_P95_MS = 150
BATCH_SIZE = 5000

# Deterministic Vietnamese names, so accent-free searches ("minh phat") hit.
WORDS = [
    "Thành Công", "Minh Phát", "Hòa Bình", "Phú Thịnh", "Hưng Thịnh", "Việt Hưng", "An Phát", "Tân Tiến",
    "Đại Dương", "Hoàng Long", "Sao Việt", "Bình Minh", "Thăng Long", "Phương Đông", "Trường An", "Quang Trung",
    "Hồng Hà", "Nam Việt", "Kim Long", "Đông Á", "Hải Đăng", "Thái Sơn", "Ngọc Lan", "Sông Hồng", "Cửu Long",
    "Tây Nguyên", "Đức Thành", "Phúc Lộc", "Vạn Xuân", "Trí Đức",
]
STREETS = ["Lê Lợi", "Trần Phú", "Nguyễn Trãi", "Hùng Vương", "Lý Thường Kiệt", "Quốc lộ 1A", "Ngô Quyền"]
FOREIGN_BRANDS = [("Hàn Quốc", "Hanwha"), ("Hàn Quốc", "Samsung"), ("Nhật Bản", "Canon"), ("Đài Loan", "Foxconn"),
                  ("Trung Quốc", "Luxshare"), ("Trung Quốc", "Goertek"), ("Singapore", "Sembcorp"),
                  ("Hoa Kỳ", "Amkor")]
# (kind, subtype, name prefix, weight); about 5% FDI.
PROFILES = [
    ("enterprise", "private_enterprise", "Công ty TNHH", 30),
    ("enterprise", "private_enterprise", "Công ty Cổ phần", 15),
    ("enterprise", "state_enterprise", "Công ty TNHH MTV", 4),
    ("enterprise", "fdi_enterprise", "Công ty TNHH", 5),
    ("enterprise", "bank", "Ngân hàng TMCP", 2),
    ("agency", "state_agency", "Chi cục", 10),
    ("agency", "public_service", "Trung tâm", 7),
    ("agency", "hospital", "Bệnh viện Đa khoa", 3),
    ("agency", "bank", "Kho bạc Nhà nước", 1),
    ("school", "lower_secondary", "Trường THCS", 12),
    ("school", "upper_secondary", "Trường THPT", 8),
    ("school", "higher_education", "Trường Cao đẳng", 3),
]
ZONE_COUNT = 20
# Indexes proposed in benchmarks/README.md, created by --candidates under a "bench_" name so a run measures them
# before they reach a migration; a run without --candidates drops them, measuring the schema as migrated. (The
# subtype + name index measured here is now units.0004, unit_alive_by_subtype_name.)
CANDIDATE_INDEXES: dict[str, str] = {}
# A server setting tried the same way: the planner's price of a random page read, 4 by default (spinning disks);
# 1.1 tells it the data is in RAM or on SSD. docker-compose.yml starts PostgreSQL with it; a run without the
# candidate measures PostgreSQL's default.
CANDIDATE_SETTINGS = {"random_page_cost": "1.1"}
# The keys-first paginator once tried here is now the code's (antqcore.pagination.KeysFirstPaginator).
CANDIDATE_CODE: list[str] = []


# --- Database --------------------------------------------------------------------------------------------------

# --- Data --------------------------------------------------------------------------------------------------------

def areas_ensure() -> None:
    from antqcore.models import Area, AreaEra, AreaLevel
    from antqcore.services import areas_load

    if Area.objects.filter(era=AreaEra.LEGACY, level=AreaLevel.COMMUNE).count() < 9000:
        started = time.perf_counter()
        areas_load()
        print(f"Loaded the areas in {time.perf_counter() - started:.0f} s", flush=True)


def district_officer_area():
    """Việt Yên (Bắc Giang, pre-2025 map), the district of the demo's district officer."""
    from antqcore.models import Area, AreaEra, AreaLevel

    return Area.objects.get(era=AreaEra.LEGACY, level=AreaLevel.DISTRICT, path__startswith="L.24.",
                            name__contains="Việt Yên")


def zones_ensure() -> list:
    """ZONE_COUNT zones and clusters on districts spread over the country, the first one in Việt Yên."""
    from antqcore.models import Area, AreaEra, AreaLevel
    from units.models import IndustrialZone

    districts = list(Area.objects.filter(era=AreaEra.LEGACY, level=AreaLevel.DISTRICT).order_by("path"))
    step = len(districts) // ZONE_COUNT
    chosen = [district_officer_area()] + districts[step // 2::step][: ZONE_COUNT - 1]
    zones = []
    for n, district in enumerate(chosen, start=1):
        kind = IndustrialZone.Kind.ZONE if n % 2 else IndustrialZone.Kind.CLUSTER
        label = "Khu công nghiệp" if kind == IndustrialZone.Kind.ZONE else "Cụm công nghiệp"
        zone, _created = IndustrialZone.objects.get_or_create(
            name=f"{label} {district.short_name} {n}", kind=kind, defaults={"area": district}
        )
        zones.append(zone)
    return zones


def unit_data(i: int, commune, zone_by_district: dict) -> dict:
    """The i-th benchmark unit: a function of i and its commune only, so a top-up continues the same series."""
    rng = random.Random(i)
    kind, subtype, prefix, _weight = rng.choices(PROFILES, weights=[p[3] for p in PROFILES])[0]
    word = WORDS[rng.randrange(len(WORDS))]
    investor_country = ""
    if subtype == "fdi_enterprise":
        investor_country, brand = FOREIGN_BRANDS[rng.randrange(len(FOREIGN_BRANDS))]
        name = f"{prefix} {brand} {word} Việt Nam {i}"
    else:
        name = f"{prefix} {word} {i}"
    status = rng.choices(["active", "suspended", "dissolved"], weights=[90, 7, 3])[0]
    started_on = datetime.date(1990, 1, 1) + datetime.timedelta(days=rng.randrange(12000))
    zone = zone_by_district.get(commune.parent_id)
    return {
        "name": name, "kind": kind, "subtype": subtype, "investor_country": investor_country,
        "tax_code": f"{100000000 + i:010d}", "commune": commune,
        "address": f"Số {rng.randrange(1, 500)} đường {STREETS[rng.randrange(len(STREETS))]}, {commune.name}",
        "managing_level": rng.choice(["province", "district", "commune"]),
        "managing_body": "", "staff_count": rng.randrange(5, 200),
        "worker_count": rng.randrange(0, 3000) if kind == "enterprise" else 0,
        "student_count": rng.randrange(200, 3000) if kind == "school" else 0,
        "headcount_year": 2024, "has_party_organisation": rng.random() < 0.4,
        "zone": zone if kind == "enterprise" and zone is not None and rng.random() < 0.6 else None,
        "status": status, "started_on": started_on,
        "dissolved_on": started_on + datetime.timedelta(days=3000) if status == "dissolved" else None,
    }


def units_ensure(n: int, zones: list) -> None:
    """Top the registry up to n units spread round-robin over every commune of the pre-2025 map."""
    from django.db import connection

    from units.models import Unit

    existing = Unit.objects.count()
    if existing < n:
        units_create(existing, n, zones)
    with connection.cursor() as cur:
        # The steady state autovacuum gives a loaded table: planner statistics and the visibility map that
        # index-only scans need. Without it the first runs after a load measure a table no server keeps.
        cur.execute("VACUUM ANALYZE units_unit")


def units_create(existing: int, n: int, zones: list) -> None:
    from antqcore.models import Area, AreaEra, AreaLevel

    communes = list(Area.objects.filter(era=AreaEra.LEGACY, level=AreaLevel.COMMUNE).order_by("path"))
    units_add(existing, n, communes, {zone.area_id: zone for zone in zones})


def units_add(existing: int, n: int, communes: list, zone_by_district: dict) -> None:
    """Units number `existing` to n-1 (unit_data's), on `communes` in turn, bulk-created in batches of BATCH_SIZE
    (also load/national.py's)."""
    from django.db import transaction

    from units.models import Unit
    from units.services import unit_build

    started = time.perf_counter()
    for start in range(existing, n, BATCH_SIZE):
        batch = [unit_build(data=unit_data(i, communes[i % len(communes)], zone_by_district))
                 for i in range(start, min(start + BATCH_SIZE, n))]
        with transaction.atomic():
            Unit.objects.bulk_create(batch)
        print(f"  {start + len(batch)} units ({time.perf_counter() - started:.0f} s)", flush=True)


def candidates_apply(names: list[str]) -> list[str]:
    """Apply the candidates named (all of them for "all") and undo the others; returns those applied."""
    from django.db import connection

    known = [*CANDIDATE_INDEXES, *CANDIDATE_SETTINGS, *CANDIDATE_CODE]
    wanted = set(known) if names == ["all"] else set(names)
    unknown = wanted - set(known)
    if unknown:
        sys.exit(f"Unknown candidate {', '.join(sorted(unknown))}; known: {', '.join(known)}")
    with connection.cursor() as cur:
        for name, create in CANDIDATE_INDEXES.items():
            cur.execute(create if name in wanted else f"DROP INDEX IF EXISTS {name}")
        # Earlier candidates: the name and trigram indexes are now in units' migrations under their own names.
        for name in ("bench_unit_alive_name", "bench_unit_search_trgm", "bench_unit_subtype",
                     "bench_unit_subtype_name"):
            cur.execute(f"DROP INDEX IF EXISTS {name}")
        database = connection.settings_dict["NAME"]
        for name, value in CANDIDATE_SETTINGS.items():
            # On the database, so the connections opened later (CONN_MAX_AGE) get it too.
            change = f"SET {name} = {value}" if name in wanted else f"RESET {name}"
            cur.execute(f'ALTER DATABASE "{database}" {change}')
    connection.close()
    return sorted(wanted)


def unit_indexes() -> list[str]:
    from django.db import connection

    with connection.cursor() as cur:
        cur.execute("SELECT indexname FROM pg_indexes WHERE tablename = 'units_unit' ORDER BY indexname")
        return [row[0] for row in cur.fetchall()]


def planner_settings() -> list[str]:
    from django.db import connection

    with connection.cursor() as cur:
        cur.execute("SELECT name || '=' || setting FROM pg_settings WHERE name IN "
                    "('random_page_cost', 'shared_buffers', 'work_mem', 'effective_cache_size', 'jit') "
                    "ORDER BY name")
        return [row[0] for row in cur.fetchall()]


def users_ensure() -> dict:
    """The three readers: province staff of today's Bắc Ninh (which covers the old Bắc Giang and Bắc Ninh),
    a district officer of Việt Yên, an admin."""
    from antqcore.models import Area, AreaEra, AreaLevel, Role, User

    province = Area.objects.get(era=AreaEra.REFORM_2025, level=AreaLevel.PROVINCE, code="24")
    specs = {
        "province staff (Bắc Ninh, today)": ("bench_province", Role.PROVINCE_STAFF, province),
        "district officer (Việt Yên)": ("bench_district", Role.DISTRICT_OFFICER, district_officer_area()),
        "admin (whole country)": ("bench_admin", Role.ADMIN, None),
    }
    users = {}
    for label, (username, role, area) in specs.items():
        user, _created = User.objects.update_or_create(username=username,
                                                       defaults={"role": role, "scope_area": area})
        users[label] = user
    return users


# --- Measuring ---------------------------------------------------------------------------------------------------

@dataclass
class Scenario:
    surface: str  # "API" or "page"
    user: str
    name: str
    url: str


@dataclass
class Result:
    scenario: Scenario
    rows: int | None
    p50: float
    p95: float
    max: float
    cpu_p50: float
    queries: int
    sql_ms: float


def scenarios_build(users: dict, zones: list) -> list[Scenario]:
    from antqcore.models import Area, AreaEra, AreaLevel
    from antqcore.scoping import scope_q
    from units.models import Unit
    from units.selectors import unit_list

    province_today = Area.objects.get(era=AreaEra.REFORM_2025, level=AreaLevel.PROVINCE, code="24")
    district = district_officer_area()
    zone = zones[0]
    rare = Unit.objects.order_by("id").values_list("tax_code", flat=True)[12345 % Unit.objects.count()]
    result = []
    for label, user in users.items():
        visible = unit_list(base=Unit.objects.filter(scope_q(user, "commune"))).count()
        last = max(1, -(-visible // 50))
        deep = min(100, last)
        deep_name = "page=100" if deep == 100 else f"deep page (last: {deep})"
        # The page's area filter takes an Area id among the user's provinces and districts.
        page_area = district if user.scope_area_id == district.pk else province_today
        filters = [
            ("default page", {}, {}),
            ("area=24 (province)", {"area": "24"}, {"area": page_area.pk}),
            ("kind+subtype", {"kind": "enterprise", "subtype": "private_enterprise"},
             {"kind": "enterprise", "subtype": "private_enterprise"}),
            ("search 'minh phat'", {"search": "minh phat"}, {"q": "minh phat"}),
            ("search a tax code", {"search": rare}, {"q": rare}),
            ("fdi=true", {"fdi": "true"}, {"fdi": "1"}),
            ("zone", {"zone": zone.pk}, {"zone": zone.pk}),
            ("status=suspended", {"status": "suspended"}, {"status": "suspended"}),
            ("page_size=500", {"page_size": 500}, {"page_size": 500}),
            (deep_name, {"page": deep}, {"page": deep}),
        ]
        if last > 100:
            # Where a client syncing the registry page by page ends up.
            filters.append((f"last page ({last})", {"page": last}, {"page": last}))
        for name, api_params, page_params in filters:
            if name.startswith("area=") and page_area == district:
                name = "area=24 / its district"
            result.append(Scenario("API", label, name, "/api/v1/units/?" + urlencode(api_params)))
            result.append(Scenario("page", label, name, "/units/?" + urlencode(page_params)))
    return result


def clients_build(users: dict) -> dict:
    """A token client and a session client per user. Each process has its own tokens, removed at exit, so that a
    second process (an EXPLAIN session, say) does not sign this one out."""
    import atexit

    from django.test import Client
    from django.utils import timezone

    from antqcore.models import ApiToken
    from antqcore.services import api_token_create

    name = f"benchmark {os.getpid()}"
    stale = ApiToken.objects.filter(user__in=users.values(), name__startswith="benchmark",
                                    created_at__lt=timezone.now() - datetime.timedelta(days=1))
    stale.delete()
    atexit.register(lambda: ApiToken.objects.filter(user__in=users.values(), name=name).delete())
    clients = {}
    for label, user in users.items():
        token = api_token_create(user=user, name=name)
        api = Client(SERVER_NAME="127.0.0.1", HTTP_AUTHORIZATION=f"Token {token}")
        page = Client(SERVER_NAME="127.0.0.1")
        page.force_login(user)
        clients[("API", label)] = api
        clients[("page", label)] = page
    return clients


def rows_of(response) -> int | None:
    if response["Content-Type"].startswith("application/json"):
        return response.json()["count"]
    match = re.search(r'id="unit-count">\s*([\d.,\s]+)', response.content.decode())
    return int(re.sub(r"\D", "", match.group(1))) if match else None


def scenario_measure(scenario: Scenario, client, requests: int, count=rows_of) -> Result:
    """`count(response)`: the rows a response says it lists."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    def get():
        response = client.get(scenario.url)
        if response.status_code != 200:
            raise SystemExit(f"{scenario.surface} {scenario.url} as {scenario.user}: HTTP {response.status_code}")
        return response

    for _ in range(3):
        rows = count(get())
    timings, cpu = [], []
    for _ in range(requests):
        started, cpu_started = time.perf_counter(), time.process_time()
        get()
        timings.append((time.perf_counter() - started) * 1000)
        cpu.append((time.process_time() - cpu_started) * 1000)
    counts, sql_times = [], []
    for _ in range(3):
        with CaptureQueriesContext(connection) as captured:
            get()
        counts.append(len(captured.captured_queries))
        sql_times.append(sum(float(q["time"]) for q in captured.captured_queries) * 1000)
    p95 = statistics.quantiles(timings, n=100, method="inclusive")[94] if len(timings) > 1 else timings[0]
    return Result(scenario, rows, statistics.median(timings), p95, max(timings), statistics.median(cpu), max(counts),
                  statistics.median(sql_times))


def scenarios_run(scenarios: list[Scenario], clients: dict, requests: int, width: int = 26,
                  count=rows_of) -> list[Result]:
    """Measure the scenarios one after another, printing each result as it comes."""
    results = []
    for scenario in scenarios:
        result = scenario_measure(scenario, clients[(scenario.surface, scenario.user)], requests, count)
        results.append(result)
        print(f"{scenario.surface:4} {scenario.user:34} {scenario.name:{width}} rows={result.rows} "
              f"p50={result.p50:.1f} p95={result.p95:.1f} max={result.max:.1f} cpu={result.cpu_p50:.1f} "
              f"q={result.queries} sql={result.sql_ms:.1f}", flush=True)
    return results


# --- Report --------------------------------------------------------------------------------------------------------

def machine_describe() -> dict:
    import django
    from django.db import connection

    memory = "?"
    cpu = platform.processor() or "?"
    try:
        meminfo = Path("/proc/meminfo").read_text()
        kib = int(re.search(r"MemTotal:\s+(\d+)", meminfo).group(1))
        memory = f"{kib / 1024 / 1024:.1f} GiB"
        cpu = re.search(r"model name\s*:\s*(.+)", Path("/proc/cpuinfo").read_text()).group(1).strip()
    except (OSError, AttributeError):
        pass
    with connection.cursor() as cur:
        cur.execute("SHOW server_version")
        pg = cur.fetchone()[0]
    return {"nproc": os.cpu_count(), "memory": memory, "cpu": cpu, "postgresql": pg,
            "python": platform.python_version(), "django": django.get_version(), "indexes": unit_indexes(),
            "settings": planner_settings()}


def report_render(results: list[Result], n: int, requests: int, machine: dict, load: tuple,
                  candidates: list[str]) -> str:
    lines = [
        "# Unit list benchmark",
        "",
        f"- date: {datetime.datetime.now().astimezone():%Y-%m-%d %H:%M %Z}",
        f"- machine: {machine['nproc']} CPUs ({machine['cpu']}), {machine['memory']} RAM",
        f"- PostgreSQL {machine['postgresql']}, Python {machine['python']}, Django {machine['django']}",
        f"- load average (1 min) at start and end: {load[0]:.2f}, {load[1]:.2f} (other work on the machine "
        "slows the run)",
        f"- indexes on units_unit: {', '.join(machine['indexes'])}",
        f"- PostgreSQL settings: {', '.join(machine['settings'])}",
        f"- candidates applied (--candidates): {', '.join(candidates) or 'none, the code and schema as they are'}",
        f"- N = {n} units on the pre-2025 communes; {requests} timed requests per scenario, sequential",
        "- in-process django.test.Client (no HTTP server), DEBUG off, persistent DB connection",
        f"- target: p95 < {TARGET_P95_MS} ms. app CPU: median CPU time of the Django process per request (the "
        "Python side, less sensitive to other load than wall time). queries and SQL ms: 3 extra runs under "
        "CaptureQueriesContext (SQL ms is the median of their summed query times, PostgreSQL side plus driver)",
        "",
        *results_table(results, TARGET_P95_MS),
        "",
    ]
    return "\n".join(lines)


def results_table(results: list[Result], target: float, rows: str = "rows") -> list[str]:
    """The results as a Markdown table, then how many scenarios are under the target."""
    lines = [f"| surface | user | scenario | {rows} | p50 ms | p95 ms | max ms | app CPU ms | queries | SQL ms "
             "| target |", "|---|---|---|--:|--:|--:|--:|--:|--:|--:|---|"]
    for r in results:
        s = r.scenario
        verdict = "ok" if r.p95 < target else "**MISS**"
        lines.append(f"| {s.surface} | {s.user} | {s.name} | {r.rows if r.rows is not None else '?'} | "
                     f"{r.p50:.1f} | {r.p95:.1f} | {r.max:.1f} | {r.cpu_p50:.1f} | {r.queries} | {r.sql_ms:.1f} | "
                     f"{verdict} |")
    misses = sum(r.p95 >= target for r in results)
    return lines + ["", f"{len(results) - misses} of {len(results)} scenarios under {target} ms p95."]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--units", type=int, default=100_000, help="units in the registry (default 100000)")
    parser.add_argument("--requests", type=int, default=200, help="timed requests per scenario (default 200)")
    parser.add_argument("--only", default="", help="run only the scenarios whose 'surface user scenario' "
                        "matches this regular expression")
    known = ", ".join([*CANDIDATE_INDEXES, *CANDIDATE_SETTINGS, *CANDIDATE_CODE])
    parser.add_argument("--candidates", default="", help=f"comma-separated proposals to try (or 'all'): {known}; "
                        "the others are undone, so a run without it measures the code and schema as they are")
    parser.add_argument("--output", default=str(ROOT / "benchmarks" / "results" / "units_list.md"),
                        help="where to write the Markdown report")
    args = parser.parse_args()

    url = os.environ.get("DATABASE_URL", DEFAULT_DATABASE_URL)
    lock = run_start(url, "units_list.py")  # noqa: F841 (held until the process exits)
    from django.core.management import call_command

    from units.models import Unit

    call_command("migrate", verbosity=0)
    areas_ensure()
    zones = zones_ensure()
    candidates = candidates_apply([c for c in args.candidates.split(",") if c])
    units_ensure(args.units, zones)
    n = Unit.objects.alive().count()
    if n != args.units:
        print(f"Note: the database holds {n} units, more than --units {args.units}", flush=True)
    users = users_ensure()
    clients = clients_build(users)
    scenarios = [s for s in scenarios_build(users, zones)
                 if re.search(args.only, f"{s.surface} {s.user} {s.name}")]

    load_start = os.getloadavg()[0]
    results = scenarios_run(scenarios, clients, args.requests)

    report = report_render(results, n, args.requests, machine_describe(), (load_start, os.getloadavg()[0]),
                           candidates)
    report_write(report, args.output)


if __name__ == "__main__":
    main()

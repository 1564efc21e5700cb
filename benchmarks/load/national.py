"""The load test's database at national scale (issue #20): the demo, then every registry topped up to the size of the
whole country, deterministically, so that the load test reads lists and figures of the size production will hold.

    .venv/bin/python benchmarks/load/national.py [--units 100000] [--incidents 1000000] [--database-url URL]

The database (default postgres://postgres@127.0.0.1:5432/antq_national) is created if missing; `antq`, `postgres`
and `test*` are refused, as by the other benchmarks. Then, in order:

1. `migrate`, every area of both maps (`load_areas`, when missing) and `seed_demo` under the local settings: the demo
   accounts and the demo data of old Bắc Giang and Bắc Ninh (today's Bắc Ninh) exactly as `make run` seeds them, so
   that load/fixture.py finds its users, tally grids, incident types and report templates (seed_demo does nothing on
   a database that has users: a second run keeps the demo as it is).
2. Units up to N (benchmarks/units_list.py's `units_add`: `unit_data`, bulk_create in batches of 5.000) on the
   communes of the pre-2025 map of the other 61 provinces: the two demo provinces already hold as many units as two
   provinces of a 100.000-unit country (2.891), so the rest of the country gets the rest.
3. Incidents up to M over 2016–2025 on every commune of the country (benchmarks/incidents_figures.py's generator,
   COPY in batches of 100.000), 85% of them tied to a unit of their commune (for an incident after 01/07/2025, a unit
   of one of the old communes its new commune took in).
4. The other registries for the units of step 2, in the demo's proportions per unit (measured on a fresh seed_demo:
   DEMO below): the units' guard forces and fire teams (with their consolidations), certification (participations
   with their workflow steps, the decisions and councils they refer to, criticisms), movement models (participants,
   briefings and reports, reviews), commendations, coordination (documents per province, agreements, inspections,
   citations), and tally values (Bắc Giang's reporting bodies copied to every other province and district, values
   from 2025 back until the proportion is reached). Each unit's records are a function of the unit's number, so a
   second run finds them and adds only what is missing (each pass resumes after the last unit it has written; each
   batch is one transaction). COPY where rows are many, bulk_create where their ids are needed.
5. `VACUUM ANALYZE` of the whole database (the steady state autovacuum keeps a loaded table in).

Left out: certification self-assessment answers (the demo has none either), pilot selections (19 in the demo, a plan
of one province), the zones' yearly investment projects, report runs; simple_history's history rows of bulk-loaded
records (the demo writes few of them either).

run.py --national calls `prepare()` (in a child process, so the runner stays free of Django) and
`registry_counts()` for its report.
"""

import argparse
import datetime
import io
import os
import random
import subprocess
import sys
import time
from pathlib import Path
from urllib.parse import urlparse

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parent))
from _common import ROOT, database_ensure, django_setup, run_lock  # noqa: E402

DEFAULT_DATABASE_URL = "postgres://postgres@127.0.0.1:5432/antq_national"
BIN = ROOT / ".venv" / "bin"
PASS_BATCH = 2000  # units per transaction of the per-unit passes
# The demo's provinces: old Bắc Giang and Bắc Ninh, today's Bắc Ninh that took both in.
DEMO_PROVINCES = ("L.24", "L.27", "N.24")
# A fresh seed_demo (06/12/2026): rows per registry for its 2.891 units. The national registries get the same number
# per unit of step 2.
DEMO = {
    "units": 2891, "guard forces": 8301, "fire teams": 1208, "fire team consolidations": 3720,
    "participations": 13181, "steps": 63534, "decisions": 593, "criticisms": 49,
    "models": 965, "model participants": 1004, "model activities": 25874, "model reviews": 1719,
    "commendations": 4020, "tally values": 13875,
    "documents": 82, "agreements": 265, "inspections": 2213, "citations": 2673,
}
# The tables behind each registry, for the report (run.py) and the summary.
TABLES = {
    "units": "units_unit", "guard forces": "units_guardforce", "fire teams": "units_fireteam",
    "fire team consolidations": "units_fireteamconsolidation", "incidents": "incidents_incident",
    "certification participations": "certification_participation", "certification steps": "certification_steplog",
    "certification decisions": "certification_decision", "certification councils": "certification_council",
    "criticisms": "certification_criticism", "movement models": "models_registry_movementmodel",
    "model participants": "models_registry_movementmodel_participants",
    "model briefings and reports": "models_registry_activity", "model reviews": "models_registry_review",
    "commendations": "commendations_commendation", "reporting bodies": "tallies_reportingbody",
    "tally values": "tallies_tallyvalue", "coordination documents": "coordination_document",
    "agreements": "coordination_agreement", "inspections": "coordination_inspection",
    "document citations": "coordination_documentcitation",
}
TALLY_PREFIX = "nat-"
ACTIVITY_FROM = datetime.date(2018, 1, 1)
TZ = datetime.timezone(datetime.timedelta(hours=7))
D = datetime.date


# --- Outside Django: the database, the demo, the counts --------------------------------------------------------------

def _local_env(url: str) -> dict:
    return os.environ | {"DATABASE_URL": url, "DJANGO_SETTINGS_MODULE": "config.settings.local",
                         "ANTQ_LOG_LEVEL": "WARNING"}


def demo_prepare(url: str, lock) -> None:
    """Migrate; the areas when missing; the demo accounts and data (seed_demo does nothing on a database with users)."""
    env = _local_env(url)

    def manage(*command):
        subprocess.run([str(BIN / "python"), "manage.py", *command], cwd=ROOT, env=env, check=True)

    started = time.perf_counter()
    manage("migrate", "--noinput", "-v", "0")
    with lock.cursor() as cur:
        cur.execute("SELECT count(*) FROM antqcore_area")
        if cur.fetchone()[0] == 0:
            manage("load_areas")
    manage("seed_demo")
    print(f"==> Migrated, areas and demo data ({time.perf_counter() - started:.0f} s)", flush=True)


def prepare(url: str, units: int, incidents: int) -> None:
    """The whole preparation in a child process (run.py stays free of Django and of this build's memory)."""
    subprocess.run([str(BIN / "python"), str(Path(__file__).resolve()), "--database-url", url, "--units", str(units),
                    "--incidents", str(incidents)], cwd=ROOT, check=True)


def built(conn) -> bool:
    """Whether national.py has added units to this database (through a psycopg2 connection)."""
    with conn.cursor() as cur:
        cur.execute("SELECT to_regclass('units_unit') IS NOT NULL")
        found = cur.fetchone()[0]
        if found:
            cur.execute(r"SELECT EXISTS (SELECT 1 FROM units_unit WHERE tax_code ~ '^01\d{8}$')")
            found = cur.fetchone()[0]
    conn.commit()
    return found


def registry_counts(conn) -> dict[str, int]:
    """Exact row counts of every registry's tables, through a psycopg2 connection."""
    counts = {}
    with conn.cursor() as cur:
        for label, table in TABLES.items():
            cur.execute(f"SELECT count(*) FROM {table}")
            counts[label] = cur.fetchone()[0]
    conn.commit()
    return counts


# --- Helpers -------------------------------------------------------------------------------------------------------

def _cell(value) -> str:
    if value is None:
        return "\\N"
    if value is True:
        return "t"
    if value is False:
        return "f"
    if isinstance(value, datetime.date | datetime.datetime):
        return value.isoformat()
    text = str(value)
    if any(c in text for c in "\\\t\n\r"):
        text = text.replace("\\", "\\\\").replace("\t", "\\t").replace("\n", "\\n").replace("\r", "\\r")
    return text


def copy_rows(table: str, columns: list[str], rows) -> int:
    from django.db import connection

    buffer = io.StringIO()
    n = 0
    for row in rows:
        buffer.write("\t".join(_cell(v) for v in row) + "\n")
        n += 1
    if n:
        buffer.seek(0)
        names = ", ".join(f'"{c}"' for c in columns)  # "on" is a keyword
        with connection.cursor() as cur:
            cur.copy_expert(f"COPY {table} ({names}) FROM STDIN", buffer)
    return n


def ids_reserve(table: str, n: int) -> list[int]:
    """n ids of the table's identity sequence, for rows written by COPY that other rows point at."""
    from django.db import connection

    if not n:
        return []
    with connection.cursor() as cur:
        cur.execute("SELECT nextval(pg_get_serial_sequence(%s, 'id')) FROM generate_series(1, %s)", [table, n])
        return [row[0] for row in cur.fetchall()]


def day_between(rng: random.Random, start: datetime.date, end: datetime.date) -> datetime.date:
    return start + datetime.timedelta(days=rng.randint(0, max(0, (end - start).days)))


def lower_first(name: str) -> str:
    return name[:1].lower() + name[1:]


def person(rng: random.Random) -> str:
    from certification.demo import GIVEN_NAMES, MIDDLE_NAMES, SURNAMES

    return f"{rng.choice(SURNAMES)} {rng.choice(MIDDLE_NAMES)} {rng.choice(GIVEN_NAMES)}"


class Country:
    """The areas the build needs, the units of the other provinces (step 2) and the demo's own units."""

    def __init__(self):
        from django.db.models import Q

        from antqcore.models import Area, AreaEra, AreaLevel, AreaSuccession

        demo = Q()
        for path in DEMO_PROVINCES:
            demo |= Q(path=path) | Q(path__startswith=path + ".")
        self.demo_q = demo
        areas = Area.objects.values_list("id", "path", "name", "level", "era", "parent_id", "code")
        self.area = {a[0]: a for a in areas}
        self.by_path = {a[1]: a[0] for a in self.area.values()}
        self.bench_communes = list(Area.objects.filter(era=AreaEra.LEGACY, level=AreaLevel.COMMUNE).exclude(demo)
                                   .order_by("path").values_list("id", flat=True))
        self.bench_provinces = list(Area.objects.filter(era=AreaEra.LEGACY, level=AreaLevel.PROVINCE).exclude(demo)
                                    .order_by("code").values_list("id", flat=True))
        self.bench_districts = list(Area.objects.filter(era=AreaEra.LEGACY, level=AreaLevel.DISTRICT).exclude(demo)
                                    .order_by("path").values_list("id", flat=True))
        self.successor = dict(AreaSuccession.objects.filter(is_default=True, predecessor__level=AreaLevel.COMMUNE)
                              .values_list("predecessor_id", "successor_id"))
        self.units: list[tuple] = []

    def province_of(self, area_id: int) -> int:
        path = self.area[area_id][1]
        return self.by_path[".".join(path.split(".")[:2])]

    def district_of(self, commune_id: int) -> int:
        return self.area[commune_id][5]

    def name(self, area_id: int) -> str:
        return self.area[area_id][2]

    def units_load(self) -> None:
        """The units of step 2: (id, number, name, kind, subtype, commune, managing level, started, dissolved),
        in id order."""
        from units.models import Unit

        rows = (Unit.objects.filter(tax_code__startswith="01", tax_code__regex=r"^\d{10}$").exclude(
            commune__in=self.demo_areas()).order_by("id")
            .values_list("id", "tax_code", "name", "kind", "subtype", "commune_id", "managing_level", "started_on",
                         "dissolved_on"))
        self.units = [(r[0], int(r[1]) - 100_000_000, *r[2:]) for r in rows]
        self.earlier_in_commune: dict[int, list[int]] = {}

    def demo_areas(self):
        from antqcore.models import Area

        return Area.objects.filter(self.demo_q).values("id")


# --- Units ---------------------------------------------------------------------------------------------------------

def zones_ensure(country: Country) -> dict[int, object]:
    """20 zones and clusters on districts spread over the other provinces (units_list.py puts one in Việt Yên)."""
    from units.models import IndustrialZone

    districts = country.bench_districts
    step = len(districts) // 20
    zones = {}
    for n, district in enumerate(districts[step // 2::step][:20], start=1):
        kind = IndustrialZone.Kind.ZONE if n % 2 else IndustrialZone.Kind.CLUSTER
        label = "Khu công nghiệp" if kind == IndustrialZone.Kind.ZONE else "Cụm công nghiệp"
        short = country.name(district).split(" ", 1)[-1]
        zone, _created = IndustrialZone.objects.get_or_create(
            name=f"{label} {short} {n}", kind=kind,
            defaults={"area_id": district, "established_on": D(2000 + n, 1, 1)})
        zones[district] = zone
    return zones


def units_ensure(country: Country, n: int) -> int:
    from units_list import units_add

    from antqcore.models import Area
    from units.models import Unit

    existing = Unit.objects.count()
    if existing >= n:
        return 0
    zones = zones_ensure(country)
    communes = {a.pk: a for a in Area.objects.filter(pk__in=country.bench_communes)}
    ordered = [communes[pk] for pk in country.bench_communes]
    units_add(existing, n, ordered, zones)
    return n - existing


# --- Incidents -----------------------------------------------------------------------------------------------------

def incidents_ensure(country: Country, n: int) -> int:
    from django.db import connection
    from incidents_figures import BATCH, COLUMNS, Generator

    from incidents.models import Incident
    from units.models import Unit

    existing = Incident.objects.count()
    if existing >= n:
        return 0
    by_commune: dict[int, list[int]] = {}
    for unit_id, commune in Unit.objects.alive().order_by("id").values_list("id", "commune_id"):
        by_commune.setdefault(commune, []).append(unit_id)
        new = country.successor.get(commune)
        if new is not None:
            by_commune.setdefault(new, []).append(unit_id)
    generator = Generator()
    started = time.perf_counter()
    for start in range(existing, n, BATCH):
        lines = []
        for i in range(start, min(start + BATCH, n)):
            line = generator.line(i)
            area = int(line.split("\t", 3)[2])
            rng = random.Random(-1 - i)
            units = by_commune.get(area)
            unit = units[rng.randrange(len(units))] if units and rng.random() < 0.85 else "\\N"
            lines.append(f"{line[:-1]}\t{unit}\n")
        with connection.cursor() as cur:
            cur.copy_expert(f"COPY incidents_incident ({', '.join(COLUMNS)}, unit_id) FROM STDIN",
                            io.StringIO("".join(lines)))
        print(f"  {min(start + BATCH, n)} incidents ({time.perf_counter() - started:.0f} s)", flush=True)
    return n - existing


# --- Per-unit passes -----------------------------------------------------------------------------------------------

def unit_pass(country: Country, label: str, owners: list[tuple[str, str]], build) -> None:
    """Run build(units) over the units of step 2 after the last one that has rows in `owners` ((table, unit column)
    pairs), PASS_BATCH units a transaction."""
    from django.db import connection, transaction

    with connection.cursor() as cur:
        last = 0
        for table, column in owners:
            cur.execute(f"SELECT max({column}) FROM {table}")
            last = max(last, cur.fetchone()[0] or 0)
    todo = [u for u in country.units if u[0] > last]
    if not todo:
        print(f"  {label}: up to date", flush=True)
        return
    started = time.perf_counter()
    done = len(country.units) - len(todo)
    for start in range(0, len(todo), PASS_BATCH):
        batch = todo[start:start + PASS_BATCH]
        with transaction.atomic():
            written = build(batch)
        done += len(batch)
        print(f"  {label}: {done}/{len(country.units)} units, {written} ({time.perf_counter() - started:.0f} s)",
              flush=True)


def units_registry(country: Country) -> None:
    """Guard forces (a unit's guards in a year) and fire teams with their consolidations."""
    from units.models import GuardForce

    today = datetime.date.today()
    forms = [c for c, _ in GuardForce.Form.choices]
    staffing = [c for c, _ in GuardForce.Staffing.choices]

    def build(batch):
        guards, teams, consolidations = [], [], []
        for unit_id, number, _name, _kind, _sub, _commune, _level, started, dissolved in batch:
            rng = random.Random(f"units{number}")
            for year in range(2022, 2026):
                if (started and started.year > year) or (dissolved and dissolved.year <= year):
                    continue
                if rng.random() < 0.72:
                    official, long_term = rng.randint(0, 5), rng.randint(0, 10)
                    short_term, hired = rng.randint(0, 8), rng.randint(0, 12)
                    total = official + long_term + short_term + hired
                    guards.append((unit_id, year, rng.choices(forms, [50, 30, 10, 10])[0], rng.choice(staffing),
                                   official, long_term, short_term, hired, rng.randint(0, total)))
            if rng.random() < 0.42:
                first = max(D(2005, 1, 1), started or D(2005, 1, 1))
                established = day_between(rng, first, max(first, D(2024, 12, 31)))
                members = rng.randint(5, 25)
                teams.append((unit_id, established, members))
                for _ in range(rng.randint(1, 5)):
                    day = day_between(rng, established + datetime.timedelta(days=365), today)
                    if day <= today:
                        consolidations.append((len(teams) - 1, day, rng.randint(5, 30)))
        copy_rows("units_guardforce", ["unit_id", "year", "organisation_form", "staffing", "official_staff",
                                       "long_term", "short_term", "bodyguards", "trained"], guards)
        ids = ids_reserve("units_fireteam", len(teams))
        copy_rows("units_fireteam", ["id", "unit_id", "established_on", "members"],
                  ((i, *t) for i, t in zip(ids, teams, strict=True)))
        copy_rows("units_fireteamconsolidation", ["team_id", "date", "members", "note"],
                  ((ids[t], day, members, "Kiện toàn đội PCCC cơ sở") for t, day, members in consolidations))
        return f"{len(guards)} guard forces, {len(teams)} fire teams, {len(consolidations)} consolidations"

    unit_pass(country, "guard forces and fire teams", [("units_guardforce", "unit_id"),
                                                      ("units_fireteam", "unit_id")], build)


# --- Certification -------------------------------------------------------------------------------------------------

P_STRIVE = 0.36  # units that strive for "Safe in security and order" some years; 0.76 of them for drug-free too


class Certification:
    def __init__(self, country: Country):
        from django.conf import settings

        from certification.models import Campaign, Council, Decision, Level

        self.country = country
        self.today = datetime.date.today()
        self.reform = datetime.date.fromisoformat(settings.ANTQ_REFORM_DATE)
        self.campaigns = {(c.scheme.code, c.year): c for c in Campaign.objects.select_related("scheme")}
        self.councils = self.councils_ensure()
        self.decisions = {(d.campaign_id, d.level, d.area_id): (d.pk, d.date, d.number, d.authority)
                          for d in Decision.objects.exclude(area__in=country.demo_areas())}
        self.Level, self.Council = Level, Council

    def councils_ensure(self) -> dict[int, int]:
        from certification.models import Council

        country = self.country
        have = dict(Council.objects.filter(area__in=[*country.bench_provinces, *country.bench_districts])
                    .values_list("area_id", "id"))
        new = []
        for area in [*country.bench_provinces, *country.bench_districts]:
            if area not in have:
                rng = random.Random(f"council{area}")
                label = lower_first(country.name(area))
                members = [f"{person(rng)}, Phó Chủ tịch UBND {label} — Chủ tịch Hội đồng",
                           f"{person(rng)}, Trưởng Công an {label} — Phó Chủ tịch Hội đồng",
                           f"{person(rng)}, cán bộ Công an {label} — Ủy viên thường trực"]
                new.append(Council(name=f"Hội đồng thẩm định, xét duyệt CQDNNT đạt tiêu chuẩn “An toàn về ANTT” "
                                        f"{label}",
                                   established_by=f"Quyết định số {rng.randint(10, 900)}/QĐ-UBND năm 2012",
                                   members="\n".join(members), area_id=area))
        Council.objects.bulk_create(new)
        have.update({c.area_id: c.pk for c in new})
        return have

    def decision_for(self, campaign, unit_level: str, commune: int, new_decisions: list) -> tuple:
        """The decision of the level that manages the unit for the campaign: (id or None, date, number, authority);
        created (unsaved, in new_decisions) the first time a key is met."""
        from certification.models import Decision

        country, year = self.country, campaign.year
        after_reform = year + 1 > self.reform.year  # decided from the December after the reform's 1 July
        if unit_level == "province":
            level = self.Level.PROVINCE
            area = (country.province_of(country.successor.get(commune, commune)) if after_reform
                    else country.province_of(commune))
        elif after_reform:
            level, area = self.Level.COMMUNE, country.successor.get(commune, commune)
        else:
            level, area = self.Level.DISTRICT, country.district_of(commune)
        key = (campaign.pk, level, area)
        if key in self.decisions:
            return key, self.decisions[key]
        rng = random.Random(f"decision{campaign.pk}-{level}-{area}")
        if level == self.Level.PROVINCE:
            date = day_between(rng, D(year + 1, 1, 10), D(year + 1, 3, 15))
        else:
            date = day_between(rng, D(year, 12, 15), D(year + 1, 1, 31))
        authority = f"Chủ tịch UBND {lower_first(country.name(area))}"
        number = f"{date.timetuple().tm_yday * 5 + rng.randint(0, 4)}/QĐ-UBND"
        row = Decision(campaign=campaign, level=level, authority=authority, number=number, date=date,
                       signer=person(rng), area_id=area)
        new_decisions.append((key, row))
        self.decisions[key] = (None, date, number, authority)
        return key, self.decisions[key]

    def run(self) -> None:
        from certification.demo import CRITICISM_TEXT, REFUSALS, REVOCATIONS
        from certification.models import Criticism, Status
        from certification.selectors import ANTT_SAFE, DRUG_FREE

        country, today = self.country, self.today
        years = sorted({year for _scheme, year in self.campaigns})

        def build(batch):
            parts, trails, keys, criticisms, new_decisions = [], [], [], [], []
            for unit_id, number, _name, kind, _sub, commune, level, started, dissolved in batch:
                rng = random.Random(f"cert{number}")
                if kind not in ("agency", "enterprise", "school") or rng.random() >= P_STRIVE:
                    continue
                schemes = [ANTT_SAFE] + ([DRUG_FREE] if rng.random() < 0.76 else [])
                first_year = rng.randint(years[0], years[-1] - 4)
                for year in years:
                    if year < first_year or (started and started > D(year, 1, 1)) or (
                            dissolved and dissolved <= D(year + 1, 9, 30)):
                        continue
                    for scheme in schemes:
                        campaign = self.campaigns.get((scheme, year))
                        if campaign is None or rng.random() >= 0.8:
                            continue
                        key, (_id, decided, dnumber, authority) = self.decision_for(campaign, level, commune,
                                                                                    new_decisions)
                        row, trail = self.participation(rng, campaign, unit_id, decided, dnumber, key,
                                                        REFUSALS[scheme], REVOCATIONS[scheme])
                        if row is None:
                            continue
                        parts.append(row)
                        trails.append(trail)
                        keys.append(key)
                        if row["status"] == Status.NOT_RECOGNIZED and rng.random() < 0.06:
                            day = decided + datetime.timedelta(days=rng.randint(60, 150))
                            if day <= today:
                                criticisms.append(Criticism(
                                    unit_id=unit_id, campaign=campaign, date=day,
                                    document_number=f"{rng.randint(100, 2500)}/UBND-NC", issuer=authority,
                                    content=CRITICISM_TEXT.format(reason=row["council_note"])))
            from certification.models import Decision

            Decision.objects.bulk_create([row for _key, row in new_decisions])
            for key, row in new_decisions:
                self.decisions[key] = (row.pk, row.date, row.number, row.authority)
            ids = ids_reserve("certification_participation", len(parts))
            columns = ["id", "campaign_id", "unit_id", "status", "registered_on", "assessed_on", "submitted_on",
                       "council_id", "council_meeting_on", "council_recommends", "council_note", "decision_id",
                       "certificate_number", "override_reason", "revoked_on", "revocation_reason"]
            for pk, row, key in zip(ids, parts, keys, strict=True):
                row["id"] = pk
                if row.pop("decided"):
                    row["decision_id"] = self.decisions[key][0]
            copy_rows("certification_participation", columns, ([row.get(c) for c in columns] for row in parts))
            steps = [(pk, before, after, None, datetime.datetime.combine(day, datetime.time(9, 0), TZ), day, False,
                      note) for pk, trail in zip(ids, trails, strict=True) for before, after, day, note in trail]
            copy_rows("certification_steplog", ["participation_id", "from_status", "to_status", "actor_id", "at", "on",
                                                "from_archive", "note"], steps)
            Criticism.objects.bulk_create(criticisms)
            return (f"{len(parts)} participations, {len(steps)} steps, {len(new_decisions)} decisions, "
                    f"{len(criticisms)} criticisms")

        unit_pass(country, "certification", [("certification_participation", "unit_id")], build)

    def participation(self, rng, campaign, unit_id, decided, dnumber, key, refusals, revocation):
        from certification.models import Status

        today, year = self.today, campaign.year
        registered = (day_between(rng, D(year, 4, 1), D(year, 4, 30)) if rng.random() < 0.04
                      else day_between(rng, D(year, 1, 3), D(year, 3, 31)))
        if registered > today:
            return None, None
        level, area = key[1], key[2]
        council = self.councils.get(area) if level != self.Level.COMMUNE else None
        row = {"campaign_id": campaign.pk, "unit_id": unit_id, "status": Status.REGISTERED,
               "registered_on": registered, "council_note": "", "certificate_number": "", "override_reason": "",
               "revocation_reason": "", "decided": False}
        late = "đăng ký muộn" if registered > campaign.registration_deadline else ""
        trail = [("", Status.REGISTERED, registered, late)]
        ongoing = decided > today
        r = rng.random()
        if ongoing:
            final = rng.choices([Status.REGISTERED, Status.ASSESSED, Status.SUBMITTED], [40, 35, 25])[0]
        else:
            final = (Status.REGISTERED if r < 0.015 else Status.ASSESSED if r < 0.03 else
                     Status.NOT_RECOGNIZED if r < 0.12 else Status.REVOKED if r < 0.127 else Status.RECOGNIZED)
        assessed = day_between(rng, D(year, 10, 20), D(year, 11, 15))
        if final == Status.REGISTERED or assessed > today:
            return row, trail
        row.update(status=Status.ASSESSED, assessed_on=assessed)
        trail.append((Status.REGISTERED, Status.ASSESSED, assessed, ""))
        if final == Status.ASSESSED:
            return row, trail
        submitted = assessed + datetime.timedelta(days=rng.randint(2, 10))
        if submitted > today:
            return row, trail
        row.update(status=Status.SUBMITTED, submitted_on=submitted)
        trail.append((Status.ASSESSED, Status.SUBMITTED, submitted, ""))
        if final == Status.SUBMITTED:
            return row, trail
        meeting = decided - datetime.timedelta(days=5 + key[0] % 8)
        row.update(council_id=council, council_meeting_on=meeting,
                   council_recommends=final != Status.NOT_RECOGNIZED)
        if council is None:
            row["council_note"] = "Công an xã thẩm định hồ sơ."
        trail.append((Status.SUBMITTED, Status.APPRAISED, meeting, ""))
        if final == Status.NOT_RECOGNIZED:
            note = rng.choice(refusals)
            row.update(status=final, council_note=" ".join(filter(None, [row["council_note"], note])))
            trail.append((Status.APPRAISED, Status.NOT_RECOGNIZED, meeting, note))
            return row, trail
        row.update(status=Status.RECOGNIZED, decided=True,
                   certificate_number=f"{dnumber.split('/')[0]}.{rng.randint(1, 999):03d}")
        trail.append((Status.APPRAISED, Status.RECOGNIZED, decided, ""))
        if final == Status.REVOKED:
            revoked = min(decided + datetime.timedelta(days=rng.randint(90, 200)), today)
            row.update(status=final, revoked_on=revoked, revocation_reason=revocation)
            trail.append((Status.RECOGNIZED, Status.REVOKED, revoked, revocation))
        return row, trail


# --- Movement models -----------------------------------------------------------------------------------------------

MODEL_TYPES = [  # (type code, weight, name)
    ("self_managed", 45, "Tổ tự quản về ANTT {unit}"), ("boarding_house_team", 10, "Tổ tự quản khu nhà trọ {commune}"),
    ("safe_unit", 10, "{safe} an toàn về ANTT {unit}"), ("linkage", 8,
                                                        "Liên kết bảo đảm ANTT giữa UBND {commune} với {unit}"),
    ("area_cluster", 8, "Cụm an ninh khu vực {commune} số {n}"), ("worker_shock_team", 7,
                                                                 "Đội công nhân xung kích bảo đảm ANTT {unit}"),
    ("border_cluster", 5, "Cụm an ninh giáp ranh {commune} số {n}"),
    ("linked_cluster", 5, "Cụm an ninh liên hoàn {commune} số {n}"),
    ("safety_belt_cluster", 2, "Cụm vành đai an toàn {commune} số {n}"),
]


def models_registry(country: Country) -> None:
    from antqcore.text import search_key
    from models_registry.demo import ELIMINATION_REASONS, REVIEW_NOTES
    from models_registry.models import ModelStatus, ModelType, MovementModel, Rating

    today = datetime.date.today()
    types = {t.code: t.pk for t in ModelType.objects.all()}
    ratings = {r.name: r.pk for r in Rating.objects.all()}
    rating_weights = {"Tốt": 40, "Khá": 35, "Trung bình": 17, "Yếu": 8}
    choices = [t for t in MODEL_TYPES if t[0] in types]
    earlier: dict[int, list[int]] = {}  # commune → units before the one built
    for u in country.units:
        earlier.setdefault(u[5], []).append(u[0])
    position = {unit: i for members in earlier.values() for i, unit in enumerate(members)}
    safe = {"school": "Trường học", "agency": "Cơ quan", "enterprise": "Công ty"}

    def build(batch):
        plans = []
        for unit_id, number, name, kind, subtype, commune, _level, started, dissolved in batch:
            rng = random.Random(f"model{number}")
            if rng.random() >= 0.334:
                continue
            code, _weight, template = rng.choices(choices, [c[1] for c in choices])[0]
            if code == "worker_shock_team" and kind != "enterprise":
                code, template = "self_managed", MODEL_TYPES[0][2]
            commune_name = lower_first(country.name(commune))
            model_name = template.format(unit=name, commune=commune_name, safe=safe[kind], n=number)
            first = max(D(2008, 1, 1), (started or D(2008, 1, 1)) + datetime.timedelta(days=30))
            established = day_between(rng, first, max(first, D(2024, 12, 31)))
            if established > today:
                continue
            regulation = established + datetime.timedelta(days=rng.randint(3, 40))
            launched = regulation + datetime.timedelta(days=rng.randint(2, 30))
            formalism = rng.choices(["", "no_regulation", "silent"], [88, 6, 6])[0]
            if formalism == "no_regulation":
                regulation = launched = None
            eliminated = None
            if dissolved and dissolved <= today:
                eliminated = (max(dissolved, established), "Đơn vị giải thể, mô hình chấm dứt hoạt động.")
            elif rng.random() < 0.06:
                eliminated = (day_between(rng, established + datetime.timedelta(days=365), today),
                              rng.choice(ELIMINATION_REASONS))
            if eliminated and eliminated[0] > today:
                eliminated = None
            if kind == "school":
                issuer, suffix = f"Hiệu trưởng {name}", "NT"
            elif subtype == "hospital":
                issuer, suffix = f"Giám đốc {name}", "BV"
            elif kind == "agency":
                issuer, suffix = f"Thủ trưởng {name}", "CQ"
            else:
                issuer, suffix = f"Giám đốc {name}", "CT"
            if "cluster" in code or code == "boarding_house_team":
                issuer, suffix = f"UBND {commune_name}", "UBND"
            row = MovementModel(
                name=model_name, search_text=search_key(model_name), type_id=types[code], area_id=commune,
                host_unit_id=unit_id, partner_commune_id=commune if code == "linkage" else None,
                established_on=established, decision_issuer=issuer,
                decision_number=f"{rng.randint(3, 380):02d}/QĐ-{suffix}", members_count=rng.randint(5, 30),
                regulation_on=regulation, launched_on=launched, briefing_every_months=rng.choices([3, 6], [85, 15])[0])
            if eliminated:
                row.status, row.eliminated_on, row.elimination_reason = ModelStatus.ELIMINATED, *eliminated
            before = earlier[commune][:position[unit_id]]
            participants = [unit_id] if code not in ("self_managed", "boarding_house_team") else []
            if before and (code == "linkage" or "cluster" in code):
                participants += rng.sample(before, min(len(before), rng.randint(1, 3)))
            plans.append((row, participants, formalism, rng.random()))
        MovementModel.objects.bulk_create([p[0] for p in plans], batch_size=1000)
        members, activities, reviews = [], [], []
        for row, participants, formalism, draw in plans:
            rng = random.Random(f"activity{row.pk}")
            members += [(row.pk, unit) for unit in dict.fromkeys(participants)]
            first = max(row.established_on + datetime.timedelta(days=20), ACTIVITY_FROM)
            last = today
            if row.eliminated_on:
                last = min(last, row.eliminated_on - datetime.timedelta(days=rng.randint(30, 200)))
            if formalism:
                last = day_between(rng, D(2021, 1, 1), D(2024, 6, 30)) if draw < 0.8 else first - datetime.timedelta(1)
            day = last - datetime.timedelta(days=rng.randint(0, 45))
            step = row.briefing_every_months
            while day >= first:
                activities.append((row.pk, "briefing", day, f"Giao ban quý {(day.month - 1) // 3 + 1}/{day.year}"))
                month = day.month - step
                day = D(day.year + (month - 1) // 12, (month - 1) % 12 + 1, min(day.day, 28))
            if draw < 0.4:
                for year in range(first.year, last.year + 1):
                    report_day = D(year, 12, rng.randint(10, 28))
                    if first <= report_day <= last:
                        activities.append((row.pk, "report", report_day, f"Báo cáo kết quả hoạt động năm {year}"))
            end = min(today, row.eliminated_on or today)
            start = row.established_on + datetime.timedelta(days=183)
            for _ in range(rng.choices([0, 1, 2, 3, 4], [15, 25, 30, 20, 10])[0] if start <= end else 0):
                rating = "Yếu" if formalism and rng.random() < 0.5 else rng.choices(
                    list(rating_weights), list(rating_weights.values()))[0]
                if rating in ratings:
                    reviews.append((row.pk, day_between(rng, start, end), ratings[rating],
                                    f"Công an {lower_first(country.name(country.district_of(row.area_id)))}",
                                    REVIEW_NOTES.get(rating, "")))
        copy_rows("models_registry_movementmodel_participants", ["movementmodel_id", "unit_id"], members)
        copy_rows("models_registry_activity", ["model_id", "kind", "date", "note"], activities)
        copy_rows("models_registry_review", ["model_id", "date", "rating_id", "reviewer", "notes"], reviews)
        return f"{len(plans)} models, {len(members)} participants, {len(activities)} activities, {len(reviews)} reviews"

    unit_pass(country, "movement models", [("models_registry_movementmodel", "host_unit_id")], build)


# --- Commendations -------------------------------------------------------------------------------------------------

def commendations(country: Country) -> None:
    from antqcore.models import Area
    from commendations.demo import (
        FEMALE_GIVEN,
        FEMALE_MIDDLE,
        FLAG_REASON,
        MALE_GIVEN,
        MALE_MIDDLE,
        MEDAL_REASON,
        POSITIONS,
        REASONS,
        SURNAMES,
        SYMBOL,
    )
    from commendations.models import AwardForm as F
    from commendations.models import Commendation, Occasion
    from commendations.models import Grantor as G
    from commendations.services import commendation_build
    from units.models import Unit

    today = datetime.date.today()
    # (form, grantor, recipients: "c" collective, "i" individual, "ci" either, weight)
    kinds = [(F.CERTIFICATE_OF_COMMENDATION, G.POLICE_DIRECTOR, "ci", 55),
             (F.CERTIFICATE_OF_MERIT, G.PROVINCE_CHAIRMAN, "ci", 12),
             (F.CERTIFICATE_OF_COMMENDATION, G.DISTRICT_CHAIRMAN, "ci", 18),
             (F.CERTIFICATE_OF_MERIT, G.MINISTRY, "c", 6), (F.MEDAL, G.MINISTRY, "i", 6),
             (F.EMULATION_FLAG, G.PROVINCE_CHAIRMAN, "c", 2), (F.EMULATION_FLAG, G.MINISTRY, "c", 1)]
    occasions = [Occasion.ANNUAL, Occasion.AUGUST_19, Occasion.THEMATIC, Occasion.EXCEPTIONAL]

    def build(batch):
        rows = []
        for unit_id, number, name, kind, _sub, commune, _level, started, _dissolved in batch:
            rng = random.Random(f"commendation{number}")
            unit = Unit(pk=unit_id, name=name, kind=kind)
            area = Area(pk=commune)
            province = country.area[country.province_of(commune)][6]
            medal = False
            for _ in range(rng.choices([0, 1, 2, 3, 4], [33, 25, 20, 13, 9])[0]):
                form, grantor, recipients, _w = rng.choices(kinds, [k[3] for k in kinds])[0]
                if form == F.MEDAL and medal:
                    form, grantor, recipients = F.CERTIFICATE_OF_COMMENDATION, G.POLICE_DIRECTOR, "ci"
                medal = medal or form == F.MEDAL
                occasion = Occasion.AUGUST_19 if form == F.MEDAL else rng.choice(occasions)
                year = rng.randint(max(2016, (started.year + 1) if started else 2016), 2026)
                if occasion == Occasion.ANNUAL:
                    day = day_between(rng, D(year, 1, 10), D(year, 2, 28))
                elif occasion == Occasion.AUGUST_19:
                    day = day_between(rng, D(year, 8, 10), D(year, 8, 19))
                else:
                    day = day_between(rng, D(year, 3, 1), D(year, 12, 20))
                if day > today or (started and day < started):
                    continue
                numbers = random.Random(f"{grantor}{province}{day}")
                data = {"form": form, "grantor": grantor, "unit": unit, "area": area, "decision_date": day,
                        "decision_number": f"{numbers.randint(12, 2400)}/{SYMBOL[grantor]}", "occasion": occasion}
                reason_year = day.year - (occasion == Occasion.ANNUAL)
                data["reason"] = (FLAG_REASON.format(year=reason_year) if form == F.EMULATION_FLAG else MEDAL_REASON
                                  if form == F.MEDAL else REASONS[occasion].format(year=reason_year))
                if recipients == "c" or (recipients == "ci" and rng.random() < 0.45):
                    data["recipient_kind"] = "collective"
                else:
                    female = rng.random() < 0.35
                    born = rng.randint(day.year - 58, day.year - 22)
                    data |= {"recipient_kind": "individual", "position": rng.choice(POSITIONS[kind]),
                             "person_name": " ".join([rng.choice(SURNAMES),
                                                      rng.choice(FEMALE_MIDDLE if female else MALE_MIDDLE),
                                                      rng.choice(FEMALE_GIVEN if female else MALE_GIVEN)]),
                             "birth_year": born}
                    if form == F.MEDAL:  # once per person: a citizen ID of the unit's number
                        data["citizen_id"] = f"{int(province):03d}{int(female)}{born % 100:02d}{number:06d}"
                rows.append(commendation_build(data=data))
        Commendation.objects.bulk_create(rows, batch_size=2000)
        return f"{len(rows)} commendations"

    unit_pass(country, "commendations", [("commendations_commendation", "unit_id")], build)


# --- Coordination --------------------------------------------------------------------------------------------------

def coordination(country: Country) -> None:
    from django.contrib.contenttypes.models import ContentType

    from coordination.demo import FINDINGS, INTER_AGENCY_SUBJECT, RECOMMENDATIONS, SUBJECTS, SYMBOLS
    from coordination.models import Agreement, AgreementKind, Document, DocumentType, InspectingBody, Inspection

    today = datetime.date.today()
    per_unit = DEMO["documents"] / DEMO["units"]
    units_in: dict[int, int] = {}
    for u in country.units:
        province = country.province_of(u[5])
        units_in[province] = units_in.get(province, 0) + 1
    have = set(Document.objects.filter(area__in=country.bench_provinces).values_list("area_id", flat=True))
    taken = set(Document.objects.values_list("number", "issued_on"))
    documents = []
    types = [DocumentType.PLAN, DocumentType.DIRECTIVE, DocumentType.DISPATCH, DocumentType.GUIDANCE,
             DocumentType.DECISION]
    symbols = {DocumentType.PLAN: "KH", DocumentType.DIRECTIVE: "CT", DocumentType.DISPATCH: "UBND-NC",
               DocumentType.GUIDANCE: "HD", DocumentType.DECISION: "QĐ"}
    for province in country.bench_provinces:
        if province in have or not units_in.get(province):
            continue
        rng = random.Random(f"documents{province}")
        label = lower_first(country.name(province))
        for _ in range(max(1, round(per_unit * units_in[province]))):
            doc_type = rng.choice(types)
            while True:
                issued = day_between(rng, D(2012, 1, 1), today)
                number = f"{rng.randint(1, 3500)}/{symbols[doc_type]}-UBND"
                if (number, issued) not in taken:
                    taken.add((number, issued))
                    break
            document = Document(doc_type=doc_type, number=number, issued_on=issued, issuer=f"UBND {label}",
                                subject=f"Về tăng cường công tác bảo đảm an ninh, trật tự trong các cơ quan, doanh "
                                        f"nghiệp, nhà trường trên địa bàn {label}", area_id=province)
            document.keep_search_text()
            documents.append(document)
    Document.objects.bulk_create(documents, batch_size=1000)
    print(f"  {len(documents)} coordination documents", flush=True)
    docs_of: dict[int, list[int]] = {}
    for pk, area in Document.objects.filter(area__in=country.bench_provinces).order_by("id").values_list("id",
                                                                                                          "area_id"):
        docs_of.setdefault(area, []).append(pk)
    agreement_type = ContentType.objects.get_for_model(Agreement).pk
    inspection_type = ContentType.objects.get_for_model(Inspection).pk
    bodies = [InspectingBody.DISTRICT_COMMITTEE, InspectingBody.STANDING_AGENCY, InspectingBody.INTER_AGENCY]
    kinds = list(AgreementKind)

    def build(batch):
        agreements, inspections = [], []
        for unit_id, number, name, _kind, _sub, commune, _level, started, dissolved in batch:
            rng = random.Random(f"coordination{number}")
            docs = docs_of.get(country.province_of(commune), [])
            first = max(D(2016, 1, 1), started or D(2016, 1, 1))
            last = min(today, dissolved or today)
            for _ in range((rng.random() < 0.4) + (rng.random() < 0.37)):
                if first > last:
                    break
                body = rng.choices(bodies, [25, 65, 10])[0]
                subject = INTER_AGENCY_SUBJECT if body == InspectingBody.INTER_AGENCY else rng.choice(SUBJECTS)[0]
                day = day_between(rng, first, last)
                done = day < today - datetime.timedelta(days=180) or rng.random() < 0.5
                inspections.append((Inspection(
                    inspected_on=day, inspecting_body=body, unit_id=unit_id, area_id=commune, subject=subject,
                    findings=" ".join(rng.sample(FINDINGS, 2)),
                    recommendations=" ".join(rng.sample(RECOMMENDATIONS, 2)),
                    follow_up_done=done, follow_up_note="Đơn vị đã khắc phục các tồn tại, hạn chế theo kiến nghị của "
                                                        "Đoàn kiểm tra." if done else ""),
                    rng.choice(docs) if docs else None))
            if rng.random() < DEMO["agreements"] / DEMO["units"] and first <= last:
                district = country.district_of(commune)
                kind = rng.choice(kinds)
                signed = day_between(rng, max(D(2012, 1, 1), started or D(2012, 1, 1)), last)
                ended = signed + datetime.timedelta(days=3 * 365) if signed.year < 2019 and rng.random() < 0.3 else None
                reviews, day = [], signed
                while (day := day + datetime.timedelta(days=rng.randint(330, 400))) <= min(ended or today, today):
                    reviews.append(day.isoformat())
                police = f"Công an {lower_first(country.name(district))}"
                agreements.append((Agreement(
                    kind=kind, number=f"{rng.randint(1, 300):02d}/{SYMBOLS[kind]}-CA", signed_on=signed,
                    police_side="local", area_id=district, police_unit_name=police, partner_name=name,
                    partner_unit_id=unit_id, subject=f"Phối hợp bảo đảm an ninh, trật tự tại {name}",
                    status="expired" if ended else "in_force", ended_on=ended, review_dates=reviews),
                    rng.choice(docs) if docs else None))
        Agreement.objects.bulk_create([a for a, _d in agreements], batch_size=1000)
        Inspection.objects.bulk_create([i for i, _d in inspections], batch_size=1000)
        citations = [(d, agreement_type, a.pk) for a, d in agreements if d] + [
            (d, inspection_type, i.pk) for i, d in inspections if d]
        copy_rows("coordination_documentcitation", ["document_id", "content_type_id", "object_id"], citations)
        return f"{len(agreements)} agreements, {len(inspections)} inspections, {len(citations)} citations"

    unit_pass(country, "coordination", [("coordination_inspection", "unit_id"),
                                        ("coordination_agreement", "partner_unit_id")], build)


# --- Tallies -------------------------------------------------------------------------------------------------------

def year_periods(period_type: str, year: int) -> list[tuple[datetime.date, datetime.date]]:
    months = {"month": 1, "quarter": 3, "year": 12}[period_type]
    out = []
    for first in range(1, 13, months):
        start = D(year, first, 1)
        following = D(year + (first + months - 1) // 12, (first + months - 1) % 12 + 1, 1)
        out.append((start, following - datetime.timedelta(days=1)))
    return out


def tallies(country: Country) -> None:
    """Bắc Giang's bodies copied to every other province (its provincial bodies) and district (a steering committee
    and a police unit), then values from 2025 back, province after province, until the demo's proportion."""
    from django.db import transaction

    from antqcore.models import AreaLevel
    from tallies.models import ReportingBody, TallyValue

    target = round(DEMO["tally values"] / DEMO["units"] * len(country.units))
    existing = TallyValue.objects.filter(body__code__startswith=TALLY_PREFIX).count()
    if existing >= target:
        print("  tally values: up to date", flush=True)
        return
    bac_giang = country.by_path["L.24"]
    models = list(ReportingBody.objects.filter(area__path__startswith="L.24").exclude(code__startswith=TALLY_PREFIX)
                  .select_related("area").prefetch_related("indicators").order_by("code"))
    provincial = [b for b in models if b.area_id == bac_giang]
    by_kind = {}
    for body in models:
        if body.area.level == AreaLevel.DISTRICT:
            by_kind.setdefault(body.kind, body)
    indicators = {b.pk: sorted(i.pk for i in b.indicators.all()) for b in models}
    known = {b.code: b for b in ReportingBody.objects.filter(code__startswith=TALLY_PREFIX)}
    districts_of: dict[int, list[int]] = {}
    for district in country.bench_districts:
        districts_of.setdefault(country.area[district][5], []).append(district)
    organisation = []  # (province, [(body code, model, area)])
    for province in country.bench_provinces:
        code = country.area[province][6]
        bodies = [(f"{TALLY_PREFIX}{m.code}-{code}", m, province) for m in provincial]
        for district in districts_of.get(province, []):
            bodies += [(f"{TALLY_PREFIX}{kind}-{country.area[district][6]}", m, district)
                       for kind, m in by_kind.items()]
        organisation.append((province, bodies))
    through = ReportingBody.indicators.through
    with transaction.atomic():
        new = [ReportingBody(code=c, name=f"{m.name} ({country.name(a)})", kind=m.kind, area_id=a,
                             period_type=m.period_type) for _p, bodies in organisation for c, m, a in bodies
               if c not in known]
        ReportingBody.objects.bulk_create(new, batch_size=1000)
        for body in new:
            known[body.code] = body
        model_of = {c: m for _p, bodies in organisation for c, m, _a in bodies}
        through.objects.bulk_create([through(reportingbody_id=b.pk, indicator_id=i) for b in new
                                     for i in indicators[model_of[b.code].pk]], batch_size=5000)
    if new:
        print(f"  {len(new)} reporting bodies", flush=True)
    now = datetime.datetime.now(datetime.UTC)

    def lines():
        for year in range(2025, 2015, -1):
            for _province, bodies in organisation:
                for code, model, area in bodies:
                    body = known[code]
                    rng = random.Random(f"tally{code}{year}")
                    for start, end in year_periods(model.period_type, year):
                        for indicator in indicators[model.pk]:
                            yield (indicator, body.pk, area, model.period_type, start, end, rng.randrange(0, 400),
                                   False, "", now)

    columns = ["indicator_id", "body_id", "area_id", "period_type", "period_start", "period_end", "value",
               "more_than", "note", "updated_at"]
    started = time.perf_counter()
    batch, written = [], existing
    for number, line in enumerate(lines()):
        if number < existing:
            continue
        if written >= target:
            break
        batch.append(line)
        written += 1
        if len(batch) == 100_000:
            copy_rows("tallies_tallyvalue", columns, batch)
            batch = []
            print(f"  tally values: {written}/{target} ({time.perf_counter() - started:.0f} s)", flush=True)
    copy_rows("tallies_tallyvalue", columns, batch)
    print(f"  tally values: {written}/{target} ({time.perf_counter() - started:.0f} s)", flush=True)


# --- Main ----------------------------------------------------------------------------------------------------------

def build(units: int, incidents: int) -> None:
    from django.db import connection

    started = time.perf_counter()

    def step(label):
        print(f"==> {label} ({time.perf_counter() - started:.0f} s)", flush=True)

    country = Country()
    step(f"Units up to {units}")
    units_ensure(country, units)
    country.units_load()
    step(f"Incidents up to {incidents}")
    incidents_ensure(country, incidents)
    step(f"Guard forces and fire teams of {len(country.units)} units outside the demo provinces")
    units_registry(country)
    step("Certification")
    Certification(country).run()
    step("Movement models")
    models_registry(country)
    step("Commendations")
    commendations(country)
    step("Coordination")
    coordination(country)
    step("Tally values")
    tallies(country)
    step("VACUUM ANALYZE")
    with connection.cursor() as cur:
        cur.execute("VACUUM ANALYZE")
    step("Done")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--units", type=int, default=100_000)
    parser.add_argument("--incidents", type=int, default=1_000_000)
    parser.add_argument("--database-url", default=os.environ.get("ANTQ_NATIONAL_DATABASE_URL", DEFAULT_DATABASE_URL))
    args = parser.parse_args()
    started = time.perf_counter()
    database_ensure(args.database_url)
    lock = run_lock(args.database_url, "load/national")
    print(f"==> Database {urlparse(args.database_url).path.lstrip('/')}", flush=True)
    demo_prepare(args.database_url, lock)
    lock.commit()  # no transaction left open for the whole build (the session's advisory lock stays)
    django_setup(args.database_url)
    build(args.units, args.incidents)
    counts = registry_counts(lock)
    width = max(len(k) for k in counts)
    for label, count in counts.items():
        print(f"  {label:{width}}  {count:>9}")
    print(f"National database ready in {time.perf_counter() - started:.0f} s", flush=True)


if __name__ == "__main__":
    main()

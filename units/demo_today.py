"""Demo data of the units registry from 2020 to today, across the 2025 reform: the old Bắc Ninh (code 27 on the old
map) with its units, zones, guards and fire teams; units registered every week since 2020 in the old Bắc Giang and
the old Bắc Ninh until 30/06/2025 and in the new Bắc Ninh (code 24 on the new map) from 01/07/2025, each on the map
of its registration date; some dissolved; guard forces per year, fire teams, consolidations and investment projects
up to the current year.

It runs after every demo of 2019 (they draw from the units of Bắc Giang) and adds nothing the 2019 figures of Bắc
Giang count: every row it adds in Bắc Giang is dated after 30/09/2019 (units registered from 2020, guard records of
2020 on, fire teams and consolidations from 2020, investment projects from 2020, dissolutions from 2020). A unit keeps
the commune where it was recorded (Unit.commune); its commune on a later map is found through the successor links
(units.selectors.unit_area_on), so no old unit is moved.

Deterministic for a given `today`: each week, each unit-year and each zone-year draws from its own seed, so a later
run keeps what an earlier one made and adds the weeks since. Seeded by `make run` only; production settings refuse
it."""

import datetime
import random
from collections.abc import Iterator
from dataclasses import dataclass

from django.conf import settings
from django.core.exceptions import ImproperlyConfigured
from django.db import transaction
from django.db.models import Q
from django.utils import timezone

from antqcore.demo import DEMO_DATE, PROVINCE_CODE
from antqcore.models import Area, AreaLevel, AreaSuccession
from antqcore.selectors import area_resolve, last_day_of_old_map

from .demo import BRANDS, DISTRICT_BODIES, FDI_ORIGINS, LEGAL_FORMS, PROVINCE_BODIES, TRADES
from .models import (
    FireTeam,
    FireTeamConsolidation,
    GuardForce,
    IndustrialZone,
    ManagingLevel,
    Unit,
    UnitKind,
    UnitStatus,
    UnitSubtype,
    ZoneInvestment,
    search_key,
)
from .services import unit_build

FIRST_YEAR = 2020
OLD_BAC_NINH = "27"  # on the old map
NEW_PROVINCE = "24"  # the new Bắc Ninh, on the new map
E, A, S = UnitKind.ENTERPRISE, UnitKind.AGENCY, UnitKind.SCHOOL
ST = UnitSubtype

# The old Bắc Ninh's industrial zones: (name, district code, commune name, enterprises operating, FDI share).
BAC_NINH_ZONES = [
    ("Khu công nghiệp Quế Võ", "259", "Phương Liễu", 46, 0.7),
    ("Khu công nghiệp Tiên Sơn", "260", "Hoàn Sơn", 38, 0.5),
    ("Khu công nghiệp Yên Phong", "258", "Long Châu", 41, 0.8),
    ("Khu công nghiệp VSIP Bắc Ninh", "261", "Phù Chẩn", 27, 0.75),
    ("Khu công nghiệp Đại Đồng - Hoàn Sơn", "260", "Đại Đồng", 22, 0.6),
    ("Khu công nghiệp Thuận Thành II", "262", "Mão Điền", 14, 0.55),
    ("Khu công nghiệp Nam Sơn - Hạp Lĩnh", "256", "Hạp Lĩnh", 17, 0.6),
]
# Units registered a year, before any year's own swing: the old Bắc Giang, the old Bắc Ninh.
YEARLY_REGISTRATIONS = {PROVINCE_CODE: 58, OLD_BAC_NINH: 47}
DISSOLVED_SHARE = 0.05  # of the units registered since 2020, dissolved later
OLD_DISSOLVED_SHARE = 0.025  # of the 2019 enterprises of Bắc Giang, dissolved since 2020
GUARDS_SHARE = 0.45  # of the old Bắc Ninh's units and of the new units that keep a guard force
FIRE_TEAM_SHARE = 0.4


def reform_day() -> datetime.date:
    return last_day_of_old_map() + datetime.timedelta(days=1)


def demo_today(today: datetime.date | None = None) -> datetime.date:
    return today or timezone.localdate()


def seeded(*parts) -> random.Random:
    """A generator of its own for one week, one unit-year, one campaign…: what one draws never shifts another."""
    return random.Random("|".join(str(p) for p in parts))


def weeks(start: datetime.date, today: datetime.date) -> Iterator[datetime.date]:
    """Mondays from the week of `start` to the week of `today`."""
    monday = start - datetime.timedelta(days=start.weekday())
    while monday <= today:
        yield monday
        monday += datetime.timedelta(days=7)


def year_swing(kind: str, year: int, low: float = 0.75, high: float = 1.3) -> float:
    """How much busier or quieter a year is than the average, the same for every run."""
    return seeded("swing", kind, year).uniform(low, high)


class AreaLinks:
    """The succession links of some provinces' areas, read once: where an area lies on another day's map."""

    def __init__(self, provinces: list[Area]):
        paths = Q()
        for province in provinces:
            paths |= Q(predecessor__path__startswith=province.path) | Q(successor__path__startswith=province.path)
        self.forward: dict[int, list[tuple[bool, Area]]] = {}
        self.backward: dict[int, list[tuple[bool, Area]]] = {}
        for link in AreaSuccession.objects.filter(paths).select_related("predecessor", "successor"):
            self.forward.setdefault(link.predecessor_id, []).append((link.is_default, link.successor))
            self.backward.setdefault(link.successor_id, []).append((link.is_default, link.predecessor))
        self.memo: dict[tuple[int, datetime.date], Area] = {}

    def area_on(self, area: Area, day: datetime.date) -> Area:
        """The area of `day`'s map where `area` lies: itself while it exists, else its default successor (the rule
        of antqcore.models.Area.coverage_paths) or, before it existed, the area it was made from; following the
        links until one is valid on that day."""
        key = (area.pk, day)
        if key not in self.memo:
            found, seen = area, set()
            while not found.is_valid_on(day) and found.pk not in seen:
                seen.add(found.pk)
                links = (self.backward if found.valid_from and day < found.valid_from else self.forward).get(found.pk)
                if not links:
                    break
                found = sorted(links, key=lambda link: (not link[0], link[1].code))[0][1]
            self.memo[key] = found
        return self.memo[key]


def areas_under(province: Area) -> list[Area]:
    """Every district and commune ever recorded under a province's path (its earlier rows too), by path."""
    return list(Area.objects.filter(path__startswith=province.path + ".").select_related("parent").order_by("path"))


def label(area: Area) -> str:
    return f"{area.kind.lower()} {area.short_name}"


@dataclass
class Territory:
    """An old province (until 30/06/2025) or the new one (from 01/07/2025) and the communes it had on each day."""

    code: str
    province: Area
    areas: list[Area]

    def communes_on(self, day: datetime.date) -> list[Area]:
        return [a for a in self.areas if a.level == AreaLevel.COMMUNE and a.is_valid_on(day)]

    def districts_on(self, day: datetime.date) -> list[Area]:
        return [a for a in self.areas if a.level == AreaLevel.DISTRICT and a.is_valid_on(day)]


class _TodayBuilder:
    def __init__(self, today: datetime.date):
        self.today = today
        self.reform = reform_day()
        old_day = last_day_of_old_map()
        bac_giang = area_resolve(code=PROVINCE_CODE, on=DEMO_DATE)
        bac_ninh = area_resolve(code=OLD_BAC_NINH, on=old_day)
        new = area_resolve(code=NEW_PROVINCE, on=self.reform)
        self.territories = {PROVINCE_CODE: Territory(PROVINCE_CODE, bac_giang, areas_under(bac_giang)),
                            OLD_BAC_NINH: Territory(OLD_BAC_NINH, bac_ninh, areas_under(bac_ninh)),
                            "new": Territory(NEW_PROVINCE, new, areas_under(new))}
        self.names = set(Unit.objects.alive().values_list("name_key", flat=True))
        self.tax_codes = set(Unit.objects.exclude(tax_code="").values_list("tax_code", flat=True))
        self.zones: dict[str, IndustrialZone] = {}
        self.units: list[Unit] = []  # new rows, in the order they are made
        self.old_bac_ninh: list[Unit] = []
        self.coverage: dict[int, list[str]] = {}
        self.links = AreaLinks([bac_giang, bac_ninh, new])

    # --- names and fields ------------------------------------------------------------------------------------

    def free(self, name: str) -> bool:
        return search_key(name) not in self.names

    def domestic_name(self, rng: random.Random, place: str) -> str:
        while True:
            name = f"{rng.choice(LEGAL_FORMS)} {rng.choice(TRADES)} {rng.choice(BRANDS)}"
            if rng.random() < 0.35:
                name += f" {place}"
            if self.free(name):
                return name
            if rng.random() < 0.5:  # the plain names run out: a second brand
                name = f"{name} {rng.choice(BRANDS)}"
                if self.free(name):
                    return name

    def fdi_name(self, rng: random.Random) -> tuple[str, str]:
        """An invented foreign brand; the syllables give a few hundred, so a taken one gets a third syllable."""
        while True:
            country, _weight, firsts, seconds, suffixes = rng.choices(FDI_ORIGINS, [o[1] for o in FDI_ORIGINS])[0]
            brand = f"{rng.choice(firsts)}{rng.choice(seconds)}"
            for extra in ("", *(s for s in seconds if s)):
                name = f"Công ty TNHH {brand}{extra} {rng.choice(suffixes)}"
                if self.free(name):
                    return name, country

    def tax_code(self, rng: random.Random, prefix: str) -> str:
        while True:
            code = f"{prefix}{rng.randint(10_000_000, 99_999_999)}"
            if code not in self.tax_codes:
                self.tax_codes.add(code)
                return code

    def add(self, rng: random.Random, *, name: str, kind: str, subtype: str, commune: Area, level: str,
            body: str = "", zone: IndustrialZone | None = None, country: str = "",
            started_on: datetime.date | None = None, year: int | None = None, tax_prefix: str = "24") -> Unit:
        workers = staff = students = 0
        if kind == E:
            workers = rng.randint(280, 3200) if subtype == ST.FDI_ENTERPRISE else rng.randint(12, 520)
            staff = max(3, workers // rng.randint(15, 25))
        elif kind == S:
            staff = rng.randint(35, 150)
            students = rng.randint(900, 4800) if subtype == ST.HIGHER_EDUCATION else rng.randint(380, 1850)
        else:
            staff = rng.randint(140, 850) if subtype == ST.HOSPITAL else rng.randint(7, 110)
        parent = commune.parent
        place = label(commune) + (f", {label(parent)}" if parent and parent.level == AreaLevel.DISTRICT else "")
        unit = unit_build(data={
            "name": name, "kind": kind, "subtype": subtype, "investor_country": country,
            "tax_code": self.tax_code(rng, tax_prefix) if kind == E else "",
            "commune": commune, "address": f"{zone.name}, {place}" if zone else place,
            "managing_level": level, "managing_body": body,
            "staff_count": staff, "worker_count": workers, "student_count": students,
            "headcount_year": year or (started_on.year if started_on and started_on.year >= FIRST_YEAR else 2024),
            "has_party_organisation": kind != E or subtype == ST.STATE_ENTERPRISE or rng.random() < 0.2,
            "zone": zone, "status": UnitStatus.ACTIVE, "started_on": started_on,
            "phone": f"0222 3{rng.randint(0, 999):03d} {rng.randint(0, 999):03d}" if rng.random() < 0.75 else "",
        })
        self.names.add(unit.name_key)
        self.units.append(unit)
        return unit

    # --- the old Bắc Ninh ------------------------------------------------------------------------------------

    def build_bac_ninh(self) -> None:
        """The old Bắc Ninh's zones and units as they stood before 2020 (they exist until 30/06/2025 and after)."""
        rng = seeded("bac-ninh-units")
        land = self.territories[OLD_BAC_NINH]
        day = last_day_of_old_map()
        districts = {d.code: d for d in land.districts_on(day)}
        communes = land.communes_on(day)
        of = {code: [c for c in communes if c.parent_id == d.pk] for code, d in districts.items()}

        def old_start() -> datetime.date | None:
            return None if rng.random() < 0.35 else day_between(rng, datetime.date(1962, 1, 1),
                                                                datetime.date(2019, 6, 30))

        def seat(code: str) -> Area:
            towns = [c for c in of[code] if c.kind in ("Phường", "Thị trấn")]
            return rng.choice(towns or of[code])

        city = "256"
        zones = []
        for name, code, commune_name, _n, _fdi in BAC_NINH_ZONES:
            commune = next((c for c in of[code] if c.short_name == commune_name), None) or rng.choice(of[code])
            zones.append(IndustrialZone(name=name, kind=IndustrialZone.Kind.ZONE, area=commune,
                                        established_on=day_between(rng, datetime.date(1998, 1, 1),
                                                                   datetime.date(2012, 12, 31))))
        taken = {z.area_id for z in zones}
        for code in districts:
            for commune in rng.sample([c for c in of[code] if c.pk not in taken], rng.randint(1, 3)):
                taken.add(commune.pk)
                established = day_between(rng, datetime.date(2004, 1, 1), datetime.date(2023, 10, 31))
                zones.append(IndustrialZone(name=f"Cụm công nghiệp {commune.short_name}",
                                            kind=IndustrialZone.Kind.CLUSTER, area=commune,
                                            established_on=established))
        zones = [z for z in zones if self.free_zone(z)]
        IndustrialZone.objects.bulk_create(zones)
        self.zones.update({z.name: z for z in zones})

        p, d = ManagingLevel.PROVINCE, ManagingLevel.DISTRICT
        for body in PROVINCE_BODIES:
            name = body[: -len("tỉnh")] + "tỉnh Bắc Ninh" if body.endswith("tỉnh") else f"{body} tỉnh Bắc Ninh"
            self.add(rng, name=name, kind=A, subtype=ST.STATE_AGENCY, commune=seat(city), level=p, body="UBND tỉnh",
                     started_on=old_start(), tax_prefix="23")
        for hospital in ("Bệnh viện Đa khoa tỉnh Bắc Ninh", "Bệnh viện Sản - Nhi Bắc Ninh",
                         "Bệnh viện Y học cổ truyền Bắc Ninh", "Bệnh viện Phổi Bắc Ninh"):
            self.add(rng, name=hospital, kind=A, subtype=ST.HOSPITAL, commune=seat(city), level=p, body="Sở Y tế",
                     started_on=old_start())
        for code, district in districts.items():
            where = label(district)
            for body, kind, subtype in rng.sample(DISTRICT_BODIES, rng.randint(9, 14)):
                self.add(rng, name=f"{body} {where}", kind=kind, subtype=subtype, commune=seat(code), level=d,
                         body=f"UBND {where}", started_on=old_start())
            for number in range(1, rng.randint(3, 6)):
                self.add(rng, name=f"Trường THPT {district.short_name} số {number}", kind=S,
                         subtype=ST.UPPER_SECONDARY, commune=seat(code), level=p, body="Sở Giáo dục và Đào tạo",
                         started_on=old_start())
            for commune in rng.sample(of[code], min(len(of[code]), rng.randint(2, 5))):
                self.add(rng, name=f"Trường THCS {commune.short_name}", kind=S, subtype=ST.LOWER_SECONDARY,
                         commune=commune, level=d, body=f"Phòng Giáo dục và Đào tạo {where}", started_on=old_start())
        for college in ("Trường Cao đẳng Công nghiệp Bắc Ninh", "Trường Cao đẳng Thống kê",
                        "Trường Cao đẳng Y tế Bắc Ninh", "Trường Trung cấp Kinh tế - Kỹ thuật Bắc Ninh"):
            self.add(rng, name=college, kind=S, subtype=ST.HIGHER_EDUCATION, commune=seat(rng.choice(list(of))),
                     level=p, body="Sở Lao động - Thương binh và Xã hội", started_on=old_start())
        spec = {name: (n, fdi) for name, _code, _commune, n, fdi in BAC_NINH_ZONES}
        for zone in zones:
            n, fdi_share = spec.get(zone.name, (rng.randint(3, 9), 0.1))
            for _ in range(n):
                self.enterprise(rng, zone.area, zone=zone, fdi=rng.random() < fdi_share, tax_prefix="23",
                                started_on=day_between(rng, max(zone.established_on, datetime.date(2000, 1, 1)),
                                                       datetime.date(2019, 9, 30)))
        outside = [x for x in communes if x.pk not in taken]
        for _ in range(rng.randint(70, 85)):
            self.enterprise(rng, rng.choice(outside), fdi=rng.random() < 0.1, state=rng.random() < 0.05,
                            tax_prefix="23", started_on=day_between(rng, datetime.date(1996, 1, 1),
                                                                   datetime.date(2019, 9, 30)))
        self.old_bac_ninh = list(self.units)

    def free_zone(self, zone: IndustrialZone) -> bool:
        if zone.name in self.zones or IndustrialZone.objects.filter(name=zone.name, kind=zone.kind).exists():
            return False
        return True

    def enterprise(self, rng: random.Random, commune: Area, *, zone: IndustrialZone | None = None, fdi: bool = False,
                   state: bool = False, started_on: datetime.date, tax_prefix: str = "24") -> Unit:
        after_reform = started_on >= self.reform
        if fdi:
            name, country = self.fdi_name(rng)
            subtype = ST.FDI_ENTERPRISE
        else:
            place = "Bắc Ninh" if tax_prefix == "23" or after_reform else "Bắc Giang"
            name, country = self.domestic_name(rng, place), ""
            subtype = ST.STATE_ENTERPRISE if state else ST.PRIVATE_ENTERPRISE
        local = commune if after_reform else commune.parent
        if zone is not None and zone.kind == IndustrialZone.Kind.ZONE:
            level, body = ManagingLevel.PROVINCE, "Ban Quản lý các khu công nghiệp tỉnh"
        elif fdi:
            level, body = ManagingLevel.PROVINCE, "Sở Tài chính" if after_reform else "Sở Kế hoạch và Đầu tư"
        elif state:
            level, body = ManagingLevel.PROVINCE, "UBND tỉnh"
        else:
            level = ManagingLevel.COMMUNE if after_reform else ManagingLevel.DISTRICT
            body = f"UBND {label(local)}"
        return self.add(rng, name=name, kind=E, subtype=subtype, commune=commune, level=level, body=body, zone=zone,
                        country=country, started_on=started_on, tax_prefix=tax_prefix)

    def formerly_in(self, commune: Area, province: Area) -> bool:
        """Whether a commune of the new map covers ground of an old province."""
        if commune.pk not in self.coverage:
            self.coverage[commune.pk] = commune.coverage_paths()
        return any(p.startswith(province.path + ".") for p in self.coverage[commune.pk])

    # --- registered every week since 2020 ------------------------------------------------------------------------

    def build_registrations(self) -> list[Unit]:
        zones_by_area: dict[int, list[IndustrialZone]] = {}
        for zone in IndustrialZone.objects.filter(area__level=AreaLevel.COMMUNE).select_related("area"):
            zones_by_area.setdefault(zone.area_id, []).append(zone)
        zone_communes = [z for zs in zones_by_area.values() for z in zs]
        start = len(self.units)
        for monday in weeks(datetime.date(FIRST_YEAR, 1, 1), self.today):
            rng = seeded("registrations", monday)
            for code, per_year in YEARLY_REGISTRATIONS.items():
                expected = per_year * year_swing(f"registrations-{code}", monday.year) / 52
                for _ in range(sum(rng.random() < expected / 4 for _ in range(4))):
                    day = monday + datetime.timedelta(days=rng.randint(0, 6))
                    if day.year < FIRST_YEAR:
                        continue
                    unit = self.register(rng, code, day, zone_communes)
                    if day > self.today:  # drawn all the same, so that the week's other units stay as they are
                        self.units.remove(unit)
        return self.units[start:]

    def register(self, rng: random.Random, code: str, day: datetime.date, zones: list[IndustrialZone]) -> Unit:
        land = self.territories[code if day < self.reform else "new"]
        old_land = self.territories[code]
        prefix = "24" if code == PROVINCE_CODE else "23"
        draw = rng.random()
        in_zone = [z for z in zones if z.area.path.startswith(old_land.province.path + ".")
                   and (z.established_on is None or z.established_on <= day)]
        if draw < 0.3 and in_zone:
            zone = rng.choice(in_zone)
            return self.enterprise(rng, self.links.area_on(zone.area, day), zone=zone, fdi=rng.random() < 0.55,
                                   started_on=day, tax_prefix=prefix)
        communes = land.communes_on(day)
        if day >= self.reform:  # the new province: a commune of the old province's territory
            communes = [c for c in communes if self.formerly_in(c, old_land.province)] or communes
        commune = rng.choice(communes)
        if draw < 0.93:
            return self.enterprise(rng, commune, fdi=draw > 0.86, started_on=day, tax_prefix=prefix)
        if draw < 0.97:
            school = f"Trường THPT {rng.choice(BRANDS)}"
            while not self.free(school):
                school = f"{school} {rng.randint(2, 9)}"
            return self.add(rng, name=school, kind=S, subtype=ST.UPPER_SECONDARY, commune=commune,
                            level=ManagingLevel.PROVINCE, body="Sở Giáo dục và Đào tạo", started_on=day,
                            tax_prefix=prefix)
        name = f"Trung tâm Dịch vụ công {label(commune)}"
        while not self.free(name):
            name = f"{name} {rng.randint(2, 9)}"
        level = ManagingLevel.COMMUNE if day >= self.reform else ManagingLevel.DISTRICT
        return self.add(rng, name=name, kind=A, subtype=ST.PUBLIC_SERVICE, commune=commune, level=level,
                        body=f"UBND {label(commune if day >= self.reform else commune.parent)}", started_on=day,
                        tax_prefix=prefix)

    def dissolve_new(self, registered: list[Unit]) -> int:
        """Some of the units registered since 2020 closed later."""
        for unit in registered:
            rng = seeded("dissolve", unit.name_key)
            if rng.random() < DISSOLVED_SHARE:
                day = unit.started_on + datetime.timedelta(days=rng.randint(240, 1600))
                if day <= self.today:
                    unit.status, unit.dissolved_on = UnitStatus.DISSOLVED, day
        return sum(1 for u in registered if u.dissolved_on)

    def dissolve_old(self) -> list[Unit]:
        """Some enterprises of Bắc Giang's 2019 registry closed since 2020 (after the 2019 figures' period)."""
        changed = []
        bac_giang = self.territories[PROVINCE_CODE].province.path + "."
        old = (Unit.objects.alive().filter(kind=E, dissolved_on__isnull=True, commune__path__startswith=bac_giang)
               .exclude(started_on__gte=datetime.date(FIRST_YEAR, 1, 1)).order_by("id"))
        for unit in old:
            rng = seeded("dissolve", unit.name_key, unit.tax_code)
            if rng.random() < OLD_DISSOLVED_SHARE:
                day = day_between(rng, datetime.date(FIRST_YEAR, 2, 1), datetime.date(FIRST_YEAR + 7, 6, 30))
                if day <= self.today:
                    unit.status, unit.dissolved_on = UnitStatus.DISSOLVED, day
                    changed.append(unit)
        Unit.objects.bulk_update(changed, ["status", "dissolved_on"])
        return changed

    # --- guards, fire teams, investments -----------------------------------------------------------------------

    def build_guards(self) -> list[GuardForce]:
        """A yearly record for every unit with a guard force, from 2020 (Bắc Giang) or from the year the unit came
        (the others), changing a little each year; the current year's come in through the year."""
        latest: dict[int, GuardForce] = {}
        for row in GuardForce.objects.filter(unit__deleted_at__isnull=True).order_by("unit_id", "year"):
            latest[row.unit_id] = row
        have = set(GuardForce.objects.values_list("unit_id", "year"))
        rows = []
        units = list(Unit.objects.alive().filter(pk__in=latest).order_by("id")) + [
            u for u in self.units if seeded("guards", u.name_key).random() < GUARDS_SHARE]
        for unit in units:
            base = latest.get(unit.pk)
            parts = ({f: getattr(base, f) for f in ("official_staff", "long_term", "short_term", "bodyguards")}
                     if base else first_guards(seeded("guards-first", unit.name_key), unit))
            first = max(FIRST_YEAR, unit.started_on.year if unit.started_on else FIRST_YEAR)
            last = min(self.today.year, (unit.dissolved_on.year if unit.dissolved_on else self.today.year))
            for year in range(first, last + 1):
                rng = seeded("guards", unit.name_key, year)
                parts = {f: max(0, n + rng.choice([-2, -1, 0, 0, 1, 1, 2, 3]) if n else
                                (rng.randint(1, 3) if rng.random() < 0.04 else 0)) for f, n in parts.items()}
                reported = datetime.date(year, 1, 1) + datetime.timedelta(days=rng.randint(10, 340))
                if (unit.pk, year) in have or reported > self.today:
                    continue
                total = sum(parts.values())
                hired = parts["bodyguards"]
                rows.append(GuardForce(
                    unit=unit, year=year, trained=rng.randint(total // 2, total) if total else 0,
                    organisation_form=(GuardForce.Form.NONE if total == 0 else GuardForce.Form.SECTION if total >= 15
                                       else GuardForce.Form.TEAM if total >= 5 else GuardForce.Form.GROUP),
                    staffing=(GuardForce.Staffing.BOTH if hired and total > hired else
                              GuardForce.Staffing.HIRED if hired else GuardForce.Staffing.OWN), **parts))
        GuardForce.objects.bulk_create(rows, batch_size=2000)
        return rows

    def build_fire_teams(self) -> tuple[list[FireTeam], list[FireTeamConsolidation]]:
        with_team = set(FireTeam.objects.values_list("unit_id", flat=True))
        teams = []
        for unit in self.units:
            rng = seeded("fire-team", unit.name_key)
            if rng.random() >= FIRE_TEAM_SHARE:
                continue
            if unit.started_on and unit.started_on.year >= FIRST_YEAR:
                founded = unit.started_on + datetime.timedelta(days=rng.randint(20, 400))
            else:
                founded = day_between(rng, max(unit.started_on or datetime.date(2005, 1, 1),
                                               datetime.date(2005, 1, 1)), datetime.date(2019, 9, 30))
            if founded <= self.today and (unit.dissolved_on is None or founded < unit.dissolved_on):
                teams.append(FireTeam(unit=unit, established_on=founded, members=rng.randint(5, 32)))
        bac_giang = self.territories[PROVINCE_CODE].province.path + "."
        for unit in (Unit.objects.alive().filter(commune__path__startswith=bac_giang).exclude(pk__in=with_team)
                     .exclude(started_on__gte=datetime.date(FIRST_YEAR, 1, 1)).order_by("id")):
            rng = seeded("fire-team-later", unit.name_key, unit.commune_id)
            if rng.random() < 0.03:
                founded = day_between(rng, datetime.date(FIRST_YEAR, 1, 1), datetime.date(FIRST_YEAR + 6, 12, 31))
                if founded <= self.today and (unit.dissolved_on is None or founded < unit.dissolved_on):
                    teams.append(FireTeam(unit=unit, established_on=founded, members=rng.randint(5, 28)))
        FireTeam.objects.bulk_create(teams)
        rows = []
        for team in FireTeam.objects.filter(unit__deleted_at__isnull=True).select_related("unit").order_by("id"):
            end = min(self.today, team.unit.dissolved_on or self.today)
            for year in range(max(FIRST_YEAR, team.established_on.year), end.year + 1):
                rng = seeded("consolidation", team.unit.name_key, year)
                if rng.random() < 0.42 * year_swing("consolidations", year, 0.8, 1.2):
                    day = day_between(rng, max(datetime.date(year, 1, 1), team.established_on +
                                               datetime.timedelta(days=1)), datetime.date(year, 12, 31))
                    if datetime.date(FIRST_YEAR, 1, 1) <= day <= end:
                        rows.append(FireTeamConsolidation(
                            team=team, date=day, members=max(3, team.members + rng.randint(-3, 5)),
                            note=rng.choice(["Kiện toàn đội viên", "Thay đội trưởng", "Huấn luyện lại",
                                             "Bổ sung đội viên mới", "Diễn tập phương án chữa cháy"])))
        FireTeamConsolidation.objects.bulk_create(rows, batch_size=2000)
        return teams, rows

    def build_investments(self) -> list[ZoneInvestment]:
        have = set(ZoneInvestment.objects.values_list("zone_id", "year"))
        rows = []
        for zone in IndustrialZone.objects.order_by("id"):
            for year in range(FIRST_YEAR, self.today.year + 1):
                if (zone.pk, year) in have or (zone.established_on and zone.established_on.year > year):
                    continue
                rng = seeded("investments", zone.name, year)
                full = (rng.randint(2, 14) if zone.kind == IndustrialZone.Kind.ZONE else rng.randint(0, 4))
                full = round(full * year_swing("investments", year, 0.6, 1.4))
                if year == self.today.year:  # the projects licensed so far this year
                    full = int(full * self.today.timetuple().tm_yday / 365)
                if full:
                    rows.append(ZoneInvestment(zone=zone, year=year, projects=full))
        ZoneInvestment.objects.bulk_create(rows)
        return rows


def day_between(rng: random.Random, start: datetime.date, end: datetime.date) -> datetime.date:
    return start + datetime.timedelta(days=rng.randint(0, max(0, (end - start).days)))


def first_guards(rng: random.Random, unit: Unit) -> dict[str, int]:
    big = unit.worker_count >= 800 or unit.subtype in (ST.HOSPITAL, ST.BANK)
    state = unit.kind != E or unit.subtype == ST.STATE_ENTERPRISE
    return {"official_staff": rng.randint(1, 3) if state and rng.random() < 0.5 else 0,
            "long_term": rng.randint(1, 5) if rng.random() < 0.55 else 0,
            "short_term": rng.randint(1, 4) if rng.random() < 0.35 else 0,
            "bodyguards": rng.randint(3, 14) if big or rng.random() < 0.25 else 0}


def units_today_seed(today: datetime.date | None = None) -> dict[str, int]:
    """Seed the units registry from 2020 to `today` (by default the current date). Does nothing when the old Bắc
    Ninh has units already. Returns the number of rows created by model."""
    if not getattr(settings, "ANTQ_ALLOW_DEMO_DATA", False):
        raise ImproperlyConfigured("Demo data is not allowed with these settings (production?).")
    today = demo_today(today)
    with transaction.atomic():
        bac_ninh = area_resolve(code=OLD_BAC_NINH, on=last_day_of_old_map())
        if not Unit.objects.filter(commune__path__startswith=area_resolve(code=PROVINCE_CODE, on=DEMO_DATE).path
                                   + ".").exists():
            raise ImproperlyConfigured("No units in Bắc Giang: seed the units demo of 2019 first.")
        if Unit.objects.filter(commune__path__startswith=bac_ninh.path + ".").exists():
            return {"units": 0, "dissolved": 0, "guard_forces": 0, "fire_teams": 0, "fire_team_consolidations": 0,
                    "investments": 0}
        builder = _TodayBuilder(today)
        builder.build_bac_ninh()
        registered = builder.build_registrations()
        dissolved_new = builder.dissolve_new(registered)
        Unit.objects.bulk_create(builder.units, batch_size=1000)
        dissolved_old = builder.dissolve_old()
        guards = builder.build_guards()
        teams, consolidations = builder.build_fire_teams()
        investments = builder.build_investments()
    return {"units": len(builder.units), "dissolved": len(dissolved_old) + dissolved_new,
            "guard_forces": len(guards), "fire_teams": len(teams), "fire_team_consolidations": len(consolidations),
            "investments": len(investments)}

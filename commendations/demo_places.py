"""Where and when the demo's records of the years after 2019 happen, shared by the registries' demos of today
(commendations, incidents, coordination): the provinces on each day — the old Bắc Giang (L.24) after the 2019
review, the old Bắc Ninh (L.27) from 2014, both until 30/06/2025, the new Bắc Ninh (N.24) from 01/07/2025 — their
communes and districts on that day's map, and the units operating there, each in its area as the map was that day.

Whatever units the units demo made are used (Bắc Giang's alone, or Bắc Ninh's too once they exist). Random draws come
from seeds named after the registry, the province and the year or the week, so a year (or a week of the current
year) always gets the same records whatever day the demo is built on: a later run only adds the days since."""

import bisect
import datetime
import math
import random
from collections import defaultdict
from collections.abc import Callable, Iterator
from dataclasses import dataclass

from django.db.models import Q
from django.utils import timezone

from antqcore.demo import DEMO_DATE
from antqcore.models import Area, AreaLevel, AreaSuccession
from antqcore.selectors import AreaNotFound, area_resolve, last_day_of_old_map
from units.models import Unit

D = datetime.date
AFTER_REVIEW = DEMO_DATE + datetime.timedelta(days=1)  # 01/10/2019: the old Bắc Giang's records start here
MOVEMENT_START = D(2014, 8, 15)  # Directive 07/CT-BCA-V28: the old Bắc Ninh's records start here
DISTRICT_POLICE_LAST_DAY = D(2025, 2, 28)  # district police ended on 01/03/2025
# (official code, a day on its map, first day of its records): the old Bắc Giang and Bắc Ninh, the new Bắc Ninh.
PROVINCES = [("24", DEMO_DATE, AFTER_REVIEW), ("27", DEMO_DATE, MOVEMENT_START), ("24", D(2025, 7, 1), None)]


def demo_today() -> datetime.date:
    """The day the demo is built up to (tests give their own)."""
    return timezone.localdate()


def reform_date() -> datetime.date:
    """01/07/2025: the first day of the two-tier map."""
    return last_day_of_old_map() + datetime.timedelta(days=1)


@dataclass(frozen=True)
class Span:
    """A province of the demo and the days it has records: [start, end], `end` at the latest today."""

    province: Area
    start: datetime.date
    end: datetime.date

    @property
    def path(self) -> str:
        return self.province.path

    @property
    def new_map(self) -> bool:
        return self.start >= reform_date()

    def years(self) -> list[int]:
        return list(range(self.start.year, self.end.year + 1))

    def weeks(self) -> Iterator[tuple[datetime.date, list[datetime.date]]]:
        """(Monday, the days of that week within the span) for every week the span touches."""
        monday = self.start - datetime.timedelta(days=self.start.weekday())
        while monday <= self.end:
            days = [monday + datetime.timedelta(days=i) for i in range(7)]
            yield monday, [d for d in days if self.start <= d <= self.end]
            monday += datetime.timedelta(days=7)

    def contains(self, day: datetime.date) -> bool:
        return self.start <= day <= self.end


def spans(today: datetime.date) -> list[Span]:
    """The demo's provinces with their days, those whose map is loaded."""
    found = []
    for code, on, start in PROVINCES:
        try:
            province = area_resolve(code=code, on=on)
        except AreaNotFound:
            continue
        first = max(start or province.valid_from or on, province.valid_from or start or on)
        last = min(province.valid_to or today, today)
        if first <= last:
            found.append(Span(province, first, last))
    return found


def rng_for(*parts) -> random.Random:
    """A random generator of its own for a registry, a province and a year or a week."""
    return random.Random(":".join(str(p) for p in parts))


def poisson(rng: random.Random, mean: float) -> int:
    """A count drawn around `mean` as counts of events are (Knuth's method; normal beyond 30)."""
    if mean > 30:
        return max(0, round(rng.gauss(mean, math.sqrt(mean))))
    limit, k, product = math.exp(-mean), 0, rng.random()
    while product > limit:
        k += 1
        product *= rng.random()
    return k


def year_factor(registry: str, path: str, year: int) -> float:
    """How busy a year was in a province: fewer gatherings in the Covid years 2020–2021, a province that grows with its
    industrial zones, and a draw of its own for the year (never the same from one year to the next)."""
    covid = {2020: 0.78, 2021: 0.7}.get(year, 1.0)
    growth = 1.035 ** (year - 2019)
    return covid * growth * rng_for(registry, "year", path, year).uniform(0.82, 1.2)


def random_day(rng: random.Random, start: datetime.date, end: datetime.date) -> datetime.date:
    return start + datetime.timedelta(days=rng.randint(0, (end - start).days))


class Places:
    """The demo's areas and units, looked up once: units by province and month, each in its area of that day."""

    def __init__(self, today: datetime.date, area_of: Callable[[Unit, datetime.date], Area | None] | None = None):
        self.today = today
        self.spans = spans(today)
        self.area_of = area_of
        roots = {s.path for s in self.spans}
        prefix = Q(pk__in=[])
        for root in roots:
            prefix |= Q(path__startswith=root + ".")
        areas = list(Area.objects.filter(prefix))
        self.areas_by_id = {a.pk: a for a in areas}
        # The days the map changed in these provinces: between two of them every area's validity is the same.
        changes = {a.valid_from for a in areas if a.valid_from} | {
            a.valid_to + datetime.timedelta(days=1) for a in areas if a.valid_to}
        self.changes = sorted(changes)
        unit_q = Q(pk__in=[])
        for root in roots:
            unit_q |= Q(commune__path__startswith=root + ".")
        self.all_units = list(Unit.objects.alive().filter(unit_q).select_related("commune__parent").prefetch_related(
            "commune__predecessors", "commune__successors").order_by("pk"))
        # The succession links among these areas, read once: {area id: [areas before or after it]}.
        self.neighbours: dict[int, list[int]] = defaultdict(list)
        self.default_successor: dict[int, int] = {}
        for before, after, default in AreaSuccession.objects.filter(
                predecessor__in=self.areas_by_id, successor__in=self.areas_by_id).values_list(
                "predecessor_id", "successor_id", "is_default"):
            self.neighbours[before].append(after)
            self.neighbours[after].append(before)
            if default:
                self.default_successor[before] = after
        self._areas: dict[tuple, list[Area]] = {}
        self._unit_area: dict[tuple[int, int], Area | None] = {}
        self._units: dict[tuple, list[tuple[Unit, Area]]] = {}

    def span_of(self, day: datetime.date) -> list[Span]:
        return [s for s in self.spans if s.contains(day)]

    def epoch(self, day: datetime.date) -> int:
        return bisect.bisect_right(self.changes, day)

    def areas(self, span: Span, level: str, day: datetime.date) -> list[Area]:
        """The span's communes or districts on `day`'s map, by path."""
        key = (span.path, level, self.epoch(day))
        if key not in self._areas:
            self._areas[key] = sorted((a for a in self.areas_by_id.values() if a.level == level
                                       and a.path.startswith(span.path + ".") and a.is_valid_on(day)),
                                      key=lambda a: a.path)
        return self._areas[key]

    def district_of(self, area: Area, day: datetime.date) -> Area | None:
        """The district an area lay in on `day` (the area itself for a district); None on the new map."""
        if area.level == AreaLevel.DISTRICT:
            return area
        parent = self.areas_by_id.get(area.parent_id)
        return parent if parent is not None and parent.level == AreaLevel.DISTRICT and parent.is_valid_on(day) else None

    def unit_area(self, unit: Unit, day: datetime.date) -> Area | None:
        """The unit's commune on `day`'s map: as the registry gives it (`area_of`); where that is ambiguous (a commune
        split in two) the successor that takes its records, or the one the demo settles on by the unit's number."""
        key = (unit.pk, self.epoch(day))
        if key not in self._unit_area:
            area = self.area_of(unit, day) if self.area_of else None
            self._unit_area[key] = area or self._walk(unit, day)
        return self._unit_area[key]

    def _walk(self, unit: Unit, day: datetime.date) -> Area | None:
        """The communes valid on `day` nearest to the unit's along the succession links (up to three steps)."""
        if unit.commune.is_valid_on(day):
            return unit.commune
        seen, frontier = {unit.commune_id}, [unit.commune]
        for _step in range(3):
            following = []
            for commune in frontier:
                for other in self.neighbours[commune.pk]:
                    if other not in seen:
                        seen.add(other)
                        following.append(self.areas_by_id[other])
            found = sorted((a for a in following if a.is_valid_on(day)), key=lambda a: a.path)
            default = [a for a in found if a.pk == self.default_successor.get(unit.commune_id)]
            if found:
                return (default or found)[unit.pk % len(default or found)]
            frontier = following
        return None

    def units(self, span: Span, day: datetime.date, kinds: set[str] | None = None) -> list[tuple[Unit, Area]]:
        """(unit, its area on `day`) for the units operating through `day`'s month inside the span's province."""
        first = day.replace(day=1)
        last = (first + datetime.timedelta(days=32)).replace(day=1) - datetime.timedelta(days=1)
        key = (span.path, self.epoch(day), first)
        if key not in self._units:
            found = []
            for unit in self.all_units:
                if (unit.started_on and unit.started_on > first) or (unit.dissolved_on and unit.dissolved_on <= last):
                    continue
                area = self.unit_area(unit, day)
                if area is not None and area.path.startswith(span.path + "."):
                    found.append((unit, area))
            self._units[key] = found
        pairs = self._units[key]
        return [p for p in pairs if p[0].kind in kinds] if kinds else pairs

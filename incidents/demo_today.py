"""Demo incidents of the years after the 2019 review, up to today: the old Bắc Giang from 01/10/2019, the old Bắc Ninh
from 15/08/2014 (it has no 2019 data of its own), both until 30/06/2025, and the new Bắc Ninh from 01/07/2025, on
the new map's communes. None of them lies in Bắc Giang inside 15/08/2014 – 30/09/2019, so the seed review keeps its
figures.

Each week of each province draws its incidents from a seed of its own: how many of each type (around a yearly rate
that changes from year to year: fewer strikes in the Covid years, thefts slowly down), which unit or commune, the
people and consequences as the 2019 demo draws them. The week of today keeps only the days before today (an
incident has an hour, which may be still to come today), so a later run keeps every earlier week identical. Seeded
by `make run` only; production settings refuse it."""

import datetime
import random

from django.conf import settings
from django.core.exceptions import ImproperlyConfigured
from django.db import transaction
from django.db.models import Q
from django.utils import timezone

from antqcore.models import User
from commendations.demo_places import Places, Span, demo_today, poisson, rng_for, year_factor
from units.models import UnitKind
from units.selectors import unit_area_on

from .demo import DESCRIPTIONS, IN_A_UNIT, Spec, _DemoBuilder
from .models import Incident, IncidentType

# Incidents a year in the old Bắc Giang, as its 2019 demo had them (83 strikes in 5 years and so on); the old Bắc
# Ninh has its own share of them, the new province both.
YEARLY = {"strike": 16.3, "fire": 5.9, "theft": 118.0, "violation": 44.6, "economic": 9.4, "work_accident": 3.1,
          "mass_complaint": 1.9, "environment": 2.6, "criminal_case": 1.8, "drug_case": 1.7, "school_violence": 1.3,
          "social_vice": 0.9, "illegal_gathering": 0.4, "secrets_leak": 0.3}
SHARE = {"L.24": 1.0, "L.27": 0.83}
# How a type goes over the years, besides the province's own ups and downs.
TRENDS = {"theft": 0.955, "violation": 0.97, "strike": 1.04, "drug_case": 1.08, "environment": 1.05}
VERIFIED, PROSECUTED = 0.23, {"economic": 0.06, "violation": 0.012, "criminal_case": 0.05, "drug_case": 0.1}
REGISTRY = "incidents"
WANTED = {"strike": {UnitKind.ENTERPRISE}, "work_accident": {UnitKind.ENTERPRISE}, "environment": {UnitKind.ENTERPRISE},
          "school_violence": {UnitKind.SCHOOL}, "economic": {UnitKind.ENTERPRISE, UnitKind.AGENCY}}


class _Drawer(_DemoBuilder):
    """The 2019 demo's way of filling in an incident's people and consequences, with a generator of the week."""

    def __init__(self, rng):  # noqa: D107 — nothing read from the database: the places give units and areas
        self.rng = rng


def _rate(span: Span, code: str, year: int) -> float:
    share = sum(SHARE.get(path, 0) for path in SHARE) if span.new_map else SHARE.get(span.path, 1.0)
    return YEARLY[code] * share * TRENDS.get(code, 1.0) ** (year - 2019) * year_factor(
        f"{REGISTRY}:{code}", span.path, year)


def _week(places: Places, span: Span, monday: datetime.date, days: list[datetime.date], types: dict,
          recorder) -> list[Incident]:
    week = rng_for(REGISTRY, span.path, monday.isoformat())
    tz = timezone.get_current_timezone()
    incidents = []
    for code in YEARLY:
        for _n in range(poisson(week, _rate(span, code, monday.year) / 52)):
            # Each incident draws from a generator of its own: leaving out a day still to come changes no other.
            rng = random.Random(week.random())
            day = monday + datetime.timedelta(days=rng.randrange(7))
            if day not in days or day >= places.today or day == datetime.date(2019, 10, 15):
                # Another province's day, today or a day still to come (an hour of today may not have come yet), or
                # the 2019 demo's day after the window.
                continue
            unit, area = None, None
            if rng.random() < IN_A_UNIT.get(code, 0.95):
                pairs = places.units(span, day, WANTED.get(code))
                if code == "strike":
                    pairs = [p for p in pairs if p[0].worker_count >= 200] or pairs
                if pairs:
                    unit, area = rng.choice(pairs)
            if area is None:
                districts = [] if span.new_map else places.areas(span, "district", day)
                pool = districts if districts and rng.random() < 0.15 else places.areas(span, "commune", day)
                if not pool:
                    continue
                area = rng.choice(pool)
            incident = Incident(
                type=types[code], unit=unit, area=area, created_by=recorder, description=rng.choice(DESCRIPTIONS[code]),
                occurred_at=datetime.datetime.combine(day, datetime.time(rng.randrange(24), rng.randrange(60)),
                                                      tzinfo=tz),
                reported=rng.random() < 0.96, from_public_tip=rng.random() < 0.17)
            spec = Spec(code, day, members=rng.random() < 0.93 if code == "violation" else None,
                        subjects=rng.randint(1, 3) if code == "economic" else None)
            _Drawer(rng).details(incident, spec, unit)
            incident.verified = rng.random() < VERIFIED
            if rng.random() < PROSECUTED.get(code, 0) and incident.people_total:
                incident.verified = incident.prosecuted = True
                incident.defendants = rng.randint(1, incident.people_total)
            incident.serious = incident.type.is_serious(incident)
            incidents.append(incident)
    return incidents


def incidents_build(today: datetime.date) -> list[Incident]:
    """The incidents of every week after the 2019 review (and of the old Bắc Ninh from 2014), up to `today`."""
    places = Places(today, area_of=unit_area_on)
    types = {t.code: t for t in IncidentType.objects.all()}
    users = {u.username: u for u in User.objects.filter(username__in=["tinh", "bacninh"])}
    incidents = []
    for span in places.spans:
        recorder = users.get("bacninh") if span.new_map else users.get("tinh") if span.path == "L.24" else None
        for monday, days in span.weeks():
            incidents += _week(places, span, monday, days, types, recorder)
    return incidents


def incidents_today_seed(today: datetime.date | None = None) -> dict[str, int]:
    """Seed the incidents since the 2019 review up to `today` (by default today), after the 2019 demo. Does nothing
    when they are there already. Returns the number of incidents created."""
    if not getattr(settings, "ANTQ_ALLOW_DEMO_DATA", False):
        raise ImproperlyConfigured("Demo data is not allowed with these settings (production?).")
    today = today or demo_today()
    with transaction.atomic():
        if Incident.objects.filter(Q(occurred_at__date__gt=datetime.date(2019, 10, 15))
                                   | ~Q(area__path__startswith="L.24.")).exists():
            return {"incidents": 0}
        incidents = incidents_build(today)
        Incident.objects.bulk_create(incidents, batch_size=1000)
    return {"incidents": len(incidents)}

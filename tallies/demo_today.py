"""Demo tallies of the periods after the 2019 review: what each body of the catalogue reported for every complete
period from the one ending after 30/09/2019 (Q4/2019, 10/2019, the year 2019) to the last one that ended before
today, while its area existed (the old Bắc Giang's bodies until 30/06/2025, a district's until its district ended, a
district police's until 28/02/2025, when the district police ended). A body the catalogue adds later (the new
province's) is filled in the same way, up to the last complete period.

Each body reports around its own 2014–2019 level (or, new, that of the bodies of its kind), moved by the year (fewer
gatherings in 2020–2021, a little more every year after) and by a draw of its own for each period: the seed is the
body and the period, so a later run keeps every earlier period identical. Participants are never fewer than sessions
(the catalogue's rule); fines are whole 500.000 đồng, and only where facilities were fined. None of these periods ends
inside 15/08/2014 – 30/09/2019, so the seed review keeps its figures. Seeded by `make run` only; production settings
refuse it.

Before that, the new province gets its bodies from the catalogue's kinds as `manage.py province_setup 24` gives them
(tallies_province_seed): one of each provincial kind and the police and steering committee of each of its 99
communes. A commune's body reports around the level of the district bodies of its kind before it, shared among the
communes."""

import datetime
import random
from collections import Counter, defaultdict
from decimal import Decimal

from django.conf import settings
from django.core.exceptions import ImproperlyConfigured
from django.db import transaction
from django.db.models import Sum
from django.utils import timezone
from simple_history.utils import bulk_create_with_history

from antqcore.demo import DEMO_DATE, NEW_PROVINCE_CODE
from antqcore.models import AreaLevel
from antqcore.selectors import area_resolve

from .demo import FOLLOWS, MONEY_STEP, PERIOD_START, periods_in_window
from .models import BodyKind, ReportingBody, TallyValue
from .periods import Period, periods_between
from .services import province_bodies_create

DISTRICT_POLICE_LAST_DAY = datetime.date(2025, 2, 28)
COVID = {2020: 0.74, 2021: 0.66, 2022: 0.93}
# The kinds of the communes' bodies and the district kinds they took over on 01/07/2025.
SUCCEEDS = {BodyKind.COMMUNE_POLICE: BodyKind.POLICE, BodyKind.COMMUNE_COMMITTEE: BodyKind.DISTRICT_COMMITTEE}


def last_day_of(body: ReportingBody, today: datetime.date) -> datetime.date:
    """The last day the body reports for: yesterday, or the end of its area (or of the district police)."""
    last = today - datetime.timedelta(days=1)
    if body.area.valid_to:
        last = min(last, body.area.valid_to)
    if body.kind == BodyKind.POLICE and body.area.level == AreaLevel.DISTRICT:
        last = min(last, DISTRICT_POLICE_LAST_DAY)
    return last


def periods_after_review(body: ReportingBody, today: datetime.date) -> list[Period]:
    """The body's complete periods ending after the review's window (and beginning once its area existed), oldest
    first."""
    last = last_day_of(body, today)
    first = max(DEMO_DATE + datetime.timedelta(days=1), body.area.valid_from or DEMO_DATE)
    return sorted(p for p in periods_between(body.period_type, first, last)
                  if DEMO_DATE < p.end <= last and p.start >= (body.area.valid_from or p.start))


def levels(bodies: list[ReportingBody]) -> dict[tuple[str, str], float]:
    """{(body code, indicator code): its mean value per period over the review's window}; a body without values
    there takes the mean of its kind's bodies, and a commune's body, whose kind had none, the total of the district
    bodies of the kind it succeeds shared among the bodies of its own kind."""
    totals = TallyValue.objects.filter(period_end__range=(PERIOD_START, DEMO_DATE)).values(
        "body__code", "indicator__code").annotate(total=Sum("value"))
    windows = {t: len(periods_in_window(t)) for t in {b.period_type for b in bodies}}
    kind_of = {b.code: b for b in bodies}
    mean: dict[tuple[str, str], float] = {}
    by_kind: dict[tuple[str, str, str], list[float]] = defaultdict(list)
    for row in totals:
        body = kind_of.get(row["body__code"])
        if body is not None:
            value = float(row["total"]) / windows[body.period_type]
            mean[body.code, row["indicator__code"]] = value
            by_kind[body.kind, body.period_type, row["indicator__code"]].append(value)
    how_many = Counter(b.kind for b in bodies)
    for body in bodies:
        for indicator in body.indicators.all():
            found = by_kind.get((body.kind, body.period_type, indicator.code))
            before = by_kind.get((SUCCEEDS.get(body.kind), body.period_type, indicator.code))
            if (body.code, indicator.code) in mean:
                continue
            if found:
                mean[body.code, indicator.code] = sum(found) / len(found)
            elif before:
                mean[body.code, indicator.code] = sum(before) / how_many[body.kind]
    return mean


def grid(body: ReportingBody, period: Period, mean: dict[tuple[str, str], float]) -> dict[str, int]:
    """The body's values of one period: {indicator code: value}, zeros left out."""
    rng = random.Random(f"tallies:{body.code}:{period.key}")
    year = period.end.year
    trend = COVID.get(year, 1.0) * (1 + 0.028 * (year - 2019)) * random.Random(f"tallies:{body.code}:{year}").uniform(
        0.85, 1.18)
    indicators = sorted(body.indicators.all(), key=lambda i: (i.not_below_id is not None or i.code in FOLLOWS,
                                                             i.code))
    values: dict[str, int] = {}
    for indicator in indicators:
        level = mean.get((body.code, indicator.code), 0.0)
        step = MONEY_STEP.get(indicator.code, 1)
        if indicator.code in FOLLOWS:  # fines follow the facilities fined that period
            fined = values.get(FOLLOWS[indicator.code], 0)
            value = fined * rng.randint(2, 9) * step if fined else 0
        else:
            drawn = level * trend * rng.uniform(0.55, 1.45)
            value = int(drawn // step * step) if drawn >= step else (step if rng.random() < drawn / step else 0)
            below = indicator.not_below.code if indicator.not_below_id else None
            if below and values.get(below):
                value = max(value, values[below] + rng.randint(0, max(1, values[below] // 3)))
        if value:
            values[indicator.code] = value
    return values


def tallies_build(today: datetime.date) -> list[TallyValue]:
    bodies = list(ReportingBody.objects.filter(active=True).select_related("area").prefetch_related(
        "indicators__not_below").order_by("code"))
    mean = levels(bodies)
    taken = set(TallyValue.objects.filter(period_end__gt=DEMO_DATE).values_list("body_id", "period_start"))
    rows = []
    for body in bodies:
        indicators = {i.code: i for i in body.indicators.all()}
        for period in periods_after_review(body, today):
            if (body.pk, period.start) in taken:
                continue  # a grid of the 2019 demo, just after its window
            for code, value in grid(body, period, mean).items():
                rows.append(TallyValue(indicator=indicators[code], body=body, area=body.area, period_type=period.type,
                                       period_start=period.start, period_end=period.end, value=Decimal(value)))
    return rows


@transaction.atomic
def tallies_today_seed(today: datetime.date | None = None) -> dict[str, int]:
    """Seed the tallies of the periods since the 2019 review up to the last complete one before `today` (by default
    today), after the 2019 demo. Does nothing when they are there already. Returns the number of values created."""
    if not getattr(settings, "ANTQ_ALLOW_DEMO_DATA", False):
        raise ImproperlyConfigured("Demo data is not allowed with these settings (production?).")
    today = today or timezone.localdate()
    if TallyValue.objects.filter(period_end__gt=datetime.date(2019, 12, 31)).exists():
        return {"values": 0}
    rows = tallies_build(today)
    bulk_create_with_history(rows, TallyValue, batch_size=2000)
    return {"values": len(rows)}


@transaction.atomic
def tallies_province_seed(today: datetime.date | None = None) -> dict[str, int]:
    """The new province's reporting bodies from the catalogue's kinds (tallies.services.province_bodies_create, the
    tallies' step of `manage.py province_setup`), once the new map is in force; a second run creates nothing."""
    if not getattr(settings, "ANTQ_ALLOW_DEMO_DATA", False):
        raise ImproperlyConfigured("Demo data is not allowed with these settings (production?).")
    today = today or timezone.localdate()
    if today < datetime.date.fromisoformat(settings.ANTQ_REFORM_DATE):
        return {"bodies": 0}
    province = area_resolve(code=NEW_PROVINCE_CODE, on=today)
    return {"bodies": len(province_bodies_create(province=province))}

"""Demo data of the periodic tallies: what Bắc Giang's bodies reported from 2014 to 2019, so that for area 24 and
15/08/2014 – 30/09/2019 every tally figure of the 2019 five-year review (the seed report) comes out as the seed's.

Each figure's total is spread over the bodies the catalogue counts for it and over their periods ending in the
window (quarters Q3/2014 – Q3/2019, months 08/2014 – 09/2019, years 2014 – 2018), with weights drawn from a fixed
seed, so every run builds the same values. A count "of people" is never below its count "of sessions" in any grid
(the catalogue's not_below rule): it is the sessions' values plus a share of the difference. Figures the seed writes
"trên"/"hơn" have some of their values flagged "more than". A few grids lie outside the window (Q2/2014, Q4/2019,
the year 2019, months 07/2014 and 10/2019) so that the counting rule shows. Seeded by `make run` only; production
settings refuse it."""

import datetime
import random
from collections import defaultdict
from dataclasses import dataclass
from decimal import Decimal

from django.conf import settings
from django.core.exceptions import ImproperlyConfigured
from django.db import transaction
from simple_history.utils import bulk_create_with_history

from antqcore.demo import DEMO_DATE

from .catalogue import FigureSpec, catalogue_load, figure_specs
from .models import Indicator, PeriodType, ReportingBody, TallyValue
from .periods import Period, periods_between

PERIOD_START = datetime.date(2014, 8, 15)
SEED = 20140815

# The seed's figures (shared/seeds/seed-figures.csv): value, and whether the seed writes it "trên"/"hơn".
SEED_FIGURES: dict[str, tuple[int, bool]] = {
    "propaganda.media_items": (1597, False),
    "propaganda.sessions": (137226, False),
    "propaganda.participants": (80000, True),
    "propaganda.leaflets": (417700, False),
    "propaganda.documents": (12500, False),
    "propaganda.handbooks": (45000, False),
    "propaganda.bulletins": (10500, False),
    "propaganda.commitments": (6200, False),
    "propaganda.tips": (6635, False),
    "fn3.mttq.sessions": (50, True),
    "fn3.mttq.sessions_participants": (3500, False),
    "fn3.mttq.conferences": (3200, False),
    "fn3.mttq.conference_delegates": (192000, False),
    "fn3.youth.events": (4000, False),
    "fn3.labour.study_sessions": (1989, False),
    "fn3.labour.traffic_sessions": (986, False),
    "fn3.labour.social_evils_sessions": (817, False),
    "fn3.labour.communications": (114306, False),
    "fn3.labour.legal_aid": (16355, False),
    "fn3.labour.bulletins": (10500, False),
    "fn3.labour.leaflets": (161700, False),
    "fn3.labour.documents": (3500, True),
    "fn3.molisa.leaflets": (438000, False),
    "fn3.molisa.conferences": (45, False),
    "fn3.molisa.participants": (50000, True),
    "fn3.education.posters": (18310, False),
    "fn3.education.contests": (689, False),
    "fn3.education.extracurricular": (822, False),
    "fn3.education.students": (570978, False),
    "fn3.health.participants": (377669, False),
    "fn3.districts.leaflets": (223640, False),
    "fn3.districts.radio_items": (11256, False),
    "fn3.districts.conferences": (8224, False),
    "fn3.districts.participants": (493440, False),
    "fn3.police.traffic_sessions": (2171, False),
    "fn3.police.traffic_participants": (650000, True),
    "fn3.police.fire_participants": (535000, True),
    "trainings.trafficking_classes": (16, False),
    "trainings.trafficking_participants": (1360, False),
    "trainings.domestic_violence_classes": (12, False),
    "trainings.domestic_violence_participants": (2970, False),
    "trainings.legal_classes": (3, False),
    "trainings.legal_participants": (600, False),
    "trainings.traffic_classes": (2, False),
    "trainings.traffic_participants": (260, False),
    "trainings.youth_participants": (5000, True),
    "trainings.social_insurance_classes": (20, False),
    "trainings.social_insurance_participants": (1600, False),
    "guards.training_classes": (8, False),
    "guards.trained": (1279, False),
    "fire.training_classes": (855, False),
    "fire.trained": (51118, True),
    "enforcement.environment_orgs": (93, False),
    "enforcement.environment_people": (1267, False),
    # The seed prints 4.913 for the total; its parts add up to 3.944, and the total is the sum of the parts.
    "fire_inspections.total": (3944, False),
    "fire_inspections.offices": (330, False),
    "fire_inspections.schools_hospitals": (246, False),
    "fire_inspections.fuel": (1352, False),
    "fire_inspections.production": (1862, False),
    "fire_inspections.other": (154, False),
    "fire_inspections.fined_facilities": (77, False),
    "fire_inspections.fines_vnd": (147000000, True),
}
# Amounts of money are fines of whole 500.000 đồng, paid in the months when facilities were fined.
MONEY_STEP = {"fire_fines": 500000}
FOLLOWS = {"fire_fines": "fire_fined_facilities"}
# Bodies with a grid outside the window, to show the counting rule: (body code, period).
OUTSIDE = [("ca-222", Period(2014, 2, PeriodType.QUARTER)), ("ca-222", Period(2019, 4, PeriodType.QUARTER)),
           ("bcd-213", Period(2014, 2, PeriodType.QUARTER)), ("mttq-tinh", Period(2019, 4, PeriodType.QUARTER)),
           ("so-gddt", Period(2019, 1, PeriodType.YEAR)), ("canh-sat-pccc", Period(2014, 7, PeriodType.MONTH)),
           ("canh-sat-pccc", Period(2019, 10, PeriodType.MONTH))]


@dataclass
class Series:
    """One figure's values: its indicator reported by its bodies, each over its periods in the window."""

    key: str
    indicator: Indicator
    bodies: list[ReportingBody]
    total: int
    more_than: bool


def periods_in_window(period_type: str) -> list[Period]:
    """The periods of a type ending within the window, oldest first."""
    return sorted(p for p in periods_between(period_type, PERIOD_START, DEMO_DATE)
                  if PERIOD_START <= p.end <= DEMO_DATE)


def apportion(total: int, weights: list[float]) -> list[int]:
    """`total` split in whole parts proportional to `weights` (largest remainders), so the parts add up exactly."""
    whole = sum(weights)
    shares = [total * w / whole for w in weights]
    parts = [int(s) for s in shares]
    by_remainder = sorted(range(len(shares)), key=lambda i: (parts[i] - shares[i], i))
    for i in by_remainder[:total - sum(parts)]:
        parts[i] += 1
    return parts


def _series(specs: list[FigureSpec], indicators: dict[str, Indicator], bodies: list[ReportingBody]) -> list[Series]:
    series, covered = [], {}
    for spec in specs:
        if len(spec.indicators) != 1:
            continue  # a sum of other figures (fire_inspections.total)
        indicator = indicators[spec.indicators[0]]
        reporting = [b for b in bodies if indicator.pk in b.indicator_ids
                     and (not spec.kinds or b.kind in spec.kinds)]
        for body in reporting:
            if (body.code, indicator.code) in covered:  # a cell must belong to one figure, or a total would be off
                raise ValueError(f"{body.code}/{indicator.code} counts for {covered[body.code, indicator.code]} and "
                                 f"{spec.key}")
            covered[body.code, indicator.code] = spec.key
        total, more_than = SEED_FIGURES[spec.key]
        series.append(Series(spec.key, indicator, reporting, total, more_than))
    return series


def _values(series: list[Series], rng: random.Random) -> dict[tuple[str, str, Period], tuple[int, bool]]:
    """{(body code, indicator code, period): (value, more than)} for every cell of the window."""
    cells: dict[tuple[str, str, Period], tuple[int, bool]] = {}
    by_cell = {(b.code, s.indicator.code): s for s in series for b in s.bodies}
    # A series after the one it rests on (sessions before participants, fined facilities before fines).
    order = {s.key: 0 for s in series}
    for s in series:
        base = FOLLOWS.get(s.indicator.code) or (s.indicator.not_below.code if s.indicator.not_below else None)
        if base and all((b.code, base) in by_cell for b in s.bodies):
            order[s.key] = 1
    for s in sorted(series, key=lambda s: order[s.key]):
        slots = [(b.code, p) for b in s.bodies for p in periods_in_window(b.period_type)]
        base = FOLLOWS.get(s.indicator.code) or (s.indicator.not_below.code if s.indicator.not_below else None)
        step = MONEY_STEP.get(s.indicator.code, 1)
        if order[s.key]:
            base_values = [cells.get((body, base, p), (0, False))[0] for body, p in slots]
            if s.indicator.code in FOLLOWS:
                values = [v * step for v in apportion(s.total // step, base_values)]
            else:
                extra = s.total - sum(base_values)
                if extra < 0:
                    raise ValueError(f"{s.key}: {s.total} is below its sessions' {sum(base_values)}")
                values = [b + e for b, e in zip(base_values, apportion(extra, base_values), strict=True)]
        else:
            values = [v * step for v in apportion(s.total // step, [rng.uniform(0.4, 1.6) for _slot in slots])]
        filled = [i for i, v in enumerate(values) if v]
        flagged = set(rng.sample(filled, max(1, len(filled) // 4))) if s.more_than else set()
        for i, ((body, period), value) in enumerate(zip(slots, values, strict=True)):
            if value:
                cells[body, s.indicator.code, period] = (value, i in flagged)
    return cells


@transaction.atomic
def tallies_demo_seed() -> dict[str, int]:
    if not getattr(settings, "ANTQ_ALLOW_DEMO_DATA", False):
        raise ImproperlyConfigured("Demo data is not allowed with these settings (production?).")
    catalogue_load()
    if TallyValue.objects.exists():
        return {"values": 0}
    indicators = {i.code: i for i in Indicator.objects.select_related("not_below")}
    bodies = list(ReportingBody.objects.select_related("area").prefetch_related("indicators").order_by("code"))
    for body in bodies:
        body.indicator_ids = {i.pk for i in body.indicators.all()}
    rng = random.Random(SEED)
    cells = _values(_series(figure_specs(), indicators, bodies), rng)
    # The grids outside the window repeat the body's values of the period nearest to them.
    by_body: dict[str, dict[Period, dict[str, tuple[int, bool]]]] = defaultdict(lambda: defaultdict(dict))
    for (body, code, period), value in cells.items():
        by_body[body][period][code] = value
    for body, period in OUTSIDE:
        periods = sorted(by_body[body])
        nearest = periods[0] if period < periods[0] else periods[-1]
        for code, (value, _more) in by_body[body][nearest].items():
            cells[body, code, period] = (value, False)

    body_by_code = {b.code: b for b in bodies}
    rows = []
    for (body_code, code, period), (value, more_than) in sorted(cells.items(), key=lambda c: (c[0][0], c[0][2],
                                                                                               c[0][1])):
        body = body_by_code[body_code]
        rows.append(TallyValue(indicator=indicators[code], body=body, area=body.area, period_type=period.type,
                               period_start=period.start, period_end=period.end, value=Decimal(value),
                               more_than=more_than))
    bulk_create_with_history(rows, TallyValue, batch_size=2000)
    return {"values": len(rows)}

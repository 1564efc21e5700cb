"""Demo commendations of the years after the 2019 review, up to today: the old Bắc Giang from 01/10/2019, the old Bắc
Ninh from 15/08/2014, both until 30/06/2025, the new Bắc Ninh from 01/07/2025. None lies in Bắc Giang inside
15/08/2014 – 30/09/2019, so the seed review keeps its figures.

Each year of each province draws its decisions from a seed of its own, as they are signed: the annual reviews early in
the year (the Ministry's flag, the Chairman's and the police Director's certificates), the 19 August festival (the
Ministry's certificates, the Director's, the medal), a thematic review some years, the district Chairmen's until the
districts ended (30/06/2025) and the commune Chairmen's after; and each week a chance of a commendation for an
exceptional achievement. Recipients are the units operating on the decision day (or, in a province whose units are
not in the registry yet, its departments and their people), counted in the unit's area of that day. Decisions after
today are left out, so a later run keeps every earlier one identical. Seeded by `make run` only; production settings
refuse it."""

import dataclasses
import datetime
import random
from dataclasses import dataclass

from django.conf import settings
from django.core.exceptions import ImproperlyConfigured
from django.db import transaction
from django.db.models import Q
from simple_history.utils import bulk_create_with_history

from units.models import UnitKind

from . import demo
from .demo import FLAG_REASON, MEDAL_REASON, POSITIONS, REASONS, SYMBOL, TEAMS, person_draw
from .demo_places import Places, Span, demo_today, poisson, rng_for, year_factor
from .models import AwardForm, Commendation, Grantor, Occasion, RecipientKind
from .services import commendation_build

D = datetime.date
F, G = AwardForm, Grantor
REGISTRY = "commendations"
SHARE = {"L.24": 1.0, "L.27": 0.86}
NEW_PROVINCE_SHARE = 1.55  # one province's flags and certificates for both: fewer than the two gave
DISTRICTS_LAST_DAY = D(2025, 6, 30)
DEPARTMENTS = ["Sở Giáo dục và Đào tạo", "Sở Y tế", "Sở Công Thương", "Ban Quản lý các khu công nghiệp",
               "Liên đoàn Lao động", "Sở Lao động - Thương binh và Xã hội", "Tỉnh đoàn"]
DEPARTMENT_POSITIONS = ["Phó Giám đốc", "Trưởng phòng", "Chuyên viên", "Cán bộ phụ trách công tác bảo vệ"]
BIRTH_PREFIX = {"L.24": ["024"], "L.27": ["027"]}  # citizen IDs start with the province of birth


@dataclass(frozen=True)
class Batch(demo.Batch):
    """A decision of the 2019 demo's kind, with the district or commune whose Chairman signed it (`local`) and the
    seed its recipients are drawn from."""

    local: object = None
    seed: float = 0.0


class _Builder:
    def __init__(self, today: datetime.date):
        self.today = today
        self.places = Places(today)
        self.rows: list[Commendation] = []
        self.numbers: set[tuple[str, int, int]] = set()
        medals = Commendation.objects.filter(form=F.MEDAL)
        self.medal_keys = set(medals.values_list("name_key", flat=True))
        self.citizen_ids = set(medals.exclude(citizen_id="").values_list("citizen_id", flat=True))

    def share(self, span: Span) -> float:
        return NEW_PROVINCE_SHARE if span.new_map else SHARE.get(span.path, 1.0)

    def batches(self, span: Span, year: int) -> list[Batch]:
        """The year's decisions in the province, whole (those after today are left out later)."""
        rng = rng_for(REGISTRY, span.path, year)
        scale = self.share(span) * year_factor(REGISTRY, span.path, year)

        def day(month: int, first: int, last: int) -> datetime.date:
            return D(year, month, rng.randint(first, last))

        def n(mean: float) -> int:
            return max(1, poisson(rng, mean * scale))

        batches = []
        if rng.random() < 0.85:
            batches.append(Batch(F.EMULATION_FLAG, G.MINISTRY, day(2, 10, 27), Occasion.ANNUAL, collective=1))
        if rng.random() < 0.3:
            batches.append(Batch(F.EMULATION_FLAG, G.PROVINCE_CHAIRMAN, day(1, 14, 30), Occasion.ANNUAL, collective=1))
        batches += [
            Batch(F.CERTIFICATE_OF_MERIT, G.PROVINCE_CHAIRMAN, day(1, 8, 31), Occasion.ANNUAL, collective=n(5.1),
                  individual=n(5.7)),
            Batch(F.CERTIFICATE_OF_COMMENDATION, G.POLICE_DIRECTOR, day(1, 12, 31), Occasion.ANNUAL,
                  collective=n(10.4), individual=n(16.2)),
            Batch(F.CERTIFICATE_OF_MERIT, G.MINISTRY, day(8, 4, 15), Occasion.AUGUST_19, collective=n(3.3)),
            Batch(F.CERTIFICATE_OF_COMMENDATION, G.POLICE_DIRECTOR, day(8, 8, 18), Occasion.AUGUST_19,
                  collective=n(9.1), individual=n(14.6)),
            Batch(F.MEDAL, G.MINISTRY, day(8, 10, 20), Occasion.AUGUST_19, individual=n(26.8)),
        ]
        if rng.random() < 0.45:
            batches.append(Batch(F.CERTIFICATE_OF_COMMENDATION, G.POLICE_DIRECTOR, day(rng.randint(10, 12), 1, 28),
                                 Occasion.THEMATIC, collective=n(5.5), individual=n(7.5)))
        annual = D(year, 1, 10)
        if not span.new_map and annual <= DISTRICTS_LAST_DAY:
            for district in self.places.areas(span, "district", annual):
                batches.append(Batch(F.CERTIFICATE_OF_COMMENDATION, G.DISTRICT_CHAIRMAN,
                                     annual + datetime.timedelta(days=rng.randint(0, 40)), Occasion.ANNUAL,
                                     collective=rng.randint(1, 3), individual=rng.randint(2, 5), local=district))
        elif span.new_map:
            communes = self.places.areas(span, "commune", max(annual, span.start))
            for commune in rng.sample(communes, min(len(communes), rng.randint(10, 16))):
                batches.append(Batch(F.CERTIFICATE_OF_COMMENDATION, G.COMMUNE_CHAIRMAN,
                                     D(year, 12, 10) + datetime.timedelta(days=rng.randint(0, 20)), Occasion.ANNUAL,
                                     collective=rng.randint(1, 2), individual=rng.randint(1, 4), local=commune))
        return [dataclasses.replace(b, seed=rng.random()) for b in batches]

    def exceptional(self, span: Span) -> list[Batch]:
        """Now and then, a week brings a commendation for a catch or a rescue."""
        batches = []
        for monday, days in span.weeks():
            rng = rng_for(REGISTRY, span.path, "week", monday.isoformat())
            if rng.random() < 0.28:
                day = monday + datetime.timedelta(days=rng.randrange(5))
                batches.append(Batch(F.CERTIFICATE_OF_COMMENDATION, G.POLICE_DIRECTOR, day, Occasion.EXCEPTIONAL,
                                     individual=rng.randint(1, 3), seed=rng.random()) if day in days else None)
        return [b for b in batches if b is not None]

    def number(self, rng: random.Random, batch: Batch) -> str:
        while True:
            n = rng.randint(80, 3200) if batch.grantor == G.MINISTRY else rng.randint(12, 2400)
            key = (batch.grantor + (batch.local.path if batch.local else ""), batch.day.year, n)
            if key not in self.numbers:
                self.numbers.add(key)
                return f"{n}/{SYMBOL[batch.grantor]}"

    def person(self, rng: random.Random, span: Span, day: datetime.date, *, medal: bool) -> dict:
        """More women, and more people giving their citizen ID, than in 2019."""
        prefix = rng.choice(BIRTH_PREFIX.get(span.path, ["024", "027"]))
        return person_draw(rng, day, medal=medal, medal_keys=self.medal_keys, citizen_ids=self.citizen_ids,
                           prefix=prefix, female_share=0.36, id_share=0.4)

    def build(self, span: Span, batch: Batch) -> None:
        rng = random.Random(batch.seed)
        number = self.number(rng, batch)
        pool = self.places.units(span, batch.day)
        if batch.local is not None:
            pool = [p for p in pool if p[1].pk == batch.local.pk or p[1].parent_id == batch.local.pk]
            if not pool:
                return
        year = batch.day.year - (batch.occasion == Occasion.ANNUAL)
        reason = (FLAG_REASON if batch.form == F.EMULATION_FLAG else
                  MEDAL_REASON if batch.form == F.MEDAL else REASONS[batch.occasion]).format(year=year)
        common = {"form": batch.form, "grantor": batch.grantor, "decision_number": number,
                  "decision_date": batch.day, "occasion": batch.occasion, "reason": reason}
        department = [f"{name} tỉnh {span.province.short_name}" for name in DEPARTMENTS]
        if pool:
            for unit, area in rng.sample(pool, min(batch.collective, len(pool))):
                team = unit.kind == UnitKind.ENTERPRISE and rng.random() < 0.2
                self.add(common, RecipientKind.COLLECTIVE, unit=unit, area=area,
                         organisation_name=f"{rng.choice(TEAMS)} {unit.name}" if team else "")
        else:  # no unit of the province in the registry yet: its departments
            for name in rng.sample(department, min(batch.collective, len(department))):
                self.add(common, RecipientKind.COLLECTIVE, organisation_name=name, area=span.province)
        for _i in range(batch.individual):
            person = self.person(rng, span, batch.day, medal=batch.form == F.MEDAL)
            if pool:
                unit, area = rng.choice(pool)
                self.add(common, RecipientKind.INDIVIDUAL, unit=unit, area=area,
                         position=rng.choice(POSITIONS[unit.kind]), **person)
            else:
                self.add(common, RecipientKind.INDIVIDUAL, workplace=rng.choice(department), area=span.province,
                         position=rng.choice(DEPARTMENT_POSITIONS), **person)

    def add(self, common: dict, kind: str, **fields) -> None:
        self.rows.append(commendation_build(data={**common, "recipient_kind": kind, **fields}))

    def build_all(self) -> None:
        for span in self.places.spans:
            batches = [b for year in span.years() for b in self.batches(span, year)] + self.exceptional(span)
            for batch in sorted(batches, key=lambda b: (b.day, b.seed)):
                if span.contains(batch.day):
                    self.build(span, batch)


def commendations_today_seed(today: datetime.date | None = None) -> dict[str, int]:
    """Seed the commendations since the 2019 review up to `today` (by default today), after the 2019 demo. Does
    nothing when they are there already. Returns the number of rows created."""
    if not getattr(settings, "ANTQ_ALLOW_DEMO_DATA", False):
        raise ImproperlyConfigured("Demo data is not allowed with these settings (production?).")
    today = today or demo_today()
    with transaction.atomic():
        # The 2019 demo's last decision is a medal of 14/08/2020, in Bắc Giang.
        if Commendation.objects.filter(Q(decision_date__gt=D(2020, 8, 14))
                                       | ~Q(area__path__startswith="L.24")).exists():
            return {"commendations": 0}
        builder = _Builder(today)
        builder.build_all()
        bulk_create_with_history(builder.rows, Commendation, batch_size=1000)
    return {"commendations": len(builder.rows)}


"""Demo data of the models registry from 2020 to today: the old Bắc Ninh's models as they stood before 2020, new
models every year in the old Bắc Giang and the old Bắc Ninh until 30/06/2025 and in the new Bắc Ninh from
01/07/2025 (on the communes of the map of their establishment day), some made pilots, some eliminated (the
formalistic ones of 2019 first), briefings and reports continuing up to today and yearly reviews.

Nothing is dated inside Bắc Giang's 2019 window: new models, their participants, pilots, eliminations, briefings and
reviews all come from 2020 on (a 2019 figure counts the models maintained on 30/09/2019 and their participants then,
so no participant is added to an older model). Each territory-year, model and model-year draws from its own seed and
everything is cut at `today`: the same `today` gives the same data and a later run keeps what an earlier one made.
Seeded by `make run` only; production settings refuse it."""

import datetime
from dataclasses import dataclass, field

from dateutil.relativedelta import relativedelta
from django.conf import settings
from django.core.exceptions import ImproperlyConfigured
from django.db import transaction
from django.db.models import Max

from antqcore.demo import DEMO_DATE, PROVINCE_CODE
from antqcore.models import Area, AreaLevel
from antqcore.selectors import area_resolve, last_day_of_old_map
from units.demo_today import (
    FIRST_YEAR,
    NEW_PROVINCE,
    OLD_BAC_NINH,
    AreaLinks,
    areas_under,
    day_between,
    demo_today,
    label,
    reform_day,
    seeded,
    year_swing,
)
from units.models import Unit, UnitKind, UnitSubtype, search_key

from .demo import ELIMINATION_REASONS, HAMLETS, REVIEW_NOTES, SAFE
from .models import Activity, ModelStatus, ModelType, MovementModel, Rating, Review

D = datetime.date
# New models a year, before the year's swing: the old Bắc Giang, the old Bắc Ninh (the new province has both).
BG, BN, NEW = "bac_giang", "bac_ninh", "new"  # the old provinces until 30/06/2025, the new one from 01/07/2025
YEARLY_NEW = {BG: 27, BN: 19}
BAC_NINH_BEFORE_2020 = 150  # the old Bắc Ninh's models maintained when its records start
TYPE_WEIGHTS = {"self_managed": 30, "area_cluster": 12, "linked_cluster": 5, "border_cluster": 3, "linkage": 14,
                "safe_unit": 13, "worker_shock_team": 9, "boarding_house_team": 12}
HOSTED = {"self_managed", "safe_unit", "worker_shock_team", "linkage"}
PILOT_SHARE = 0.14
ELIMINATED_SHARE = 0.06  # of the new models, eliminated within a few years
FORMALISTIC_ELIMINATED = 0.45  # of the models that were paper-only in 2019, eliminated in 2020–2022
YEARLY_ELIMINATED = 0.012  # of the other older models, each year
REVIEWED_SHARE = 0.27  # of the maintained models, each year
RATINGS = {"Tốt": 34, "Khá": 41, "Trung bình": 20, "Yếu": 5}


@dataclass
class _New:
    row: MovementModel
    participants: list[Unit] = field(default_factory=list)


class _TodayBuilder:
    def __init__(self, today: datetime.date):
        self.today = today
        self.reform = reform_day()
        bac_giang = area_resolve(code=PROVINCE_CODE, on=DEMO_DATE)
        bac_ninh = area_resolve(code=OLD_BAC_NINH, on=last_day_of_old_map())
        new = area_resolve(code=NEW_PROVINCE, on=self.reform)
        self.provinces = {BG: bac_giang, BN: bac_ninh, NEW: new}
        self.areas = {code: areas_under(p) for code, p in self.provinces.items()}
        self.links = AreaLinks(list(self.provinces.values()))
        units = [u for u in Unit.objects.alive().select_related("commune").order_by("id")]
        self.units = {code: [u for u in units if u.commune.path.startswith(p.path + ".")]
                      for code, p in self.provinces.items()}
        if not self.units[BN]:
            raise ImproperlyConfigured("No units in the old Bắc Ninh: seed the units demo of today first.")
        self.by_commune: dict[int, list[Unit]] = {}
        for unit in units:
            self.by_commune.setdefault(unit.commune_id, []).append(unit)
        self.types = {t.code: t for t in ModelType.objects.all()}
        self.ratings = {r.name: r for r in Rating.objects.all()}
        self.names = set(MovementModel.objects.values_list("search_text", flat=True))
        self.hosts = set(MovementModel.objects.filter(host_unit__isnull=False).values_list("type__code", "host_unit"))
        self.made: list[_New] = []
        self.pool_ids: dict[int, set[int]] = {}
        self.older = set(MovementModel.objects.values_list("pk", flat=True))  # the 2019 demo's models

    # --- helpers -----------------------------------------------------------------------------------------------

    def communes_on(self, code: str, day: datetime.date) -> list[Area]:
        return [a for a in self.areas[code] if a.level == AreaLevel.COMMUNE and a.is_valid_on(day)]

    def pool(self, code: str, year: int) -> list[Unit]:
        """Units of a territory there when the year began (a dissolution a later run learns of changes nothing)."""
        codes = [BG, BN, NEW] if code == NEW else [code]
        start = D(year, 1, 1)
        return [u for c in codes for u in self.units[c] if (u.started_on is None or u.started_on <= start)
                and (u.dissolved_on is None or u.dissolved_on > start)]

    def unique(self, name: str, place: Area) -> str:
        if search_key(name) in self.names:
            name = f"{name} ({label(place)})"
        while search_key(name) in self.names:
            name = f"{name} {len(name) % 7 + 2}"
        self.names.add(search_key(name))
        return name

    # --- the old Bắc Ninh before 2020, new models since ----------------------------------------------------------

    def build_bac_ninh_before(self) -> None:
        rng = seeded("models-bac-ninh")
        day = D(2019, 12, 31)
        communes = self.communes_on(BN, last_day_of_old_map())
        pool = [u for u in self.units[BN] if u.started_on is None or u.started_on <= D(2018, 1, 1)]
        for _ in range(BAC_NINH_BEFORE_2020):
            type_code = rng.choices(list(TYPE_WEIGHTS), list(TYPE_WEIGHTS.values()))[0]
            established = day_between(rng, D(2009, 1, 1), D(2019, 10, 31))
            self.model(rng, type_code, established, communes, pool, first_day=day)

    def build_new(self) -> None:
        for year in range(FIRST_YEAR, self.today.year + 1):
            parts = []
            if year <= self.reform.year:
                end = min(D(year, 12, 20), self.reform - datetime.timedelta(days=1))
                parts += [(code, D(year, 1, 6), end, share) for code, share in YEARLY_NEW.items()]
            if year >= self.reform.year:
                start = max(D(year, 1, 6), self.reform)
                parts.append((NEW, start, D(year, 12, 20), sum(YEARLY_NEW.values())))
            for code, start, end, per_year in parts:
                rng = seeded("models-new", code, year)
                n = round(per_year * year_swing(f"models-{code}", year, 0.7, 1.35) * ((end - start).days + 1) / 349)
                pool = self.pool(code, year)
                for _ in range(n):
                    type_code = rng.choices(list(TYPE_WEIGHTS), list(TYPE_WEIGHTS.values()))[0]
                    established = day_between(rng, start, end)
                    made = self.model(rng, type_code, established, self.communes_on(code, established), pool)
                    if made is not None and established > self.today:
                        self.made.remove(made)  # drawn all the same, so that the year's other models stay as they are

    def model(self, rng, type_code: str, established: datetime.date, communes: list[Area], pool: list[Unit],
              first_day: datetime.date | None = None) -> _New | None:
        host, participants = None, []
        ids = self.pool_ids.get(id(pool))
        if ids is None:
            ids = self.pool_ids[id(pool)] = {u.pk for u in pool}
        if type_code in HOSTED:
            fits = [u for u in rng.sample(pool, min(len(pool), 40)) if (type_code, u.pk) not in self.hosts
                    and self.hosts_it(type_code, u)]
            if not fits:
                return None
            host = fits[0]
            self.hosts.add((type_code, host.pk))
            area = self.links.area_on(host.commune, established)
            participants = [host]
            if type_code == "linkage":
                neighbours = [u for u in self.by_commune.get(host.commune_id, []) if u.pk in ids and u is not host]
                participants += rng.sample(neighbours, min(len(neighbours), rng.randint(0, 5)))
        else:
            area = rng.choice(communes)
            near = [u for u in self.by_commune.get(area.pk, []) if u.pk in ids]
            participants = rng.sample(near, min(len(near), rng.randint(0, 3)))
        name = self.unique(self.name_of(rng, type_code, host, area, participants), area)
        regulation = established + datetime.timedelta(days=rng.randint(4, 45))
        launched = regulation + datetime.timedelta(days=rng.randint(3, 30))
        issuer = (f"UBND {label(area)}" if host is None else
                  f"Hiệu trưởng {host.name}" if host.kind == UnitKind.SCHOOL else f"Giám đốc {host.name}")
        row = MovementModel(
            name=name, search_text=search_key(name), type=self.types[type_code], area=area,
            host_unit=host if type_code != "linkage" or len(participants) == 1 else None,
            partner_commune=area if type_code == "linkage" else None, established_on=established,
            decision_issuer=issuer, decision_number=f"{rng.randint(3, 420):02d}/QĐ-{'UBND' if host is None else 'CT'}",
            members_count=rng.randint(6, 48), regulation_on=regulation if rng.random() < 0.93 else None,
            launched_on=launched if rng.random() < 0.9 else None,
            briefing_every_months=rng.choices([3, 6, 1], [80, 15, 5])[0])
        if type_code in ("safe_unit", "linkage", "self_managed") and rng.random() < PILOT_SHARE:
            since = established + datetime.timedelta(days=rng.randint(60, 320))
            if since <= self.today and since >= D(FIRST_YEAR, 1, 1):
                row.is_pilot, row.pilot_since = True, since
                row.pilot_plan = f"Kế hoạch số {rng.randint(20, 260)}/KH-CAT-PV05 năm {since.year}"
        if rng.random() < ELIMINATED_SHARE:
            gone = established + datetime.timedelta(days=rng.randint(300, 1500))
            if max(gone, first_day or gone) <= self.today and gone >= D(FIRST_YEAR, 1, 1):
                row.status, row.eliminated_on = ModelStatus.ELIMINATED, gone
                row.elimination_reason = rng.choice(ELIMINATION_REASONS)
        made = _New(row, list(dict.fromkeys(participants)))
        self.made.append(made)
        return made

    @staticmethod
    def hosts_it(type_code: str, unit: Unit) -> bool:
        if type_code == "safe_unit":
            return unit.kind == UnitKind.SCHOOL or unit.subtype == UnitSubtype.HOSPITAL or unit.worker_count >= 600
        if type_code == "worker_shock_team":
            return unit.kind == UnitKind.ENTERPRISE and unit.worker_count >= 500
        return True

    @staticmethod
    def name_of(rng, type_code: str, host: Unit | None, area: Area, participants: list[Unit]) -> str:
        place = label(area)
        if type_code == "self_managed":
            return f"Tổ tự quản về ANTT {host.name}"
        if type_code == "safe_unit":
            kind = "Bệnh viện" if host.subtype == UnitSubtype.HOSPITAL else SAFE[host.kind]
            return f"“{kind} an toàn về ANTT” tại {host.name}"
        if type_code == "worker_shock_team":
            return f"Đội công nhân xung kích bảo đảm ANTT {host.name}"
        if type_code == "linkage":
            other = host.name if len(participants) == 1 else "các cơ quan, doanh nghiệp trên địa bàn"
            return f"Liên kết bảo đảm ANTT giữa UBND {place} với {other}"
        if type_code == "boarding_house_team":
            return f"Tổ tự quản khu nhà trọ công nhân {rng.choice(HAMLETS)}, {place}"
        words = {"area_cluster": "Cụm an ninh khu vực", "linked_cluster": "Cụm an ninh liên hoàn",
                 "border_cluster": "Cụm an ninh giáp ranh", "safety_belt_cluster": "Cụm vành đai an toàn"}
        return f"{words[type_code]} {rng.choice(HAMLETS)}, {place}"

    def save(self) -> list[MovementModel]:
        rows = [m.row for m in self.made]
        MovementModel.objects.bulk_create(rows, batch_size=1000)
        through = MovementModel.participants.through
        through.objects.bulk_create([through(movementmodel_id=m.row.pk, unit_id=u.pk) for m in self.made
                                     for u in m.participants], batch_size=2000)
        return rows

    # --- what became of the older models ------------------------------------------------------------------------

    def eliminate_older(self, new_ids: set[int]) -> list[MovementModel]:
        """The models of 2019 (and the old Bắc Ninh's) that stopped: most of those on paper only, a few others."""
        changed = []
        older = (MovementModel.objects.filter(eliminated_on__isnull=True).exclude(pk__in=new_ids)
                 .annotate(last=Max("activities__date")).order_by("id"))
        for model in older:
            rng = seeded("eliminate", model.search_text)
            paper = model.regulation_on is None or model.launched_on is None or (
                model.established_on < D(2018, 6, 1) and (model.last is None or model.last < D(2019, 3, 1)))
            if paper and rng.random() < FORMALISTIC_ELIMINATED:
                day = day_between(rng, D(2020, 3, 1), D(2022, 12, 20))
            else:
                years = [y for y in range(FIRST_YEAR, self.today.year + 1) if rng.random() < YEARLY_ELIMINATED]
                if not years or model.is_pilot:
                    continue
                day = day_between(rng, D(years[0], 1, 10), D(years[0], 12, 20))
            if day <= self.today:
                model.status, model.eliminated_on = ModelStatus.ELIMINATED, day
                model.elimination_reason = rng.choice(ELIMINATION_REASONS[:2] if paper else ELIMINATION_REASONS)
                changed.append(model)
        MovementModel.objects.bulk_update(changed, ["status", "eliminated_on", "elimination_reason"], batch_size=500)
        return changed

    # --- briefings, reports, reviews ------------------------------------------------------------------------------

    def build_records(self) -> tuple[list[Activity], list[Review]]:
        """From 2020 (or the model's start) to today or the model's end: briefings every N months, a yearly report
        for some, a yearly review for about one model in four. Models on paper only in 2019 stay silent."""
        activities, reviews = [], []
        first = D(FIRST_YEAR, 1, 1)
        for model in (MovementModel.objects.select_related("area").annotate(last=Max("activities__date"))
                      .order_by("id")):
            end = min(self.today, (model.eliminated_on - datetime.timedelta(days=1)) if model.eliminated_on
                      else self.today)
            start = max(first, model.established_on + datetime.timedelta(days=20))
            rng = seeded("records", model.search_text)
            paper = model.pk in self.older and model.established_on < D(2019, 1, 1) and (
                model.last is None or model.last < D(2019, 3, 1))
            if start > end:
                continue
            if not paper and model.regulation_on is not None:
                day = start + datetime.timedelta(days=rng.randint(0, 40))
                step = relativedelta(months=model.briefing_every_months)
                while day <= end:
                    if rng.random() < 0.93:  # now and then a briefing is missed
                        activities.append(Activity(model=model, kind=Activity.Kind.BRIEFING, date=day,
                                                   note=f"Giao ban quý {(day.month - 1) // 3 + 1}/{day.year}"))
                    day = day + step + datetime.timedelta(days=rng.randint(-8, 8))
                if rng.random() < 0.45:
                    for year in range(start.year, end.year + 1):
                        report = D(year, 12, rng.randint(8, 28))
                        if start <= report <= end:
                            activities.append(Activity(model=model, kind=Activity.Kind.REPORT, date=report,
                                                       note=f"Báo cáo kết quả hoạt động năm {year}"))
            for year in range(start.year, end.year + 1):
                yearly = seeded("review", model.search_text, year)
                date = D(year, 11, 10) + datetime.timedelta(days=yearly.randint(0, 45))
                if yearly.random() >= REVIEWED_SHARE or not start <= date <= end:
                    continue
                weights = {"Trung bình": 55, "Yếu": 45} if paper else RATINGS
                rating = yearly.choices(list(weights), list(weights.values()))[0]
                reviews.append(Review(model=model, date=date, rating=self.ratings[rating],
                                      reviewer=f"Công an {label(self.links.area_on(model.area, date))}"
                                      if date >= self.reform
                                      else "Cơ quan thường trực Ban Chỉ đạo",
                                      notes=REVIEW_NOTES[rating]))
        Activity.objects.bulk_create(activities, batch_size=3000)
        Review.objects.bulk_create(reviews, batch_size=2000)
        return activities, reviews


def models_today_seed(today: datetime.date | None = None) -> dict[str, int]:
    """Seed the models registry from 2020 to `today` (by default the current date), after the units of today. Does
    nothing when a model has briefings after 2019 already. Returns the number of rows created by model."""
    if not getattr(settings, "ANTQ_ALLOW_DEMO_DATA", False):
        raise ImproperlyConfigured("Demo data is not allowed with these settings (production?).")
    today = demo_today(today)
    with transaction.atomic():
        if Activity.objects.filter(date__year__gte=FIRST_YEAR + 1).exists():
            return {"models": 0, "participations": 0, "eliminated": 0, "activities": 0, "reviews": 0}
        builder = _TodayBuilder(today)
        builder.build_bac_ninh_before()
        builder.build_new()
        rows = builder.save()
        eliminated = builder.eliminate_older({r.pk for r in rows})
        activities, reviews = builder.build_records()
    return {"models": len(rows), "participations": sum(len(m.participants) for m in builder.made),
            "eliminated": len(eliminated) + sum(1 for r in rows if r.eliminated_on), "activities": len(activities),
            "reviews": len(reviews)}

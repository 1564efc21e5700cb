"""Demo data of the certification registry from the 2020 campaign to today: yearly campaigns of both schemes for the
old Bắc Giang and the old Bắc Ninh until the 2024 campaign and for the new Bắc Ninh from the 2025 one, the current
year's campaign under way (registrations, self-assessments, dossiers, few decisions yet).

Units strive under Circular 23/2012 until the 2021 campaign and under Circular 124/2021 from 2022 (in force
10/02/2022; data/criteria.yaml), which leaves small and micro enterprises out. Decisions are signed by the level
that manages the unit, as certification.services.decision_issuer decides on the decision's map: the chairman of the
old province or of a district until 30/06/2025, then the chairman of the new province or of the unit's commune (a
unit keeps the commune it was recorded in; its commune on the new map is its default successor). Some recognitions
are revoked, some units are not recognized and a few are criticised.

The 2019 campaign, still under way in the 2019 demo, is finished (its decisions come from December 2019). Each
unit's way through each campaign draws from its own seed and each decision's date from the decision's: the
data are the same for the same `today`, and a later run keeps what an earlier run made (cut at today) and adds
what happened since. Nothing is dated inside Bắc Giang's 2019 window (decisions from 2020 on). Seeded by
`make run` only; production settings refuse it."""

import datetime
from collections import defaultdict
from dataclasses import dataclass, field
from types import SimpleNamespace

from django.conf import settings
from django.core.exceptions import ImproperlyConfigured
from django.db import transaction

from antqcore.demo import DEMO_DATE, PROVINCE_CODE
from antqcore.models import Area
from antqcore.selectors import area_resolve, last_day_of_old_map
from units.demo_today import (
    FIRST_YEAR,
    NEW_PROVINCE,
    OLD_BAC_NINH,
    AreaLinks,
    day_between,
    demo_today,
    label,
    reform_day,
    seeded,
    year_swing,
)
from units.models import ManagingLevel, Unit, UnitKind

from .demo import GIVEN_NAMES, MIDDLE_NAMES, REFUSALS, REVOCATIONS, SCHEME_NAMES, SURNAMES, steps_save
from .models import Campaign, Council, Criticism, Decision, Level, Participation, Scheme, Status
from .selectors import ANTT_SAFE, DRUG_FREE
from .services import campaign_open, decision_issuer

CIRCULAR_124_FROM = 2022  # the first campaign under Circular 124/2021 (in force 10/02/2022)
SMALL_ENTERPRISE = 50  # workers: below, an enterprise is out of scope from Circular 124/2021 on
REGISTER_SHARE = {ANTT_SAFE: 0.2}  # of the eligible units, before a year's swing; drug-free follows "safe"
DRUG_FREE_SHARE = 0.76  # of the units striving for "safe" that strive for drug-free too
NOT_RECOGNIZED_SHARE = 0.085
REVOKED_SHARE = 0.007
LATE_DOSSIER_SHARE = 0.11  # province-level units recognized in a second, later decision
D_2019_ASSESSED = (datetime.date(2019, 10, 14), datetime.date(2019, 11, 12))  # the 2019 campaign's last steps


@dataclass
class _Way:
    """One unit's way through one campaign, before it becomes a Participation row."""

    unit: Unit
    campaign: Campaign
    scheme: str
    level: str
    area: Area  # who decides: the area of the issuing People's Committee
    registered: datetime.date
    assessed: datetime.date
    submitted: datetime.date
    outcome: str  # RECOGNIZED, NOT_RECOGNIZED or REVOKED, when its decision comes
    late: bool = False
    revoked_after: int = 0
    note: str = ""


@dataclass
class _Decision:
    key: tuple
    level: str
    area: Area
    date: datetime.date
    authority: str
    council: Council | None
    ways: list[_Way] = field(default_factory=list)
    row: Decision | None = None


class _TodayBuilder:
    def __init__(self, today: datetime.date):
        self.today = today
        self.reform = reform_day()
        self.old = {PROVINCE_CODE: area_resolve(code=PROVINCE_CODE, on=DEMO_DATE),
                    OLD_BAC_NINH: area_resolve(code=OLD_BAC_NINH, on=last_day_of_old_map())}
        self.new = area_resolve(code=NEW_PROVINCE, on=self.reform)
        self.schemes = {code: Scheme.objects.get_or_create(code=code, defaults={"name": name})[0]
                        for code, name in SCHEME_NAMES.items()}
        prefixes = tuple(a.path + "." for a in (*self.old.values(), self.new))
        self.units = [u for u in Unit.objects.alive().select_related("commune").order_by("id")
                      if u.commune.path.startswith(prefixes)]
        # The old province a unit was recorded in, or "new" for a unit recorded on the new map.
        self.province_of = {u.pk: next((c for c, a in self.old.items() if u.commune.path.startswith(a.path + ".")),
                                       "new") for u in self.units}
        self.issuers: dict[tuple, tuple[str, Area]] = {}
        self.links = AreaLinks([*self.old.values(), self.new])
        self.numbers = {(authority, day.year, int(number.split("/")[0])) for authority, day, number in
                        Decision.objects.values_list("authority", "date", "number") if number.split("/")[0].isdigit()}

    # --- campaigns and councils ------------------------------------------------------------------------------

    def campaigns(self) -> dict[tuple[str, int], Campaign]:
        found = {}
        for code, scheme in self.schemes.items():
            for year in range(FIRST_YEAR, self.today.year + 1):
                campaign = Campaign.objects.filter(scheme=scheme, year=year).first()
                found[(code, year)] = campaign or campaign_open(scheme=scheme, year=year, actor=None)
        return found

    def council(self, area: Area, day: datetime.date) -> Council | None:
        """The appraisal council of a province or a district (set up once, as Bắc Giang's were); the commune police
        appraise commune-level dossiers themselves, after the reform."""
        if area.level not in ("province", "district"):
            return None
        existing = Council.objects.filter(area=area).order_by("id").first()
        if existing is not None:
            return existing
        rng = seeded("council", area.path)
        founded = min(day, day_between(rng, datetime.date(day.year, 1, 10), datetime.date(day.year, 9, 30)))
        who = "UBND " + label(area)
        members = [f"{person(rng)}, Phó Chủ tịch {who} — Chủ tịch Hội đồng",
                   f"{person(rng)}, {'Phó Giám đốc Công an tỉnh' if area.level == 'province' else 'Trưởng Công an'}"
                   " — Phó Chủ tịch Hội đồng",
                   f"{person(rng)}, Trưởng phòng Xây dựng phong trào bảo vệ ANTQ — Ủy viên thường trực",
                   f"{person(rng)}, đại diện Sở (Phòng) Nội vụ — Ủy viên"]
        return Council.objects.create(
            name=f"Hội đồng thẩm định, xét duyệt CQDNNT đạt tiêu chuẩn “An toàn về ANTT” {label(area)}",
            established_by=f"Quyết định số {founded.timetuple().tm_yday * 3}/QĐ-UBND ngày {founded:%d/%m/%Y} "
                           f"của Chủ tịch {who}",
            members="\n".join(members), area=area)

    # --- who strives, who decides --------------------------------------------------------------------------------

    def issuer(self, unit: Unit, day: datetime.date) -> tuple[str, Area | None]:
        """Level and issuing area on the decision's day, by certification.services.decision_issuer on the map of
        that day (the unit as it lies then)."""
        after = day >= self.reform
        if unit.managing_level == ManagingLevel.PROVINCE:
            level = Level.PROVINCE
        else:
            level = Level.COMMUNE if after else Level.DISTRICT
        place = self.links.area_on(unit.commune, day)
        key = (level, place.pk)
        if key not in self.issuers:
            self.issuers[key] = decision_issuer(actor=None, level=level, units=[
                SimpleNamespace(commune=place, managing_level=unit.managing_level)])
        return self.issuers[key]

    def eligible(self, unit: Unit, year: int) -> bool:
        if unit.started_on and unit.started_on > datetime.date(year, 1, 1):
            return False
        if unit.dissolved_on and unit.dissolved_on <= datetime.date(year, 11, 15):
            return False
        if year >= CIRCULAR_124_FROM and unit.kind == UnitKind.ENTERPRISE and unit.worker_count < SMALL_ENTERPRISE:
            return False
        return year >= self.reform.year or self.province_of[unit.pk] != "new"

    def ways(self, campaigns: dict[tuple[str, int], Campaign]) -> list[_Way]:
        ways = []
        for year in range(FIRST_YEAR, self.today.year + 1):
            safe_share = REGISTER_SHARE[ANTT_SAFE] * year_swing("certification", year, 0.85, 1.25) * (
                1 + 0.05 * (year - FIRST_YEAR))
            decided_on = datetime.date(year, 12, 15)  # about when its decisions come: the map they are signed on
            for unit in self.units:
                if not self.eligible(unit, year):
                    continue
                rng = seeded("campaign", year, unit.name_key, unit.commune_id)
                if rng.random() >= safe_share:
                    continue
                for scheme in (ANTT_SAFE, DRUG_FREE):
                    if scheme == DRUG_FREE and rng.random() >= DRUG_FREE_SHARE:
                        continue
                    registered = (day_between(rng, datetime.date(year, 4, 1), datetime.date(year, 4, 30))
                                  if rng.random() < 0.04 else
                                  day_between(rng, datetime.date(year, 1, 3), datetime.date(year, 3, 31)))
                    assessed = day_between(rng, datetime.date(year, 10, 12), datetime.date(year, 11, 12))
                    draw = rng.random()
                    outcome = (Status.NOT_RECOGNIZED if draw < NOT_RECOGNIZED_SHARE else
                               Status.REVOKED if draw < NOT_RECOGNIZED_SHARE + REVOKED_SHARE else Status.RECOGNIZED)
                    level, area = self.issuer(unit, decided_on)
                    ways.append(_Way(
                        unit=unit, campaign=campaigns[(scheme, year)], scheme=scheme, level=level, area=area,
                        registered=registered, assessed=assessed,
                        submitted=assessed + datetime.timedelta(days=rng.randint(2, 9)), outcome=outcome,
                        late=level == Level.PROVINCE and rng.random() < LATE_DOSSIER_SHARE,
                        revoked_after=rng.randint(80, 260),
                        note=rng.choice(REFUSALS[scheme]) if outcome == Status.NOT_RECOGNIZED else
                        REVOCATIONS[scheme] if outcome == Status.REVOKED else ""))
        return ways

    # --- decisions -----------------------------------------------------------------------------------------------

    def decision_date(self, scheme: str, year: int, level: str, area: Area, late: bool) -> datetime.date:
        rng = seeded("decision", scheme, year, level, area.path, late)
        if late:
            return day_between(rng, datetime.date(year + 1, 4, 15), datetime.date(year + 1, 6, 25))
        if level == Level.PROVINCE:
            return day_between(rng, datetime.date(year + 1, 1, 8), datetime.date(year + 1, 3, 14))
        if level == Level.COMMUNE:  # commune chairmen decide quickly, a few before mid-December
            return day_between(rng, datetime.date(year, 11, 28), datetime.date(year + 1, 1, 22))
        return day_between(rng, datetime.date(year, 12, 12), datetime.date(year + 1, 1, 31))

    def authority(self, area: Area) -> str:
        return f"Chủ tịch UBND {label(area)}"

    def plan_decisions(self, ways: list[_Way]) -> dict[tuple, _Decision]:
        plans: dict[tuple, _Decision] = {}
        for way in ways:
            late = way.late and way.outcome != Status.NOT_RECOGNIZED
            key = (way.campaign.pk, way.level, way.area.pk, late)
            if key not in plans:
                date = self.decision_date(way.scheme, way.campaign.year, way.level, way.area, late)
                appraised = date - datetime.timedelta(days=12) <= self.today
                plans[key] = _Decision(key, way.level, way.area, date, self.authority(way.area),
                                       self.council(way.area, date) if appraised else None)
            plans[key].ways.append(way)
        decided = [p for p in plans.values() if p.date <= self.today
                   and any(w.outcome != Status.NOT_RECOGNIZED for w in p.ways)]
        for plan in decided:
            campaign = plan.ways[0].campaign
            rng = seeded("decision-number", plan.key, plan.date)
            number = plan.date.timetuple().tm_yday * (5 if plan.level == Level.PROVINCE else 2) + rng.randint(0, 4)
            while (plan.authority, plan.date.year, number) in self.numbers:
                number += 1
            self.numbers.add((plan.authority, plan.date.year, number))
            term = 2021 if plan.date >= datetime.date(2021, 7, 1) else 2016
            plan.row = Decision(campaign=campaign, level=plan.level, authority=plan.authority, date=plan.date,
                                signer=person(seeded("signer", plan.authority, term)), area=plan.area,
                                number=f"{number}/QĐ-UBND")
        Decision.objects.bulk_create([p.row for p in decided])
        return plans

    # --- rows --------------------------------------------------------------------------------------------------

    def participations(self, plans: dict[tuple, _Decision]) -> tuple[list[Participation], int]:
        rows, trails = [], []
        for plan in plans.values():
            certificates = 0
            meeting = plan.date - datetime.timedelta(days=seeded("meeting", plan.key).randint(5, 12))
            for way in plan.ways:
                row, trail = self.participation(way, plan, meeting)
                if row is None:
                    continue
                if row.decision is not None:
                    certificates += 1
                    row.certificate_number = f"{plan.row.number.split('/')[0]}.{certificates:03d}"
                rows.append(row)
                trails.append(trail)
        Participation.objects.bulk_create(rows, batch_size=1000)
        return rows, steps_save(rows, trails)

    def participation(self, way: _Way, plan: _Decision, meeting: datetime.date):
        today = self.today
        if way.registered > today:
            return None, []
        campaign = way.campaign
        row = Participation(campaign=campaign, unit=way.unit, status=Status.REGISTERED, registered_on=way.registered)
        trail = [("", Status.REGISTERED, "đăng ký muộn" if way.registered > campaign.registration_deadline else "")]
        if way.assessed > today:
            return row, trail
        row.status, row.assessed_on = Status.ASSESSED, way.assessed
        trail.append((Status.REGISTERED, Status.ASSESSED, ""))
        if way.submitted > today:
            return row, trail
        row.status, row.submitted_on = Status.SUBMITTED, way.submitted
        trail.append((Status.ASSESSED, Status.SUBMITTED, ""))
        if meeting > today:
            return row, trail
        row.status, row.council, row.council_meeting_on = Status.APPRAISED, plan.council, meeting
        row.council_recommends = way.outcome != Status.NOT_RECOGNIZED
        if plan.council is None:
            row.council_note = (f"Công an {label(plan.area)} thẩm định hồ sơ." if plan.level == Level.COMMUNE else
                                "Cơ quan thường trực Ban Chỉ đạo thẩm định hồ sơ.")
        trail.append((Status.SUBMITTED, Status.APPRAISED, ""))
        if plan.date > today:
            return row, trail
        if way.outcome == Status.NOT_RECOGNIZED:
            row.status = Status.NOT_RECOGNIZED
            row.council_note = " ".join(filter(None, [row.council_note, way.note]))
            trail.append((Status.APPRAISED, Status.NOT_RECOGNIZED, way.note))
            return row, trail
        row.status, row.decision = Status.RECOGNIZED, plan.row
        trail.append((Status.APPRAISED, Status.RECOGNIZED, ""))
        revoked = plan.date + datetime.timedelta(days=way.revoked_after)
        if way.outcome == Status.REVOKED and revoked <= today:
            row.status, row.revoked_on, row.revocation_reason = Status.REVOKED, revoked, way.note
            trail.append((Status.RECOGNIZED, Status.REVOKED, way.note))
        return row, trail

    def finish_2019(self) -> tuple[int, int, int]:
        """The 2019 campaign, under way on 30/09/2019 in the demo of 2019, ended as the others did: the dossiers
        still out came in by mid-November and were decided from December 2019 (after the 2019 review's period, so
        none of its figures moves). Returns the participations finished, the decisions and the steps added."""
        open_rows = list(Participation.objects.filter(
            campaign__year=FIRST_YEAR - 1, status__in=[Status.REGISTERED, Status.ASSESSED, Status.SUBMITTED],
        ).select_related("unit__commune", "campaign__scheme").order_by("id"))
        ways = []
        for row in open_rows:
            rng = seeded("campaign-2019", row.campaign.scheme.code, row.unit.name_key, row.unit.commune_id)
            assessed = row.assessed_on or day_between(rng, D_2019_ASSESSED[0], D_2019_ASSESSED[1])
            submitted = row.submitted_on or max(assessed, D_2019_ASSESSED[0]) + datetime.timedelta(
                days=rng.randint(2, 9))
            level, area = self.issuer(row.unit, datetime.date(FIRST_YEAR - 1, 12, 15))
            draw = rng.random()
            outcome = Status.NOT_RECOGNIZED if draw < NOT_RECOGNIZED_SHARE else Status.RECOGNIZED
            ways.append(_Way(unit=row.unit, campaign=row.campaign, scheme=row.campaign.scheme.code, level=level,
                             area=area, registered=row.registered_on, assessed=assessed, submitted=submitted,
                             outcome=outcome, late=level == Level.PROVINCE and rng.random() < LATE_DOSSIER_SHARE,
                             note=rng.choice(REFUSALS[row.campaign.scheme.code]) if outcome != Status.RECOGNIZED
                             else ""))
        plans = self.plan_decisions(ways)
        plan_of = {id(w): plan for plan in plans.values() for w in plan.ways}
        done = {Status.REGISTERED: 1, Status.ASSESSED: 2, Status.SUBMITTED: 3}  # steps each status has had
        certificates: dict[int, int] = defaultdict(int)
        trails = []
        for row, way in zip(open_rows, ways, strict=True):
            plan, had = plan_of[id(way)], done[row.status]
            meeting = plan.date - datetime.timedelta(days=seeded("meeting", plan.key).randint(5, 12))
            finished, trail = self.participation(way, plan, meeting)
            for name in ("status", "assessed_on", "submitted_on", "council", "council_meeting_on",
                         "council_recommends", "council_note", "decision"):
                setattr(row, name, getattr(finished, name))
            if row.decision is not None:
                certificates[id(plan)] += 1
                row.certificate_number = f"{plan.row.number.split('/')[0]}.{certificates[id(plan)]:03d}"
            trails.append(trail[had:])
        Participation.objects.bulk_update(open_rows, ["status", "assessed_on", "submitted_on", "council",
                                                      "council_meeting_on", "council_recommends", "council_note",
                                                      "decision", "certificate_number"], batch_size=1000)
        return len(open_rows), sum(1 for p in plans.values() if p.row is not None), steps_save(open_rows, trails)

    def criticisms(self, rows: list[Participation]) -> list[Criticism]:
        """A few letters each year criticising units that were not recognized, from the province."""
        refused = defaultdict(list)
        for row in rows:
            if row.status == Status.NOT_RECOGNIZED:
                refused[(row.campaign.year, self.province_of[row.unit.pk])].append(row)
        circulars = {year: "Thông tư số 124/2021/TT-BCA" if year >= CIRCULAR_124_FROM else "Thông tư số 23/2012/TT-BCA"
                     for year, _province in refused}
        letters = []
        for (year, province), group in sorted(refused.items()):
            rng = seeded("criticism", year, province)
            date = day_between(rng, datetime.date(year + 1, 4, 20), datetime.date(year + 1, 6, 20))
            if date > self.today or len(group) < 3:
                continue
            area = self.old.get(province, self.new) if year < self.reform.year else self.new
            number = f"{rng.randint(900, 2400)}/UBND-NC"
            for row in rng.sample(group, rng.randint(2, min(5, len(group)))):
                letters.append(Criticism(
                    unit=row.unit, campaign=row.campaign, date=date, document_number=number,
                    issuer=f"Chủ tịch UBND {label(area)}",
                    content=(f"Phê bình đơn vị thực hiện chưa nghiêm túc {circulars[year]}: "
                             f"{row.council_note.rsplit('. ', 1)[-1]} Yêu cầu thủ trưởng đơn vị kiểm điểm, khắc phục.")
                ))
        Criticism.objects.bulk_create(letters)
        return letters


def person(rng) -> str:
    return f"{rng.choice(SURNAMES)} {rng.choice(MIDDLE_NAMES)} {rng.choice(GIVEN_NAMES)}"


def certification_today_seed(today: datetime.date | None = None) -> dict[str, int]:
    """Seed the campaigns from 2020 to `today` (by default the current date). Does nothing when a participation of
    2020 or later exists. Returns the number of rows created by model."""
    if not getattr(settings, "ANTQ_ALLOW_DEMO_DATA", False):
        raise ImproperlyConfigured("Demo data is not allowed with these settings (production?).")
    today = demo_today(today)
    with transaction.atomic():
        if Participation.objects.filter(campaign__year__gte=FIRST_YEAR).exists():
            return {"campaigns": 0, "finished_2019": 0, "decisions": 0, "participations": 0, "steps": 0,
                    "criticisms": 0}
        builder = _TodayBuilder(today)
        finished, decisions_2019, steps_2019 = builder.finish_2019()
        campaigns = builder.campaigns()
        plans = builder.plan_decisions(builder.ways(campaigns))
        rows, steps = builder.participations(plans)
        letters = builder.criticisms(rows)
    return {"campaigns": len(campaigns), "finished_2019": finished,
            "decisions": decisions_2019 + sum(1 for p in plans.values() if p.row is not None),
            "participations": len(rows), "steps": steps + steps_2019, "criticisms": len(letters)}

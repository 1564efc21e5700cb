"""Demo data of the certification registry: Bắc Giang's recognitions of the campaigns 2012–2019, as the 2019
five-year review (the seed report, section 2.4) describes them.

For Bắc Giang and the period 15/08/2014 – 30/09/2019 every figure of the seed equals it: the Chairman of the
provincial People's Committee recognized 838 units "Safe in security and order" and 788 drug-free, the district
chairmen 960 and 956; some units were recognized six years running (campaigns 2012–2017) and none seven. Units
are recognized by the level that manages them, in bulk decisions (one or two a campaign at the province, one per
district). Rows just outside the counting rules show them at work: decisions of the campaigns 2012 and 2013
(dated before the period, one of them on its eve), a decision on the period's first day and one on its last,
decisions of December 2019, revoked recognitions and units that were appraised but not recognized. The 2019
campaign is still under way on 30/09/2019. Names of people and decision numbers are invented. Seeded by
`make run` only; production settings refuse it."""

import datetime
import random
from collections import defaultdict
from dataclasses import dataclass, field

from django.conf import settings
from django.core.exceptions import ImproperlyConfigured
from django.db import transaction
from django.utils import timezone

from antqcore.demo import DEMO_DATE, PROVINCE_CODE
from antqcore.models import Area, AreaLevel
from antqcore.selectors import area_q, area_resolve, last_day_of_old_map
from units.demo import SEED_UNITS
from units.models import ManagingLevel, Unit

from .models import Campaign, Council, Criticism, Decision, Level, Participation, Scheme, Status, StepLog
from .selectors import ANTT_SAFE, DRUG_FREE

PERIOD_START = datetime.date(2014, 8, 15)
BEFORE_PERIOD = PERIOD_START - datetime.timedelta(days=1)
PROVINCE, DISTRICT = Level.PROVINCE, Level.DISTRICT
SCHEME_NAMES = {ANTT_SAFE: "An toàn về ANTT", DRUG_FREE: "Không có tệ nạn ma túy"}

# The seed's figures (shared/seeds/seed-figures.csv): recognitions decided inside the period, by level and scheme.
RECOGNITIONS = {(PROVINCE, ANTT_SAFE): 838, (DISTRICT, ANTT_SAFE): 960, (PROVINCE, DRUG_FREE): 788,
                (DISTRICT, DRUG_FREE): 956}
CAMPAIGN_YEARS = range(2012, 2020)
# Campaigns whose decisions (from mid-December to June of the next year) fall inside the period; the movement
# grew year by year.
COUNTED_YEARS = {2014: 0.86, 2015: 0.94, 2016: 1.0, 2017: 1.06, 2018: 1.14}
# Campaigns decided before the period, as a share of a counted year: Circular 23/2012 came in mid-2012.
EARLY_YEARS = {2012: 0.6, 2013: 0.8}
# "06 năm liên tục (từ 2012-2018)": units recognized by the province for the campaigns 2012–2017 (decisions of
# 2013–2018), then not in 2018; what became of each of them in 2018. Any other unit has a shorter run.
LONGEST_STREAK = 6
STREAK_YEARS = range(2012, 2012 + LONGEST_STREAK)
STREAK_FATES_2018 = ["not_recognized", "revoked", "not_recognized", "absent", "not_recognized"]
OTHERS_MAX_RUN = LONGEST_STREAK - 1
# A late provincial decision of the campaign 2013 on the period's first day: it counts.
FIRST_DAY_DECISION_UNITS = 7
# (scheme, campaign, district, units, date): one-off district decisions on the edges of the period.
EDGE_DISTRICT_DECISIONS = [
    (DRUG_FREE, 2013, "218", 5, BEFORE_PERIOD),  # the eve of the period: does not count
    (ANTT_SAFE, 2018, "219", 4, DEMO_DATE),  # the period's last day: counts
]
# The provincial appraisal council set up by Decision 750/QĐ-BCĐ of 13/5/2019; before it, the standing office
# of the steering committee appraised the dossiers itself.
COUNCIL_750_DATE = datetime.date(2019, 5, 13)
# Districts that decided the 2019 campaign in December 2019, after the period.
DECIDED_DECEMBER_2019 = ["222", "213"]
NOT_RECOGNIZED_SHARE = 0.09
# (scheme, campaign, level): one more unit recognized and later revoked, besides the streak unit's 2018 one.
REVOKED = [(ANTT_SAFE, 2016, DISTRICT), (DRUG_FREE, 2017, DISTRICT)]

PROVINCE_AUTHORITY = "Chủ tịch UBND tỉnh Bắc Giang"
SURNAMES = ["Nguyễn", "Trần", "Lê", "Phạm", "Hoàng", "Vũ", "Đỗ", "Ngô", "Dương", "Đặng", "Bùi", "Thân", "Giáp"]
MIDDLE_NAMES = ["Văn", "Thị", "Đức", "Minh", "Thanh", "Quang", "Hữu", "Ngọc"]
GIVEN_NAMES = ["An", "Bình", "Cường", "Dũng", "Giang", "Hà", "Hải", "Hùng", "Hương", "Lan", "Long", "Mai", "Nam",
               "Phương", "Quân", "Sơn", "Thảo", "Trang", "Tuấn", "Yến"]
REFUSALS = {
    ANTT_SAFE: [
        "Chưa có văn bản đăng ký phấn đấu đạt tiêu chuẩn theo quy định.",
        "Chưa tổ chức cho 100% người lao động ký cam kết thực hiện nội quy, quy chế.",
        "Để xảy ra vụ trộm cắp tài sản có giá trị lớn trong năm.",
        "Chưa có kế hoạch phối hợp với chính quyền địa phương và cơ quan Công an.",
        "Hồ sơ tự đánh giá chưa đầy đủ, gửi muộn so với hướng dẫn.",
        "Mô hình tự phòng, tự quản, tự bảo vệ chưa hoạt động hiệu quả.",
    ],
    DRUG_FREE: [
        "Có người lao động sử dụng trái phép chất ma túy trong năm.",
        "Chưa xây dựng kế hoạch phòng, chống ma túy trong đơn vị.",
        "Chưa tổ chức tuyên truyền phòng, chống ma túy cho người lao động.",
        "Hồ sơ tự đánh giá chưa đầy đủ, gửi muộn so với hướng dẫn.",
    ],
}
REVOCATIONS = {
    ANTT_SAFE: "Phát hiện người lao động của đơn vị bị khởi tố về tội trộm cắp tài sản trong năm xét công nhận.",
    DRUG_FREE: "Phát hiện người lao động của đơn vị sử dụng trái phép chất ma túy trong năm xét công nhận.",
}
CRITICISM_TEXT = (
    "Phê bình đơn vị thực hiện chưa nghiêm túc Thông tư số 23/2012/TT-BCA: {reason} Yêu cầu thủ trưởng đơn vị "
    "kiểm điểm, khắc phục và báo cáo kết quả về Cơ quan thường trực Ban Chỉ đạo."
)


_Step = tuple[str, str, str]  # a StepLog row to be: from status, to status, note


@dataclass
class _Entry:
    """One unit's way through one campaign, before it becomes a Participation row."""

    unit: Unit
    scheme: str
    year: int
    level: str
    status: str
    note: str = ""
    # Where an appraised unit went without being proposed for recognition
    council: Council | None = None
    meeting_on: datetime.date | None = None


@dataclass
class _DecisionPlan:
    scheme: str
    year: int
    level: str
    date: datetime.date
    area: Area
    authority: str
    meeting_on: datetime.date
    council: Council | None
    entries: list[_Entry] = field(default_factory=list)
    row: Decision | None = None


def _parts(total: int, weights: list[float]) -> list[int]:
    """`total` in whole parts proportional to `weights`, summing exactly to `total`."""
    shares = [total * w / sum(weights) for w in weights]
    parts = [int(s) for s in shares]
    for i in sorted(range(len(weights)), key=lambda i: (parts[i] - shares[i], i))[: total - sum(parts)]:
        parts[i] += 1
    return parts


class _DemoBuilder:
    def __init__(self):
        self.rng = random.Random(2024)
        self.province = area_resolve(code=PROVINCE_CODE, on=DEMO_DATE)
        # The districts of the units' map, the last old one (see units/demo.py), not the 2019 map.
        self.districts = {a.code: a for a in Area.objects.valid_on(last_day_of_old_map()).filter(
            level=AreaLevel.DISTRICT, path__startswith=self.province.path + ".").order_by("path")}
        self.units = list(Unit.objects.alive().filter(area_q(self.province, "commune"))
                          .select_related("commune").order_by("id"))
        if not self.units:
            raise ImproperlyConfigured("No units in Bắc Giang: seed the units demo first.")
        self.district_codes = {d.pk: code for code, d in self.districts.items()}
        self.district_of = {u.pk: self.district_code(u) for u in self.units}
        self.schemes = {code: Scheme.objects.get_or_create(code=code, defaults={"name": name})[0]
                        for code, name in SCHEME_NAMES.items()}
        self.campaigns: dict[tuple[str, int], Campaign] = {}
        self.entries: list[_Entry] = []
        self.recognized_years: dict[tuple[str, int], set[int]] = defaultdict(set)  # (scheme, unit id) → years
        self.numbers: set[tuple[str, int, int]] = set()
        self.signers: dict[tuple[str, int], str] = {}
        self.streak_units = self.pick_streak_units()

    # --- helpers ---------------------------------------------------------------------------------------------

    def district_code(self, unit: Unit) -> str:
        return self.district_codes[unit.commune.parent_id]

    def day(self, start: datetime.date, end: datetime.date) -> datetime.date:
        return start + datetime.timedelta(days=self.rng.randint(0, (end - start).days))

    def person(self) -> str:
        return f"{self.rng.choice(SURNAMES)} {self.rng.choice(MIDDLE_NAMES)} {self.rng.choice(GIVEN_NAMES)}"

    def district_label(self, code: str) -> str:
        district = self.districts[code]
        return f"{district.kind.lower()} {district.short_name}"

    @staticmethod
    def level_of(unit: Unit) -> str:
        return PROVINCE if unit.managing_level == ManagingLevel.PROVINCE else DISTRICT

    def eligible(self, unit: Unit, year: int) -> bool:
        """Operating when the campaign's registration opened and still there when it was decided."""
        return ((unit.started_on is None or unit.started_on <= datetime.date(year, 1, 1))
                and (unit.dissolved_on is None or unit.dissolved_on > datetime.date(year + 1, 9, 30)))

    def weighted_sample(self, pool: list[Unit], k: int, weight) -> list[Unit]:
        """k units without replacement, each drawn with odds proportional to weight(unit) (Efraimidis–Spirakis)."""
        if k > len(pool):
            raise ValueError(f"{k} units wanted from a pool of {len(pool)}")
        keyed = sorted(pool, key=lambda u: self.rng.random() ** (1 / weight(u)), reverse=True)
        return keyed[:k]

    def run_before(self, unit: Unit, year: int) -> int:
        years, run = self.recognized_years[(ANTT_SAFE, unit.pk)], 0
        while year - run - 1 in years:
            run += 1
        return run

    def decision_number(self, authority: str, date: datetime.date, per_day: int) -> str:
        """Numbers grow through the year, as a register's do."""
        number = date.timetuple().tm_yday * per_day + self.rng.randint(0, per_day - 1)
        while (authority, date.year, number) in self.numbers:
            number += 1
        self.numbers.add((authority, date.year, number))
        return f"{number}/QĐ-UBND"

    def signer(self, authority: str, date: datetime.date) -> str:
        # People's Committees of the 2011–2016 and 2016–2021 terms
        term = 2016 if date >= datetime.date(2016, 7, 1) else 2011
        if (authority, term) not in self.signers:
            self.signers[(authority, term)] = self.person()
        return self.signers[(authority, term)]

    def pick_streak_units(self) -> list[Unit]:
        named = {s[0] for s in SEED_UNITS}  # invented units only: the seed does not say which ones they were
        pool = [u for u in self.units if self.level_of(u) == PROVINCE and u.name not in named
                and u.dissolved_on is None and (u.started_on is None or u.started_on.year < min(STREAK_YEARS))]
        return self.rng.sample(pool, len(STREAK_FATES_2018))

    # --- campaigns and councils --------------------------------------------------------------------------------

    def build_campaigns(self) -> None:
        for code, scheme in self.schemes.items():
            for year in CAMPAIGN_YEARS:
                self.campaigns[(code, year)] = Campaign.objects.get_or_create(
                    scheme=scheme, year=year,
                    defaults={"window_start": datetime.date(year - 1, 11, 16),
                              "window_end": datetime.date(year, 11, 15),
                              "registration_deadline": datetime.date(year, 3, 31),
                              "submission_deadline": datetime.date(year, 11, 15)},
                )[0]

    def build_councils(self) -> None:
        members = [
            f"{self.person()}, Phó Giám đốc Công an tỉnh — Chủ tịch Hội đồng",
            f"{self.person()}, Trưởng phòng Tham mưu, Công an tỉnh — Phó Chủ tịch Hội đồng",
            f"{self.person()}, Trưởng phòng Xây dựng phong trào bảo vệ ANTQ (PV05) — Ủy viên thường trực",
            f"{self.person()}, Phó Giám đốc Sở Nội vụ — Ủy viên",
            f"{self.person()}, Phó Giám đốc Sở Giáo dục và Đào tạo — Ủy viên",
            f"{self.person()}, Phó Trưởng ban Ban Quản lý các khu công nghiệp tỉnh — Ủy viên",
            f"{self.person()}, Phó Chủ tịch Liên đoàn Lao động tỉnh — Ủy viên",
        ]
        self.province_council = Council.objects.create(
            name="Hội đồng thẩm định, xét duyệt CQDNNT đạt tiêu chuẩn “An toàn về ANTT” tỉnh Bắc Giang",
            established_by="Quyết định số 750/QĐ-BCĐ ngày 13/5/2019 của Ban Chỉ đạo tỉnh",
            members="\n".join(members), area=self.province,
        )
        self.district_councils: dict[str, Council] = {}
        for code in self.districts:
            label = self.district_label(code)
            founded = self.day(datetime.date(2012, 9, 1), datetime.date(2012, 10, 31))
            members = [
                f"{self.person()}, Phó Chủ tịch UBND {label} — Chủ tịch Hội đồng",
                f"{self.person()}, Trưởng Công an {label} — Phó Chủ tịch Hội đồng",
                f"{self.person()}, Đội trưởng Đội Xây dựng phong trào, Công an {label} — Ủy viên thường trực",
                f"{self.person()}, Trưởng phòng Nội vụ — Ủy viên",
                f"{self.person()}, Trưởng phòng Giáo dục và Đào tạo — Ủy viên",
            ]
            self.district_councils[code] = Council.objects.create(
                name=f"Hội đồng thẩm định, xét duyệt CQDNNT đạt tiêu chuẩn “An toàn về ANTT” {label}",
                established_by=f"Quyết định số {founded.timetuple().tm_yday * 4}/QĐ-UBND ngày "
                               f"{founded:%d/%m/%Y} của Chủ tịch UBND {label}",
                members="\n".join(members), area=self.districts[code],
            )

    # --- who registered and who was recognized -----------------------------------------------------------------

    def yearly_counts(self) -> dict[tuple[str, str], dict[int, int]]:
        counts = {}
        for (level, scheme), total in RECOGNITIONS.items():
            counted = total - (FIRST_DAY_DECISION_UNITS if (level, scheme) == (PROVINCE, ANTT_SAFE) else 0)
            by_year = dict(zip(COUNTED_YEARS, _parts(counted, list(COUNTED_YEARS.values())), strict=True))
            mean = counted / len(COUNTED_YEARS)
            by_year.update({year: round(mean * share) for year, share in EARLY_YEARS.items()})
            counts[(level, scheme)] = by_year
        return counts

    def build_entries(self) -> None:
        counts = self.yearly_counts()
        for year in CAMPAIGN_YEARS:
            for scheme in (ANTT_SAFE, DRUG_FREE):  # drug-free follows: units strive for both titles
                for level in (PROVINCE, DISTRICT):
                    if year == max(CAMPAIGN_YEARS):
                        self.ongoing_campaign(scheme, year, level, counts[(level, scheme)][year - 1])
                    else:
                        self.decided_campaign(scheme, year, level, counts[(level, scheme)][year])

    def pool(self, year: int, level: str, exclude: set[int]) -> list[Unit]:
        return [u for u in self.units if self.level_of(u) == level and u.pk not in exclude and self.eligible(u, year)]

    def weight(self, scheme: str, year: int):
        other = DRUG_FREE if scheme == ANTT_SAFE else ANTT_SAFE

        def weight(unit: Unit) -> float:
            # Units recognized last year register again; drug-free goes with "safe" in the same year.
            return (1 + 2 * (year - 1 in self.recognized_years[(scheme, unit.pk)])
                    + 2 * (year in self.recognized_years[(other, unit.pk)]))

        return weight

    def decided_campaign(self, scheme: str, year: int, level: str, n: int) -> None:
        streak = {u.pk for u in self.streak_units}
        forced, fates = [], {}
        if scheme == ANTT_SAFE and level == PROVINCE:
            if year in STREAK_YEARS:
                forced = list(self.streak_units)
            elif year == max(STREAK_YEARS) + 1:
                fates = dict(zip(self.streak_units, STREAK_FATES_2018, strict=True))
        capped = set()
        if scheme == ANTT_SAFE:  # nobody else gets a longer run than the streak units
            capped = {u.pk for u in self.units if self.run_before(u, year) >= OTHERS_MAX_RUN and u.pk not in streak}
        pool = self.pool(year, level, streak | capped)
        recognized = forced + self.weighted_sample(pool, n - len(forced), self.weight(scheme, year))
        taken = {u.pk for u in recognized}
        revoked = [u for u, fate in fates.items() if fate == "revoked"]
        if (scheme, year, level) in REVOKED:
            revoked += self.rng.sample([u for u in pool if u.pk not in taken], 1)
        taken |= {u.pk for u in revoked}
        refused = [u for u, fate in fates.items() if fate == "not_recognized"]
        refused += self.rng.sample([u for u in pool if u.pk not in taken], round(n * NOT_RECOGNIZED_SHARE))
        for unit in recognized:
            self.recognized_years[(scheme, unit.pk)].add(year)
            self.entries.append(_Entry(unit, scheme, year, level, Status.RECOGNIZED))
        for unit in revoked:
            self.entries.append(_Entry(unit, scheme, year, level, Status.REVOKED, REVOCATIONS[scheme]))
        for unit in refused:
            self.entries.append(_Entry(unit, scheme, year, level, Status.NOT_RECOGNIZED,
                                       self.rng.choice(REFUSALS[scheme])))

    def ongoing_campaign(self, scheme: str, year: int, level: str, last_year: int) -> None:
        """On 30/09/2019 the campaign is under way; two districts decide it in December."""
        capped = set()
        if scheme == ANTT_SAFE:
            capped = {u.pk for u in self.units if self.run_before(u, year) >= OTHERS_MAX_RUN}
        pool = self.pool(year, level, capped)
        registered = self.weighted_sample(pool, min(len(pool), round(last_year * 1.15)), self.weight(scheme, year))
        for unit in registered:
            if level == DISTRICT and self.district_of[unit.pk] in DECIDED_DECEMBER_2019:
                if self.rng.random() < 0.9:
                    self.recognized_years[(scheme, unit.pk)].add(year)
                    self.entries.append(_Entry(unit, scheme, year, level, Status.RECOGNIZED))
                else:
                    self.entries.append(_Entry(unit, scheme, year, level, Status.NOT_RECOGNIZED,
                                               self.rng.choice(REFUSALS[scheme])))
                continue
            status = self.rng.choices([Status.REGISTERED, Status.ASSESSED, Status.SUBMITTED], [65, 25, 10])[0]
            self.entries.append(_Entry(unit, scheme, year, level, status))

    # --- decisions -----------------------------------------------------------------------------------------------

    def plan(self, scheme: str, year: int, level: str, date: datetime.date, district: str | None) -> _DecisionPlan:
        if district is None:
            authority, area = PROVINCE_AUTHORITY, self.province
            council = self.province_council if date >= COUNCIL_750_DATE + datetime.timedelta(days=14) else None
        else:
            authority, area = f"Chủ tịch UBND {self.district_label(district)}", self.districts[district]
            council = self.district_councils[district]
        return _DecisionPlan(scheme, year, level, date, area, authority,
                             meeting_on=date - datetime.timedelta(days=self.rng.randint(5, 12)), council=council)

    def build_decisions(self) -> list[_DecisionPlan]:
        groups: dict[tuple[str, int, str, str | None], list[_Entry]] = defaultdict(list)
        for entry in self.entries:
            district = self.district_of[entry.unit.pk] if entry.level == DISTRICT else None
            groups[(entry.scheme, entry.year, entry.level, district)].append(entry)
        plans = []
        for (scheme, year, level, district), entries in groups.items():
            decided = [e for e in entries if e.status in (Status.RECOGNIZED, Status.REVOKED)]
            refused = [e for e in entries if e.status == Status.NOT_RECOGNIZED]
            if not decided:
                for entry in refused:
                    entry.meeting_on, entry.council = datetime.date(year, 12, 5), self.council_for(district)
                continue
            if level == PROVINCE:
                main = self.plan(scheme, year, level, self.day(datetime.date(year + 1, 1, 10),
                                                                datetime.date(year + 1, 3, 15)), None)
                supplementary = self.province_supplementary(scheme, year, decided)
            elif year == max(CAMPAIGN_YEARS):
                main = self.plan(scheme, year, level, self.day(datetime.date(year, 12, 16),
                                                                datetime.date(year, 12, 27)), district)
                supplementary = None
            else:
                main = self.plan(scheme, year, level, self.day(datetime.date(year, 12, 15),
                                                                datetime.date(year + 1, 1, 31)), district)
                supplementary = self.district_supplementary(scheme, year, district, decided)
            if supplementary is not None:
                plans.append(supplementary)
                moved = {id(e) for e in supplementary.entries}
                decided = [e for e in decided if id(e) not in moved]
            main.entries = decided
            plans.append(main)
            for entry in refused:  # appraised with the others, not proposed for recognition
                entry.meeting_on, entry.council = main.meeting_on, main.council
        for plan in plans:
            plan.row = Decision(campaign=self.campaigns[(plan.scheme, plan.year)], level=plan.level,
                                authority=plan.authority, date=plan.date, signer=self.signer(plan.authority, plan.date),
                                area=plan.area,
                                number=self.decision_number(plan.authority, plan.date,
                                                            7 if plan.level == PROVINCE else 4))
        Decision.objects.bulk_create([p.row for p in plans])
        return plans

    def council_for(self, district: str | None) -> Council | None:
        return None if district is None else self.district_councils[district]

    def province_supplementary(self, scheme: str, year: int, decided: list[_Entry]) -> _DecisionPlan:
        """A second, smaller provincial decision for the dossiers that came late."""
        recognized = [e for e in decided if e.status == Status.RECOGNIZED and e.unit not in self.streak_units]
        if (scheme, year) == (ANTT_SAFE, 2013):
            date, size = PERIOD_START, FIRST_DAY_DECISION_UNITS
        elif year == max(STREAK_YEARS) + 1:  # the first round of the new council of Decision 750/QĐ-BCĐ
            date, size = self.day(datetime.date(2019, 6, 10), datetime.date(2019, 6, 28)), round(len(decided) * 0.12)
        else:
            date = self.day(datetime.date(year + 1, 4, 15), datetime.date(year + 1, 6, 30))
            size = round(len(decided) * self.rng.uniform(0.08, 0.16))
        plan = self.plan(scheme, year, PROVINCE, date, None)
        plan.entries = self.rng.sample(recognized, size)
        return plan

    def district_supplementary(self, scheme: str, year: int, district: str,
                               decided: list[_Entry]) -> _DecisionPlan | None:
        for edge_scheme, edge_year, edge_district, size, date in EDGE_DISTRICT_DECISIONS:
            if (scheme, year, district) == (edge_scheme, edge_year, edge_district):
                plan = self.plan(scheme, year, DISTRICT, date, district)
                plan.entries = self.rng.sample([e for e in decided if e.status == Status.RECOGNIZED], size)
                return plan
        return None

    # --- rows ------------------------------------------------------------------------------------------------------

    def build_participations(self, plans: list[_DecisionPlan]) -> list[Participation]:
        decision_of = {id(e): p for p in plans for e in p.entries}
        rows, steps = [], []
        certificates: dict[int, int] = defaultdict(int)
        for entry in self.entries:
            plan = decision_of.get(id(entry))
            row, trail = self.participation(entry, plan)
            if plan is not None:
                certificates[id(plan)] += 1
                row.certificate_number = f"{plan.row.number.split('/')[0]}.{certificates[id(plan)]:03d}"
            rows.append(row)
            steps.append(trail)
        Participation.objects.bulk_create(rows, batch_size=1000)
        self.step_count = steps_save(rows, steps)
        return rows

    def participation(self, entry: _Entry, plan: _DecisionPlan | None) -> tuple[Participation, list[_Step]]:
        rng, year = self.rng, entry.year
        if year == min(CAMPAIGN_YEARS):  # Circular 23/2012 came in mid-2012: everyone registered late
            registered = self.day(datetime.date(year, 6, 15), datetime.date(year, 7, 31))
        elif rng.random() < 0.04:
            registered = self.day(datetime.date(year, 4, 1), datetime.date(year, 4, 30))
        else:
            registered = self.day(datetime.date(year, 1, 3), datetime.date(year, 3, 31))
        campaign = self.campaigns[(entry.scheme, year)]
        late = "đăng ký muộn" if registered > campaign.registration_deadline else ""
        row = Participation(campaign=campaign, unit=entry.unit, status=entry.status, registered_on=registered)
        trail = [("", Status.REGISTERED, late)]
        if entry.status == Status.REGISTERED:
            return row, trail
        if year == max(CAMPAIGN_YEARS) and entry.status in (Status.ASSESSED, Status.SUBMITTED):
            row.assessed_on = self.day(datetime.date(year, 8, 1), datetime.date(year, 9, 10))
        else:
            row.assessed_on = self.day(datetime.date(year, 10, 20), datetime.date(year, 11, 15))
        trail.append((Status.REGISTERED, Status.ASSESSED, ""))
        if entry.status == Status.ASSESSED:
            return row, trail
        row.submitted_on = row.assessed_on + datetime.timedelta(days=rng.randint(2, 10))
        trail.append((Status.ASSESSED, Status.SUBMITTED, ""))
        if entry.status == Status.SUBMITTED:
            return row, trail
        if plan is not None:
            row.council, row.council_meeting_on, row.decision = plan.council, plan.meeting_on, plan.row
        else:
            row.council, row.council_meeting_on = entry.council, entry.meeting_on
        row.council_recommends = entry.status != Status.NOT_RECOGNIZED
        if row.council is None:
            row.council_note = "Cơ quan thường trực Ban Chỉ đạo tỉnh thẩm định hồ sơ."
        if entry.status == Status.NOT_RECOGNIZED:
            row.council_note = " ".join(filter(None, [row.council_note, entry.note]))
        trail.append((Status.SUBMITTED, Status.APPRAISED, ""))
        if entry.status == Status.NOT_RECOGNIZED:
            trail.append((Status.APPRAISED, Status.NOT_RECOGNIZED, entry.note))
            return row, trail
        trail.append((Status.APPRAISED, Status.RECOGNIZED, ""))
        if entry.status == Status.REVOKED:
            row.revoked_on = min(plan.date + datetime.timedelta(days=rng.randint(90, 200)), DEMO_DATE)
            row.revocation_reason = entry.note
            trail.append((Status.RECOGNIZED, Status.REVOKED, entry.note))
        return row, trail

    def build_criticisms(self) -> list[Criticism]:
        """Two provincial letters criticising units that did not comply, as the seed mentions."""
        criticisms = []
        for year, number, date in ((2016, "1873/UBND-NC", datetime.date(2017, 6, 12)),
                                   (2018, "1512/UBND-NC", datetime.date(2019, 5, 20))):
            refused = [e for e in self.entries if e.year == year and e.level == PROVINCE
                       and e.status == Status.NOT_RECOGNIZED and e.unit not in self.streak_units]
            for entry in self.rng.sample(refused, 4):
                criticisms.append(Criticism(unit=entry.unit, campaign=self.campaigns[(entry.scheme, year)], date=date,
                                            document_number=number, issuer=PROVINCE_AUTHORITY,
                                            content=CRITICISM_TEXT.format(reason=entry.note)))
        Criticism.objects.bulk_create(criticisms)
        return criticisms


def certification_demo_seed() -> dict[str, int]:
    """Seed the certification registry of the Bắc Giang demo. Does nothing when it has participations already.
    Returns the number of rows created by model."""
    if not getattr(settings, "ANTQ_ALLOW_DEMO_DATA", False):
        raise ImproperlyConfigured("Demo data is not allowed with these settings (production?).")
    with transaction.atomic():
        if Participation.objects.exists():
            return {"campaigns": 0, "councils": 0, "decisions": 0, "participations": 0, "steps": 0, "criticisms": 0}
        builder = _DemoBuilder()
        builder.build_campaigns()
        builder.build_councils()
        builder.build_entries()
        plans = builder.build_decisions()
        rows = builder.build_participations(plans)
        criticisms = builder.build_criticisms()
    return {"campaigns": len(builder.campaigns), "councils": 1 + len(builder.district_councils),
            "decisions": len(plans), "participations": len(rows), "steps": builder.step_count,
            "criticisms": len(criticisms)}


def steps_save(rows: list[Participation], trails: list[list[_Step]]) -> int:
    """The history of saved participations: each one's trail of (from, to, note) steps as StepLog rows, dated by
    step_time. Returns how many."""
    logs = [StepLog(participation=row, from_status=before, to_status=after, note=note, at=at, on=at.date())
            for row, trail in zip(rows, trails, strict=True) for before, after, note in trail
            for at in [step_time(row, after)]]
    StepLog.objects.bulk_create(logs, batch_size=2000)
    return len(logs)


def step_time(row: Participation, status: str) -> datetime.datetime:
    """Each step is dated the day its participation records for it."""
    day = {Status.REGISTERED: row.registered_on, Status.ASSESSED: row.assessed_on, Status.SUBMITTED: row.submitted_on,
           Status.APPRAISED: row.council_meeting_on, Status.NOT_RECOGNIZED: row.council_meeting_on,
           Status.RECOGNIZED: row.decision.date if row.decision else None, Status.REVOKED: row.revoked_on}.get(status)
    day = day or row.registered_on
    return timezone.make_aware(datetime.datetime.combine(day, datetime.time(9, 0)))

"""Demo data of the incident registry: Bắc Giang's incidents as the 2019 five-year review (the seed report) counts
them.

For Bắc Giang and the period 15/08/2014 – 30/09/2019 every figure of this registry equals the seed: 83 strikes,
30 fires, 631 thefts, 236 law violations in units (225 involving the units' own people, 11 only outsiders), 269
cases verified, 3 defendants proposed for prosecution, 50 economic cases with 76 people involved. Other types (work
accidents, mass complaints...) are there for realism and change none of these numbers. A few incidents lie just
outside the period (or were deleted) so that the counting rules show. Dates, units and details are drawn from a
fixed seed, so every run builds the same data; the units are those of the units demo, on the 2019 map. Seeded by
`make run` only; production settings refuse it."""

import datetime
import random
from dataclasses import dataclass

from django.conf import settings
from django.core.exceptions import ImproperlyConfigured
from django.db import transaction
from django.utils import timezone

from antqcore.demo import DEMO_DATE, PROVINCE_CODE
from antqcore.models import Area, AreaLevel, User
from antqcore.selectors import area_resolve
from units.models import Unit, UnitKind
from units.selectors import unit_area_on

from .models import Incident, IncidentType

PERIOD_START = datetime.date(2014, 8, 15)
SEED = 20190930

# The seed's figures (shared/seeds/seed-figures.csv).
COUNTED = {"strike": 83, "fire": 30, "theft": 631, "violation": 236, "economic": 50}
VIOLATIONS_BY_MEMBERS = 225
ECONOMIC_SUBJECTS = 76
VERIFIED = 269
# Proposed for prosecution: (type, defendants), inside the period; 3 defendants in all.
PROSECUTED = [("economic", 2), ("violation", 1)]
# For realism; verified and prosecuted are drawn so that the seed's totals above hold with them included.
OTHERS = {"work_accident": 14, "mass_complaint": 9, "environment": 12, "criminal_case": 8, "drug_case": 7,
          "school_violence": 6, "social_vice": 4, "illegal_gathering": 2, "secrets_leak": 1}
# Share of each type's incidents that happened in a unit (the others: a commune, or a district).
IN_A_UNIT = {"theft": 0.8, "fire": 0.85, "mass_complaint": 0.6, "illegal_gathering": 0.5, "criminal_case": 0.7}

DESCRIPTIONS = {
    "strike": ["Công nhân ngừng việc tập thể yêu cầu tăng lương", "Công nhân lãn công phản đối chế độ tăng ca",
               "Công nhân ngừng việc do chậm trả lương", "Công nhân đình công yêu cầu cải thiện bữa ăn ca"],
    "fire": ["Cháy kho nguyên liệu", "Cháy tủ điện khu sản xuất", "Nổ nồi hơi", "Cháy xưởng may",
             "Cháy phòng làm việc do chập điện"],
    "theft": ["Trộm cắp tài sản của công ty", "Trộm cắp xe máy tại nhà để xe", "Trộm cắp linh kiện điện tử",
              "Trộm cắp điện thoại, tiền của người lao động", "Trộm cắp thiết bị văn phòng"],
    "violation": ["Đánh nhau gây mất trật tự tại nơi làm việc", "Đánh bạc trong giờ nghỉ ca",
                  "Cố ý gây thương tích", "Vi phạm quy định về bảo vệ bí mật nội bộ", "Gây rối trật tự công cộng"],
    "economic": ["Tham ô tài sản", "Lợi dụng chức vụ, quyền hạn trong khi thi hành công vụ",
                 "Buôn lậu hàng hóa qua biên giới", "Lập hóa đơn khống để trốn thuế", "Lừa đảo chiếm đoạt tài sản"],
    "work_accident": ["Công nhân bị máy cuốn tay", "Ngã từ giàn giáo", "Điện giật khi sửa chữa thiết bị"],
    "mass_complaint": ["Người lao động kéo đến trụ sở khiếu nại về bảo hiểm xã hội",
                       "Khiếu kiện đông người về bồi thường giải phóng mặt bằng"],
    "environment": ["Xả nước thải chưa qua xử lý ra môi trường", "Không có giấy phép xả thải",
                    "Chôn lấp chất thải nguy hại trái phép"],
    "criminal_case": ["Cướp giật tài sản của công nhân", "Cố ý gây thương tích ngoài cổng công ty"],
    "drug_case": ["Tàng trữ trái phép chất ma túy", "Sử dụng trái phép chất ma túy tại khu nhà trọ công nhân"],
    "school_violence": ["Học sinh đánh nhau ngoài cổng trường", "Nhóm học sinh hành hung bạn cùng lớp"],
    "social_vice": ["Tổ chức đánh bạc", "Mua bán dâm tại khu nhà trọ"],
    "illegal_gathering": ["Tụ tập đông người gây rối trước cổng khu công nghiệp"],
    "secrets_leak": ["Để lộ tài liệu mật trên mạng xã hội"],
}


@dataclass
class Spec:
    type_code: str
    day: datetime.date
    time: datetime.time | None = None
    counted: bool = True  # inside the period and not deleted
    members: bool | None = None  # violations: the units' own people involved, or only outsiders
    subjects: int | None = None  # economic cases: people involved in all
    deleted: bool = False


class _DemoBuilder:
    def __init__(self):
        self.rng = random.Random(SEED)
        self.province = area_resolve(code=PROVINCE_CODE, on=DEMO_DATE)
        self.communes = list(Area.objects.valid_on(DEMO_DATE).filter(
            level=AreaLevel.COMMUNE, path__startswith=self.province.path + ".").select_related("parent")
            .order_by("path"))
        self.districts = sorted({c.parent for c in self.communes}, key=lambda a: a.path)
        self.units = list(Unit.objects.alive().filter(commune__path__startswith=self.province.path + ".")
                          .select_related("commune").order_by("commune__path", "name", "id"))
        self.types = {t.code: t for t in IncidentType.objects.all()}
        self.recorder = User.objects.filter(username="tinh").first()  # the province's demo account, if seeded

    def day(self, start: datetime.date = PERIOD_START, end: datetime.date = DEMO_DATE) -> datetime.date:
        return start + datetime.timedelta(days=self.rng.randrange((end - start).days + 1))

    def specs(self) -> list[Spec]:
        rng = self.rng
        specs = [Spec(code, self.day()) for code, n in COUNTED.items() if code not in ("violation", "economic")
                 for _ in range(n)]
        members = [True] * VIOLATIONS_BY_MEMBERS + [False] * (COUNTED["violation"] - VIOLATIONS_BY_MEMBERS)
        rng.shuffle(members)
        specs += [Spec("violation", self.day(), members=m) for m in members]
        subjects = _split(ECONOMIC_SUBJECTS, COUNTED["economic"], rng)
        specs += [Spec("economic", self.day(), subjects=n) for n in subjects]
        specs += [Spec(code, self.day()) for code, n in OTHERS.items() for _ in range(n)]
        # The period's first and last minutes count.
        specs[0].day, specs[0].time = PERIOD_START, datetime.time(0, 5)
        specs[1].day, specs[1].time = DEMO_DATE, datetime.time(23, 50)
        # Just outside the period, or deleted: none of these may count.
        specs += [
            Spec("strike", datetime.date(2014, 8, 1), datetime.time(7, 30), counted=False),
            Spec("theft", PERIOD_START - datetime.timedelta(days=1), datetime.time(23, 50), counted=False),
            Spec("fire", DEMO_DATE + datetime.timedelta(days=1), datetime.time(0, 10), counted=False),
            Spec("violation", datetime.date(2019, 10, 15), datetime.time(9, 30), counted=False, members=True),
            Spec("economic", datetime.date(2019, 10, 15), datetime.time(14, 0), counted=False, subjects=4),
            Spec("theft", datetime.date(2017, 5, 10), datetime.time(2, 0), counted=False, deleted=True),
            Spec("economic", datetime.date(2016, 3, 8), datetime.time(10, 0), counted=False, subjects=3,
                 deleted=True),
        ]
        return specs

    def build(self) -> list[Incident]:
        rng = self.rng
        specs = self.specs()
        incidents = [self.incident(spec) for spec in specs]
        counted = [i for i, spec in enumerate(specs) if spec.counted]
        # Prosecutions first (a prosecuted case was verified), then the rest of the verified cases.
        prosecuted = []
        for code, defendants in PROSECUTED:
            index = next(i for i in counted if specs[i].type_code == code and i not in prosecuted
                         and incidents[i].people_total >= defendants and (code != "violation" or specs[i].members))
            prosecuted.append(index)
            incidents[index].prosecuted, incidents[index].defendants = True, defendants
        others = [i for i in counted if i not in prosecuted]
        for index in prosecuted + rng.sample(others, VERIFIED - len(prosecuted)):
            incidents[index].verified = True
        for index, spec in enumerate(specs):  # outside the period: verified and prosecuted, yet not counted
            if not spec.counted:
                incident = incidents[index]
                incident.verified = True
                if spec.type_code in ("economic", "violation", "strike"):
                    incident.prosecuted, incident.defendants = True, 1 + (spec.type_code == "economic")
        for incident in incidents:
            incident.serious = incident.type.is_serious(incident)
        return incidents

    def incident(self, spec: Spec) -> Incident:
        rng = self.rng
        code = spec.type_code
        when = spec.time or datetime.time(rng.randrange(24), rng.randrange(60))
        unit = self.pick_unit(code, spec.day) if rng.random() < IN_A_UNIT.get(code, 0.95) else None
        if unit is not None:
            area = self.area_of(unit, spec.day)
        elif rng.random() < 0.2:
            area = rng.choice(self.districts)
        else:
            area = rng.choice(self.communes)
        incident = Incident(
            type=self.types[code], unit=unit, area=area, created_by=self.recorder,
            occurred_at=datetime.datetime.combine(spec.day, when, tzinfo=timezone.get_current_timezone()),
            description=rng.choice(DESCRIPTIONS[code]), reported=rng.random() < 0.95,
            from_public_tip=rng.random() < 0.15,
        )
        self.details(incident, spec, unit)
        if spec.deleted:
            incident.deleted_at = datetime.datetime.combine(spec.day + datetime.timedelta(days=3), datetime.time(8),
                                                            tzinfo=timezone.get_current_timezone())
        return incident

    @staticmethod
    def area_of(unit: Unit, day: datetime.date) -> Area:
        """As the registry fills it in: the unit's commune as it was on the day (in 2019, on the 2019 map); where
        several communes were merged into it since, the district they were in then."""
        area = unit_area_on(unit, day)
        if area is None:
            ancestors = unit.commune.ancestors_on(day)
            area = ancestors[1] if len(ancestors) > 1 else unit.commune
        return area

    def pick_unit(self, code: str, day: datetime.date) -> Unit | None:
        wanted = {"strike": {UnitKind.ENTERPRISE}, "work_accident": {UnitKind.ENTERPRISE},
                  "environment": {UnitKind.ENTERPRISE}, "school_violence": {UnitKind.SCHOOL},
                  "economic": {UnitKind.ENTERPRISE, UnitKind.AGENCY}}.get(code)
        candidates = [u for u in self.units if (wanted is None or u.kind in wanted)
                      and (u.started_on is None or u.started_on <= day)
                      and (u.dissolved_on is None or u.dissolved_on > day)]
        if code == "strike":  # strikes happen where many work
            candidates = [u for u in candidates if u.worker_count >= 200] or candidates
        return self.rng.choice(candidates) if candidates else None

    def details(self, incident: Incident, spec: Spec, unit: Unit | None) -> None:
        """People involved, consequences and handling, as such an incident has them."""
        rng, code = self.rng, spec.type_code
        kind = unit.kind if unit else UnitKind.ENTERPRISE
        own = {UnitKind.ENTERPRISE: "workers", UnitKind.SCHOOL: "students"}.get(kind, rng.choice(
            ["cadres", "public_employees"]))
        if code == "strike":
            incident.workers = rng.randint(30, 900)
        elif code == "fire":
            incident.damage_vnd = rng.randrange(5, 900) * 1_000_000
            incident.injuries = rng.choice([0] * 8 + [1, 2])
            incident.deaths = 1 if rng.random() < 0.04 else 0
        elif code == "theft":
            incident.damage_vnd = rng.choice([rng.randrange(1, 50), rng.randrange(1, 50), rng.randrange(50, 150)]
                                             ) * 1_000_000
            setattr(incident, rng.choice(["outsiders", "outsiders", own]), 1)
        elif code == "violation":
            if spec.members:
                setattr(incident, own, rng.randint(1, 3))
                incident.outsiders = rng.choice([0, 0, 0, 1])
            else:
                incident.outsiders = rng.randint(1, 2)
            incident.injuries = rng.choice([0] * 5 + [1])
            if rng.random() < 0.3:
                incident.fined, incident.fine_vnd = True, rng.randrange(1, 10) * 750_000
        elif code == "economic":
            self.spread(incident, spec.subjects, ["cadres", "public_employees", "workers", "outsiders"])
            incident.damage_vnd = rng.randrange(30, 3000) * 1_000_000
        elif code == "work_accident":
            incident.workers = 1 + (rng.random() < 0.2)
            incident.injuries = incident.workers
            incident.deaths = 1 if rng.random() < 0.25 else 0
        elif code in ("mass_complaint", "illegal_gathering"):
            setattr(incident, "workers" if code == "mass_complaint" else "outsiders", rng.randint(20, 150))
        elif code == "environment":
            incident.fined, incident.fine_vnd = True, rng.randrange(20, 500) * 1_000_000
        elif code == "school_violence":
            incident.students, incident.injuries = rng.randint(2, 6), 1
        elif code == "secrets_leak":
            incident.cadres = 1
        else:  # criminal cases, drugs, social vices
            setattr(incident, rng.choice([own, "outsiders"]), rng.randint(1, 3))

    def spread(self, incident: Incident, total: int, fields: list[str]) -> None:
        for field, n in zip(fields, _split(total, len(fields), self.rng, minimum=0), strict=True):
            setattr(incident, field, n)


def _split(total: int, parts: int, rng: random.Random, minimum: int = 1) -> list[int]:
    """`total` split into `parts` whole numbers of at least `minimum`, at random."""
    counts = [minimum] * parts
    for _ in range(total - minimum * parts):
        counts[rng.randrange(parts)] += 1
    return counts


def incidents_demo_seed() -> dict[str, int]:
    """Seed the incident registry of the Bắc Giang demo. Does nothing when the registry has incidents already.
    Returns the number of incidents created."""
    if not getattr(settings, "ANTQ_ALLOW_DEMO_DATA", False):
        raise ImproperlyConfigured("Demo data is not allowed with these settings (production?).")
    with transaction.atomic():
        if Incident.objects.exists():
            return {"incidents": 0}
        incidents = _DemoBuilder().build()
        Incident.objects.bulk_create(incidents)
    return {"incidents": len(incidents)}

"""Demo data of the commendations register: Bắc Giang's commendations in the movement as the 2019 five-year review
(the seed report, section 2.7) counts them.

For Bắc Giang and the period 15/08/2014 – 30/09/2019 every figure equals the seed: 159 commendations to collectives
and 219 to individuals by the Ministry of Public Security, the provincial People's Committee Chairman and the
provincial police Director (05 Ministry emulation flags, 01 provincial Chairman's flag, 16 Ministry certificates of
merit to collectives, 25 + 28 provincial certificates of merit, 112 + 191 police Director's certificates of
commendation) and 145 “Protecting National Security” medals to 145 different people. Decisions come in batches, as
they are signed: annual reviews early in the year, the 19 August festival in mid-August, thematic reviews and
exceptional achievements in between. District and commune Chairmen's commendations ("many" in the seed) and a few
decisions just outside the period (the day before it, the day after it, medals of 2013 and 2020) show the counting
rules at work; the first and last days of the period count. Recipients are the demo units (and their people) that
existed on the decision date. Names of people and decision numbers are invented. Seeded by `make run` only;
production settings refuse it."""

import datetime
import random
from dataclasses import dataclass

from django.conf import settings
from django.core.exceptions import ImproperlyConfigured
from django.db import transaction
from simple_history.utils import bulk_create_with_history

from antqcore.demo import DEMO_DATE, PROVINCE_CODE
from antqcore.selectors import area_q, area_resolve
from antqcore.stats import figures_compute
from units.models import Unit, UnitKind

from .models import AwardForm, Commendation, Grantor, Occasion, RecipientKind
from .services import commendation_build, name_key_of

D = datetime.date
PERIOD_START = D(2014, 8, 15)
BEFORE_PERIOD = PERIOD_START - datetime.timedelta(days=1)
AFTER_PERIOD = DEMO_DATE + datetime.timedelta(days=1)

# The seed's figures (shared/seeds/seed-figures.csv, section 2.7), by the keys of selectors.FIGURE_FILTERS.
SEED = {
    "ministry_flag": 5, "province_flag": 1, "ministry_merit_collective": 16, "province_merit_collective": 25,
    "province_merit_individual": 28, "police_director_collective": 112, "police_director_individual": 191,
    "medal_individual": 145,
}
SEED_TOTALS = {"collective": 159, "individual": 219}

F, G = AwardForm, Grantor
COLLECTIVE, INDIVIDUAL = RecipientKind.COLLECTIVE, RecipientKind.INDIVIDUAL
SYMBOL = {G.MINISTRY: "QĐ-BCA-X15", G.PROVINCE_CHAIRMAN: "QĐ-UBND", G.POLICE_DIRECTOR: "QĐ-CAT-PX01",
          G.DISTRICT_CHAIRMAN: "QĐ-UBND", G.COMMUNE_CHAIRMAN: "QĐ-UBND"}

SURNAMES = ["Nguyễn", "Trần", "Lê", "Phạm", "Hoàng", "Vũ", "Đỗ", "Ngô", "Dương", "Đặng", "Bùi", "Thân", "Giáp",
            "Hà", "Lương", "Chu"]
MALE_MIDDLE = ["Văn", "Đức", "Minh", "Quang", "Hữu", "Xuân", "Mạnh", "Đình"]
FEMALE_MIDDLE = ["Thị", "Thu", "Ngọc", "Minh", "Thanh", "Hồng"]
MALE_GIVEN = ["An", "Bình", "Cường", "Dũng", "Giang", "Hải", "Hùng", "Long", "Nam", "Quân", "Sơn", "Tuấn", "Thắng",
              "Toàn", "Việt", "Khánh", "Hiếu", "Trung", "Phong", "Tiến"]
FEMALE_GIVEN = ["Hà", "Hương", "Lan", "Mai", "Phương", "Thảo", "Trang", "Yến", "Huyền", "Nga", "Oanh", "Linh",
                "Hạnh", "Dung", "Loan"]
POSITIONS = {
    UnitKind.ENTERPRISE: ["Giám đốc", "Phó Giám đốc", "Trưởng phòng Hành chính - Nhân sự", "Đội trưởng Đội bảo vệ",
                          "Nhân viên bảo vệ", "Chủ tịch Công đoàn", "Tổ trưởng sản xuất", "Công nhân"],
    UnitKind.SCHOOL: ["Hiệu trưởng", "Phó Hiệu trưởng", "Giáo viên", "Bí thư Đoàn trường", "Nhân viên bảo vệ"],
    UnitKind.AGENCY: ["Thủ trưởng cơ quan", "Chánh Văn phòng", "Trưởng phòng", "Chuyên viên",
                      "Cán bộ phụ trách công tác bảo vệ"],
}
TEAMS = ["Đội bảo vệ", "Tổ tự quản về ANTT", "Phòng Hành chính - Bảo vệ", "Đội công nhân xung kích"]
REASONS = {
    Occasion.ANNUAL: "Đã có thành tích xuất sắc trong phong trào toàn dân bảo vệ an ninh Tổ quốc năm {year}",
    Occasion.AUGUST_19: "Đã có thành tích xuất sắc trong phong trào toàn dân bảo vệ ANTQ, nhân dịp Ngày hội toàn dân "
                        "bảo vệ an ninh Tổ quốc 19/8/{year}",
    Occasion.THEMATIC: "Đã có thành tích trong thực hiện chuyên đề bảo đảm an ninh, trật tự tại các khu công nghiệp, "
                       "cơ quan, doanh nghiệp, nhà trường năm {year}",
    Occasion.EXCEPTIONAL: "Đã có thành tích xuất sắc trong phát hiện, tố giác, phối hợp bắt giữ đối tượng trộm cắp "
                          "tài sản tại đơn vị",
}
FLAG_REASON = "Đã hoàn thành xuất sắc nhiệm vụ, dẫn đầu phong trào thi đua “Vì an ninh Tổ quốc” năm {year}"
MEDAL_REASON = "Đã có thành tích đóng góp vào sự nghiệp bảo vệ an ninh Tổ quốc"


@dataclass(frozen=True)
class Batch:
    """One decision: who signed it, when, on which occasion, and how many of each kind it commends."""

    form: str
    grantor: str
    day: datetime.date
    occasion: str
    collective: int = 0
    individual: int = 0
    organisations: tuple[str, ...] = ()  # collectives that are no unit of the registry, among `collective`


def _split(total: int, parts: int) -> list[int]:
    """`total` in `parts` whole numbers differing by at most one, the larger first."""
    return [total // parts + (1 if i < total % parts else 0) for i in range(parts)]


def _batches() -> list[Batch]:
    """Every decision of the demo. The counted ones add up exactly to the seed's figures."""
    batches = [Batch(F.EMULATION_FLAG, G.MINISTRY, D(year, 2, 20 + year % 5), Occasion.ANNUAL, collective=1)
               for year in range(2015, 2020)]
    batches.append(Batch(F.EMULATION_FLAG, G.PROVINCE_CHAIRMAN, D(2018, 1, 26), Occasion.ANNUAL, collective=1))
    for year, n in zip(range(2015, 2020), _split(SEED["ministry_merit_collective"], 5), strict=True):
        batches.append(Batch(F.CERTIFICATE_OF_MERIT, G.MINISTRY, D(year, 8, 10 + year % 4), Occasion.AUGUST_19,
                             collective=n))
    for year, c, i in zip(range(2015, 2020), _split(SEED["province_merit_collective"], 5),
                          _split(SEED["province_merit_individual"], 5), strict=True):
        # An association of enterprises is commended as an organisation, counted in the province.
        batches.append(Batch(F.CERTIFICATE_OF_MERIT, G.PROVINCE_CHAIRMAN, D(year, 1, 15 + year % 9), Occasion.ANNUAL,
                             collective=c, individual=i,
                             organisations=("Hiệp hội Doanh nghiệp tỉnh Bắc Giang",) if year == 2017 else ()))
    # The police Director's certificates: the festival of each year (from the first day of the period), the
    # annual reviews and two thematic reviews; and a handful of people for exceptional achievements, the last on the
    # period's last day.
    director = [(D(2014, 8, 15), Occasion.AUGUST_19), (D(2015, 1, 20), Occasion.ANNUAL),
                (D(2015, 8, 14), Occasion.AUGUST_19), (D(2016, 1, 22), Occasion.ANNUAL),
                (D(2016, 8, 12), Occasion.AUGUST_19), (D(2016, 11, 8), Occasion.THEMATIC),
                (D(2017, 1, 19), Occasion.ANNUAL), (D(2017, 8, 15), Occasion.AUGUST_19),
                (D(2018, 1, 24), Occasion.ANNUAL), (D(2018, 8, 13), Occasion.AUGUST_19),
                (D(2018, 10, 16), Occasion.THEMATIC), (D(2019, 1, 21), Occasion.ANNUAL),
                (D(2019, 8, 16), Occasion.AUGUST_19)]
    exceptional = {D(2017, 12, 5): 4, DEMO_DATE: 3}
    for (day, occasion), c, i in zip(director, _split(SEED["police_director_collective"], len(director)),
                                     _split(SEED["police_director_individual"] - sum(exceptional.values()),
                                            len(director)), strict=True):
        batches.append(Batch(F.CERTIFICATE_OF_COMMENDATION, G.POLICE_DIRECTOR, day, occasion, collective=c,
                             individual=i))
    for day, i in exceptional.items():
        batches.append(Batch(F.CERTIFICATE_OF_COMMENDATION, G.POLICE_DIRECTOR, day, Occasion.EXCEPTIONAL,
                             individual=i))
    # The medal, presented around 19 August.
    medal_days = [D(2014, 8, 18), D(2015, 8, 17), D(2016, 8, 16), D(2017, 8, 14), D(2018, 8, 15), D(2019, 8, 12)]
    for day, n in zip(medal_days, _split(SEED["medal_individual"], len(medal_days)), strict=True):
        batches.append(Batch(F.MEDAL, G.MINISTRY, day, Occasion.AUGUST_19, individual=n))
    return batches


def _outside_batches() -> list[Batch]:
    """Decisions the seed's figures leave out: other grantors, and decisions just outside the period."""
    batches = [Batch(F.CERTIFICATE_OF_COMMENDATION, G.POLICE_DIRECTOR, BEFORE_PERIOD, Occasion.THEMATIC,
                     collective=1, individual=2),
               Batch(F.CERTIFICATE_OF_MERIT, G.MINISTRY, AFTER_PERIOD, Occasion.EXCEPTIONAL, collective=1),
               Batch(F.MEDAL, G.MINISTRY, D(2013, 8, 16), Occasion.AUGUST_19, individual=2),
               Batch(F.MEDAL, G.MINISTRY, D(2020, 8, 14), Occasion.AUGUST_19, individual=3),
               Batch(F.CERTIFICATE_OF_COMMENDATION, G.COMMUNE_CHAIRMAN, D(2018, 12, 28), Occasion.ANNUAL,
                     individual=3)]
    return batches


def person_draw(rng: random.Random, day: datetime.date, *, medal: bool, medal_keys: set[str], citizen_ids: set[str],
                prefix: str = "024", female_share: float = 0.35, id_share: float = 0.33) -> dict:
    """Someone working on `day`; a medal holder is someone who never had one (not in `medal_keys`), and some of them
    are recorded with their citizen ID: the province of birth (`prefix`: 024 is Bắc Giang, 027 Bắc Ninh), then the
    sex and century digit, the birth year."""
    while True:
        female = rng.random() < female_share
        name = " ".join([rng.choice(SURNAMES), rng.choice(FEMALE_MIDDLE if female else MALE_MIDDLE),
                         rng.choice(FEMALE_GIVEN if female else MALE_GIVEN)])
        # Of working age; a medal rewards years of work in the movement.
        born = rng.randint(day.year - 55, day.year - 30) if medal else rng.randint(day.year - 58, day.year - 22)
        if not medal:
            return {"person_name": name, "birth_year": born}
        key = name_key_of(name, born)
        if key in medal_keys:
            continue
        medal_keys.add(key)
        person = {"person_name": name, "birth_year": born}
        if rng.random() < id_share:
            citizen_id = f"{prefix}{int(female)}{born % 100:02d}{rng.randint(0, 999_999):06d}"
            if citizen_id not in citizen_ids:
                citizen_ids.add(citizen_id)
                person["citizen_id"] = citizen_id
        return person


class _DemoBuilder:
    def __init__(self):
        self.rng = random.Random(198)
        self.province = area_resolve(code=PROVINCE_CODE, on=DEMO_DATE)
        self.units = list(Unit.objects.existing_on(DEMO_DATE).filter(area_q(self.province, "commune"))
                          .select_related("commune__parent").order_by("pk"))
        if not self.units:
            raise ImproperlyConfigured("The commendations demo needs the units demo first.")
        self.districts = sorted({u.commune.parent for u in self.units}, key=lambda a: a.code)
        self.rows: list[Commendation] = []
        self.numbers: set[tuple[str, int, str]] = set()
        self.medal_keys: set[str] = set()
        self.citizen_ids: set[str] = set()

    def number(self, grantor: str, day: datetime.date, issuer: str = "") -> str:
        while True:
            n = self.rng.randint(80, 3200) if grantor == G.MINISTRY else self.rng.randint(12, 2400)
            if (grantor + issuer, day.year, str(n)) not in self.numbers:
                self.numbers.add((grantor + issuer, day.year, str(n)))
                return f"{n}/{SYMBOL[grantor]}"

    def units_on(self, day: datetime.date, district=None) -> list[Unit]:
        return [u for u in self.units if (u.started_on is None or u.started_on <= day)
                and (district is None or u.commune.parent_id == district.pk)]

    def person(self, day: datetime.date, *, medal: bool) -> dict:
        return person_draw(self.rng, day, medal=medal, medal_keys=self.medal_keys, citizen_ids=self.citizen_ids)

    def add(self, batch: Batch, number: str, kind: str, unit: Unit | None, **extra) -> None:
        year = batch.day.year - (batch.occasion == Occasion.ANNUAL)  # an annual review rewards the year before
        if batch.form == F.EMULATION_FLAG:
            reason = FLAG_REASON.format(year=year)
        elif batch.form == F.MEDAL:
            reason = MEDAL_REASON
        else:
            reason = REASONS[batch.occasion].format(year=year)
        self.rows.append(commendation_build(data={
            "form": batch.form, "grantor": batch.grantor, "recipient_kind": kind, "unit": unit,
            "decision_number": number, "decision_date": batch.day, "occasion": batch.occasion, "reason": reason,
            **extra}))

    def build(self, batch: Batch, district=None) -> None:
        rng = self.rng
        number = self.number(batch.grantor, batch.day, district.code if district else "")
        pool = self.units_on(batch.day, district)
        for name in batch.organisations:
            self.add(batch, number, COLLECTIVE, None, organisation_name=name, area=self.province)
        for unit in rng.sample(pool, batch.collective - len(batch.organisations)):
            team = rng.random() < 0.2 and unit.kind == UnitKind.ENTERPRISE
            self.add(batch, number, COLLECTIVE, unit,
                     organisation_name=f"{rng.choice(TEAMS)} {unit.name}" if team else "")
        for _i in range(batch.individual):
            unit = rng.choice(pool)
            self.add(batch, number, INDIVIDUAL, unit, position=rng.choice(POSITIONS[unit.kind]),
                     **self.person(batch.day, medal=batch.form == F.MEDAL))

    def build_all(self) -> None:
        for batch in _batches() + _outside_batches():
            self.build(batch)
        # "Many" commendations of the district Chairmen each year: they do not count in the seed's figures.
        for district in self.districts:
            for year in range(2015, 2020):
                day = D(year, 1, 10) + datetime.timedelta(days=self.rng.randint(0, 40))
                self.build(Batch(F.CERTIFICATE_OF_COMMENDATION, G.DISTRICT_CHAIRMAN, day, Occasion.ANNUAL,
                                 collective=self.rng.randint(1, 3), individual=self.rng.randint(2, 4)), district)

    def save(self) -> None:
        # With their history rows, so that each page's audit trail starts with the demo's "created".
        bulk_create_with_history(self.rows, Commendation, batch_size=500)

    def check(self) -> None:
        """The seed's figures, computed by the statistics registry: a demo that misses them must not load."""
        keys = [f"commendations.{key}" for key in SEED | SEED_TOTALS]
        got = {key.removeprefix("commendations."): value for key, value in
               figures_compute(area=self.province, start=PERIOD_START, end=DEMO_DATE, keys=keys).items()}
        if got != SEED | SEED_TOTALS:
            raise ValueError(f"The commendations demo misses the seed: {got} instead of {SEED | SEED_TOTALS}")


def commendations_demo_seed() -> dict[str, int]:
    """Seed the commendations of the Bắc Giang demo (after the units demo). Does nothing when the register has
    commendations already. Returns the number of rows created."""
    if not getattr(settings, "ANTQ_ALLOW_DEMO_DATA", False):
        raise ImproperlyConfigured("Demo data is not allowed with these settings (production?).")
    with transaction.atomic():
        if Commendation.objects.exists():
            return {"commendations": 0}
        builder = _DemoBuilder()
        builder.build_all()
        builder.save()
        builder.check()
    return {"commendations": len(builder.rows)}

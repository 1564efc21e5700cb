"""Demo data of the units registry: Bắc Giang as the 2019 five-year review (the seed report) describes it.

For Bắc Giang and the period 15/08/2014 – 30/09/2019 every figure of this registry equals the seed: 1.575 units,
06 industrial zones and 38 clusters with 544 investment projects, 473 enterprises operating in them with 145.554
workers, guards 140 + 555 + 471 + 1.171, 52 new fire teams and 856 consolidations. A few rows sit just outside
the counting rules (dissolved or deleted units, units that start later, older and later yearly guard records,
dates outside the period) so that the demo shows those rules at work. Names are invented, except those the seed
names. Seeded by `make run` only; production settings refuse it."""

import datetime
import random
from dataclasses import dataclass

from django.conf import settings
from django.core.exceptions import ImproperlyConfigured
from django.db import transaction

from antqcore.demo import DEMO_DATE, PROVINCE_CODE
from antqcore.models import Area, AreaLevel
from antqcore.selectors import area_resolve, last_day_of_old_map

from .models import (
    FireTeam,
    FireTeamConsolidation,
    GuardForce,
    IndustrialZone,
    ManagingLevel,
    Unit,
    UnitKind,
    UnitStatus,
    UnitSubtype,
    ZoneInvestment,
    search_key,
)
from .services import unit_build

PERIOD_START = datetime.date(2014, 8, 15)
AFTER_PERIOD = DEMO_DATE + datetime.timedelta(days=1)
BEFORE_PERIOD = PERIOD_START - datetime.timedelta(days=1)

# The seed's figures (shared/seeds/seed-figures.csv).
UNITS = 1575
CLUSTERS = 38
INVESTMENT_PROJECTS = 544
ZONE_ENTERPRISES = 473
WORKERS = 145554
GUARDS = {"official_staff": 140, "long_term": 555, "short_term": 471, "bodyguards": 1171}
FIRE_TEAMS_NEW = 52
FIRE_TEAMS_CONSOLIDATED = 856
# The seed's linkage model of Song Khê with the FDI enterprises in the north of that zone.
SONG_KHE_FDI = 12

E, A, S = UnitKind.ENTERPRISE, UnitKind.AGENCY, UnitKind.SCHOOL
ST = UnitSubtype
PROVINCE, DISTRICT, COMMUNE = ManagingLevel.PROVINCE, ManagingLevel.DISTRICT, ManagingLevel.COMMUNE
CITY = "213"  # Thành phố Bắc Giang
ZONE_BOARD = "Ban Quản lý các khu công nghiệp tỉnh"


@dataclass(frozen=True)
class ZoneSpec:
    name: str
    area_code: str  # a commune where the zone lies in one, else its district
    commune_codes: tuple[str, ...]  # where its enterprises are
    enterprises: int  # operating on 30/09/2019, the named ones included
    fdi_share: float


INDUSTRIAL_ZONES = [
    ZoneSpec("Khu công nghiệp Đình Trám", "222", ("07783", "07795"), 68, 0.6),  # Hồng Thái, Nếnh
    ZoneSpec("Khu công nghiệp Quang Châu", "07807", ("07807",), 92, 0.7),
    # Its FDI enterprises are exactly the 12 of the linkage model; the others are domestic.
    ZoneSpec("Khu công nghiệp Song Khê - Nội Hoàng", CITY, ("07705", "07708"), 58, 0.0),
    ZoneSpec("Khu công nghiệp Vân Trung", "07801", ("07801",), 52, 0.7),
    ZoneSpec("Khu công nghiệp Việt Hàn", "222", ("07783", "07789"), 18, 0.6),  # Hồng Thái, Tăng Tiến
    ZoneSpec("Khu công nghiệp Hòa Phú", "223", ("07885",), 22, 0.4),  # Mai Đình
]
CLUSTERS_BY_DISTRICT = {"213": 3, "215": 4, "216": 5, "217": 6, "218": 4, "219": 3, "220": 2, "222": 4, "223": 5,
                        "224": 2}
KCN_COMMUNES = {"07705", "07708", "07783", "07789", "07795", "07801", "07807", "07885"}

# The units the seed names: (name, kind, subtype, commune code, managing level, managing body, extra fields).
SEED_UNITS = [
    ("Công ty TNHH Siflex Việt Nam", E, ST.FDI_ENTERPRISE, "07807", PROVINCE, ZONE_BOARD,
     {"investor_country": "Hàn Quốc", "zone": "Khu công nghiệp Quang Châu"}),
    ("Công ty TNHH Fuhong Precision Component Bắc Giang", E, ST.FDI_ENTERPRISE, "07795", PROVINCE, ZONE_BOARD,
     {"investor_country": "Đài Loan", "zone": "Khu công nghiệp Đình Trám"}),
    # The seed's "phường Đình Kế" is Dĩnh Kế on the official list.
    ("Công ty cổ phần Tổng Công ty may Bắc Giang", E, ST.PRIVATE_ENTERPRISE, "07231", PROVINCE, "", {}),
    ("Tổng Công ty may Bắc Giang LGG", E, ST.PRIVATE_ENTERPRISE, "07375", PROVINCE, "", {}),
    ("Công ty may Yên Thế", E, ST.PRIVATE_ENTERPRISE, "07288", DISTRICT, "", {}),
    ("Trường Cao đẳng Kỹ thuật - Công nghiệp", S, ST.HIGHER_EDUCATION, "07201", PROVINCE, "Bộ Công Thương", {}),
    ("Trường Phổ thông Dân tộc nội trú tỉnh", S, ST.UPPER_SECONDARY, "07225", PROVINCE,
     "Sở Giáo dục và Đào tạo", {}),
    ("Bệnh viện Đa khoa huyện Tân Yên", A, ST.HOSPITAL, "07339", PROVINCE, "Sở Y tế", {}),
    # The seed ties it to phường Lê Lợi, which is not on the official list any more: Ngô Quyền instead.
    ("Trường Trung cấp Y tế Bắc Giang", S, ST.HIGHER_EDUCATION, "07207", PROVINCE, "Sở Y tế", {}),
    # Also named by the seed's list of pilot models (later registries link to them).
    ("Trường THPT Ngô Sỹ Liên", S, ST.UPPER_SECONDARY, "07210", PROVINCE, "Sở Giáo dục và Đào tạo", {}),
    ("Trường THPT Lục Nam", S, ST.UPPER_SECONDARY, "07444", PROVINCE, "Sở Giáo dục và Đào tạo", {}),
    ("Trường THPT Lục Ngạn số 1", S, ST.UPPER_SECONDARY, "07525", PROVINCE, "Sở Giáo dục và Đào tạo", {}),
    ("Trường THPT Mỏ Trạng", S, ST.UPPER_SECONDARY, "07252", PROVINCE, "Sở Giáo dục và Đào tạo", {}),
    ("Trường THPT Sơn Động số 3", S, ST.UPPER_SECONDARY, "07645", PROVINCE, "Sở Giáo dục và Đào tạo", {}),
    ("Trường THPT Hiệp Hòa số 1", S, ST.UPPER_SECONDARY, "07840", PROVINCE, "Sở Giáo dục và Đào tạo", {}),
    ("Trường THPT Việt Yên số 2", S, ST.UPPER_SECONDARY, "07771", PROVINCE, "Sở Giáo dục và Đào tạo", {}),
    ("Bệnh viện Sản - Nhi Bắc Giang", A, ST.HOSPITAL, "07201", PROVINCE, "Sở Y tế", {}),
    ("Bệnh viện Đa khoa tỉnh Bắc Giang", A, ST.HOSPITAL, "07210", PROVINCE, "Sở Y tế", {}),
    ("Bệnh viện Ung Bướu tỉnh Bắc Giang", A, ST.HOSPITAL, "07687", PROVINCE, "Sở Y tế", {}),
    ("Bệnh viện Nội tiết tỉnh Bắc Giang", A, ST.HOSPITAL, "07687", PROVINCE, "Sở Y tế", {}),
    # Yên Dũng is not on the official list any more; its seat Neo is now phường Nham Biền of the city.
    ("Bệnh viện Đa khoa huyện Yên Dũng", A, ST.HOSPITAL, "07681", PROVINCE, "Sở Y tế", {}),
]

PROVINCE_BODIES = [
    "Văn phòng Ủy ban nhân dân tỉnh", "Văn phòng Đoàn ĐBQH và HĐND tỉnh", "Sở Tài chính", "Sở Kế hoạch và Đầu tư",
    "Sở Tư pháp", "Sở Công Thương", "Sở Xây dựng", "Sở Giao thông vận tải", "Sở Tài nguyên và Môi trường",
    "Sở Nông nghiệp và Phát triển nông thôn", "Sở Lao động - Thương binh và Xã hội", "Sở Giáo dục và Đào tạo",
    "Sở Y tế", "Sở Khoa học và Công nghệ", "Sở Văn hóa, Thể thao và Du lịch", "Sở Thông tin và Truyền thông",
    "Sở Nội vụ", "Sở Ngoại vụ", "Thanh tra tỉnh", "Ban Dân tộc tỉnh", "Ban Quản lý các khu công nghiệp tỉnh",
    "Cục Thuế tỉnh", "Cục Thống kê tỉnh", "Bảo hiểm xã hội tỉnh", "Liên đoàn Lao động tỉnh", "Tỉnh đoàn",
    "Hội Liên hiệp Phụ nữ tỉnh", "Hội Nông dân tỉnh", "Ủy ban Mặt trận Tổ quốc Việt Nam tỉnh",
    "Đài Phát thanh và Truyền hình tỉnh", "Trung tâm Kiểm soát bệnh tật tỉnh", "Trung tâm Xúc tiến đầu tư tỉnh",
]
PROVINCE_PUBLIC_SERVICES = {"Đài Phát thanh và Truyền hình tỉnh", "Trung tâm Kiểm soát bệnh tật tỉnh",
                            "Trung tâm Xúc tiến đầu tư tỉnh", "Bảo hiểm xã hội tỉnh"}
PROVINCE_HOSPITALS = ["Bệnh viện Y học cổ truyền tỉnh", "Bệnh viện Phổi tỉnh", "Bệnh viện Tâm thần tỉnh",
                      "Bệnh viện Phục hồi chức năng tỉnh"]
PROVINCE_BANK_BRANCHES = ["Ngân hàng TMCP Phúc Lộc", "Ngân hàng TMCP Hưng Thịnh", "Ngân hàng TMCP Đại Việt",
                          "Ngân hàng TMCP Sao Mai"]
COLLEGES = [
    "Trường Cao đẳng Công nghệ Bắc Giang", "Trường Cao đẳng Nông lâm Đông Bắc", "Trường Trung cấp Nghề Giao thông",
    "Trường Trung cấp Kỹ thuật Xây dựng", "Trường Trung cấp Văn hóa Nghệ thuật", "Trường Cao đẳng Kinh tế Kỹ thuật",
    "Trường Trung cấp Nghề Miền núi", "Trường Trung cấp Nghề Thủ công mỹ nghệ", "Trường Cao đẳng Du lịch Bắc Giang",
    "Trường Trung cấp Nghề Công nghiệp", "Trường Trung cấp Nghề Dân tộc nội trú",
]
# District bodies: (name, kind, subtype).
DISTRICT_BODIES = [
    ("Văn phòng HĐND và UBND", A, ST.STATE_AGENCY), ("Phòng Tài chính - Kế hoạch", A, ST.STATE_AGENCY),
    ("Phòng Tài nguyên và Môi trường", A, ST.STATE_AGENCY), ("Phòng Giáo dục và Đào tạo", A, ST.STATE_AGENCY),
    ("Phòng Lao động - Thương binh và Xã hội", A, ST.STATE_AGENCY), ("Phòng Nội vụ", A, ST.STATE_AGENCY),
    ("Phòng Tư pháp", A, ST.STATE_AGENCY), ("Phòng Văn hóa và Thông tin", A, ST.STATE_AGENCY),
    ("Phòng Kinh tế và Hạ tầng", A, ST.STATE_AGENCY), ("Thanh tra", A, ST.STATE_AGENCY),
    ("Chi cục Thuế", A, ST.STATE_AGENCY), ("Chi cục Thống kê", A, ST.STATE_AGENCY),
    ("Bảo hiểm xã hội", A, ST.PUBLIC_SERVICE), ("Trung tâm Văn hóa - Thể thao", A, ST.PUBLIC_SERVICE),
    ("Ban Quản lý dự án đầu tư xây dựng", A, ST.PUBLIC_SERVICE), ("Trung tâm Y tế", A, ST.HOSPITAL),
    ("Kho bạc Nhà nước", A, ST.BANK), ("Phòng giao dịch Ngân hàng Chính sách xã hội", A, ST.BANK),
    ("Trung tâm Giáo dục nghề nghiệp - Giáo dục thường xuyên", S, ST.OTHER),
]
DISTRICT_HOSPITALS = {"215", "217", "218", "219", "220", "222", "223"}  # Tân Yên's is named by the seed
THPT_BY_DISTRICT = {"213": 5, "215": 4, "216": 5, "217": 5, "218": 5, "219": 4, "220": 3, "222": 4, "223": 5,
                    "224": 2}
CREDIT_FUNDS = 22

BRANDS = [
    "An Phát", "Hưng Thịnh", "Minh Phát", "Thành Công", "Phú Cường", "Đại Việt", "Hoàng Long", "Tân Tiến",
    "Việt Thắng", "Bảo Minh", "Hải Đăng", "Quang Huy", "Đức Thành", "Thịnh Vượng", "Kim Ngân", "Trường Sơn",
    "Sao Mai", "Ánh Dương", "Hồng Hà", "Phúc Lộc", "Nam Việt", "Bắc Sơn", "Gia Bảo", "Thiên Phú", "Khánh An",
    "Hòa Bình", "Tiến Đạt", "Mạnh Hùng", "Vạn Xuân", "Lộc Phát", "Cầu Vồng", "Đông Á", "Hợp Nhất", "Song Toàn",
]
TRADES = [
    "May mặc", "Cơ khí chính xác", "Điện tử", "Bao bì", "Vật liệu xây dựng", "Xây dựng và Thương mại",
    "Chế biến nông sản", "Nhựa", "Chế biến gỗ", "Thực phẩm", "Vận tải", "Thương mại và Dịch vụ", "Dệt may",
    "Giày da", "Linh kiện điện tử", "Môi trường", "Gạch Tuynel", "Thức ăn chăn nuôi", "Kết cấu thép", "In ấn",
]
LEGAL_FORMS = ["Công ty TNHH", "Công ty cổ phần", "Công ty TNHH một thành viên"]
# Invented foreign brands from syllables: (country, weight, first syllables, second syllables, suffixes).
FDI_ORIGINS = [
    ("Hàn Quốc", 35, ["Dae", "Seon", "Ha", "Yeon", "Mun", "Gyeong", "Cheon", "Bo", "Il", "Jeong"],
     ["seon", "il", "won", "jin", "hwa", "min"], ["Vina", "Tech Vina", "Electronics Việt Nam", "Việt Nam"]),
    ("Trung Quốc", 25, ["Xin", "Jia", "Sheng", "Yuan", "Kai", "Rui", "Tong", "Heng"],
     ["feng", "yuan", "da", "xing", "long", "tai"], ["Technology Việt Nam", "Industrial Việt Nam", "Việt Nam"]),
    ("Đài Loan", 15, ["Tai", "Chen", "Kuo", "Lin", "Wei", "Shin", "Chung"],
     ["yang", "mei", "kuang", "teh", "hsin"], ["Precision Việt Nam", "Việt Nam"]),
    ("Nhật Bản", 12, ["Aki", "Tomo", "Hika", "Nishi", "Yama", "Kawa", "Mori", "Oka"],
     ["mura", "shima", "hara", "zawa", "da"], ["Việt Nam", "Manufacturing Việt Nam"]),
    ("Singapore", 5, ["Orchid", "Straits", "Harbour", "Lionbay"], [""], ["Pacific Việt Nam", "Asia Việt Nam"]),
    ("Hồng Kông", 8, ["Wing", "Kwong", "Tak", "Hing"], ["fat", "lee", "wah"], ["Holdings Việt Nam", "Việt Nam"]),
]
SURNAMES = ["Nguyễn", "Trần", "Lê", "Phạm", "Hoàng", "Vũ", "Đỗ", "Ngô", "Dương", "Đặng", "Bùi", "Thân", "Giáp"]
MIDDLE_NAMES = ["Văn", "Thị", "Đức", "Minh", "Thanh", "Quang", "Hữu", "Ngọc"]
GIVEN_NAMES = ["An", "Bình", "Cường", "Dũng", "Giang", "Hà", "Hải", "Hùng", "Hương", "Lan", "Long", "Mai", "Nam",
               "Phương", "Quân", "Sơn", "Thảo", "Trang", "Tuấn", "Yến"]


def _split(total: int, weights: list[float], minimum: int = 0) -> list[int]:
    """`total` in whole parts proportional to `weights`, each at least `minimum`, summing exactly to `total`."""
    rest = total - minimum * len(weights)
    if rest < 0:
        raise ValueError(f"{total} cannot give {len(weights)} parts of at least {minimum}")
    scale = sum(weights)
    shares = [rest * w / scale for w in weights]
    parts = [int(s) for s in shares]
    by_fraction = sorted(range(len(weights)), key=lambda i: (parts[i] - shares[i], i))
    for i in by_fraction[: rest - sum(parts)]:
        parts[i] += 1
    return [p + minimum for p in parts]


class _DemoBuilder:
    def __init__(self):
        self.rng = random.Random(2019)
        self.province = area_resolve(code=PROVINCE_CODE, on=DEMO_DATE)
        # Units sit in the communes of the last old map (with Thị xã Chũ, without Huyện Yên Dũng), the map this
        # demo was written for; 30/09/2019 itself is on the 2019 map (antqcore/data/history).
        areas = list(Area.objects.valid_on(last_day_of_old_map()).filter(path__startswith=self.province.path + ".")
                     .order_by("path"))
        self.districts = {a.code: a for a in areas if a.level == AreaLevel.DISTRICT}
        self.communes = {a.code: a for a in areas if a.level == AreaLevel.COMMUNE}
        self.communes_of = {d.code: [c for c in self.communes.values() if c.parent_id == d.pk]
                            for d in self.districts.values()}
        self.taken_names: set[str] = set()
        self.tax_codes = iter(self.rng.sample(range(10_000_000, 100_000_000), 3000))
        self.counted: list[Unit] = []  # units existing on DEMO_DATE
        self.others: list[Unit] = []  # dissolved before it, started after it, deleted
        self.zones: dict[str, IndustrialZone] = {}
        self.named: set[int] = set()  # ids of the units the seed names, kept out of the edge cases

    # --- helpers ---------------------------------------------------------------------------------------------

    def day(self, start: datetime.date, end: datetime.date) -> datetime.date:
        return start + datetime.timedelta(days=self.rng.randint(0, (end - start).days))

    def district_label(self, district: Area) -> str:
        return f"{district.kind.lower()} {district.short_name}"

    def seat(self, district_code: str) -> Area:
        """A town or ward of the district (where its offices plausibly are), else any commune of it."""
        towns = [c for c in self.communes_of[district_code] if c.kind in ("Thị trấn", "Phường")]
        return self.rng.choice(towns or self.communes_of[district_code])

    def person(self) -> str:
        return f"{self.rng.choice(SURNAMES)} {self.rng.choice(MIDDLE_NAMES)} {self.rng.choice(GIVEN_NAMES)}"

    def free(self, name: str) -> bool:
        return search_key(name) not in self.taken_names

    def domestic_name(self) -> str:
        while True:
            name = f"{self.rng.choice(LEGAL_FORMS)} {self.rng.choice(TRADES)} {self.rng.choice(BRANDS)}"
            if self.rng.random() < 0.3:
                name += " Bắc Giang"
            if self.free(name):
                return name

    def fdi_name(self) -> tuple[str, str]:
        while True:
            country, _weight, firsts, seconds, suffixes = self.rng.choices(FDI_ORIGINS,
                                                                           [o[1] for o in FDI_ORIGINS])[0]
            brand = self.rng.choice(firsts) + self.rng.choice(seconds)
            name = f"Công ty TNHH {brand} {self.rng.choice(suffixes)}"
            if self.free(name):
                return name, country

    def add(self, *, name: str, kind: str, subtype: str, commune: Area, level: str, body: str = "",
            zone: IndustrialZone | None = None, country: str = "", started_on: datetime.date | None = None,
            dissolved_on: datetime.date | None = None, counted: bool = True) -> Unit:
        rng = self.rng
        district = commune.parent
        workers = staff = students = 0
        if kind == E:
            workers = rng.randint(300, 2500) if subtype == ST.FDI_ENTERPRISE else rng.randint(15, 600)
            staff = max(3, workers // 20)
        elif kind == S:
            staff = rng.randint(40, 160)
            students = rng.randint(1000, 5000) if subtype == ST.HIGHER_EDUCATION else rng.randint(350, 1900)
        else:
            staff = rng.randint(150, 900) if subtype == ST.HOSPITAL else rng.randint(8, 120)
        place = f"{commune.kind.lower()} {commune.short_name}, {self.district_label(district)}"
        unit = unit_build(data={
            "name": name, "kind": kind, "subtype": subtype, "investor_country": country,
            "tax_code": f"24{next(self.tax_codes)}" if kind == E else "",
            "commune": commune, "address": f"{zone.name}, {place}" if zone else place,
            "managing_level": level, "managing_body": body,
            "staff_count": staff, "worker_count": workers, "student_count": students, "headcount_year": 2019,
            "has_party_organisation": kind != E or subtype == ST.STATE_ENTERPRISE or rng.random() < 0.25,
            "zone": zone,
            "status": UnitStatus.DISSOLVED if dissolved_on else UnitStatus.ACTIVE,
            "started_on": started_on, "dissolved_on": dissolved_on,
            "contact_person": self.person() if rng.random() < 0.8 else "",
            "phone": f"0204 3{rng.randint(0, 999):03d} {rng.randint(0, 999):03d}" if rng.random() < 0.8 else "",
        })
        self.taken_names.add(unit.name_key)
        (self.counted if counted else self.others).append(unit)
        return unit

    def enterprise(self, *, commune: Area, zone: IndustrialZone | None = None, fdi: bool = False,
                   state: bool = False, **dates) -> Unit:
        if fdi:
            name, country = self.fdi_name()
            subtype = ST.FDI_ENTERPRISE
        else:
            name, country = self.domestic_name(), ""
            subtype = ST.STATE_ENTERPRISE if state else ST.PRIVATE_ENTERPRISE
        if zone is not None and zone.kind == IndustrialZone.Kind.ZONE:
            level, body = PROVINCE, ZONE_BOARD
        elif fdi:
            level, body = PROVINCE, "Sở Kế hoạch và Đầu tư"
        elif state:
            level, body = PROVINCE, "UBND tỉnh"
        else:
            level, body = DISTRICT, f"UBND {self.district_label(commune.parent)}"
        if "started_on" not in dates:
            earliest = (zone.established_on if zone and zone.established_on else datetime.date(2004, 1, 1))
            dates["started_on"] = self.day(max(earliest, datetime.date(1998, 1, 1)), datetime.date(2019, 6, 30))
        return self.add(name=name, kind=E, subtype=subtype, commune=commune, level=level, body=body, zone=zone,
                        country=country, **dates)

    def old_start(self) -> datetime.date | None:
        return None if self.rng.random() < 0.4 else self.day(datetime.date(1960, 1, 1), datetime.date(2012, 12, 31))

    # --- zones -----------------------------------------------------------------------------------------------

    def build_zones(self) -> None:
        rng = self.rng
        zones = [IndustrialZone(name=z.name, kind=IndustrialZone.Kind.ZONE,
                                area=self.districts.get(z.area_code) or self.communes[z.area_code])
                 for z in INDUSTRIAL_ZONES]
        used = {search_key(c.short_name) for c in self.communes.values() if c.code in KCN_COMMUNES}
        for district_code, n in CLUSTERS_BY_DISTRICT.items():
            candidates = [c for c in self.communes_of[district_code] if search_key(c.short_name) not in used]
            for commune in rng.sample(candidates, n):
                used.add(search_key(commune.short_name))
                zones.append(IndustrialZone(name=f"Cụm công nghiệp {commune.short_name}",
                                            kind=IndustrialZone.Kind.CLUSTER, area=commune,
                                            established_on=self.day(datetime.date(2006, 1, 1),
                                                                    datetime.date(2018, 12, 31))))
        # Two clusters planned after the period: they must not count in 2019.
        for district_code, established in (("217", datetime.date(2020, 6, 15)), ("223", datetime.date(2021, 3, 10))):
            commune = rng.choice([c for c in self.communes_of[district_code]
                                  if search_key(c.short_name) not in used])
            used.add(search_key(commune.short_name))
            zones.append(IndustrialZone(name=f"Cụm công nghiệp {commune.short_name}",
                                        kind=IndustrialZone.Kind.CLUSTER, area=commune, established_on=established))
        IndustrialZone.objects.bulk_create(zones)
        self.zones = {z.name: z for z in zones}

    # --- units -----------------------------------------------------------------------------------------------

    def build_units(self) -> None:
        self.build_seed_units()
        self.build_zone_enterprises()
        self.build_agencies_and_schools()
        self.build_other_enterprises()
        self.mark_edge_cases()
        self.assign_workers()
        self.build_not_counted()
        Unit.objects.bulk_create(self.counted + self.others)

    def build_seed_units(self) -> None:
        for name, kind, subtype, code, level, body, extra in SEED_UNITS:
            zone = self.zones.get(extra.get("zone", ""))
            started = self.day(datetime.date(2008, 1, 1), datetime.date(2016, 12, 31)) if zone else self.old_start()
            unit = self.add(name=name, kind=kind, subtype=subtype, commune=self.communes[code], level=level,
                            body=body, zone=zone, country=extra.get("investor_country", ""), started_on=started)
            if kind == E and zone is None:  # the garment corporations are large employers
                unit.worker_count = self.rng.randint(1500, 4000)
                unit.staff_count = unit.worker_count // 20
        self.named = {id(u) for u in self.counted}

    def build_zone_enterprises(self) -> None:
        rng = self.rng
        placed = {name: sum(1 for u in self.counted if u.zone and u.zone.name == name) for name in self.zones}
        song_khe = self.zones["Khu công nghiệp Song Khê - Nội Hoàng"]
        for _ in range(SONG_KHE_FDI):
            self.enterprise(commune=self.communes["07705"], zone=song_khe, fdi=True)
            placed[song_khe.name] += 1
        for spec in INDUSTRIAL_ZONES:
            zone = self.zones[spec.name]
            for _ in range(spec.enterprises - placed[spec.name]):
                commune = self.communes[rng.choice(spec.commune_codes)]
                self.enterprise(commune=commune, zone=zone, fdi=rng.random() < spec.fdi_share)
        clusters = [z for z in self.zones.values()
                    if z.kind == IndustrialZone.Kind.CLUSTER and z.established_on <= DEMO_DATE]
        in_clusters = ZONE_ENTERPRISES - sum(z.enterprises for z in INDUSTRIAL_ZONES)
        for cluster, n in zip(clusters, _split(in_clusters, [rng.uniform(0.5, 1.5) for _ in clusters], 2),
                              strict=True):
            for _ in range(n):
                self.enterprise(commune=cluster.area, zone=cluster, fdi=rng.random() < 0.1)

    def build_agencies_and_schools(self) -> None:
        rng = self.rng
        for body in PROVINCE_BODIES:
            name = body[: -len("tỉnh")] + "tỉnh Bắc Giang" if body.endswith("tỉnh") else f"{body} tỉnh Bắc Giang"
            subtype = ST.PUBLIC_SERVICE if body in PROVINCE_PUBLIC_SERVICES else ST.STATE_AGENCY
            self.add(name=name, kind=A, subtype=subtype, commune=self.seat(CITY),
                     level=PROVINCE, body="UBND tỉnh", started_on=self.old_start())
        for body in PROVINCE_HOSPITALS:
            self.add(name=f"{body} Bắc Giang", kind=A, subtype=ST.HOSPITAL, commune=self.seat(CITY),
                     level=PROVINCE, body="Sở Y tế", started_on=self.old_start())
        ngo_quyen = self.communes["07207"]  # the seed's linkage model of Ngô Quyền with the banks of the ward
        for bank in PROVINCE_BANK_BRANCHES:
            self.add(name=f"{bank} - Chi nhánh Bắc Giang", kind=E, subtype=ST.BANK, commune=ngo_quyen,
                     level=PROVINCE, started_on=self.day(datetime.date(1995, 1, 1), datetime.date(2012, 12, 31)))
        for name in COLLEGES:
            self.add(name=name, kind=S, subtype=ST.HIGHER_EDUCATION, commune=self.seat(rng.choice(
                list(self.districts))), level=PROVINCE, body="Sở Lao động - Thương binh và Xã hội",
                started_on=self.old_start())
        for code, district in self.districts.items():
            label = self.district_label(district)
            for body, kind, subtype in DISTRICT_BODIES:
                self.add(name=f"{body} {label}", kind=kind, subtype=subtype, commune=self.seat(code),
                         level=DISTRICT, body=f"UBND {label}", started_on=self.old_start())
            if code in DISTRICT_HOSPITALS:
                self.add(name=f"Bệnh viện Đa khoa {label}", kind=A, subtype=ST.HOSPITAL, commune=self.seat(code),
                         level=PROVINCE, body="Sở Y tế", started_on=self.old_start())
            numbered = 1
            for _ in range(THPT_BY_DISTRICT[code]):
                while not self.free(f"Trường THPT {district.short_name} số {numbered}"):
                    numbered += 1
                self.add(name=f"Trường THPT {district.short_name} số {numbered}", kind=S,
                         subtype=ST.UPPER_SECONDARY, commune=self.seat(code), level=PROVINCE,
                         body="Sở Giáo dục và Đào tạo", started_on=self.old_start())
        for commune in self.communes.values():
            if rng.random() < 0.98:
                label = self.district_label(commune.parent)
                self.add(name=f"Trường THCS {commune.short_name}", kind=S, subtype=ST.LOWER_SECONDARY,
                         commune=commune, level=DISTRICT, body=f"Phòng Giáo dục và Đào tạo {label}",
                         started_on=self.old_start())
        rural = [c for c in self.communes.values() if c.kind == "Xã"]
        for commune in rng.sample(rural, CREDIT_FUNDS):
            self.add(name=f"Quỹ tín dụng nhân dân {commune.kind.lower()} {commune.short_name}", kind=E,
                     subtype=ST.BANK, commune=commune, level=COMMUNE, body=f"UBND {commune.kind.lower()} "
                     f"{commune.short_name}", started_on=self.day(datetime.date(1994, 1, 1),
                                                                  datetime.date(2010, 12, 31)))

    def build_other_enterprises(self) -> None:
        """Enterprises outside the zones, as many as make the count of units exactly the seed's."""
        rng = self.rng
        weights = {"213": 30, "222": 15, "217": 10, "223": 10, "216": 8, "215": 6, "218": 7, "219": 5, "220": 3,
                   "224": 6}
        codes = list(weights)
        missing = UNITS - len(self.counted)
        if missing <= 0:
            raise ValueError(f"The fixed units already number {len(self.counted)}, more than {UNITS}")
        for _ in range(missing):
            code = rng.choices(codes, [weights[c] for c in codes])[0]
            commune = rng.choice([c for c in self.communes_of[code] if c.code not in KCN_COMMUNES])
            draw = rng.random()
            self.enterprise(commune=commune, fdi=draw < 0.08, state=0.08 <= draw < 0.14)

    def mark_edge_cases(self) -> None:
        """Counted units on the edges of the rules: dissolved after 30/09/2019, or started on that very day."""
        rng = self.rng
        generated = [u for u in self.counted if u.kind == E and id(u) not in self.named]
        enterprises = [u for u in generated if u.zone is None and u.subtype != ST.BANK]
        in_zones = [u for u in generated if u.zone is not None and u.zone.kind == IndustrialZone.Kind.CLUSTER]
        for unit, dissolved in zip(rng.sample(enterprises, 3) + rng.sample(in_zones, 1),
                                   [datetime.date(2020, 3, 31), datetime.date(2021, 12, 31), AFTER_PERIOD,
                                    datetime.date(2022, 6, 30)], strict=True):
            unit.status, unit.dissolved_on = UnitStatus.DISSOLVED, dissolved
        late = next(u for u in enterprises if u.dissolved_on is None)
        late.started_on = DEMO_DATE

    def assign_workers(self) -> None:
        """Workers of the enterprises in zones add up to the seed's 145.554, in proportion to a random size."""
        in_zones = [u for u in self.counted if u.kind == E and u.zone is not None]
        if len(in_zones) != ZONE_ENTERPRISES:
            raise ValueError(f"{len(in_zones)} enterprises in zones, the seed has {ZONE_ENTERPRISES}")
        for unit, workers in zip(in_zones, _split(WORKERS, [u.worker_count for u in in_zones], 15), strict=True):
            unit.worker_count, unit.staff_count = workers, max(3, workers // 20)

    def build_not_counted(self) -> None:
        """Units that must not count on 30/09/2019."""
        rng = self.rng

        def commune_outside_zones() -> Area:
            return rng.choice([c for c in self.communes.values() if c.code not in KCN_COMMUNES])

        # Only a deleted unit: every unit the registry lists is one of the 1.575 that exist on 30/09/2019, so the
        # list and the API count what the seed counts. (Units dissolved after that day are among them.)
        deleted = self.enterprise(commune=commune_outside_zones(), counted=False,
                                  started_on=datetime.date(2010, 1, 4))
        deleted.deleted_at = datetime.datetime(2019, 3, 1, 9, 0, tzinfo=datetime.UTC)

    # --- investments, guards, fire teams ---------------------------------------------------------------------

    def build_investments(self) -> list[ZoneInvestment]:
        rng = self.rng
        operating: dict[int, int] = {}
        for unit in self.counted:
            if unit.zone is not None:
                operating[unit.zone.pk] = operating.get(unit.zone.pk, 0) + 1
        zones = [z for z in self.zones.values() if z.established_on is None or z.established_on <= DEMO_DATE]
        # Each zone attracted at least as many projects as it has enterprises; the rest is spread, more on the KCN.
        extra = _split(INVESTMENT_PROJECTS - sum(operating.values()),
                       [4.0 if z.kind == IndustrialZone.Kind.ZONE else rng.uniform(0.2, 1.2) for z in zones])
        rows = []
        for zone, more in zip(zones, extra, strict=True):
            first = max(2008, zone.established_on.year if zone.established_on else 2008)
            years = list(range(first, 2020))
            per_year = _split(operating.get(zone.pk, 0) + more, [rng.uniform(0.3, 1.5) for _ in years])
            rows += [ZoneInvestment(zone=zone, year=y, projects=n) for y, n in zip(years, per_year, strict=True)
                     if n]
        # Projects of later years, which a 2019 figure must leave out.
        for zone in rng.sample(zones[:6], 3) + [z for z in self.zones.values() if z not in zones]:
            rows.append(ZoneInvestment(zone=zone, year=2021, projects=rng.randint(1, 6)))
        ZoneInvestment.objects.bulk_create(rows)
        return rows

    def build_guards(self) -> list[GuardForce]:
        rng = self.rng
        counted = self.counted
        pools = {
            "official_staff": ([u for u in counted if u.kind != E or u.subtype == ST.STATE_ENTERPRISE], 75, 1),
            "long_term": ([u for u in counted if u.kind == E or u.subtype in (ST.HOSPITAL, ST.HIGHER_EDUCATION)],
                          240, 1),
            "short_term": ([u for u in counted if u.subtype != ST.STATE_AGENCY], 220, 1),
            "bodyguards": ([u for u in counted if u.subtype in (ST.FDI_ENTERPRISE, ST.BANK, ST.HOSPITAL)
                            or u.worker_count >= 300], 180, 2),
        }
        parts: dict[int, dict[str, int]] = {}  # index in self.counted → its guards by employment
        index = {id(u): i for i, u in enumerate(counted)}
        for field, (pool, n, minimum) in pools.items():
            chosen = rng.sample(pool, n)
            weights = [1 + u.worker_count / 500 + rng.random() for u in chosen]
            for unit, count in zip(chosen, _split(GUARDS[field], weights, minimum), strict=True):
                parts.setdefault(index[id(unit)], {})[field] = count

        rows = []
        for i in sorted(parts):
            unit, latest = counted[i], rng.choices([2019, 2018, 2017], [70, 20, 10])[0]
            rows.append(self.guard_row(unit, latest, parts[i]))
            # Earlier records with other numbers: only the latest year counts.
            if rng.random() < 0.35:
                for year in (latest - 1, latest - 2):
                    rows.append(self.guard_row(unit, year, self.vary(parts[i])))
            if latest == 2019 and rng.random() < 0.05:  # a record of 2020 is not yet there in 2019
                rows.append(self.guard_row(unit, 2020, self.vary(parts[i])))
        for unit in self.others:  # units that do not exist on 30/09/2019 keep their guards out of it
            year = (unit.dissolved_on or unit.started_on).year
            rows.append(self.guard_row(unit, year, {"long_term": rng.randint(1, 6), "bodyguards": rng.randint(2, 9)}))
        GuardForce.objects.bulk_create(rows)
        return rows

    def vary(self, parts: dict[str, int]) -> dict[str, int]:
        return {f: max(0, n + self.rng.choice([-2, -1, 1, 2])) for f, n in parts.items()}

    def guard_row(self, unit: Unit, year: int, parts: dict[str, int]) -> GuardForce:
        total = sum(parts.values())
        hired, own = parts.get("bodyguards", 0), total - parts.get("bodyguards", 0)
        staffing = (GuardForce.Staffing.BOTH if hired and own else
                    GuardForce.Staffing.HIRED if hired else GuardForce.Staffing.OWN)
        form = (GuardForce.Form.NONE if total == 0 else GuardForce.Form.SECTION if total >= 15 else
                GuardForce.Form.TEAM if total >= 5 else GuardForce.Form.GROUP)
        return GuardForce(unit=unit, year=year, organisation_form=form, staffing=staffing,
                          trained=self.rng.randint(0, total), **parts)

    def build_fire_teams(self) -> tuple[list[FireTeam], list[FireTeamConsolidation]]:
        rng = self.rng
        candidates = rng.sample(self.counted, 900)
        started_before = [u for u in candidates if u.started_on is None or u.started_on <= BEFORE_PERIOD]
        old_units = started_before[:-FIRE_TEAMS_NEW]
        new_units = started_before[-FIRE_TEAMS_NEW:]  # teams founded later than their unit, within the period
        with_team = {id(u) for u in started_before}
        later_units = [u for u in self.counted if id(u) not in with_team][:3]

        def founded(unit: Unit, start: datetime.date, end: datetime.date) -> datetime.date:
            return self.day(max(start, unit.started_on or start), end)

        teams: list[FireTeam] = []
        for i, unit in enumerate(old_units):
            day = BEFORE_PERIOD if i == 0 else founded(unit, datetime.date(2005, 1, 1), BEFORE_PERIOD)
            teams.append(FireTeam(unit=unit, established_on=day, members=rng.randint(5, 40)))
        n_old = len(teams)
        for i, unit in enumerate(new_units):  # the first and the last day of the period count too
            day = {0: PERIOD_START, 1: DEMO_DATE}.get(i) or self.day(PERIOD_START, DEMO_DATE)
            teams.append(FireTeam(unit=unit, established_on=day, members=rng.randint(5, 40)))
        for unit in later_units:
            teams.append(FireTeam(unit=unit, established_on=founded(unit, AFTER_PERIOD, datetime.date(2021, 6, 30)),
                                  members=rng.randint(5, 40)))
        deleted = next(u for u in self.others if u.deleted_at)  # a deleted unit's team must not count
        teams.append(FireTeam(unit=deleted, established_on=datetime.date(2016, 5, 10), members=12))

        # (team index, date); the first and last days of the period count, the days around them do not.
        plan: list[tuple[int, datetime.date]] = [(0, PERIOD_START), (2, DEMO_DATE)]
        per_team = {0: 1, 2: 1}
        counted_teams = list(range(n_old + FIRE_TEAMS_NEW))
        while len(plan) < FIRE_TEAMS_CONSOLIDATED:
            i = rng.choice(counted_teams)
            if per_team.get(i, 0) >= 3:
                continue
            per_team[i] = per_team.get(i, 0) + 1
            plan.append((i, self.day(max(PERIOD_START, teams[i].established_on), DEMO_DATE)))
        early = next(i for i in range(n_old) if teams[i].established_on <= datetime.date(2013, 5, 20))
        plan += [(early, datetime.date(2013, 5, 20)), (0, BEFORE_PERIOD), (4, AFTER_PERIOD),
                 (5, datetime.date(2020, 6, 15)), (len(teams) - 1, datetime.date(2017, 9, 12))]
        plan.sort(key=lambda p: p[1])
        consolidation_members = []
        for i, _day in plan:
            teams[i].members = max(3, teams[i].members + rng.randint(-4, 6))  # the team's size after it
            consolidation_members.append(teams[i].members)
        FireTeam.objects.bulk_create(teams)
        rows = [FireTeamConsolidation(team=teams[i], date=day, members=members,
                                      note=rng.choice(["Kiện toàn đội viên", "Thay đội trưởng", "Huấn luyện lại",
                                                       "Bổ sung đội viên mới"]))
                for (i, day), members in zip(plan, consolidation_members, strict=True)]
        FireTeamConsolidation.objects.bulk_create(rows)
        return teams, rows


def units_demo_seed() -> dict[str, int]:
    """Seed the units registry of the Bắc Giang demo. Does nothing when the registry has units or zones already.
    Returns the number of rows created by model."""
    if not getattr(settings, "ANTQ_ALLOW_DEMO_DATA", False):
        raise ImproperlyConfigured("Demo data is not allowed with these settings (production?).")
    with transaction.atomic():
        if Unit.objects.exists() or IndustrialZone.objects.exists():
            return {"zones": 0, "investments": 0, "units": 0, "guard_forces": 0, "fire_teams": 0,
                    "fire_team_consolidations": 0}
        builder = _DemoBuilder()
        builder.build_zones()
        builder.build_units()
        investments = builder.build_investments()
        guards = builder.build_guards()
        teams, consolidations = builder.build_fire_teams()
    return {"zones": len(builder.zones), "investments": len(investments),
            "units": len(builder.counted) + len(builder.others), "guard_forces": len(guards),
            "fire_teams": len(teams), "fire_team_consolidations": len(consolidations)}

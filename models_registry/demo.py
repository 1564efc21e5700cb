"""Demo data of the models registry: Bắc Giang's mass-organization models doing security work, as the 2019
five-year review (the seed report, sections II.1 and 2.5 with its footnote 4) describes them.

For Bắc Giang and the period 15/08/2014 – 30/09/2019 every figure of the seed equals it: 219 self-management
models, 37 border, 33 linked, 55 area and 8 safety-belt security clusters maintained on 30/09/2019; new pilot
models since 2018 (25 "safe unit", 3 self-management, 7 linkage: 35, the seed's parts, where its total says 34);
12 FDI enterprises in the linkage model of Song Khê with the north of the Song Khê - Nội Hoàng zone; 13 units
chosen as pilot sites by Plan 61/KH-CAT-PV28 of 31/03/2015. The models the seed names exist under its names, on
the units it names (created by the units demo). Rows just outside the counting rules show them at work: models
eliminated inside the period (with a reason, one on its last day), one eliminated after it, one founded on its
last day, models founded after it, pilots made before and after it, pilot selections of other years, linkage
models with FDI participants that were eliminated or came later. About one model in eight is formalistic, as the
seed criticises (a decision and members, but no regulation, no launch or no briefing for months).

The official list has no map geometry, so a border cluster pairs a commune of a district with one of a district
(or province) that really borders it, not two communes surveyed on the ground. Names of people, hamlets and
decision numbers are invented. Seeded by `make run` only; production settings refuse it."""

import datetime
import random
from dataclasses import dataclass, field

from dateutil.relativedelta import relativedelta
from django.conf import settings
from django.core.exceptions import ImproperlyConfigured
from django.db import transaction

from antqcore.demo import DEMO_DATE, PROVINCE_CODE
from antqcore.models import Area, AreaLevel
from antqcore.selectors import area_q, area_resolve, last_day_of_old_map
from units.demo import INDUSTRIAL_ZONES, KCN_COMMUNES
from units.models import IndustrialZone, Unit, UnitKind, UnitSubtype, search_key

from . import selectors
from .models import Activity, ModelStatus, ModelType, MovementModel, PilotSelection, Rating, Review

D = datetime.date
PERIOD_START = D(2014, 8, 15)
BEFORE_PERIOD = PERIOD_START - datetime.timedelta(days=1)
AFTER_PERIOD = DEMO_DATE + datetime.timedelta(days=1)
PILOTS_FROM = D(2018, 1, 1)  # "new pilot models since 2018"
ACTIVITY_FROM, ACTIVITY_TO = D(2015, 1, 1), D(2019, 12, 31)  # briefings and reviews are recorded for 2015–2019

# The seed's figures (shared/seeds/seed-figures.csv): models maintained on 30/09/2019 by type, new pilots by type.
MAINTAINED = {"self_managed": 219, "border_cluster": 37, "linked_cluster": 33, "area_cluster": 55,
              "safety_belt_cluster": 8}
NEW_PILOTS = {"safe_unit": 25, "self_managed": 3, "linkage": 7}
FDI_LINKAGE_PARTICIPANTS = 12
PLAN_61, PLAN_61_DATE, PLAN_61_UNITS = "Kế hoạch 61/KH-CAT-PV28", D(2015, 3, 31), 13
# Types the seed gives no figure for: how many are maintained besides the named models and the pilots.
OTHER_MAINTAINED = {"linkage": 11, "safe_unit": 8, "worker_shock_team": 13, "boarding_house_team": 36}
# Eliminated inside the period, by type (the edge cases below add to these).
ELIMINATED = {"self_managed": 5, "border_cluster": 2, "linked_cluster": 1, "area_cluster": 3,
              "boarding_house_team": 2}
FORMALISTIC_SHARE = 0.12

PLAN_1010 = "Công văn số 1010/UBND-NC của UBND tỉnh"
PLAN_126 = "Công văn số 126/V05-P5 ngày 15/02/2019 của Cục Xây dựng phong trào bảo vệ ANTT"
DATE_126 = D(2019, 2, 15)
PROVINCE_REVIEWER = "Cơ quan thường trực Ban Chỉ đạo tỉnh"

SAFE = {UnitKind.SCHOOL: "Trường học", UnitKind.AGENCY: "Cơ quan", UnitKind.ENTERPRISE: "Công ty"}
# The models the seed names (section 2.5 and footnote 4): (name, type, host unit, partner commune code,
# participants: unit names or a rule, plan). The seed's "phường Đình Kế" is Dĩnh Kế (07231) and its "phường Lê
# Lợi" is no longer on the official list: the units demo put the school in Ngô Quyền (07207).
SAFE_UNIT_PILOTS = [
    ("Trường học", "Trường Cao đẳng Kỹ thuật - Công nghiệp"),
    ("Trường học", "Trường Phổ thông Dân tộc nội trú tỉnh"),
    ("Trường học", "Trường THPT Ngô Sỹ Liên"),
    ("Trường học", "Trường THPT Lục Nam"),
    ("Trường học", "Trường THPT Lục Ngạn số 1"),
    ("Trường học", "Trường THPT Mỏ Trạng"),
    ("Trường học", "Trường THPT Sơn Động số 3"),
    ("Trường học", "Trường THPT Hiệp Hòa số 1"),
    ("Trường học", "Trường THPT Việt Yên số 2"),
    ("Bệnh viện", "Bệnh viện Sản - Nhi Bắc Giang"),
    ("Bệnh viện", "Bệnh viện Đa khoa huyện Yên Dũng"),
    ("Bệnh viện", "Bệnh viện Đa khoa huyện Tân Yên"),
    ("Công ty", "Tổng Công ty may Bắc Giang LGG"),
]
SONG_KHE_ZONE = "Khu công nghiệp Song Khê - Nội Hoàng"
SONG_KHE_MODEL = ("Liên kết bảo đảm ANTT giữa UBND xã Song Khê với các Công ty, doanh nghiệp phía Bắc Khu công "
                  "nghiệp Song Khê - Nội Hoàng")
LINKAGE_PILOTS = [  # (name, partner commune, participants, plan)
    ("Liên kết bảo đảm ANTT giữa UBND phường Hoàng Văn Thụ với Bệnh viện Đa khoa tỉnh Bắc Giang", "07210",
     ["Bệnh viện Đa khoa tỉnh Bắc Giang"], PLAN_1010),
    ("Liên kết bảo đảm ANTT giữa UBND xã Tân Mỹ với Bệnh viện Ung Bướu, Bệnh viện Nội Tiết tỉnh Bắc Giang", "07687",
     ["Bệnh viện Ung Bướu tỉnh Bắc Giang", "Bệnh viện Nội tiết tỉnh Bắc Giang"], PLAN_1010),
    ("Liên kết bảo đảm ANTT giữa UBND phường Đình Kế với Công ty cổ phần Tổng Công ty may Bắc Giang", "07231",
     ["Công ty cổ phần Tổng Công ty may Bắc Giang"], PLAN_1010),
    ("Liên kết bảo đảm ANTT giữa UBND phường Lê Lợi với Trường Trung cấp Y tế Bắc Giang", "07207",
     ["Trường Trung cấp Y tế Bắc Giang"], PLAN_1010),
    ("Liên kết bảo đảm ANTT giữa UBND phường Ngô Quyền với các Ngân hàng đóng trên địa bàn phường", "07207",
     "banks", PLAN_1010),
    (SONG_KHE_MODEL, "07705", "song_khe", PLAN_126),
]
SELF_MANAGED_PILOTS = [  # (name, host, plan)
    ("“Tự quản về ANTT” tại Công ty may Yên Thế", "Công ty may Yên Thế", PLAN_1010),
    ("“Đội tự quản bảo đảm ANTT, an toàn tài sản” tại Công ty TNHH Fuhong Precision Component Bắc Giang",
     "Công ty TNHH Fuhong Precision Component Bắc Giang", PLAN_126),
]
SIFLEX = ("“Đội công nhân xung kích bảo đảm ANTT” tại Công ty TNHH Siflex Việt Nam", "Công ty TNHH Siflex Việt Nam")
# Units chosen by Plan 61/KH-CAT-PV28 (the seed does not name them): these, then others drawn to make 13.
PLAN_61_NAMED = ["Trường Cao đẳng Kỹ thuật - Công nghiệp", "Bệnh viện Đa khoa tỉnh Bắc Giang",
                 "Công ty cổ phần Tổng Công ty may Bắc Giang", "Tổng Công ty may Bắc Giang LGG", "Công ty may Yên Thế",
                 "Trường THPT Ngô Sỹ Liên", "Bệnh viện Đa khoa huyện Tân Yên"]

# Districts of Bắc Giang (2019 codes) and what each borders: other districts, then provinces.
NEIGHBOURS = {
    "213": (["217", "222", "218", "216"], ["tỉnh Bắc Ninh", "tỉnh Hải Dương"]),
    "215": (["216", "217"], ["tỉnh Thái Nguyên", "tỉnh Lạng Sơn"]),
    "216": (["215", "217", "222", "223", "213"], ["tỉnh Thái Nguyên"]),
    "217": (["215", "216", "213", "218"], ["tỉnh Lạng Sơn"]),
    "218": (["217", "213", "219", "220", "224"], ["tỉnh Hải Dương"]),
    "219": (["218", "220", "224"], ["tỉnh Lạng Sơn"]),
    "220": (["219", "218"], ["tỉnh Quảng Ninh", "tỉnh Lạng Sơn"]),
    "222": (["213", "216", "223"], ["tỉnh Bắc Ninh"]),
    "223": (["216", "222"], ["tỉnh Thái Nguyên", "thành phố Hà Nội", "tỉnh Bắc Ninh"]),
    "224": (["219", "218"], []),
}
HAMLETS = ["thôn Đông", "thôn Tây", "thôn Nam", "thôn Bắc", "thôn Trung", "thôn Thượng", "thôn Hạ", "thôn Chùa",
           "thôn Đình", "thôn Giữa", "khu dân cư số 1", "khu dân cư số 2", "khu dân cư số 3", "tổ dân phố số 4",
           "tổ dân phố số 5"]
SURNAMES = ["Nguyễn", "Trần", "Lê", "Phạm", "Hoàng", "Vũ", "Đỗ", "Ngô", "Dương", "Đặng", "Bùi", "Thân", "Giáp"]
MIDDLE_NAMES = ["Văn", "Thị", "Đức", "Minh", "Thanh", "Quang", "Hữu", "Ngọc"]
GIVEN_NAMES = ["An", "Bình", "Cường", "Dũng", "Giang", "Hà", "Hải", "Hùng", "Hương", "Lan", "Long", "Mai", "Nam",
               "Phương", "Quân", "Sơn", "Thảo", "Trang", "Tuấn", "Yến"]
ELIMINATION_REASONS = [
    "Hoạt động hình thức, không duy trì giao ban, báo cáo; thanh loại theo kết quả sơ kết.",
    "Không còn phù hợp với tình hình thực tế của địa bàn; thành viên chuyển công tác, không kiện toàn được.",
    "Sáp nhập vào mô hình khác trên cùng địa bàn để hoạt động hiệu quả hơn.",
]
REVIEW_NOTES = {
    "Tốt": "Duy trì giao ban đều đặn, phát hiện và phối hợp giải quyết kịp thời các vụ việc về ANTT.",
    "Khá": "Hoạt động nền nếp; cần tăng cường trao đổi thông tin với Công an cơ sở.",
    "Trung bình": "Hoạt động chưa thường xuyên, chế độ báo cáo chưa nghiêm; yêu cầu kiện toàn, củng cố.",
    "Yếu": "Hoạt động mang tính hình thức; đề nghị kiện toàn hoặc thanh loại nếu không khắc phục.",
}


@dataclass
class _Plan:
    """One model to be: the row, and what its records should look like."""

    row: MovementModel
    participants: list[Unit] = field(default_factory=list)
    formalism: str = ""  # "", "no_regulation", "no_launch", "silent"
    named: bool = False


class _DemoBuilder:
    def __init__(self):
        self.rng = random.Random(2015)
        self.province = area_resolve(code=PROVINCE_CODE, on=DEMO_DATE)
        # The units' map, the last old one (see units/demo.py), not the 2019 map.
        areas = list(Area.objects.valid_on(last_day_of_old_map()).filter(path__startswith=self.province.path + ".")
                     .select_related("parent").order_by("path"))
        self.districts = {a.code: a for a in areas if a.level == AreaLevel.DISTRICT}
        self.communes = {a.code: a for a in areas if a.level == AreaLevel.COMMUNE}
        self.communes_of = {code: [c for c in self.communes.values() if c.parent_id == d.pk]
                            for code, d in self.districts.items()}
        self.units = list(Unit.objects.alive().filter(area_q(self.province, "commune"))
                          .select_related("commune__parent", "zone").order_by("id"))
        if not self.units:
            raise ImproperlyConfigured("No units in Bắc Giang: seed the units demo first.")
        self.by_name = {u.name: u for u in self.units}
        self.units_in = {}
        for unit in self.units:
            self.units_in.setdefault(unit.commune_id, []).append(unit)
        self.types = {t.code: t for t in ModelType.objects.all()}
        self.ratings = {r.name: r for r in Rating.objects.all()}
        if not self.types or not self.ratings:
            raise ImproperlyConfigured("The model types and ratings are missing: run the migrations.")
        self.plans: list[_Plan] = []
        self.names: set[str] = set()
        self.hosts: set[tuple[str, int]] = set()  # (type code, unit id): one model of a type per unit

    # --- helpers ---------------------------------------------------------------------------------------------

    def day(self, start: datetime.date, end: datetime.date) -> datetime.date:
        return start + datetime.timedelta(days=self.rng.randint(0, max(0, (end - start).days)))

    def person(self) -> str:
        return f"{self.rng.choice(SURNAMES)} {self.rng.choice(MIDDLE_NAMES)} {self.rng.choice(GIVEN_NAMES)}"

    @staticmethod
    def label(area: Area) -> str:
        return f"{area.kind.lower()} {area.short_name}"

    def unit(self, name: str) -> Unit:
        try:
            return self.by_name[name]
        except KeyError:
            raise ImproperlyConfigured(f"The units demo has no “{name}”: seed it first.") from None

    @staticmethod
    def since(unit: Unit, earliest: datetime.date) -> datetime.date:
        """The earliest day a model of `unit` can have been founded: not before `earliest` nor before the unit."""
        return max(earliest, unit.started_on + datetime.timedelta(days=30)) if unit.started_on else earliest

    def exists_through(self, unit: Unit, start: datetime.date, end: datetime.date = DEMO_DATE) -> bool:
        return ((unit.started_on is None or unit.started_on <= start)
                and (unit.dissolved_on is None or unit.dissolved_on > end))

    def free_name(self, name: str) -> bool:
        return search_key(name) not in self.names

    def add(self, *, name: str, type_code: str, area: Area, established: datetime.date, host: Unit | None = None,
            partner: Area | None = None, participants: list[Unit] | None = None, pilot: tuple | None = None,
            eliminated: tuple | None = None, named: bool = False, members: tuple[int, int] = (6, 25)) -> _Plan:
        """A model and its build records (decision, members, regulation, launch), all in order and by the end."""
        rng = self.rng
        key = search_key(name)
        if key in self.names:
            raise ValueError(f"Two demo models are named “{name}”")
        self.names.add(key)
        if host is not None:
            self.hosts.add((type_code, host.pk))
        until = max(established, min(DEMO_DATE, eliminated[0] if eliminated else DEMO_DATE))
        regulation = min(established + datetime.timedelta(days=rng.randint(3, 40)), until)
        launched = min(regulation + datetime.timedelta(days=rng.randint(2, 30)), until)
        if established > DEMO_DATE:  # founded after the period: its build goes on afterwards
            regulation = established + datetime.timedelta(days=rng.randint(3, 20))
            launched = regulation + datetime.timedelta(days=rng.randint(2, 15))
        count = rng.randint(*members)
        issuer, suffix = self.issuer(host, area)
        row = MovementModel(
            name=name, search_text=key, type=self.types[type_code], area=area, host_unit=host,
            partner_commune=partner, established_on=established, decision_issuer=issuer,
            decision_number=f"{rng.randint(3, 380):02d}/QĐ-{suffix}", members_count=count,
            members_list="; ".join(f"{self.person()} ({role})" for role in
                                   ["Tổ trưởng", "Tổ phó", "Thành viên"][: rng.randint(0, 3)]),
            regulation_on=regulation, launched_on=launched,
            briefing_every_months=rng.choices([3, 6], [85, 15])[0],
        )
        if pilot is not None:
            row.is_pilot, row.pilot_plan, row.pilot_since = True, pilot[0], pilot[1]
        if eliminated is not None:
            row.status, row.eliminated_on, row.elimination_reason = ModelStatus.ELIMINATED, *eliminated
        plan = _Plan(row=row, participants=participants or [], named=named)
        self.plans.append(plan)
        return plan

    def issuer(self, host: Unit | None, area: Area) -> tuple[str, str]:
        if host is None:
            return f"UBND {self.label(area)}", "UBND"
        if host.kind == UnitKind.SCHOOL:
            return f"Hiệu trưởng {host.name}", "NT"
        if host.subtype == UnitSubtype.HOSPITAL:
            return f"Giám đốc {host.name}", "BV"
        if host.kind == UnitKind.AGENCY:
            return f"Thủ trưởng {host.name}", "CQ"
        return f"Giám đốc {host.name}", "CT"

    def communes_spread(self, n: int, pool: list[Area] | None = None) -> list[Area]:
        """n distinct communes spread over the districts: each district in turn gives one of its communes."""
        pool = pool or list(self.communes.values())
        by_district: dict[int, list[Area]] = {}
        for commune in pool:
            by_district.setdefault(commune.parent_id, []).append(commune)
        for communes in by_district.values():
            self.rng.shuffle(communes)
        picked: list[Area] = []
        while len(picked) < n:
            for communes in by_district.values():
                if len(picked) < n and communes:
                    picked.append(communes[len(picked) // len(by_district) % len(communes)])
        self.rng.shuffle(picked)
        return picked

    def some_units(self, commune: Area, k: tuple[int, int], fdi: bool | None = None) -> list[Unit]:
        pool = [u for u in self.units_in.get(commune.pk, []) if self.exists_through(u, DEMO_DATE)
                and (fdi is None or (u.subtype == UnitSubtype.FDI_ENTERPRISE) == fdi)]
        return self.rng.sample(pool, min(len(pool), self.rng.randint(*k)))

    # --- the models the seed names ---------------------------------------------------------------------------

    def build_named(self) -> None:
        rng = self.rng
        for label, host_name in SAFE_UNIT_PILOTS:
            host = self.unit(host_name)
            since = self.day(PILOTS_FROM, D(2019, 6, 30))
            self.add(name=f"“{label} an toàn về ANTT” tại {host.name}", type_code="safe_unit", area=host.commune,
                     host=host, established=since - datetime.timedelta(days=rng.randint(0, 20)),
                     pilot=(PLAN_1010, since), named=True, members=(12, 40))
        for name, commune_code, who, plan in LINKAGE_PILOTS:
            commune = self.communes[commune_code]
            if who == "banks":
                participants = [u for u in self.units_in[commune.pk] if u.subtype == UnitSubtype.BANK]
            elif who == "song_khe":
                in_zone = [u for u in self.units if u.zone and u.zone.name == SONG_KHE_ZONE
                           and u.commune_id == commune.pk and self.exists_through(u, DEMO_DATE)]
                fdi = [u for u in in_zone if u.subtype == UnitSubtype.FDI_ENTERPRISE]
                if len(fdi) != FDI_LINKAGE_PARTICIPANTS:
                    raise ValueError(f"{len(fdi)} FDI enterprises in the north of {SONG_KHE_ZONE}, the seed has 12")
                participants = fdi + rng.sample([u for u in in_zone if u not in fdi], 3)
            else:
                participants = [self.unit(n) for n in who]
            since = self.day(DATE_126 + datetime.timedelta(days=30), D(2019, 8, 31)) if plan == PLAN_126 else \
                self.day(PILOTS_FROM, D(2019, 6, 30))
            self.add(name=name, type_code="linkage", area=commune, partner=commune,
                     host=participants[0] if len(participants) == 1 else None, participants=participants,
                     established=since - datetime.timedelta(days=rng.randint(0, 15)), pilot=(plan, since),
                     named=True, members=(10, 30))
        for name, host_name, plan in SELF_MANAGED_PILOTS:
            host = self.unit(host_name)
            since = self.day(DATE_126 + datetime.timedelta(days=30), D(2019, 8, 31)) if plan == PLAN_126 else \
                self.day(PILOTS_FROM, D(2018, 12, 31))
            self.add(name=name, type_code="self_managed", area=host.commune, host=host,
                     established=since - datetime.timedelta(days=rng.randint(0, 15)), pilot=(plan, since),
                     named=True, members=(15, 40))
        name, host_name = SIFLEX
        host = self.unit(host_name)
        self.add(name=name, type_code="worker_shock_team", area=host.commune, host=host,
                 established=self.day(DATE_126 + datetime.timedelta(days=20), D(2019, 7, 31)), named=True,
                 members=(20, 45))

    # --- the other pilots since 2018 ---------------------------------------------------------------------------

    def build_other_pilots(self) -> None:
        rng = self.rng
        named_safe = sum(1 for p in self.plans if p.row.type.code == "safe_unit")
        taken = {p.row.host_unit_id for p in self.plans}
        schools = [u for u in self.units if u.subtype in (UnitSubtype.UPPER_SECONDARY, UnitSubtype.HIGHER_EDUCATION)]
        hospitals = [u for u in self.units if u.subtype == UnitSubtype.HOSPITAL]
        companies = [u for u in self.units if u.kind == UnitKind.ENTERPRISE and u.worker_count >= 800]
        wanted = NEW_PILOTS["safe_unit"] - named_safe
        n_hospitals, n_companies = 3, 4
        hosts = (rng.sample([u for u in schools if u.pk not in taken and self.exists_through(u, PILOTS_FROM)],
                            wanted - n_hospitals - n_companies)
                 + rng.sample([u for u in hospitals if u.pk not in taken and self.exists_through(u, PILOTS_FROM)],
                              n_hospitals)
                 + rng.sample([u for u in companies if u.pk not in taken and self.exists_through(u, PILOTS_FROM)],
                              n_companies))
        for host in hosts:
            label = "Bệnh viện" if host.subtype == UnitSubtype.HOSPITAL else SAFE[host.kind]
            since = self.day(PILOTS_FROM, D(2019, 8, 31))
            self.add(name=f"“{label} an toàn về ANTT” tại {host.name}", type_code="safe_unit", area=host.commune,
                     host=host, established=since - datetime.timedelta(days=rng.randint(0, 20)),
                     pilot=(PLAN_1010, since), members=(12, 40))
        # The third self-management pilot: an older team made a pilot on the period's very last day (it counts).
        host = rng.choice([u for u in self.units if u.kind == UnitKind.ENTERPRISE and u.worker_count >= 300
                           and u.pk not in taken and u not in hosts and u.subtype != UnitSubtype.FDI_ENTERPRISE
                           and self.exists_through(u, D(2016, 1, 1))])
        self.add(name=f"“Tổ công nhân tự quản về ANTT” tại {host.name}", type_code="self_managed", area=host.commune,
                 host=host, established=self.day(D(2016, 3, 1), D(2017, 6, 30)), pilot=(PLAN_1010, DEMO_DATE),
                 members=(15, 40))
        # The seventh linkage pilot: a district hospital and the government of its commune.
        hospital = self.unit("Bệnh viện Đa khoa huyện Tân Yên")
        since = self.day(PILOTS_FROM, D(2019, 6, 30))
        self.add(name=f"Liên kết bảo đảm ANTT giữa UBND {self.label(hospital.commune)} với {hospital.name}",
                 type_code="linkage", area=hospital.commune, partner=hospital.commune, host=hospital,
                 participants=[hospital], established=since - datetime.timedelta(days=rng.randint(0, 15)),
                 pilot=(PLAN_1010, since), members=(10, 25))
        # Pilots outside the period: an older "safe school" of a 2013 plan, and a linkage of October 2019 with
        # FDI enterprises of Quang Châu (neither is new in the period; the later one has no FDI count either).
        school = rng.choice([u for u in schools if u.pk not in taken and u not in hosts and u.started_on is None])
        self.add(name=f"“Trường học an toàn về ANTT” tại {school.name}", type_code="safe_unit", area=school.commune,
                 host=school, established=D(2013, 9, 5), pilot=("Kế hoạch 45/KH-CAT-PV28 năm 2013", BEFORE_PERIOD),
                 members=(12, 40))
        quang_chau = self.communes["07807"]
        self.add(name="Liên kết bảo đảm ANTT giữa UBND xã Quang Châu với các doanh nghiệp Khu công nghiệp Quang Châu",
                 type_code="linkage", area=quang_chau, partner=quang_chau,
                 participants=self.some_units(quang_chau, (5, 5), fdi=True), established=D(2019, 10, 18),
                 pilot=(PLAN_126, D(2019, 10, 18)), members=(10, 25))

    # --- models without a seed name ------------------------------------------------------------------------------

    def build_self_managed(self) -> None:
        rng = self.rng
        have = sum(1 for p in self.plans if p.row.type.code == "self_managed")
        ordinary = MAINTAINED["self_managed"] - have - 2  # two more below: founded on the last day, eliminated in 2020
        pool = [u for u in self.units if ("self_managed", u.pk) not in self.hosts and u.dissolved_on is None
                and self.exists_through(u, ACTIVITY_FROM)]
        enterprises = [u for u in pool if u.kind == UnitKind.ENTERPRISE]
        schools = [u for u in pool if u.kind == UnitKind.SCHOOL]
        agencies = [u for u in pool if u.kind == UnitKind.AGENCY]
        n_schools, n_agencies = round(ordinary * 0.3), round(ordinary * 0.1)
        hosts = (rng.sample(enterprises, ordinary - n_schools - n_agencies) + rng.sample(schools, n_schools)
                 + rng.sample(agencies, n_agencies))
        for host in hosts:
            self.add_self_managed(host, self.day(self.since(host, D(2008, 1, 1)), D(2019, 6, 30)))
        spare = [u for u in enterprises if u not in hosts]
        # On the edges of the rule "established by the end and not eliminated by then".
        self.add_self_managed(spare.pop(rng.randrange(len(spare))), DEMO_DATE)  # counts
        gone = next(u for u in self.units if u.dissolved_on == D(2020, 3, 31))  # counts: eliminated afterwards
        self.add_self_managed(gone, self.since(gone, D(2014, 5, 20)), eliminated=(
            gone.dissolved_on, "Doanh nghiệp giải thể, mô hình chấm dứt hoạt động."))
        self.add_self_managed(spare.pop(rng.randrange(len(spare))), D(2015, 4, 2), eliminated=(
            DEMO_DATE, ELIMINATION_REASONS[0]))  # eliminated on the last day: does not count
        # Eliminated inside the period; two of them because their enterprise was dissolved.
        dissolved = sorted((u for u in self.units
                            if u.dissolved_on and D(2016, 1, 1) <= u.dissolved_on <= D(2018, 12, 31)),
                           key=lambda u: (u.dissolved_on, u.pk))
        for unit in dissolved[:2]:
            self.add_self_managed(unit, self.day(self.since(unit, D(2010, 1, 1)), D(2014, 12, 31)),
                                  eliminated=(unit.dissolved_on, "Doanh nghiệp giải thể, mô hình chấm dứt hoạt động."))
        for _ in range(ELIMINATED["self_managed"] - 2):
            host = spare.pop(rng.randrange(len(spare)))
            established = self.day(self.since(host, D(2011, 1, 1)), D(2016, 6, 30))
            self.add_self_managed(host, established, eliminated=(
                self.day(max(established + relativedelta(years=1), PERIOD_START), D(2019, 6, 30)),
                rng.choice(ELIMINATION_REASONS[:2])))
        for established in (D(2019, 10, 15), D(2020, 5, 4), D(2021, 3, 1)):  # after the period
            self.add_self_managed(spare.pop(rng.randrange(len(spare))), established)

    def add_self_managed(self, host: Unit, established: datetime.date, eliminated: tuple | None = None) -> _Plan:
        if host.kind == UnitKind.SCHOOL:
            who = "sinh viên" if host.subtype == UnitSubtype.HIGHER_EDUCATION else "học sinh"
            name = f"Tổ {who} tự quản về ANTT {host.name}"
        elif host.kind == UnitKind.AGENCY:
            name = f"Tổ tự quản bảo đảm ANTT {host.name}"
        else:
            name = self.rng.choice([f"Tổ công nhân tự quản về ANTT {host.name}", f"Tổ tự quản về ANTT {host.name}",
                                    f"Tổ tự quản phòng, chống tội phạm {host.name}"])
        return self.add(name=name, type_code="self_managed", area=host.commune, host=host, established=established,
                        eliminated=eliminated, members=(5, 30))

    def build_clusters(self) -> None:
        rng = self.rng
        # Border clusters: a commune of a district and one of a district (or province) that borders it.
        for i in range(MAINTAINED["border_cluster"] + ELIMINATED["border_cluster"]):
            while True:
                code = rng.choice(list(NEIGHBOURS))
                districts, provinces = NEIGHBOURS[code]
                commune = rng.choice(self.communes_of[code])
                other = rng.choice(districts + provinces)
                if other in self.districts:
                    across = rng.choice(self.communes_of[other])
                    partner = f"{self.label(across)} ({self.label(self.districts[other])})"
                else:
                    partner = other
                name = f"Cụm an ninh giáp ranh giữa {self.label(commune)} ({self.label(commune.parent)}) và {partner}"
                if self.free_name(name):
                    break
            self.add_cluster(name, "border_cluster", commune, (0, 2), i >= MAINTAINED["border_cluster"])
        # Linked clusters: neighbouring communes of a district (next to each other in the official order).
        for i, commune in enumerate(self.communes_spread(MAINTAINED["linked_cluster"] + ELIMINATED["linked_cluster"])):
            siblings = self.communes_of[self.district_code(commune)]
            at = siblings.index(commune)
            chain = siblings[at: at + rng.randint(2, 3)] if at + 1 < len(siblings) else siblings[at - 1: at + 1]
            name = "Cụm an ninh liên hoàn " + " - ".join(self.label(c) for c in chain)
            if not self.free_name(name):
                name = f"{name} ({self.label(commune.parent)})"
            self.add_cluster(name, "linked_cluster", chain[0], (0, 3), i >= MAINTAINED["linked_cluster"])
        # Area clusters: around the industrial clusters, markets and commune centres.
        zones = {z.area_id: z for z in IndustrialZone.objects.filter(kind=IndustrialZone.Kind.CLUSTER,
                                                                     established_on__lte=D(2018, 12, 31))}
        n_area = MAINTAINED["area_cluster"] + ELIMINATED["area_cluster"] + 1
        for i, commune in enumerate(self.communes_spread(n_area)):
            zone = zones.pop(commune.pk, None)
            for place in ([zone.name] if zone else []) + [f"chợ {commune.short_name}",
                                                         f"trung tâm {self.label(commune)}",
                                                         f"{rng.choice(HAMLETS)}, {self.label(commune)}"]:
                name = f"Cụm an ninh khu vực {place}"
                if self.free_name(name):
                    break
            if i == n_area - 1:  # one founded after the period
                self.add_cluster(name, "area_cluster", commune, (2, 5), False, D(2020, 8, 12))
            else:
                self.add_cluster(name, "area_cluster", commune, (2, 5), i >= MAINTAINED["area_cluster"])
        # Safety-belt clusters: around the six industrial zones and two sensitive places of the city.
        places = [(f"Cụm vành đai an toàn {z.name}", self.communes[z.commune_codes[0]]) for z in INDUSTRIAL_ZONES]
        places += [("Cụm vành đai an toàn khu Trung tâm hành chính tỉnh", self.communes["07210"]),
                   ("Cụm vành đai an toàn khu vực Bệnh viện Đa khoa tỉnh", self.communes["07210"])]
        for name, commune in places[: MAINTAINED["safety_belt_cluster"]]:
            self.add_cluster(name, "safety_belt_cluster", commune, (3, 8), False)

    def district_code(self, commune: Area) -> str:
        return commune.parent.code

    def add_cluster(self, name: str, type_code: str, commune: Area, participants: tuple[int, int],
                    eliminate: bool, established: datetime.date | None = None) -> _Plan:
        rng = self.rng
        established = established or self.day(D(2006, 1, 1), D(2018, 12, 31))
        eliminated = None
        if eliminate:
            established = self.day(D(2008, 1, 1), D(2014, 6, 30))
            eliminated = (self.day(PERIOD_START, D(2019, 6, 30)), rng.choice(ELIMINATION_REASONS))
        return self.add(name=name, type_code=type_code, area=commune, established=established,
                        participants=self.some_units(commune, participants), eliminated=eliminated, members=(12, 60))

    def build_other_types(self) -> None:
        """Linkage models of communes with their schools, agencies or domestic enterprises (no FDI), "safe unit"
        models older than the pilots, workers' shock teams, boarding-house teams."""
        rng = self.rng
        kinds = [(UnitKind.SCHOOL, "các trường học"), (UnitKind.AGENCY, "các cơ quan"),
                 (UnitKind.ENTERPRISE, "các doanh nghiệp")]
        communes = self.communes_spread(60)
        made = 0
        for commune in communes:
            if made == OTHER_MAINTAINED["linkage"]:
                break
            kind, words = kinds[made % 3]
            pool = [u for u in self.units_in.get(commune.pk, []) if u.kind == kind
                    and self.exists_through(u, D(2017, 1, 1)) and u.subtype != UnitSubtype.FDI_ENTERPRISE]
            name = f"Liên kết bảo đảm ANTT giữa UBND {self.label(commune)} với {words} trên địa bàn"
            if len(pool) < 2 or not self.free_name(name):
                continue
            self.add(name=name, type_code="linkage", area=commune, partner=commune,
                     participants=rng.sample(pool, min(len(pool), 6)),
                     established=self.day(D(2012, 1, 1), D(2017, 12, 31)), members=(8, 25))
            made += 1
        # A linkage with FDI enterprises of Vân Trung, eliminated in 2017: its FDI participants do not count.
        van_trung = self.communes["07801"]
        self.add(name="Liên kết bảo đảm ANTT giữa UBND xã Vân Trung với các doanh nghiệp Khu công nghiệp Vân Trung",
                 type_code="linkage", area=van_trung, partner=van_trung,
                 participants=self.some_units(van_trung, (3, 3), fdi=True), established=D(2015, 5, 12),
                 eliminated=(D(2017, 12, 20), ELIMINATION_REASONS[2]), members=(8, 25))
        taken = {p.row.host_unit_id for p in self.plans if p.row.host_unit_id}
        older = rng.sample([u for u in self.units if u.pk not in taken and self.exists_through(u, D(2015, 1, 1))
                            and (u.kind == UnitKind.SCHOOL or u.subtype == UnitSubtype.HOSPITAL)],
                           OTHER_MAINTAINED["safe_unit"])
        for host in older:
            label = "Bệnh viện" if host.subtype == UnitSubtype.HOSPITAL else SAFE[host.kind]
            self.add(name=f"“{label} an toàn về ANTT” tại {host.name}", type_code="safe_unit", area=host.commune,
                     host=host, established=self.day(D(2015, 3, 1), D(2017, 10, 31)), members=(12, 40))
        big = [u for u in self.units if u.zone is not None and u.worker_count >= 800 and u.pk not in taken
               and ("worker_shock_team", u.pk) not in self.hosts and self.exists_through(u, D(2018, 6, 30))]
        for host in rng.sample(big, OTHER_MAINTAINED["worker_shock_team"]):
            start = self.since(host, D(2015, 1, 1))
            self.add(name=f"Đội công nhân xung kích bảo đảm ANTT {host.name}", type_code="worker_shock_team",
                     area=host.commune, host=host, established=self.day(start, D(2019, 6, 30)), members=(15, 45))
        near_zones = [c for c in self.communes.values() if c.code in KCN_COMMUNES]
        by_pk = {c.pk: c for c in self.communes.values()}
        near_zones += [by_pk[z.area_id] for z in IndustrialZone.objects.filter(kind=IndustrialZone.Kind.CLUSTER)
                       .order_by("id") if z.area_id in by_pk]
        n_boarding = OTHER_MAINTAINED["boarding_house_team"] + ELIMINATED["boarding_house_team"]
        for i in range(n_boarding):
            while True:
                commune = rng.choice(near_zones)
                name = f"Tổ tự quản khu nhà trọ công nhân {rng.choice(HAMLETS)}, {self.label(commune)}"
                if self.free_name(name):
                    break
            established = self.day(D(2012, 1, 1), D(2019, 3, 31))
            eliminated = None
            if i >= OTHER_MAINTAINED["boarding_house_team"]:
                established = self.day(D(2012, 1, 1), D(2015, 12, 31))
                eliminated = (self.day(D(2017, 1, 1), D(2019, 3, 31)),
                              "Khu nhà trọ giải tỏa để mở rộng khu công nghiệp; công nhân chuyển đi nơi khác.")
            self.add(name=name, type_code="boarding_house_team", area=commune, established=established,
                     eliminated=eliminated, members=(5, 15))

    # --- formalism, briefings, reviews, pilot units -----------------------------------------------------------

    def mark_formalistic(self) -> None:
        """About one maintained model in eight exists on paper only (never a pilot nor one the seed names)."""
        rng = self.rng
        maintained = [p for p in self.plans if self.maintained(p.row)]
        candidates = [p for p in maintained if not p.row.is_pilot and not p.named]
        chosen = rng.sample(candidates, round(len(maintained) * FORMALISTIC_SHARE))
        old_enough = [p for p in chosen if p.row.established_on < D(2018, 6, 1)]
        silent = set(map(id, old_enough[: len(chosen) * 45 // 100]))
        rest = [p for p in chosen if id(p) not in silent]
        for p in chosen:
            if id(p) in silent:
                p.formalism = "silent"
            elif rest.index(p) % 3 == 2:
                p.formalism, p.row.launched_on = "no_launch", None
            else:  # a decision and members, but no regulation and no launch
                p.formalism, p.row.regulation_on, p.row.launched_on = "no_regulation", None, None

    @staticmethod
    def maintained(row: MovementModel) -> bool:
        return row.established_on <= DEMO_DATE and not (row.eliminated_on and row.eliminated_on <= DEMO_DATE)

    def build_activities(self) -> list[Activity]:
        """Briefings every `briefing_every_months` back from the last one, and a yearly report for some models.
        Models that stopped (eliminated, or silent on paper) have their last briefing long before the end."""
        rng = self.rng
        rows = []
        for plan in self.plans:
            model = plan.row
            first = max(model.established_on + datetime.timedelta(days=20), ACTIVITY_FROM)
            last = ACTIVITY_TO
            if model.eliminated_on:
                last = min(last, model.eliminated_on - datetime.timedelta(days=rng.randint(30, 200)))
            if plan.formalism == "silent":  # it stopped briefing, or never did
                last = self.day(D(2017, 1, 1), D(2019, 2, 15)) if rng.random() < 0.8 else first - datetime.timedelta(1)
            elif plan.formalism == "no_regulation":  # a decision and members, and nothing else for long
                last = self.day(D(2018, 1, 1), D(2019, 2, 15)) if rng.random() < 0.7 else first - datetime.timedelta(1)
            if last < first:
                continue
            day = last - datetime.timedelta(days=rng.randint(0, 45))
            step = relativedelta(months=model.briefing_every_months)
            while day >= first:
                rows.append(Activity(model=model, kind=Activity.Kind.BRIEFING, date=day,
                                     note=f"Giao ban quý {(day.month - 1) // 3 + 1}/{day.year}"))
                day -= step
            if rng.random() < 0.4:
                for year in range(first.year, last.year + 1):
                    report_day = D(year, 12, rng.randint(10, 28))
                    if first <= report_day <= last:
                        rows.append(Activity(model=model, kind=Activity.Kind.REPORT, date=report_day,
                                             note=f"Báo cáo kết quả hoạt động năm {year}"))
        Activity.objects.bulk_create(rows, batch_size=2000)
        return rows

    def build_reviews(self) -> list[Review]:
        rng = self.rng
        rows = []
        for plan in self.plans:
            model = plan.row
            end = min(ACTIVITY_TO, model.eliminated_on or ACTIVITY_TO)
            start = max(model.established_on + relativedelta(months=6), D(2015, 6, 1))
            if start > end:
                continue
            if model.is_pilot and model.pilot_since and model.pilot_since >= PILOTS_FROM:
                reviews, reviewer = 1, PROVINCE_REVIEWER
                weights = {"Tốt": 70, "Khá": 30}
                start = max(start, D(2019, 6, 1))
            elif plan.formalism or model.eliminated_on:
                reviews, reviewer = 1, None
                weights = {"Trung bình": 50, "Yếu": 50}
            elif rng.random() < 0.35:
                reviews, reviewer = rng.randint(1, 2), None
                weights = {"Tốt": 40, "Khá": 40, "Trung bình": 15, "Yếu": 5}
            else:
                continue
            if start > end:
                continue
            for _ in range(reviews):
                rating = rng.choices(list(weights), list(weights.values()))[0]
                rows.append(Review(model=model, date=self.day(start, end), rating=self.ratings[rating],
                                   reviewer=reviewer or f"Công an {self.label(model.area.parent)}",
                                   notes=REVIEW_NOTES[rating]))
        Review.objects.bulk_create(rows, batch_size=2000)
        return rows

    def build_replication(self) -> None:
        """Pilots that were copied: the replicas point at them and the pilots count the sites and teams."""
        rng = self.rng
        yen_the = next(p.row for p in self.plans if p.row.name == SELF_MANAGED_PILOTS[0][0])
        replicas = [p.row for p in self.plans if p.row.type.code == "self_managed" and not p.row.is_pilot
                    and p.row.established_on > yen_the.pilot_since and self.maintained(p.row) and not p.formalism]
        for row in replicas[:6]:
            row.replicated_from = yen_the
        yen_the.replication_sites = min(6, len(replicas))
        yen_the.replication_teams = yen_the.replication_sites + 2
        for plan in self.plans:
            if plan.row.is_pilot and plan.row is not yen_the and rng.random() < 0.5:
                plan.row.replication_sites = rng.randint(1, 5)
                plan.row.replication_teams = plan.row.replication_sites + rng.randint(0, 4)

    def save_models(self) -> None:
        rows = [p.row for p in self.plans]
        MovementModel.objects.bulk_create(rows, batch_size=1000)
        self.build_replication()
        MovementModel.objects.bulk_update(rows, ["replicated_from", "replication_sites", "replication_teams"],
                                          batch_size=1000)
        through = MovementModel.participants.through
        through.objects.bulk_create([through(movementmodel_id=p.row.pk, unit_id=u.pk) for p in self.plans
                                     for u in dict.fromkeys(p.participants)], batch_size=2000)

    def build_pilot_units(self) -> list[PilotSelection]:
        """13 units chosen by Plan 61 on 31/03/2015, and selections of other years that a 2014–2019 figure leaves
        out (one of them chooses again a unit of Plan 61)."""
        rng = self.rng
        chosen = [self.unit(name) for name in PLAN_61_NAMED]
        covered = {u.commune.parent_id for u in chosen}
        for district in self.districts.values():
            if len(chosen) == PLAN_61_UNITS:
                break
            if district.pk in covered:
                continue
            pool = [u for u in self.units if u.commune.parent_id == district.pk and u not in chosen
                    and self.exists_through(u, PLAN_61_DATE)
                    and (u.kind != UnitKind.ENTERPRISE or u.worker_count >= 300)]
            chosen.append(rng.choice(pool))
        while len(chosen) < PLAN_61_UNITS:
            chosen.append(rng.choice([u for u in self.units
                                      if u not in chosen and self.exists_through(u, PLAN_61_DATE)]))
        rows = [PilotSelection(unit=u, plan=PLAN_61, selected_on=PLAN_61_DATE) for u in chosen]
        others = [u for u in self.units if u not in chosen and self.exists_through(u, D(2013, 1, 1))]
        rows += [PilotSelection(unit=u, plan="Kế hoạch 45/KH-CAT-PV28", selected_on=D(2013, 6, 20))
                 for u in rng.sample(others, 2)]
        rows += [PilotSelection(unit=u, plan="Kế hoạch 97/KH-CAT-PV05", selected_on=D(2020, 4, 10))
                 for u in [chosen[0]] + rng.sample(others, 3)]
        PilotSelection.objects.bulk_create(rows)
        return rows

    def check(self) -> None:
        """The seed's figures, computed by the registry's own selectors: a demo that misses them must not load."""
        area, start, end = self.province, PERIOD_START, DEMO_DATE
        got = {code: selectors.models_maintained(area=area, end=end, type_code=code).count() for code in MAINTAINED}
        got |= {f"new:{code}": selectors.new_pilots(area=area, start=start, end=end, type_code=code).count()
                for code in NEW_PILOTS}
        got["new"] = selectors.new_pilots(area=area, start=start, end=end).count()
        got["fdi"] = selectors.participating_units(area=area, end=end, type_code="linkage", fdi_only=True).count()
        got["pilot_units"] = selectors.pilot_units(area=area, start=start, end=end).count()
        wanted = dict(MAINTAINED) | {f"new:{c}": n for c, n in NEW_PILOTS.items()}
        wanted |= {"new": sum(NEW_PILOTS.values()), "fdi": FDI_LINKAGE_PARTICIPANTS, "pilot_units": PLAN_61_UNITS}
        if got != wanted:
            raise ValueError(f"The models demo misses the seed: {got} instead of {wanted}")


def models_demo_seed() -> dict[str, int]:
    """Seed the models registry of the Bắc Giang demo (after the units demo). Does nothing when the registry has
    models already. Returns the number of rows created by model."""
    if not getattr(settings, "ANTQ_ALLOW_DEMO_DATA", False):
        raise ImproperlyConfigured("Demo data is not allowed with these settings (production?).")
    with transaction.atomic():
        if MovementModel.objects.exists():
            return {"models": 0, "participations": 0, "activities": 0, "reviews": 0, "pilot_units": 0}
        builder = _DemoBuilder()
        builder.build_named()
        builder.build_other_pilots()
        builder.build_self_managed()
        builder.build_clusters()
        builder.build_other_types()
        builder.mark_formalistic()
        builder.save_models()
        activities = builder.build_activities()
        reviews = builder.build_reviews()
        selections = builder.build_pilot_units()
        builder.check()
    return {"models": len(builder.plans), "participations": sum(len(set(p.participants)) for p in builder.plans),
            "activities": len(activities), "reviews": len(reviews), "pilot_units": len(selections)}

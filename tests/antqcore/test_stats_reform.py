"""Counting across the 2025 reform (#15 part 5). A period that spans 01/07/2025 counts, for the new Bắc Ninh (code 24
on the new map), the old Bắc Giang's and the old Bắc Ninh's records of the first half together with the new province's
of the second half: every figure of the statistics registry, on records of every registry generated here."""

import datetime
import itertools
from decimal import Decimal

import pytest

from antqcore.models import Area
from antqcore.selectors import last_day_of_old_map
from antqcore.stats import figure_keys, figures_compute
from certification.services import decision_record, participation_register
from commendations.services import commendation_create
from coordination.services import agreement_create, inspection_create
from incidents.models import IncidentType
from models_registry.models import ModelType
from models_registry.services import model_create, model_eliminate, pilot_select
from tallies.catalogue import catalogue_load, figure_specs
from tallies.models import ReportingBody
from tallies.periods import period_parse
from tallies.services import Cell, tally_save
from tests.certification.helpers import campaign, council, recognize, walk_to_appraised
from tests.coordination.factories import recorder
from tests.incidents.helpers import at, make_incident
from units.models import IndustrialZone, ZoneInvestment
from units.services import fire_team_consolidate, fire_team_save, guard_force_save, unit_create

pytestmark = pytest.mark.django_db
D = datetime.date
YEAR = (D(2025, 1, 1), D(2025, 12, 31))
H1 = (D(2025, 1, 1), D(2025, 6, 30))
H2 = (D(2025, 7, 1), D(2025, 12, 31))
OLD_DAY, NEW_DAY = last_day_of_old_map(), D(2025, 12, 31)

# Figures that are a value on the period's last day, not a sum over it: the registry on that day (units, zones and
# their enterprises, workers and projects, guards, communes and districts of that day's map, models maintained and
# the units taking part, formalistic models, agreements in force), the longest run of recognized years up to that day,
# and the coverage of the last campaign ending in the period. Over 2025 the new province's value is its value on
# 31/12/2025 (the same as over the second half), never the halves added.
STOCK_PREFIXES = ("context.", "guards.total", "guards.official", "guards.long_term", "guards.short_term",
                  "guards.bodyguards", "models.self_managed", "models.border_clusters", "models.linked_clusters",
                  "models.area_clusters", "models.safety_belt_clusters", "models.participants.",
                  "models.fdi_linkage_participants", "models.formalistic", "coordination.")
NOT_ADDITIVE = {"certification.longest_streak_years", "certification.coverage_percent"}
# Sums over the period: records dated inside it (incidents, commendations, decisions, inspections, new pilots,
# eliminations, fire teams set up or consolidated, campaigns ending in it) and the tallies' values of periods ending
# in it.
FLOW_PREFIXES = ("incidents.", "enforcement.economic", "enforcement.cases_verified", "enforcement.defendants",
                 "commendations.", "inspections.", "fire.teams_", "models.new_pilots", "models.pilot_units_2015",
                 "models.eliminated", "certification.province.", "certification.district.",
                 "certification.registered_not_recognized")


def is_stock(key: str) -> bool:
    return key.startswith(STOCK_PREFIXES) or key in NOT_ADDITIVE


def is_flow(key: str) -> bool:
    return key.startswith(FLOW_PREFIXES) or key in {s.key for s in figure_specs()}


_n = itertools.count(1)


def _communes(province: Area, day: datetime.date) -> list[Area]:
    return list(Area.objects.valid_on(day).filter(level="commune", path__startswith=province.path + ".")
                .order_by("code")[:2])


def _bodies(province: Area) -> list[ReportingBody]:
    """The catalogue's reporting bodies for the old Bắc Giang (the province's and the districts'), copies holding the
    same indicators, placed on the province, for the others."""
    bodies = list(ReportingBody.objects.filter(area__path__startswith="L.24").prefetch_related("indicators"))
    if province.path == "L.24":
        return bodies
    copies = []
    for body in bodies:
        copy = ReportingBody.objects.create(code=f"{body.code}-{province.path.lower().replace('.', '-')}",
                                            name=f"{body.name} ({province.name})", kind=body.kind, area=province,
                                            period_type=body.period_type)
        copy.indicators.set(body.indicators.all())
        copies.append(copy)
    return copies


def _tallies(province: Area, start: datetime.date, end: datetime.date, seed: int) -> None:
    keys = {"month": f"{start.year}-{start.month + 2:02d}", "quarter": f"{start.year}-Q{1 + (start.month - 1) // 3}",
            "year": f"{start.year}"}
    for i, body in enumerate(_bodies(province)):
        period = period_parse(keys[body.period_type])
        if period.end > end:
            continue
        # Plausible, different numbers; "participants" never fewer than what they are checked against.
        cells = {ind.code: Cell(Decimal(seed * 1000 + i * 37 + j * 11 + 500)) for j, ind in
                 enumerate(body.indicators.all())}
        tally_save(body=body, period_type=body.period_type, period_start=period.start, values=cells, actor=recorder())


def _unit(commune: Area, started: datetime.date, **data):
    n = next(_n)
    defaults = {"name": f"Công ty TNHH Cải cách {n}", "kind": "enterprise", "subtype": "private_enterprise",
                "commune": commune, "managing_level": "province", "tax_code": f"0200{n:06d}", "worker_count": 80 + n,
                "started_on": started}
    return unit_create(data=defaults | data, actor=None)


def generate(province: Area, day: datetime.date, seed: int, *, issuing: Area, district_issuing: Area | None) -> None:
    """Records of every registry on two communes of `province`, dated around `day`, `seed` making the counts differ
    between provinces."""
    start, end = (H1 if day <= OLD_DAY else H2)
    types = {t.code: t for t in IncidentType.objects.all()}
    for c, commune in enumerate(_communes(province, day)):
        zone = IndustrialZone.objects.create(name=f"KCN Cải cách {next(_n)}", area=commune, established_on=day,
                                             kind=IndustrialZone.Kind.ZONE if c == 0 else IndustrialZone.Kind.CLUSTER)
        ZoneInvestment.objects.create(zone=zone, year=day.year, projects=seed + c + 2)
        units = [_unit(commune, day, zone=zone, subtype="fdi_enterprise", investor_country="Hàn Quốc"),
                 _unit(commune, day), _unit(commune, day, kind="school", subtype="upper_secondary",
                                            student_count=900, worker_count=0, tax_code=""),
                 _unit(commune, day, worker_count=300)]  # the one with incidents: not certified
        for u in units:
            guard_force_save(unit=u, year=day.year, data={"official_staff": seed, "long_term": 2, "short_term": 1,
                                                          "bodyguards": c, "trained": 1}, actor=None)
        fire_team_save(unit=units[0], established_on=day, members=12, actor=None)
        fire_team_consolidate(unit=units[0], date=day + datetime.timedelta(days=20), members=14, actor=None)
        for k, code in enumerate(["strike", "fire", "theft", "violation", "economic", "criminal_case"][:4 + seed % 3]):
            extra = {"prosecuted": True, "defendants": 2} if code in ("economic", "criminal_case") else {}
            make_incident(code, unit=units[3], occurred_at=at((day + datetime.timedelta(days=k)).isoformat()),
                          verified=True, type=types[code], **extra)
        for form, grantor, kind in [("emulation_flag", "ministry", "collective"),
                                    ("certificate_of_merit", "province_chairman", "individual"),
                                    ("certificate_of_commendation", "police_director", "collective")]:
            person = {"person_name": f"Nguyễn Văn Cải {next(_n)}", "birth_year": 1980} if kind == "individual" else {}
            commendation_create(actor=None, data={
                "form": form, "grantor": grantor, "recipient_kind": kind, "unit": units[1], "decision_date": day,
                "decision_number": f"{next(_n)}/QĐ-UBND", "occasion": "august_19", "reason": "Thành tích xuất sắc",
                **person})
        agreement_create(actor=recorder(), data={
            "kind": "regulation", "number": f"{next(_n):02d}/QCPH-CA", "signed_on": day, "police_side": "local",
            "police_unit_name": f"Công an {commune.name}", "partner_unit": units[1],
            "subject": "Phối hợp bảo đảm an ninh, trật tự tại đơn vị"})
        for body in ["standing_agency", "inter_agency"] + (["district_committee"] if day <= OLD_DAY else []):
            inspection_create(actor=recorder(), data={
                "inspected_on": day, "inspecting_body": body, "unit": units[0], "subject": "Kiểm tra phong trào",
                "findings": "Đạt yêu cầu.", "recommendations": "Duy trì."})
        for code in ["self_managed", "linkage", "border_cluster", "safe_unit"]:
            model_create(data={"name": f"Mô hình {code} {next(_n)}", "type": ModelType.objects.get(code=code),
                               "area": commune, "established_on": day, "is_pilot": code != "border_cluster",
                               "pilot_since": day if code != "border_cluster" else None},
                         participants=units[:2] if code == "linkage" else [units[2]])
        gone = model_create(data={"name": f"Mô hình cũ {next(_n)}", "type": ModelType.objects.get(code="area_cluster"),
                                  "area": commune, "established_on": D(2024, 3, 1)})
        model_eliminate(model=gone, on=day, reason="Hoạt động hình thức")
        pilot_select(unit=units[1], plan="Kế hoạch điểm 2025", selected_on=day)
        _certify(units, day, issuing=issuing, district_issuing=district_issuing if c == 0 else None)
    _tallies(province, start, end, seed)


def _certify(units, day, *, issuing: Area, district_issuing: Area | None) -> None:
    """First half: the 2024 campaign's decisions (January 2025). Second half: the 2025 campaign, one unit left
    unrecognized."""
    if day <= OLD_DAY:
        for scheme in ("antt_safe", "drug_free"):
            p = walk_to_appraised(units[0], year=2024, scheme=scheme)
            recognize(p, date=D(2025, 1, 20), year=2024, number=f"{next(_n)}/QĐ-UBND", issuing_area=issuing)
            if district_issuing is not None:
                p = walk_to_appraised(units[1], year=2024, scheme=scheme)
                recognize(p, level="district", date=D(2025, 1, 22), year=2024, number=f"{next(_n)}/QĐ-UBND",
                          issuing_area=district_issuing)
        return
    p = walk_to_appraised(units[0], year=2025)
    decision_record(campaign=p.campaign, level="province", authority="Chủ tịch UBND tỉnh",
                    number=f"{next(_n)}/QĐ-UBND", date=D(2025, 12, 20), area=issuing, participations=[p],
                    recognized=True, actor=None)
    participation_register(campaign=campaign(2025), unit=units[1], actor=None, on=D(2025, 2, 1))
    council()


@pytest.fixture
def reform_records(db):
    catalogue_load()
    bac_giang, bac_ninh_old = Area.objects.get(path="L.24"), Area.objects.get(path="L.27")
    bac_ninh = Area.objects.get(path="N.24")
    district = Area.objects.valid_on(OLD_DAY).get(path="L.24.222")
    # The new province's records first: its figures then are those of the new map alone.
    generate(bac_ninh, D(2025, 9, 8), 7, issuing=bac_ninh, district_issuing=None)
    new_map_alone = figures_compute(area=bac_ninh, start=YEAR[0], end=YEAR[1])
    generate(bac_giang, D(2025, 3, 12), 3, issuing=bac_giang, district_issuing=district)
    generate(bac_ninh_old, D(2025, 5, 27), 5, issuing=bac_ninh_old, district_issuing=None)
    return bac_giang, bac_ninh_old, bac_ninh, new_map_alone


def test_every_figure_is_either_a_sum_over_the_period_or_a_value_on_its_last_day():
    """A figure registered later must be put in one of the two lists, or the reform test below would not check it."""
    keys = set(figure_keys())
    unclassified = sorted(k for k in keys if not is_stock(k) and not is_flow(k))
    both = sorted(k for k in keys if is_stock(k) and is_flow(k))
    assert (unclassified, both) == ([], [])


def test_2025_for_the_new_bac_ninh_is_the_old_provinces_first_half_plus_its_second_half(reform_records):
    bac_giang, bac_ninh_old, bac_ninh, new_map_alone = reform_records
    year = figures_compute(area=bac_ninh, start=YEAR[0], end=YEAR[1])
    second_half = figures_compute(area=bac_ninh, start=H2[0], end=H2[1])
    bg_first, bn_first = (figures_compute(area=a, start=H1[0], end=H1[1]) for a in (bac_giang, bac_ninh_old))
    # The old provinces' values on the new province's last day: what of their registry is still there.
    bg_end, bn_end = (figures_compute(area=a, start=YEAR[0], end=YEAR[1]) for a in (bac_giang, bac_ninh_old))
    assert set(year) == set(figure_keys())
    checked = set()
    for key in figure_keys():
        if is_flow(key):
            assert year[key] == bg_first[key] + bn_first[key] + second_half[key], key
        else:
            assert is_stock(key), f"{key} is neither a sum nor a value on a day: classify it above"
            assert year[key] == second_half[key], key
            if key not in NOT_ADDITIVE:
                # Each old unit, model, agreement... still there counted once, beside the new map's.
                assert year[key] == new_map_alone[key] + bg_end[key] + bn_end[key], key
        checked.add(key)
    assert checked == set(figure_keys())
    # The records of every registry were generated on both sides of the reform: the sums are not 0 = 0 + 0 + 0.
    for key in ["incidents.thefts", "commendations.collective", "inspections.standing_agency", "fire.teams_new",
                "models.new_pilots", "models.eliminated", "certification.province.antt_safe",
                "propaganda.sessions"]:
        assert bg_first[key] > 0 and bn_first[key] > 0 and second_half[key] > 0, key
    assert bg_first["certification.district.antt_safe"] > 0
    for key in ["context.units", "context.workers", "guards.total", "models.self_managed", "coordination.total",
                "context.investment_projects", "models.participants.school"]:
        assert new_map_alone[key] > 0 and bg_end[key] > 0 and bn_end[key] > 0, key
    assert year["context.communes"] == 99 and year["context.districts"] == 0
    # One unit of each of the two new communes registered for the 2025 campaign and was not recognized.
    unrecognized = "certification.registered_not_recognized"
    assert year[unrecognized] == second_half[unrecognized] == 2

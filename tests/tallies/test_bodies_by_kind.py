"""Bodies by kind (#16 part 1): a second province, on the old map (the old Bắc Ninh, 27, with its districts) and on the
new one (the new Bắc Ninh, 24, whose communes report to it), gets its reporting bodies from the catalogue's kinds in
one step; what its bodies enter through the API comes out in every fn3.* and propaganda.* figure of the province,
each counting the bodies of the kinds it names — none of them a body of Bắc Giang."""

import datetime

import pytest
from django.db.models import Sum
from django.utils import timezone

from antqcore.models import AreaLevel, Role, User
from antqcore.provinces import province_setup_steps
from tallies.catalogue import figure_specs
from tallies.demo import tallies_demo_seed
from tallies.demo_today import tallies_province_seed, tallies_today_seed
from tallies.models import ReportingBody, TallyValue
from tallies.periods import Period
from tallies.services import province_bodies_create
from tests.conftest import area, client_for

from .helpers import catalogue  # noqa: F401

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("catalogue")]
D = datetime.date
GRID = "/api/v1/activities/values/grid/"
STATS = "/api/v1/stats/"

LOCAL_POLICE = {"police", "commune_police"}
# Who a figure counts, written out by hand: the figures' group (or key) and the kinds of body whose values it sums.
CONTRIBUTORS = {
    "propaganda.media_items": {"newspaper", "broadcaster"},
    "propaganda.": LOCAL_POLICE,
    "fn3.mttq.": {"fatherland_front"},
    "fn3.youth.": {"youth_union"},
    "fn3.labour.": {"labour_federation"},
    "fn3.molisa.": {"department_labour"},
    "fn3.education.": {"department_education"},
    "fn3.health.": {"department_health"},
    "fn3.districts.": {"district_committee", "commune_committee"},
    "fn3.police.": {"provincial_police", "fire_police"} | LOCAL_POLICE,
}
# (province code, the day its map is read on, the window of the figures, the level its local bodies are at)
OLD_MAP = ("27", D(2024, 12, 31), (D(2024, 1, 1), D(2024, 12, 31)), AreaLevel.DISTRICT)
NEW_MAP = ("24", D(2025, 12, 31), (D(2025, 7, 1), D(2025, 12, 31)), AreaLevel.COMMUNE)


def contributors(key: str) -> set[str]:
    return next(kinds for prefix, kinds in CONTRIBUTORS.items() if key == prefix or key.startswith(prefix))


def period_of(body: ReportingBody, window_end: datetime.date) -> Period:
    """The body's last period of the window: December, the fourth quarter or the year."""
    index = {"month": 12, "quarter": 4, "year": 1}[body.period_type]
    return Period(window_end.year, index, body.period_type)


@pytest.mark.parametrize("case", [OLD_MAP, NEW_MAP], ids=["old-map", "new-map"])
def test_a_second_province_gets_its_bodies_in_one_step_and_its_figures_are_what_its_bodies_entered(case):
    code, day, (start, end), local_level = case
    province = area(code, on=day)
    staff = User.objects.create_user(username=f"tinh{code}", password="pw", role=Role.PROVINCE_STAFF,
                                     scope_area=province)
    locals_ = list(province.children.filter(level=local_level).exclude(valid_to__lt=day).exclude(valid_from__gt=day))

    would = province_bodies_create(province=province, dry_run=True)
    assert not ReportingBody.objects.filter(area__path__startswith=province.path).exists()
    created = province_bodies_create(province=province, actor=staff)
    assert [b.code for b in created] == [b.code for b in would]
    assert province_bodies_create(province=province, actor=staff) == []  # idempotent
    bodies = ReportingBody.objects.filter(area__path__startswith=province.path + ".") | ReportingBody.objects.filter(
        area=province)
    assert bodies.count() == len(created)
    # One body of each provincial kind, named after the province; the local kinds on each district or commune.
    provincial = {b.kind: b for b in bodies.filter(area=province)}
    assert len(provincial) == 10 and provincial["fatherland_front"].name == (
        "Ủy ban Mặt trận Tổ quốc Việt Nam tỉnh Bắc Ninh")
    assert provincial["department_education"].name == "Sở Giáo dục và Đào tạo tỉnh Bắc Ninh"
    assert provincial["newspaper"].name == "Báo Bắc Ninh"
    assert all("Bắc Giang" not in b.name for b in provincial.values())
    police = {"district": "police", "commune": "commune_police"}[local_level]
    committee = {"district": "district_committee", "commune": "commune_committee"}[local_level]
    assert sorted(bodies.filter(kind=police).values_list("area", flat=True)) == sorted(a.pk for a in locals_)
    assert bodies.filter(kind=committee).count() == len(locals_) > 5
    assert not bodies.exclude(area=province).exclude(area__level=local_level).exists()
    assert not bodies.filter(kind__in={"police", "district_committee"} - {police, committee}).exists()
    assert bodies.get(kind=police, area=locals_[0]).name == f"Công an {locals_[0].name[0].lower()}" \
                                                            f"{locals_[0].name[1:]}"

    # The province's staff enter a grid for every provincial body and for three local bodies of each local kind,
    # through the API, each value different.
    client = client_for(staff)
    entered = []  # (kind, indicator code, value)
    writing = list(bodies.filter(area=province)) + list(bodies.filter(kind=police)[:3]) + list(
        bodies.filter(kind=committee)[:3])
    for n, body in enumerate(writing):
        values = {}
        for i, indicator in enumerate(body.indicators.order_by("code")):
            value = 100 * (n + 1) + i + (5000 if indicator.not_below_id else 0)  # participants above sessions
            values[indicator.code] = {"value": str(value)}
            entered.append((body.kind, indicator.code, value))
        r = client.post(GRID, {"body": body.code, "period": period_of(body, end).key, "values": values},
                        format="json")
        assert r.status_code == 200, r.content
    assert TallyValue.objects.filter(body__area__path__startswith=province.path).count() == len(entered)

    keys = [s.key for s in figure_specs() if s.key.startswith(("fn3.", "propaganda."))]
    r = client.get(STATS, {"area": code, "from": start.isoformat(), "to": end.isoformat(), "keys": ",".join(keys)})
    assert r.status_code == 200, r.content
    figures = r.json()["figures"]
    indicators = {s.key: set(s.indicators) for s in figure_specs()}
    expected = {key: sum(v for kind, indicator, v in entered
                         if kind in contributors(key) and indicator in indicators[key]) for key in keys}
    assert figures == expected
    assert all(value > 0 for value in figures.values()), [k for k, v in figures.items() if not v]


def test_the_tallies_step_of_province_setup_makes_the_bodies_and_says_so():
    steps = dict(province_setup_steps())
    province = area("27")
    dry = steps["tallies"](province=province, dry_run=True)
    assert dry.lines[0].startswith("Sẽ tạo ") and not ReportingBody.objects.filter(area=province).exists()
    done = steps["tallies"](province=province, dry_run=False)
    assert done.lines[0] == dry.lines[0].replace("Sẽ tạo", "Đã tạo")
    assert "Ủy ban Mặt trận Tổ quốc Việt Nam tỉnh Bắc Ninh (mttq-tinh-l-27)" in "\n".join(done.lines)
    assert steps["tallies"](province=province, dry_run=False).lines == [
        "Đơn vị báo cáo số liệu: tỉnh đã có đủ theo danh mục, không tạo thêm."]


def test_bac_giang_already_has_a_body_of_each_provincial_kind():
    """Bắc Giang's bodies of the catalogue are its bodies of those kinds: the step adds only what it lacked (the
    bodies of the districts of its last day that the 2019 catalogue did not have)."""
    bac_giang = area("24")
    created = province_bodies_create(province=bac_giang)
    assert {b.kind for b in created} <= {"police", "district_committee"}
    assert all(b.area.level == AreaLevel.DISTRICT for b in created)
    assert ReportingBody.objects.filter(area=bac_giang, kind="fatherland_front").count() == 1
    assert province_bodies_create(province=bac_giang) == []


def test_the_demos_new_province_gets_its_bodies_and_they_report_from_the_third_quarter_of_2025(client, admin_user):
    today = timezone.localdate()
    tallies_demo_seed()
    assert tallies_province_seed(today)["bodies"] == 10 + 2 * 99
    assert tallies_province_seed(today) == {"bodies": 0}
    tallies_today_seed(today)

    new = ReportingBody.objects.filter(area__path__startswith="N.24")
    assert not TallyValue.objects.filter(body__in=new, period_end__lt=D(2025, 7, 1)).exists()
    assert not TallyValue.objects.exclude(body__in=new).filter(period_end__gt=D(2025, 6, 30)).exists()
    client.force_login(admin_user)
    keys = ["fn3.mttq.sessions", "fn3.labour.study_sessions", "fn3.districts.leaflets", "propaganda.sessions",
            "fire_inspections.total"]
    r = client.get(STATS, {"area": "24", "from": "2025-07-01", "to": "2025-12-31", "keys": ",".join(keys)})
    assert r.status_code == 200
    assert all(r.json()["figures"][key] > 0 for key in keys), r.json()["figures"]
    # The communes report around the level of the districts before them, shared among them.
    communes = TallyValue.objects.filter(body__kind="commune_police", indicator__code="sessions",
                                         period_start=D(2025, 7, 1)).aggregate(total=Sum("value"))["total"]
    districts = TallyValue.objects.filter(body__kind="police", indicator__code="sessions",
                                          period_start=D(2024, 7, 1)).aggregate(total=Sum("value"))["total"]
    assert districts / 3 < communes < districts * 3

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from tests.units.factories import commune_of, make_unit
from units.models import FireTeam, GuardForce, Unit

pytestmark = pytest.mark.django_db


@pytest.fixture
def units(db):
    return {
        "siflex": make_unit("222", name="Công ty TNHH Siflex Việt Nam", subtype="fdi_enterprise",
                            investor_country="Hàn Quốc"),
        "lucnam": make_unit("218", name="Công ty may Lục Nam"),
        "school": make_unit("222", name="Trường THPT Việt Yên số 1", kind="school", subtype="upper_secondary",
                            tax_code=""),
    }


def test_the_list_shows_only_the_scope(client, district_officer, units):
    client.force_login(district_officer)
    html = client.get("/units/").content.decode()
    assert "Công ty TNHH Siflex Việt Nam" in html and "Trường THPT Việt Yên số 1" in html
    assert "Công ty may Lục Nam" not in html


def test_search_ignores_accents_and_case(client, province_staff, units):
    client.force_login(province_staff)
    html = client.get("/units/", {"q": "VIET yen so 1"}).content.decode()
    assert "Trường THPT Việt Yên số 1" in html and "Siflex" not in html


def test_filters_by_kind_and_district(client, province_staff, units):
    client.force_login(province_staff)
    from tests.conftest import area

    html = client.get("/units/", {"kind": "enterprise", "area": area("222").pk}).content.decode()
    assert "Siflex" in html and "Trường THPT Việt Yên số 1" not in html and "Công ty may Lục Nam" not in html


def test_the_list_page_issues_a_fixed_number_of_queries(client, province_staff):
    for i in range(25):
        make_unit("222", name=f"Đơn vị {i}")
    client.force_login(province_staff)
    counts = []
    for size in (5, 25):
        with CaptureQueriesContext(connection) as ctx:
            client.get("/units/", {"page_size": size})
        counts.append(len(ctx))
    assert counts[0] == counts[1]


def test_a_unit_of_another_district_answers_404(client, district_officer, units):
    client.force_login(district_officer)
    assert client.get(f"/units/{units['lucnam'].pk}/").status_code == 404
    assert client.get(f"/units/{units['lucnam'].pk}/edit/").status_code == 404


def test_editing_a_unit_shows_in_its_history(client, district_officer, units):
    client.force_login(district_officer)
    unit = units["siflex"]
    form = client.get(f"/units/{unit.pk}/edit/").context["form"]
    data = {k: v for k, v in form.initial.items() if v is not None}
    data.update({"worker_count": 3200, "version": unit.version, "commune": unit.commune_id})
    r = client.post(f"/units/{unit.pk}/edit/", data)
    assert r.status_code == 302, r.context["form"].errors
    html = client.get(f"/units/{unit.pk}/").content.decode()
    assert "3.200 công nhân" in html
    assert "Số công nhân" in html and "<ins>3.200</ins>" in html  # the history names the field and the new value


def test_a_form_with_bad_input_explains_in_vietnamese_and_saves_nothing(client, province_staff, units):
    client.force_login(province_staff)
    r = client.post("/units/new/", {"name": "Công ty TNHH Siflex Việt Nam", "kind": "enterprise",
                                    "subtype": "upper_secondary", "commune": units["siflex"].commune_id,
                                    "managing_level": "province", "staff_count": "-3", "worker_count": 0,
                                    "student_count": 0, "status": "active"})
    assert r.status_code == 200
    html = r.content.decode()
    assert "Phân loại này không thuộc loại đã chọn" in html
    assert "lớn hơn hoặc bằng với 0" in html  # the negative count
    assert "đã có ở" in html  # the same name in the same commune
    assert Unit.objects.count() == 3


def test_a_viewer_cannot_open_the_forms(client, viewer, units):
    client.force_login(viewer)
    assert client.get("/units/new/").status_code == 403
    assert client.get(f"/units/{units['siflex'].pk}/edit/").status_code == 403
    assert client.get(f"/units/{units['siflex'].pk}/").status_code == 200


def test_guard_force_and_fire_team_are_recorded_on_the_unit_page(client, district_officer, units):
    client.force_login(district_officer)
    unit = units["siflex"]
    r = client.post(f"/units/{unit.pk}/guard-force/", {"year": 2019, "organisation_form": "team", "staffing": "both",
                                                       "official_staff": 2, "long_term": 5, "short_term": 1,
                                                       "bodyguards": 12, "trained": 15})
    assert r.status_code == 302
    assert GuardForce.objects.get(unit=unit, year=2019).bodyguards == 12
    client.post(f"/units/{unit.pk}/fire-team/", {"established_on": "10/03/2016", "members": 25})
    client.post(f"/units/{unit.pk}/fire-team/consolidate/", {"date": "05/04/2018", "members": 30})
    assert FireTeam.objects.get(unit=unit).members == 30
    html = client.get(f"/units/{unit.pk}/").content.decode()
    assert "10/03/2016" in html and "05/04/2018" in html


def test_consolidating_a_fire_team_not_recorded_yet_asks_for_the_team_first(client, district_officer, units):
    client.force_login(district_officer)
    unit = units["siflex"]
    r = client.post(f"/units/{unit.pk}/fire-team/consolidate/", {"date": "05/04/2018", "members": 30})
    assert r.status_code == 200
    assert "Hãy ghi nhận đội PCCC cơ sở trước." in r.content.decode()
    assert not FireTeam.objects.filter(unit=unit).exists()


def test_more_trained_guards_than_guards_is_refused(client, district_officer, units):
    client.force_login(district_officer)
    r = client.post(f"/units/{units['siflex'].pk}/guard-force/", {
        "year": 2019, "organisation_form": "team", "staffing": "own", "official_staff": 1, "long_term": 0,
        "short_term": 0, "bodyguards": 0, "trained": 5})
    assert r.status_code == 200
    assert not GuardForce.objects.exists()


def test_creating_a_unit_in_the_district(client, district_officer):
    client.force_login(district_officer)
    r = client.post("/units/new/", {"name": "Bệnh viện Đa khoa Việt Yên", "kind": "agency", "subtype": "hospital",
                                    "commune": commune_of("222").pk, "managing_level": "district",
                                    "staff_count": 300, "worker_count": 0, "student_count": 0, "status": "active"})
    assert r.status_code == 302
    assert Unit.objects.get(name="Bệnh viện Đa khoa Việt Yên").commune.parent.code == "222"


def test_the_zones_page_shows_what_each_zone_holds(client, district_officer, other_district_officer):
    from units.models import IndustrialZone, ZoneInvestment

    zone = IndustrialZone.objects.create(name="Khu công nghiệp Đình Trám", kind="zone", area=commune_of("222"))
    ZoneInvestment.objects.create(zone=zone, year=2019, projects=71)
    make_unit("222", zone=zone, worker_count=12000)
    client.force_login(district_officer)
    html = client.get("/units/zones/").content.decode()
    assert "Khu công nghiệp Đình Trám" in html and "12.000" in html and ">71<" in html
    client.force_login(other_district_officer)
    assert "Đình Trám" not in client.get("/units/zones/").content.decode()

"""/api/v1/commendations/: every endpoint for an in-scope user, an out-of-scope one (404 on reads, 403 on writes), an
anonymous caller and a viewer (reads only); the unit must be in the scope; a second medal answers 400 naming the
first decision."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from commendations.models import Commendation
from tests.conftest import area, client_for
from tests.units.factories import commune_of, make_unit

from .factories import D, make_commendation, make_medal

pytestmark = pytest.mark.django_db
URL = "/api/v1/commendations/"
FIRST = ("Ông/Bà Nguyễn Văn An đã được tặng Kỷ niệm chương “Bảo vệ an ninh Tổ quốc” theo Quyết định số "
         "2345/QĐ-BCA-X15 ngày 16/08/2016.")


@pytest.fixture
def viet_yen(db):
    return make_medal(make_unit("222", name="Công ty TNHH Siflex Việt Nam"))


@pytest.fixture
def luc_nam(db):
    return make_commendation(make_unit("218", name="Công ty may Lục Nam"), decision_number="77/QĐ-CAT-PX01")


def medal(unit, **extra):
    return {"form": "medal", "grantor": "ministry", "recipient_kind": "individual", "unit": unit.pk,
            "person_name": "Trần Thị Mai", "birth_year": 1980, "decision_number": "3001/QĐ-BCA-X15",
            "decision_date": "2019-08-12", "occasion": "august_19"} | extra


# --- Reads --------------------------------------------------------------------------------------------------------

def test_a_district_officer_lists_only_the_districts_commendations(district_officer, viet_yen, luc_nam):
    body = client_for(district_officer).get(URL).json()
    assert [c["recipient_name"] for c in body["results"]] == ["Nguyễn Văn An"]
    row = body["results"][0]
    assert (row["form"], row["grantor"], row["unit_detail"]["name"]) == ("medal", "ministry",
                                                                         "Công ty TNHH Siflex Việt Nam")
    assert row["area_detail"]["id"] == viet_yen.unit.commune_id


def test_filters_narrow_the_list(province_staff, viet_yen, luc_nam):
    make_commendation(make_unit("218"), grantor="district_chairman", decision_date=D(2015, 1, 12),
                      organisation_name="Đội bảo vệ", occasion="annual")
    client = client_for(province_staff)

    def numbers(**params):
        return sorted(c["decision_number"] for c in client.get(URL, params).json()["results"])

    assert numbers(form="medal") == ["2345/QĐ-BCA-X15"]
    assert numbers(grantor="police_director") == ["77/QĐ-CAT-PX01"]
    assert numbers(recipient_kind="collective") == ["512/QĐ-CAT-PX01", "77/QĐ-CAT-PX01"]
    assert numbers(occasion="annual") == ["512/QĐ-CAT-PX01"]
    assert numbers(area="218") == ["512/QĐ-CAT-PX01", "77/QĐ-CAT-PX01"]
    assert numbers(year=2016) == ["2345/QĐ-BCA-X15"]
    assert numbers(search="nguyen van an") == ["2345/QĐ-BCA-X15"]
    assert numbers(search="77/QĐ") == ["77/QĐ-CAT-PX01"]
    assert numbers(unit=luc_nam.unit_id) == ["77/QĐ-CAT-PX01"]
    assert client.get(URL, {"area": "99999"}).status_code == 400
    assert client.get(URL, {"form": "trophy"}).status_code == 400


def test_the_list_issues_the_same_number_of_queries_whatever_the_page_size(province_staff):
    units = [make_unit("222"), make_unit("218")]
    for i in range(30):
        make_commendation(units[i % 2], decision_number=f"{i}/QĐ-CAT-PX01")
    client = client_for(province_staff)
    counts = []
    for size in (5, 30):
        with CaptureQueriesContext(connection) as ctx:
            assert len(client.get(URL, {"page_size": size}).json()["results"]) == size
        counts.append(len(ctx))
    assert counts[0] == counts[1]


def test_a_commendation_of_another_district_answers_404_and_writes_to_it_403(district_officer, luc_nam):
    client = client_for(district_officer)
    base = f"{URL}{luc_nam.pk}/"
    assert client.get(base).status_code == 404
    assert client.patch(base, {"reason": "Đổi"}, format="json").status_code == 403
    assert client.put(base, {}, format="json").status_code == 403
    assert client.delete(base).status_code == 403
    luc_nam.refresh_from_db()
    assert luc_nam.reason.startswith("Đã có thành tích")


def test_anonymous_callers_are_refused(api, viet_yen):
    for method, url in [("get", URL), ("get", f"{URL}{viet_yen.pk}/"), ("post", URL),
                        ("patch", f"{URL}{viet_yen.pk}/"), ("delete", f"{URL}{viet_yen.pk}/")]:
        assert getattr(api, method)(url).status_code == 401, (method, url)
    assert Commendation.objects.count() == 1


def test_a_viewer_reads_but_cannot_write(viewer, viet_yen):
    client = client_for(viewer)
    base = f"{URL}{viet_yen.pk}/"
    assert client.get(base).status_code == 200
    assert client.post(URL, medal(viet_yen.unit, person_name="Lê Văn Hùng"), format="json").status_code == 403
    assert client.patch(base, {"position": "x"}, format="json").status_code == 403
    assert client.delete(base).status_code == 403
    assert Commendation.objects.get().position == "Đội trưởng Đội bảo vệ"


# --- Writes -------------------------------------------------------------------------------------------------------

def test_a_district_officer_records_a_medal_counted_in_the_units_commune(district_officer):
    unit = make_unit("222", commune=commune_of("222", 2))
    r = client_for(district_officer).post(URL, medal(unit, citizen_id="024 180 012 345"), format="json")
    assert r.status_code == 201, r.json()
    body = r.json()
    assert body["area"] == commune_of("222", 2).pk and body["citizen_id"] == "024180012345"
    assert Commendation.objects.get().history.get().history_type == "+"


def test_a_second_medal_for_the_same_person_answers_400_naming_the_first_decision(province_staff, viet_yen):
    unit = make_unit("218")
    r = client_for(province_staff).post(URL, medal(unit, person_name="Nguyễn  văn An", birth_year=1975),
                                        format="json")
    assert r.status_code == 400
    assert r.json()["errors"]["person_name"] == [FIRST]
    assert r.json()["detail"] == FIRST
    assert Commendation.objects.count() == 1


def test_the_services_rules_answer_400_with_the_reasons(province_staff):
    unit = make_unit("222")
    r = client_for(province_staff).post(URL, medal(unit, recipient_kind="collective", grantor="police_director"),
                                        format="json")
    assert r.status_code == 400
    assert r.json()["errors"] == {"recipient_kind": ["Kỷ niệm chương chỉ tặng cho cá nhân."],
                                  "grantor": ["Kỷ niệm chương do Bộ trưởng Bộ Công an tặng."]}
    assert r.json()["detail"] == "Kỷ niệm chương chỉ tặng cho cá nhân."
    r = client_for(province_staff).post(URL, {"form": "certificate_of_merit", "grantor": "province_chairman",
                                              "recipient_kind": "collective", "decision_number": "5/QĐ-UBND",
                                              "decision_date": "2018-01-20"}, format="json")
    assert r.status_code == 400 and set(r.json()["errors"]) == {"organisation_name", "area"}
    assert not Commendation.objects.exists()


def test_an_organisation_is_recorded_in_the_area_given(province_staff):
    r = client_for(province_staff).post(URL, {
        "form": "certificate_of_merit", "grantor": "province_chairman", "recipient_kind": "collective",
        "organisation_name": "Hiệp hội Doanh nghiệp tỉnh", "area": area("24").pk, "decision_number": "5/QĐ-UBND",
        "decision_date": "2018-01-20"}, format="json")
    assert r.status_code == 201, r.json()
    assert r.json()["recipient_name"] == "Hiệp hội Doanh nghiệp tỉnh" and r.json()["unit"] is None


def test_a_unit_or_an_area_outside_the_scope_is_refused_with_403(district_officer):
    outside = make_unit("218")
    client = client_for(district_officer)
    assert client.post(URL, medal(outside), format="json").status_code == 403
    inside = make_unit("222")
    assert client.post(URL, medal(inside, area=commune_of("218").pk), format="json").status_code == 403
    assert not Commendation.objects.exists()


def test_moving_a_commendation_out_of_the_scope_is_refused(district_officer, viet_yen):
    r = client_for(district_officer).patch(f"{URL}{viet_yen.pk}/", {"unit": make_unit("218").pk}, format="json")
    assert r.status_code == 403
    assert Commendation.objects.get().unit == viet_yen.unit


def test_a_patch_changes_what_it_names(district_officer, viet_yen):
    r = client_for(district_officer).patch(f"{URL}{viet_yen.pk}/", {"position": "Giám đốc"}, format="json")
    assert r.status_code == 200, r.json()
    assert r.json()["position"] == "Giám đốc" and r.json()["person_name"] == "Nguyễn Văn An"


def test_a_district_officer_deletes_a_commendation_and_the_history_keeps_it(district_officer, viet_yen):
    r = client_for(district_officer).delete(f"{URL}{viet_yen.pk}/")
    assert r.status_code == 204
    assert not Commendation.objects.exists()
    assert Commendation.history.filter(id=viet_yen.pk, history_type="-").exists()

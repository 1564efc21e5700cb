import pytest
from django.utils import timezone

from certification.models import Participation, Status
from tests.certification.helpers import all_met, campaign, council, walk_to_appraised
from tests.conftest import client_for
from tests.units.factories import make_unit

pytestmark = pytest.mark.django_db
URL = "/api/v1/certification/participations/"


@pytest.fixture
def viet_yen(db):
    return make_unit("222", name="Công ty may Việt Yên")


@pytest.fixture
def luc_nam(db):
    return make_unit("218", name="Công ty may Lục Nam")


def test_a_district_officer_walks_a_unit_through_the_steps(district_officer, viet_yen):
    client = client_for(district_officer)
    r = client.post(URL, {"campaign": campaign().pk, "unit": viet_yen.pk}, format="json")
    assert r.status_code == 201, r.json()
    pk = r.json()["id"]
    p = Participation.objects.get(pk=pk)
    answers = [{"criterion": c, "met": True, "note": ""} for c in all_met(p)]
    assert client.post(f"{URL}{pk}/assess/", {"answers": answers}, format="json").json()["status"] == "assessed"
    assert client.post(f"{URL}{pk}/submit/").json()["status"] == "submitted"
    # Each step is dated today, so the appraisal and the decision are too: never before the submission (#17).
    r = client.post(f"{URL}{pk}/appraise/", {"council": council().pk, "recommends": True}, format="json")
    assert r.json()["status"] == "appraised"
    r = client.post(f"{URL}{pk}/decide/", {"level": "district", "authority": "Chủ tịch UBND huyện Việt Yên",
                                           "number": "55/QĐ-UBND", "date": str(timezone.localdate()),
                                           "recognized": True},
                    format="json")
    assert r.status_code == 200 and r.json()["status"] == "recognized"
    assert r.json()["decision"]["number"] == "55/QĐ-UBND"


def test_a_step_out_of_order_answers_400_with_the_reason(district_officer, viet_yen):
    client = client_for(district_officer)
    pk = client.post(URL, {"campaign": campaign().pk, "unit": viet_yen.pk}, format="json").json()["id"]
    r = client.post(f"{URL}{pk}/submit/")
    assert r.status_code == 400
    assert "Công ty may Việt Yên" in str(r.json())
    assert Participation.objects.get(pk=pk).status == Status.REGISTERED


def test_a_district_officer_cannot_decide_at_province_level(district_officer, viet_yen):
    p = walk_to_appraised(viet_yen)
    r = client_for(district_officer).post(f"{URL}{p.pk}/decide/", {
        "level": "province", "authority": "Chủ tịch UBND tỉnh", "number": "1/QĐ", "date": "2019-12-10",
        "recognized": True}, format="json")
    assert r.status_code == 403
    assert Participation.objects.get(pk=p.pk).status == Status.APPRAISED


def test_participations_of_another_district_answer_404_and_writes_403(district_officer, luc_nam):
    p = walk_to_appraised(luc_nam)
    client = client_for(district_officer)
    assert client.get(f"{URL}{p.pk}/").status_code == 404
    assert client.post(f"{URL}{p.pk}/submit/").status_code == 403
    assert client.post(URL, {"campaign": campaign().pk, "unit": luc_nam.pk}, format="json").status_code in (403,)
    assert client.get(URL).json()["count"] == 0


def test_anonymous_and_viewers(api, viewer, viet_yen):
    p = walk_to_appraised(viet_yen)
    assert api.get(URL).status_code == 401
    client = client_for(viewer)
    assert client.get(f"{URL}{p.pk}/").status_code == 200
    assert client.post(f"{URL}{p.pk}/revoke/", {"reason": "x"}, format="json").status_code == 403


def test_a_bulk_decision_recognizes_many_units(province_staff):
    ps = [walk_to_appraised(make_unit("222")) for _ in range(3)]
    r = client_for(province_staff).post("/api/v1/certification/decisions/", {
        "campaign": ps[0].campaign_id, "level": "province", "authority": "Chủ tịch UBND tỉnh Bắc Giang",
        "number": "1500/QĐ-UBND", "date": "2019-12-20", "recognized": True,
        "participations": [p.pk for p in ps], "certificates": {str(ps[0].pk): "GCN-01"}}, format="json")
    assert r.status_code == 201, r.json()
    assert len(r.json()["units"]) == 3
    assert Participation.objects.filter(status=Status.RECOGNIZED).count() == 3


def test_campaigns_are_opened_by_province_staff_only(province_staff, district_officer, api):
    assert client_for(district_officer).post("/api/v1/certification/campaigns/", {
        "scheme": "antt_safe", "year": 2023}, format="json").status_code == 403
    r = client_for(province_staff).post("/api/v1/certification/campaigns/", {"scheme": "antt_safe", "year": 2023},
                                        format="json")
    assert r.status_code == 201 and r.json()["window_start"] == "2022-11-16" and r.json()["window_end"] == "2023-11-15"
    assert api.get("/api/v1/certification/campaigns/").status_code == 401


def test_criteria_sets_are_published_with_their_legal_basis(district_officer):
    body = client_for(district_officer).get("/api/v1/certification/criteria-sets/").json()
    bases = " ".join(s["legal_basis"] for s in body["results"])
    assert "23/2012/TT-BCA" in bases and "124/2021/TT-BCA" in bases


def test_criticisms_are_scoped(district_officer, viet_yen, luc_nam):
    client = client_for(district_officer)
    r = client.post("/api/v1/certification/criticisms/", {
        "unit": viet_yen.pk, "date": "2019-05-02", "issuer": "Chủ tịch UBND tỉnh",
        "content": "Chưa ký cam kết, chưa có mô hình tự quản."}, format="json")
    assert r.status_code == 201
    r = client.post("/api/v1/certification/criticisms/", {
        "unit": luc_nam.pk, "date": "2019-05-02", "issuer": "x", "content": "y"}, format="json")
    assert r.status_code == 403


def test_the_issuing_area_follows_the_level_and_the_units(district_officer, province_staff, viet_yen, luc_nam):
    p = walk_to_appraised(viet_yen)
    r = client_for(district_officer).post(f"{URL}{p.pk}/decide/", {
        "level": "district", "authority": "Chủ tịch UBND huyện Việt Yên", "number": "55/QĐ-UBND",
        "date": "2019-12-10", "recognized": True}, format="json")
    assert r.status_code == 200
    assert Participation.objects.get(pk=p.pk).decision.area == viet_yen.commune.parent  # the district, not the commune
    # A district chairman decides for the units of his district only.
    ps = [walk_to_appraised(make_unit("222")), walk_to_appraised(luc_nam)]
    r = client_for(province_staff).post("/api/v1/certification/decisions/", {
        "campaign": ps[0].campaign_id, "level": "district", "authority": "Chủ tịch UBND huyện", "number": "9/QĐ",
        "date": "2019-12-20", "recognized": True, "participations": [p.pk for p in ps]}, format="json")
    assert r.status_code == 400 and "một huyện" in str(r.json()["errors"]["area"])
    assert not Participation.objects.filter(pk__in=[p.pk for p in ps], status=Status.RECOGNIZED).exists()


# --- Appraisal councils --------------------------------------------------------------------------------------------

COUNCILS = "/api/v1/certification/councils/"


def test_a_district_officer_lists_the_councils_of_the_district_and_of_the_province_only(district_officer, api):
    from certification.models import Council
    from tests.conftest import area

    province = council()  # the province's (Bắc Giang, 24)
    own = Council.objects.create(name="Hội đồng thẩm định huyện Việt Yên", members="Phó Chủ tịch UBND huyện\nTrưởng "
                                 "Công an huyện", area=area("222"))
    other = Council.objects.create(name="Hội đồng thẩm định huyện Lục Nam", members="Phó Chủ tịch UBND huyện",
                                   area=area("218"))
    client = client_for(district_officer)
    listed = client.get(COUNCILS).json()
    listed = listed["results"] if isinstance(listed, dict) else listed
    assert sorted(c["name"] for c in listed) == sorted([province.name, own.name])
    assert client.get(f"{COUNCILS}{own.pk}/").json()["members"] == ["Phó Chủ tịch UBND huyện",
                                                                   "Trưởng Công an huyện"]
    assert client.get(f"{COUNCILS}{other.pk}/").status_code == 404
    assert client.post(COUNCILS, {"name": "x", "members": "y", "area": own.area_id}, format="json").status_code == 405
    assert api.get(COUNCILS).status_code == 401
    assert Council.objects.count() == 3



def test_a_decision_whose_issuing_body_is_of_another_level_answers_400_naming_it(province_staff, viet_yen):
    p = walk_to_appraised(viet_yen)
    r = client_for(province_staff).post(f"{URL}{p.pk}/decide/", {
        "level": "commune", "authority": "Chủ tịch UBND thị xã Việt Yên", "number": "7/QĐ-UBND",
        "date": "2019-12-20", "recognized": True}, format="json")
    assert r.status_code == 400 and "là cơ quan cấp huyện" in r.json()["errors"]["authority"][0]
    assert Participation.objects.get(pk=p.pk).status == Status.APPRAISED

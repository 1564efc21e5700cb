"""#17 part 2: what a client of the API can rely on — one error body everywhere (a field's error, a parse error, an
unknown path, a missing token, a form body), messages in the language asked (Vietnamese by default), the page size
the links carry, and the versions of a unit (ETag, If-None-Match, If-Match)."""

import pytest
from rest_framework.test import APIClient

from tests.conftest import area, client_for
from tests.units.factories import make_unit

pytestmark = pytest.mark.django_db
UNITS = "/api/v1/units/"


def is_error_body(r, code: str) -> bool:
    body = r.json()
    return (r["Content-Type"].startswith("application/json") and isinstance(body.get("detail"), str)
            and body["detail"] and body.get("code") == code)


def test_a_field_error_names_the_field_under_errors_and_says_it_in_detail(district_officer):
    r = client_for(district_officer).post(UNITS, {"name": "", "kind": "agency"}, format="json")
    assert r.status_code == 400 and is_error_body(r, "invalid")
    assert r.json()["errors"]["name"] == ["Trường này không được bỏ trống."]
    assert r.json()["detail"] in {m for messages in r.json()["errors"].values() for m in messages}


def test_a_body_that_is_not_json_answers_400_in_vietnamese(district_officer):
    r = client_for(district_officer).generic("POST", UNITS, "{\"name\": ", content_type="application/json")
    assert r.status_code == 400 and is_error_body(r, "parse_error")
    assert r.json()["detail"].startswith("Nội dung gửi lên không phải JSON hợp lệ")


def test_a_form_body_answers_415_saying_to_send_json(district_officer):
    r = client_for(district_officer).post(UNITS, {"name": "Công ty A"}, format="multipart")
    assert r.status_code == 415 and is_error_body(r, "unsupported_media_type")
    assert "application/json" in r.json()["detail"]


def test_an_unknown_api_path_answers_the_json_404_to_any_method(district_officer):
    client = client_for(district_officer)
    for r in (client.get("/api/v1/nothing/"), client.post("/api/v1/units/0.5/retry/", {}, format="json"),
              APIClient().post("/api/v2/units/", {}, format="json")):
        assert r.status_code == 404 and is_error_body(r, "not_found")
        assert r.json()["detail"] == "Không tìm thấy."


def test_without_a_token_401_in_the_error_body():
    r = APIClient().get(UNITS)
    assert r.status_code == 401 and is_error_body(r, "not_authenticated")
    assert r.json()["detail"] == "Chưa gửi thông tin xác thực (token)."


def test_messages_follow_accept_language_vietnamese_by_default(district_officer):
    client = client_for(district_officer)
    assert client.get(UNITS, {"page": "x"}).json()["errors"]["page"] == ["Nhập một số nguyên từ 1 trở lên."]
    english = client.get(UNITS, {"page": "x"}, HTTP_ACCEPT_LANGUAGE="en")
    assert english.json()["errors"]["page"] == ["Enter a whole number from 1."]
    other = client.get(UNITS, {"page": "x"}, HTTP_ACCEPT_LANGUAGE="fr")
    assert other.json()["errors"]["page"] == ["Nhập một số nguyên từ 1 trở lên."]


def test_a_typed_parameter_given_empty_or_unreadable_is_refused_not_ignored(district_officer):
    client = client_for(district_officer)
    for params, name in (({"zone": ""}, "zone"), ({"fdi": "7"}, "fdi"), ({"page_size": "0"}, "page_size"),
                         ({"page": ""}, "page")):
        r = client.get(UNITS, params)
        assert r.status_code == 400 and name in r.json()["errors"], params


def test_the_next_link_carries_the_page_size_used(district_officer):
    for n in range(3):
        make_unit("222", name=f"Công ty số {n}")
    client = client_for(district_officer)
    assert "page_size=2" in client.get(UNITS, {"page_size": 2}).json()["next"]
    for n in range(3, 502):
        make_unit("222", name=f"Công ty số {n}")
    body = client.get(UNITS, {"page_size": 1000}).json()
    assert len(body["results"]) == 500 and "page_size=500" in body["next"]
    assert len(client.get(body["next"]).json()["results"]) == 2


def test_a_units_version_is_its_etag_if_none_match_answers_304_and_a_delete_needs_it(district_officer):
    unit = make_unit("222")
    client = client_for(district_officer)
    read = client.get(f"{UNITS}{unit.pk}/")
    etag = read["ETag"]
    assert etag == f'"{unit.version}"'
    again = client.get(f"{UNITS}{unit.pk}/", HTTP_IF_NONE_MATCH=etag)
    assert again.status_code == 304 and again.content == b""
    r = client.delete(f"{UNITS}{unit.pk}/")
    assert r.status_code == 428 and is_error_body(r, "precondition_required")
    assert client.delete(f"{UNITS}{unit.pk}/", HTTP_IF_MATCH='"99"').status_code == 412
    assert client.delete(f"{UNITS}{unit.pk}/", HTTP_IF_MATCH=etag).status_code == 204


def test_a_moment_outside_1900_2100_is_refused_naming_the_field(district_officer):
    """The year 313 was accepted and read back with an offset RFC 3339 does not allow (+07:06:40)."""
    unit = make_unit("222")
    body = {"type": "theft", "occurred_at": "0313-06-03T08:30:00Z", "unit": unit.pk, "description": "Mất trộm"}
    r = client_for(district_officer).post("/api/v1/incidents/", body, format="json")
    assert r.status_code == 400
    assert r.json()["errors"]["occurred_at"] == ["Nhập ngày giờ trong khoảng từ năm 1900 đến năm 2100."]


def test_a_moment_filter_outside_1900_2100_answers_400_and_any_offset_is_read_in_utc(district_officer):
    """The database refused `0330-07-26T07:49:38-22:41` (an offset beyond ±15 hours): a 500."""
    client = client_for(district_officer)
    for moment in ("0330-07-26T07:49:38-22:41", "9999-01-01T00:00:00Z"):
        r = client.get(UNITS, {"updated_since": moment})
        assert r.status_code == 400 and "updated_since" in r.json()["errors"], moment
    for moment in ("2026-01-01T00:00:00-22:41", "2026-01-01T00:00:00+07:00"):
        assert client.get(UNITS, {"updated_since": moment}).status_code == 200, moment


def test_a_multipart_body_with_no_readable_field_is_refused_not_read_as_an_empty_update(province_staff):
    """A malformed multipart body (a part without a name) was read as an empty PATCH and answered 200."""
    from coordination.models import Document

    document = Document.objects.create(doc_type="plan", number="33/KH-CAT", issued_on="2016-02-27",
                                       issuer="Công an tỉnh", subject="Triển khai", area=area("24"))
    boundary = "c964342da502b10baab511e7f5f68f0e"
    body = f"--{boundary}\r\n\nabc--{boundary}--\r\n".encode()
    r = client_for(province_staff).generic("PATCH", f"/api/v1/activities/documents/{document.pk}/", body,
                                           content_type=f"multipart/form-data; boundary={boundary}")
    assert r.status_code == 400 and is_error_body(r, "parse_error")
    assert r.json()["detail"] == "Không đọc được trường nào trong nội dung multipart/form-data."


def test_a_year_of_a_units_record_lies_in_1900_2100(district_officer):
    """A guard force of year 1 and a zone investment of year 0 were accepted."""
    from units.models import IndustrialZone

    unit = make_unit("222")
    client = client_for(district_officer)
    r = client.post(f"{UNITS}{unit.pk}/guard-forces/", {"year": 1}, format="json")
    assert r.status_code == 400 and "year" in r.json()["errors"]
    assert client.post(f"{UNITS}{unit.pk}/guard-forces/", {"year": 2019}, format="json").status_code == 201
    zone = IndustrialZone.objects.create(name="KCN Quang Châu", kind="zone", area=area("222"))
    r = client.post(f"/api/v1/industrial-zones/{zone.pk}/investments/", {"year": 0, "projects": 2}, format="json")
    assert r.status_code == 400 and "year" in r.json()["errors"]
    assert not zone.investments.exists() and not unit.guard_forces.filter(year=1).exists()

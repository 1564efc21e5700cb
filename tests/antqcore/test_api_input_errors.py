"""#17 part 1: input that used to answer 500 answers a 4xx with a JSON error in Vietnamese, and changes nothing —
deleting a record still referenced (409 naming what refers to it), a non-ASCII Authorization header (401), JSON
nested too deep (400) and a free text longer than its limit (400 naming the field)."""

import pytest
from rest_framework.test import APIClient

from antqcore.models import Organisation
from incidents.models import Incident
from tests.conftest import area, client_for
from tests.units.factories import make_unit
from units.models import IndustrialZone

pytestmark = pytest.mark.django_db
INCIDENTS = "/api/v1/incidents/"


def incident(unit, **extra):
    return {"type": "theft", "occurred_at": "2019-06-03T08:30:00+07:00", "unit": unit.pk,
            "description": "Mất trộm 20 bộ linh kiện", "damage_vnd": 60_000_000, "outsiders": 1} | extra


def test_deleting_an_organisation_still_referenced_answers_409_naming_its_users(province_staff):
    organisation = province_staff.organisation
    r = client_for(province_staff).delete(f"/api/v1/organisations/{organisation.pk}/")
    assert r.status_code == 409 and r["Content-Type"].startswith("application/json")
    detail = r.json()["detail"]
    assert detail.startswith("Không thể xóa bản ghi này") and "1 người dùng" in detail
    assert Organisation.objects.filter(pk=organisation.pk).exists()


def test_deleting_a_zone_with_units_answers_409_and_keeps_it(province_staff):
    zone = IndustrialZone.objects.create(name="KCN Quang Châu", kind="zone", area=area("222"))
    make_unit(zone=zone)
    make_unit(zone=zone)
    r = client_for(province_staff).delete(f"/api/v1/industrial-zones/{zone.pk}/")
    assert r.status_code == 409
    assert "còn 2 đơn vị tham chiếu" in r.json()["detail"]
    assert IndustrialZone.objects.filter(pk=zone.pk).exists() and zone.units.count() == 2


@pytest.mark.parametrize("header", ["Token ệ", "Token \xff\xfe", "Bearer ệệệ", "Token abc\u0111"])
def test_a_non_ascii_authorization_header_answers_401(province_staff, header):
    unit = make_unit("222")
    r = APIClient().post(INCIDENTS, incident(unit), format="json", HTTP_AUTHORIZATION=header)
    assert r.status_code == 401 and r["Content-Type"].startswith("application/json")
    assert r.json()["detail"] == "Tiêu đề token không hợp lệ."
    assert not Incident.objects.exists()


def test_json_nested_a_thousand_deep_answers_400(province_staff):
    unit = make_unit("222")
    for depth in (1000, 100_000):
        body = '{"description": ' + "[" * depth + "]" * depth + f', "unit": {unit.pk}}}'
        r = client_for(province_staff).post(INCIDENTS, body, content_type="application/json")
        assert r.status_code == 400 and r["Content-Type"].startswith("application/json")
        assert r.json()["detail"] == "Nội dung JSON lồng nhau quá sâu (tối đa 100 cấp)."
    assert not Incident.objects.exists()


def test_ordinary_nesting_still_parses(province_staff):
    unit = make_unit("222")
    r = client_for(province_staff).post(INCIDENTS, incident(unit), format="json")
    assert r.status_code == 201, r.json()


def test_a_megabyte_description_answers_400_naming_the_field(province_staff):
    unit = make_unit("222")
    r = client_for(province_staff).post(INCIDENTS, incident(unit, description="x" * 1_000_000), format="json")
    assert r.status_code == 400 and r["Content-Type"].startswith("application/json")
    assert r.json()["errors"]["description"] == ["Nội dung: không được dài quá 10000 ký tự (đã nhập 1000000)."]
    assert not Incident.objects.exists()


def test_a_description_at_the_limit_is_accepted(province_staff):
    unit = make_unit("222")
    r = client_for(province_staff).post(INCIDENTS, incident(unit, description="x" * 10_000), format="json")
    assert r.status_code == 201
    assert len(Incident.objects.get().description) == 10_000



def _unbounded_strings(schema: dict, components: dict, path: str, seen: set) -> set[str]:
    """The strings of a request body's schema that take any length (no maxLength, enum, format or pattern)."""
    if "$ref" in schema:
        name = schema["$ref"].rsplit("/", 1)[-1]
        if name in seen:
            return set()
        seen.add(name)
        return _unbounded_strings(components[name], components, name, seen)
    found = set()
    for key in ("allOf", "oneOf", "anyOf"):
        for part in schema.get(key, []):
            found |= _unbounded_strings(part, components, path, seen)
    if schema.get("type") == "string" and not schema.get("readOnly") and not (
            {"maxLength", "enum", "format", "pattern"} & set(schema)):
        found.add(path)
    for name, prop in schema.get("properties", {}).items():
        found |= _unbounded_strings(prop, components, f"{path}.{name}", seen)
    for key in ("items", "additionalProperties"):
        if isinstance(schema.get(key), dict):
            found |= _unbounded_strings(schema[key], components, f"{path}[]", seen)
    return found


def test_no_text_the_api_takes_is_unbounded():
    """A 1 MB description was accepted: every text a client may send has a limit, which the schema says (a model's
    text field 10 000 characters, LimitedTextField; a code or a name its column's)."""
    from drf_spectacular.generators import SchemaGenerator

    schema = SchemaGenerator().get_schema(request=None, public=True)
    components = schema["components"]["schemas"]
    unbounded = set()
    for path, operations in schema["paths"].items():
        for method, operation in operations.items():
            for media in operation.get("requestBody", {}).get("content", {}).values():
                unbounded |= {f"{method.upper()} {path} {where}"
                              for where in _unbounded_strings(media["schema"], components, "body", set())}
    assert unbounded == set()

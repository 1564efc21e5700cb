"""What a client may send wrong answers a 4xx with a JSON error, never a 500 (#17 part 1): a malformed id on every
route of the router, integer and year filters out of range, a campaign year out of range, an activity without its
kind."""

import re

import pytest
from django_filters import NumberFilter

from config.api_router import router
from tests.conftest import client_for

ROUTES = [(prefix, viewset) for prefix, viewset, _basename in router.registry]


def _detail_urls():
    """Every detail URL of the router with the malformed id "abc", and the methods it answers."""
    for prefix, viewset in ROUTES:
        yield f"/api/v1/{prefix}/abc/", ["get", "put", "patch", "delete"]
        for action in viewset.get_extra_actions():
            if not action.detail:
                continue
            path = re.sub(r"\(\?P<[^>]+>[^)]*\)", "1", action.url_path)
            yield f"/api/v1/{prefix}/abc/{path}/", sorted(action.mapping)


DETAIL_URLS = list(_detail_urls())


def _integer_filters():
    """(list URL, parameter) of every number filter of the registered ViewSets' filtersets."""
    for prefix, viewset in ROUTES:
        filterset = getattr(viewset, "filterset_class", None)
        if filterset is None:
            continue
        for name, declared in filterset.base_filters.items():
            if isinstance(declared, NumberFilter):
                yield f"/api/v1/{prefix}/", name


INTEGER_FILTERS = list(_integer_filters())


def _assert_json_client_error(response, context):
    assert 400 <= response.status_code < 500, (context, response.status_code)
    assert response["Content-Type"].startswith("application/json"), (context, response["Content-Type"])
    assert response.json(), context


def test_the_walk_finds_the_routes_and_filters_named_in_the_issue():
    urls = [url for url, _methods in DETAIL_URLS]
    assert "/api/v1/units/abc/" in urls
    assert "/api/v1/reports/abc/retry/" in urls
    params = {name for _url, name in INTEGER_FILTERS}
    assert {"zone", "unit", "partner_unit", "year"} <= params


@pytest.mark.parametrize(("url", "methods"), DETAIL_URLS, ids=[url for url, _m in DETAIL_URLS])
def test_a_malformed_id_answers_a_json_client_error(province_staff, url, methods):
    client = client_for(province_staff)
    for method in methods:
        response = getattr(client, method)(url, {}, format="json")
        _assert_json_client_error(response, f"{method.upper()} {url}")
        if method == "delete" and response.status_code not in (403, 405):
            assert response.status_code == 404, (url, response.status_code)


def test_delete_and_retry_on_a_malformed_id_answer_404_in_vietnamese(province_staff):
    client = client_for(province_staff)
    for response in (client.delete("/api/v1/units/abc/"), client.post("/api/v1/reports/abc/retry/")):
        assert response.status_code == 404
        assert "Not found" not in str(response.json())


@pytest.mark.parametrize(("url", "param"), INTEGER_FILTERS, ids=[f"{u}?{p}" for u, p in INTEGER_FILTERS])
@pytest.mark.parametrize("value", [str(2**63), "99999999999", "1e20", str(-(2**63) - 1)])
def test_an_integer_filter_out_of_range_answers_400_naming_it(province_staff, url, param, value):
    response = client_for(province_staff).get(url, {param: value})
    if param != "year" and value == "99999999999":
        assert response.status_code == 200  # an id that fits: no such record, an empty list
        return
    _assert_json_client_error(response, f"{url}?{param}={value}")
    assert response.status_code == 400, (url, param, value, response.content)
    assert param in response.json()["errors"], response.json()


def test_an_integer_filter_in_range_still_filters(province_staff):
    client = client_for(province_staff)
    assert client.get("/api/v1/units/", {"zone": "1"}).status_code == 200
    assert client.get("/api/v1/commendations/", {"year": "2019"}).status_code == 200


@pytest.mark.parametrize("year", [86237, 32768, 1])
def test_a_campaign_year_out_of_range_answers_400(admin_user, province_staff, year):
    from certification.models import Scheme

    scheme = Scheme.objects.first()
    assert scheme is not None, "the certification schemes are loaded by a migration"
    for user in (admin_user, province_staff):
        response = client_for(user).post("/api/v1/certification/campaigns/",
                                         {"scheme": scheme.code, "year": year}, format="json")
        _assert_json_client_error(response, (user.username, year))
        if response.status_code == 400:
            assert "year" in response.json()["errors"], response.json()
        else:
            assert response.status_code == 403  # province staff may not create campaigns at all


def test_an_activity_without_its_kind_answers_400_field_required(province_staff):
    from models_registry.models import Activity
    from tests.models_registry.test_api import make_model

    model = make_model()
    response = client_for(province_staff).post(f"/api/v1/models/{model.pk}/activities/", {"note": "x"},
                                               format="json")
    assert response.status_code == 400, response.content
    assert response.json()["errors"]["kind"] == ["Trường này là bắt buộc."]
    assert not Activity.objects.filter(model=model).exists()


def test_a_fire_team_or_consolidation_without_its_members_answers_400_field_required(province_staff):
    """Found by `make fuzz`: the serializers took the model's default for `members`, the services require it."""
    from tests.units.factories import make_unit
    from units.models import FireTeam, FireTeamConsolidation

    unit = make_unit("222", name="Công ty TNHH Bảo vệ Việt Yên")
    client = client_for(province_staff)
    url = f"/api/v1/units/{unit.pk}/fire-team/"
    response = client.post(url, {"established_on": "2019-03-01"}, format="json")
    assert response.status_code == 400, response.content
    assert response.json()["errors"]["members"] == ["Trường này là bắt buộc."]
    assert not FireTeam.objects.exists()
    assert client.post(url, {"established_on": "2019-03-01", "members": 8}, format="json").status_code == 201
    response = client.post(url + "consolidations/", {"date": "2019-06-01"}, format="json")
    assert response.status_code == 400, response.content
    assert response.json()["errors"]["members"] == ["Trường này là bắt buộc."]
    assert not FireTeamConsolidation.objects.exists()


def test_the_models_changes_feed_answers_the_records_with_their_formalism(province_staff):
    """Found by `make fuzz`: the feed read the models without the annotations their serializer needs (500)."""
    from tests.models_registry.test_api import make_model

    model = make_model(name="Mô hình trên giấy Quang Châu", regulation_on=None, launched_on=None)
    response = client_for(province_staff).get("/api/v1/models/changes/")
    assert response.status_code == 200, response.content
    [entry] = [e for e in response.json()["results"] if e["id"] == model.pk]
    assert entry["change"] == "created"
    assert entry["record"]["formalistic"] is True
    assert entry["record"]["formalistic_reasons"]

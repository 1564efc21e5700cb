import pytest

from antqcore.stats import figure_get, register_figure
from tests.conftest import client_for

pytestmark = pytest.mark.django_db
URL = "/api/v1/stats/"
PERIOD = {"from": "2014-08-15", "to": "2019-09-30"}


def test_it_returns_the_context_figures_for_bac_giang(province_staff):
    r = client_for(province_staff).get(URL, {"area": "24", **PERIOD, "keys": "context.districts,context.communes"})
    assert r.status_code == 200
    body = r.json()
    assert body["area"]["name"] == "Tỉnh Bắc Giang"
    assert (body["from"], body["to"]) == ("2014-08-15", "2019-09-30")
    assert body["figures"]["context.districts"] == 10
    # The 2019 map (antqcore/data/history): 230 communes before the mergers of 2020 and 2025.
    assert body["figures"]["context.communes"] == 230


def test_the_context_figures_follow_the_map_of_the_periods_end(province_staff):
    r = client_for(province_staff).get(URL, {"area": "24", "from": "2025-01-01", "to": "2025-06-30",
                                             "keys": "context.districts,context.communes"})
    assert r.json()["figures"] == {"context.districts": 10, "context.communes": 192}


def test_the_code_is_resolved_on_the_periods_end(admin_user, province_staff):
    r = client_for(admin_user).get(URL, {"area": "24", "from": "2026-01-01", "to": "2026-03-31"})
    assert r.json()["area"]["name"] == "Tỉnh Bắc Ninh"
    assert r.json()["figures"]["context.communes"] == 99
    # Staff of the old Bắc Giang do not cover the merged province, which also took in the old Bắc Ninh.
    r = client_for(province_staff).get(URL, {"area": "24", "from": "2026-01-01", "to": "2026-03-31"})
    assert r.status_code == 403
    assert "Tỉnh Bắc Ninh nằm ngoài địa bàn của bạn" in r.json()["detail"]


def test_without_keys_it_returns_every_registered_figure(province_staff):
    r = client_for(province_staff).get(URL, {"area": "24", **PERIOD})
    assert {"context.districts", "context.communes"} <= set(r.json()["figures"])


def test_a_district_officer_gets_figures_of_the_district(district_officer):
    r = client_for(district_officer).get(URL, {"area": "222", **PERIOD})
    assert r.status_code == 200
    assert r.json()["figures"]["context.districts"] == 0
    # Bích Sơn and Hoàng Ninh were merged into the towns Bích Động and Nếnh on 01/01/2020: 19 in 2019, 17 later.
    assert r.json()["figures"]["context.communes"] == 19


def test_an_area_outside_the_scope_answers_403_saying_so(district_officer):
    for code, name in (("24", "Tỉnh Bắc Giang"), ("218", "Huyện Lục Nam")):
        r = client_for(district_officer).get(URL, {"area": code, **PERIOD})
        assert r.status_code == 403
        assert r.json()["detail"] == f"{name} nằm ngoài địa bàn của bạn."


def test_an_unknown_code_still_answers_404(district_officer):
    r = client_for(district_officer).get(URL, {"area": "99999", **PERIOD})
    assert r.status_code == 404
    assert "Không có địa bàn nào mang mã 99999" in r.json()["detail"]


def test_it_refuses_anonymous_callers(api):
    assert api.get(URL, {"area": "24", **PERIOD}).status_code == 401


def test_an_unknown_key_is_refused_by_name(province_staff):
    r = client_for(province_staff).get(URL, {"area": "24", **PERIOD, "keys": "context.units_typo"})
    assert r.status_code == 400
    assert "context.units_typo" in r.json()["errors"]["keys"]
    assert "context.units_typo" in r.json()["detail"]


def test_a_period_ending_before_it_starts_is_refused(province_staff):
    r = client_for(province_staff).get(URL, {"area": "24", "from": "2019-09-30", "to": "2014-08-15"})
    assert r.status_code == 400
    assert "Ngày bắt đầu" in r.json()["errors"]["from"][0]


def test_missing_parameters_are_named(province_staff):
    r = client_for(province_staff).get(URL, {"area": "24"})
    assert r.status_code == 400
    assert {"from", "to"} <= set(r.json()["errors"])


def test_a_figure_is_registered_once():
    with pytest.raises(ValueError):
        register_figure("context.districts", "x", source=figure_get("context.districts").source)


def test_it_lists_the_figures_known_only_as_more_than(province_staff):
    from antqcore.stats import MoreThan, unregister_figure

    register_figure("test.more_than", "a figure reported as more than N",
                    source=figure_get("context.districts").source, compute=lambda a, s, e: MoreThan(80000))
    try:
        response = client_for(province_staff).get(
            "/api/v1/stats/", {"area": "24", "from": "2019-01-01", "to": "2019-09-30", "keys": "test.more_than"})
    finally:
        unregister_figure("test.more_than")
    assert response.status_code == 200
    assert response.json()["figures"] == {"test.more_than": 80000}
    assert response.json()["more_than"] == ["test.more_than"]


def test_an_answer_asked_again_with_no_write_is_not_computed_again(province_staff, district_officer, monkeypatch):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from antqcore.api import views
    from tests.units.factories import make_unit

    computed = []
    compute = views.figures_compute
    monkeypatch.setattr(views, "figures_compute", lambda **kw: computed.append(kw) or compute(**kw))
    client, query = client_for(province_staff), {"area": "24", **PERIOD, "keys": "context.units"}
    first = client.get(URL, query).json()
    with CaptureQueriesContext(connection) as queries:
        assert client.get(URL, query).json() == first and len(computed) == 1
    # The versions are read once a request, for the scope's coverage and the kept answer alike.
    assert sum("antqcore_dataversion" in q["sql"] for q in queries.captured_queries) == 1
    # The scope is checked before the kept answer is read: a district's officer is still refused the province's.
    assert client_for(district_officer).get(URL, query).status_code == 403
    # A write shows at once; an explanation names the addresses of the host asked.
    make_unit("222", name="Công ty mới của Việt Yên")
    assert client.get(URL, query).json()["figures"]["context.units"] == first["figures"]["context.units"] + 1
    explained = client.get(URL, query | {"explain": "true"}, HTTP_HOST="antq.bacgiang.gov.vn").json()
    assert explained["explain"]["context.units"]["records"].startswith("http://antq.bacgiang.gov.vn/api/v1/stats/")
    other = client.get(URL, query | {"explain": "true"}, HTTP_HOST="antq.example.vn").json()
    assert other["explain"]["context.units"]["records"].startswith("http://antq.example.vn/api/v1/stats/")

"""/lookup/<name>/: what the searchable pickers offer — the user's scope only, matching the words typed with or without
accents, at most 20 — and a sign-in for anyone else."""

import pytest

from antqcore.lookups import LOOKUP_LIMIT
from antqcore.text import search_key
from tests.conftest import area
from tests.models_registry.test_views import make_model
from tests.units.factories import commune_of, make_unit

pytestmark = pytest.mark.django_db


def texts(client, name: str, **params) -> list[str]:
    response = client.get(f"/lookup/{name}/", params)
    assert response.status_code == 200
    return [row["text"] for row in response.json()["results"]]


def test_it_sends_anonymous_visitors_to_the_login_page(client):
    response = client.get("/lookup/units/", {"q": "cong ty"})
    assert response.status_code == 302 and response["Location"].startswith("/accounts/login/")


def test_a_district_officer_never_sees_another_districts_units(client, district_officer):
    make_unit("222", name="Công ty TNHH Việt Yên Xanh")
    make_unit("218", name="Công ty TNHH Lục Nam Xanh")
    client.force_login(district_officer)
    found = texts(client, "units", q="xanh")
    assert len(found) == 1 and found[0].startswith("Công ty TNHH Việt Yên Xanh — ")


def test_the_words_typed_narrow_the_units_accents_aside(client, province_staff):
    make_unit("222", name="Công ty TNHH Việt Yên Xanh")
    make_unit("218", name="Công ty TNHH Lục Nam Xanh")
    client.force_login(province_staff)
    assert len(texts(client, "units", q="xanh")) == 2
    assert [t.split(" — ")[0] for t in texts(client, "units", q="viet yen XANH")] == ["Công ty TNHH Việt Yên Xanh"]


def test_it_answers_at_most_twenty(client, district_officer):
    for i in range(LOOKUP_LIMIT + 1):
        make_unit("222", name=f"Công ty Hồng {i:02d}")
    client.force_login(district_officer)
    assert len(texts(client, "units", q="hong")) == LOOKUP_LIMIT == 20


def test_areas_are_those_of_the_scope_at_the_levels_asked(client, district_officer):
    client.force_login(district_officer)
    communes = texts(client, "areas", level="commune")
    assert communes and all(t.endswith("Việt Yên") for t in communes)
    assert area("222").name not in texts(client, "areas", level="district", q="luc nam")
    assert texts(client, "areas", q="luc nam") == []  # Lục Nam is another district


def test_an_area_is_found_by_its_name_without_accents_or_by_its_code(client, district_officer):
    commune = commune_of("222", 1)
    client.force_login(district_officer)
    name = commune.name.split(" ", 1)[1]  # "Tăng Tiến" of "Xã Tăng Tiến"
    assert any(t.startswith(commune.name) for t in texts(client, "areas", q=search_key(name), level="commune"))
    assert any(t.startswith(commune.name) for t in texts(client, "areas", q=commune.code))


def test_models_are_those_of_the_scope(client, district_officer):
    make_model("222", name="Tổ tự quản Việt Yên")
    make_model("218", name="Tổ tự quản Lục Nam")
    client.force_login(district_officer)
    assert texts(client, "models", q="to tu quan") == ["Tổ tự quản Việt Yên"]


def test_an_unknown_lookup_is_not_found(client, district_officer):
    client.force_login(district_officer)
    assert client.get("/lookup/passwords/").status_code == 404

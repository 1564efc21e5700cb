"""Every area picker tells apart the two "Thị trấn Thắng" of Hiệp Hòa: the town that ended on 31/12/2019 and the
one made of it and Đức Thắng, both in the history the tests load."""

import pytest

from commendations.forms import CommendationForm
from coordination.forms import AgreementForm, DocumentForm
from incidents.forms import IncidentForm
from models_registry.forms import MovementModelForm

THANG = "Thị trấn Thắng"
EXPECTED = ["Thị trấn Thắng (đến 31/12/2019) — Huyện Hiệp Hòa", "Thị trấn Thắng — Huyện Hiệp Hòa"]


def thang_labels(field) -> list[str]:
    return sorted(str(label) for _, label in field.choices if str(label).startswith(THANG))


@pytest.mark.parametrize(("form_class", "field"), [
    (CommendationForm, "area"),
    (MovementModelForm, "area"),
    (MovementModelForm, "partner_commune"),
    (AgreementForm, "area"),
    (DocumentForm, "area"),
    (IncidentForm, "area"),
])
def test_the_area_pickers_tell_the_two_towns_of_thang_apart(province_staff, form_class, field):
    form = form_class(user=province_staff)
    assert thang_labels(form.fields[field]) == EXPECTED


def test_the_incident_area_search_tells_them_apart(client, province_staff):
    client.force_login(province_staff)
    results = client.get("/lookup/areas/", {"q": "Thắng", "level": "commune"}).json()["results"]
    assert sorted(r["text"] for r in results if r["text"].startswith(THANG)) == EXPECTED

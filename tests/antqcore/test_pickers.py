"""The forms' pickers (antqcore.widgets): a unit or area picker renders the chosen record only — the scope's 1.575 units
made /models/new/ a page of 950 KB —, the field still refuses a record outside the scope, and dates are typed as
dd/mm/yyyy with a calendar and a numeric keypad."""

import datetime
import re

import pytest

from models_registry.models import ModelType, MovementModel
from tests.units.factories import commune_of, make_unit

pytestmark = pytest.mark.django_db


def model_data(**extra) -> dict:
    return {"name": "Tổ tự quản thôn Đông", "type": ModelType.objects.get(code="boarding_house_team").pk,
            "status": "active", "area": commune_of("222").pk, "established_on": "15/03/2019", "members_count": 12,
            "briefing_every_months": 3, "replication_sites": 0, "replication_teams": 0} | extra


def test_the_model_form_holds_none_of_the_scopes_units(client, district_officer):
    units = [make_unit("222") for _ in range(30)]
    client.force_login(district_officer)
    html = client.get("/models/new/").content.decode()
    assert not any(unit.name in html for unit in units)
    assert 'data-lookup-url="/lookup/units/"' in html and 'name="participants"' in html
    assert 'data-lookup-url="/lookup/areas/?level=district&amp;level=commune"' in html
    assert len(html) < 40_000


def test_a_chosen_unit_is_the_only_one_rendered(client, district_officer):
    host, other = make_unit("222"), make_unit("222")
    client.force_login(district_officer)
    response = client.post("/models/new/", model_data(host_unit=host.pk, members_count=-1))  # refused: a count
    html = response.content.decode()
    assert response.status_code == 200 and "members_count" in response.context["form"].errors
    assert f'<option value="{host.pk}" selected>{host.name} — ' in html and other.name not in html


def test_a_unit_outside_the_scope_is_still_refused_and_not_named(client, district_officer):
    outside = make_unit("218", name="Công ty may Lục Nam")
    client.force_login(district_officer)
    response = client.post("/models/new/", model_data(host_unit=outside.pk, participants=[outside.pk]))
    form = response.context["form"]
    invalid = form.fields["host_unit"].error_messages["invalid_choice"]
    assert form.errors["host_unit"] == [invalid] and "participants" in form.errors
    assert "Công ty may Lục Nam" not in response.content.decode()
    assert not MovementModel.objects.exists()


def test_an_id_that_is_no_number_shows_nothing_chosen(client, district_officer):
    client.force_login(district_officer)
    response = client.post("/models/new/", model_data(host_unit="abc"))
    assert response.status_code == 200 and "host_unit" in response.context["form"].errors


def test_the_edit_page_shows_the_models_own_units(client, district_officer):
    host, member = make_unit("222"), make_unit("222")
    client.force_login(district_officer)
    assert client.post("/models/new/", model_data(host_unit=host.pk, participants=[host.pk, member.pk])
                       ).status_code == 302
    model = MovementModel.objects.get()
    html = client.get(f"/models/{model.pk}/edit/").content.decode()
    assert html.count(" selected>") >= 4  # the type, the area, the host unit and the two participants
    assert f'<option value="{member.pk}" selected>' in html


def test_a_date_field_is_typed_as_dd_mm_yyyy_on_a_numeric_keypad(client, district_officer):
    client.force_login(district_officer)
    html = client.get("/models/new/").content.decode()
    tag = re.search(r'<input [^>]*id="id_established_on"[^>]*>', html).group()
    assert all(attribute in tag for attribute in ('type="text"', 'placeholder="dd/mm/yyyy"', 'inputmode="numeric"',
                                                  "data-datepicker"))
    response = client.post("/models/new/", model_data(established_on="05/04/2019"))
    assert response.status_code == 302
    assert MovementModel.objects.get().established_on == datetime.date(2019, 4, 5)

"""The incident pages: the quick entry form, the list with its filters and counts by type, the detail, edit and
delete, the unit page's tab and the pickers (the shared lookups), each for an in-scope user, an outsider, a viewer and
an anonymous visitor."""

import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from incidents.models import Incident
from tests.conftest import area
from tests.units.factories import commune_of, make_unit

from .helpers import make_incident

pytestmark = pytest.mark.django_db
NEW = "/incidents/new/"


def form_data(**extra) -> dict:
    from incidents.models import IncidentType

    return {"type": IncidentType.objects.get(code="strike").pk, "occurred_at": "2019-06-03T07:45",
            "description": "Công nhân ngừng việc tập thể yêu cầu tăng lương", "workers": "250", "cadres": "0",
            "public_employees": "0", "students": "0", "outsiders": "0", "deaths": "0", "injuries": "0",
            "damage_vnd": "0", "defendants": "0", "fine_vnd": "0", "reported": "on"} | extra


# --- The quick entry form ------------------------------------------------------------------------------------------

def test_the_form_offers_the_types_the_units_of_the_scope_and_now(client, district_officer):
    viet_yen, luc_nam = make_unit("222", name="Công ty Việt Yên"), make_unit("218", name="Công ty Lục Nam")
    client.force_login(district_officer)
    r = client.get(NEW)
    assert r.status_code == 200
    html = r.content.decode()
    assert html.count('class="btn-check"') == 14 and "Đình công, lãn công" in html
    # The units are searched as one types, among those of the scope: the page holds none of them.
    assert 'data-lookup-url="/lookup/units/"' in html and luc_nam.name not in html
    assert [u["id"] for u in client.get("/lookup/units/").json()["results"]] == [viet_yen.pk]
    now = timezone.localtime()
    assert f'value="{now:%Y-%m-%dT%H:}' in html or f'value="{now:%Y-%m-%dT}' in html
    assert '<details class="card mb-3" id="incident-details">' in html  # folded


def test_the_units_link_starts_the_form_with_the_unit_and_names_its_commune(client, district_officer):
    unit = make_unit("222")
    client.force_login(district_officer)
    r = client.get(NEW, {"unit": unit.pk})
    form = r.context["form"]
    assert form["unit"].value() == unit.pk and not form["area"].value()  # the service takes the unit's commune
    assert f'<option value="{unit.pk}" selected>{unit.name} — {unit.commune.name}</option>' in r.content.decode()
    assert f"Theo đơn vị: {unit.commune.name} — {unit.commune.parent.name}</div>" in r.content.decode()
    # A unit outside the scope is not prefilled.
    form = client.get(NEW, {"unit": make_unit("218").pk}).context["form"]
    assert form["unit"].value() is None


def test_recording_shows_the_incident_with_a_success_message(client, district_officer):
    unit = make_unit("222")
    client.force_login(district_officer)
    r = client.post(NEW, form_data(unit=unit.pk), follow=True)
    incident = Incident.objects.get()
    assert r.redirect_chain == [(f"/incidents/{incident.pk}/", 302)]
    assert [m.level_tag for m in r.context["messages"]] == ["success"]
    assert "Công nhân ngừng việc tập thể" in r.content.decode()
    assert (incident.unit, incident.area, incident.workers, incident.created_by) == (
        unit, unit.commune, 250, district_officer)
    assert incident.occurred_at == datetime.datetime(2019, 6, 3, 7, 45, tzinfo=timezone.get_current_timezone())


def test_an_incident_of_viet_yen_appears_on_the_units_page_and_in_the_districts_counts_at_once(
        client, district_officer):
    unit = make_unit("222", name="Công ty TNHH Siflex Việt Nam")
    client.force_login(district_officer)
    stats = {"area": "222", "from": "2019-01-01", "to": "2019-12-31", "keys": "incidents.strikes"}
    assert client.get("/api/v1/stats/", stats).json()["figures"]["incidents.strikes"] == 0
    client.post(NEW, form_data(unit=unit.pk))
    page = client.get(f"/units/{unit.pk}/").content.decode()
    assert 'id="unit-incidents"' in page and "Công nhân ngừng việc tập thể" in page
    assert f'href="/incidents/new/?unit={unit.pk}"' in page
    assert client.get("/api/v1/stats/", stats).json()["figures"]["incidents.strikes"] == 1
    assert client.get("/incidents/").context["counts"][0]["n"] == 1


def test_recording_for_a_unit_of_another_district_is_refused_on_the_form(client, district_officer):
    luc_nam = make_unit("218")
    client.force_login(district_officer)
    r = client.post(NEW, form_data(unit=luc_nam.pk))
    assert r.status_code == 200 and r.context["form"].errors["unit"]
    r = client.post(NEW, form_data(area=commune_of("218").pk))
    assert r.status_code == 200 and r.context["form"].errors["area"]
    assert not Incident.objects.exists()


def test_the_form_shows_every_problem_and_unfolds_the_details(client, district_officer):
    client.force_login(district_officer)
    r = client.post(NEW, form_data(prosecuted="on", workers="-3"))
    form = r.context["form"]
    assert set(form.errors) >= {"area", "defendants", "workers"}
    assert form.details_open()
    assert not Incident.objects.exists()


def test_a_date_in_the_future_is_refused(client, district_officer):
    client.force_login(district_officer)
    tomorrow = (timezone.localtime() + datetime.timedelta(days=1)).strftime("%Y-%m-%dT%H:%M")
    r = client.post(NEW, form_data(unit=make_unit("222").pk, occurred_at=tomorrow))
    assert "occurred_at" in r.context["form"].errors


def test_without_a_unit_the_area_is_chosen(client, district_officer):
    client.force_login(district_officer)
    r = client.post(NEW, form_data(area=commune_of("222").pk))
    assert r.status_code == 302 and Incident.objects.get().unit is None


def test_viewers_and_anonymous_visitors_cannot_record(client, viewer):
    assert client.get(NEW).status_code == 302  # to the login page
    client.force_login(viewer)
    assert client.get(NEW).status_code == 403
    assert client.post(NEW, form_data(unit=make_unit("222").pk)).status_code == 403
    assert not Incident.objects.exists()


# --- The pickers ---------------------------------------------------------------------------------------------------

def test_the_unit_picker_finds_units_of_the_scope_without_accents_with_their_commune(client, district_officer):
    siflex = make_unit("222", name="Công ty TNHH Siflex Việt Nam")
    make_unit("218", name="Công ty Siflex Lục Nam")
    client.force_login(district_officer)
    body = client.get("/lookup/units/", {"q": "siflex viet"}).json()
    assert [u["id"] for u in body["results"]] == [siflex.pk]
    # incident_form.js names it as the incident's area.
    assert body["results"][0]["area"] == {"id": siflex.commune_id,
                                          "text": f"{siflex.commune.name} — {siflex.commune.parent.name}"}
    assert [u["id"] for u in client.get("/lookup/units/", {"q": siflex.tax_code}).json()["results"]] == [siflex.pk]


def test_the_area_picker_finds_districts_and_communes_of_the_scope_by_name_or_code(client, district_officer):
    commune = commune_of("222")
    client.force_login(district_officer)
    page = client.get(NEW).content.decode()
    url = "/lookup/areas/?level=district&amp;level=commune"
    assert f'data-lookup-url="{url}"' in page
    url = url.replace("&amp;", "&")
    labels = [a["text"] for a in client.get(url, {"q": commune.short_name}).json()["results"]]
    assert any(commune.name in label for label in labels)
    assert [a["id"] for a in client.get(url, {"q": commune.code}).json()["results"]] == [commune.pk]
    assert [a["id"] for a in client.get(url, {"q": "222"}).json()["results"]] == [area("222").pk]  # the district
    assert client.get(url, {"q": commune_of("218").code}).json()["results"] == []
    assert client.get(url, {"q": "24"}).json()["results"] == []  # the province: not an incident's area


# --- The list ------------------------------------------------------------------------------------------------------

@pytest.fixture
def incidents(db):
    viet_yen = make_unit("222", name="Công ty TNHH Siflex Việt Nam")
    return {
        "strike": make_incident("strike", unit=viet_yen, workers=300, verified=True),
        "theft": make_incident("theft", unit=viet_yen, damage_vnd=80_000_000,
                               occurred_at=timezone.make_aware(datetime.datetime(2018, 3, 1, 9))),
        "fire": make_incident("fire", unit=make_unit("218"), damage_vnd=1_000_000),
        "commune": make_incident("theft", area=commune_of("222", 2), damage_vnd=1_000_000),
    }


def test_the_list_shows_the_scope_with_counts_by_type(client, district_officer, incidents):
    client.force_login(district_officer)
    r = client.get("/incidents/")
    assert {i.pk for i in r.context["incidents"]} == {incidents[k].pk for k in ("strike", "theft", "commune")}
    assert [(c["type__code"], c["n"]) for c in r.context["counts"]] == [("strike", 1), ("theft", 2)]
    assert 'id="counts-by-type"' in r.content.decode()


def test_the_filters_narrow_the_list_and_its_counts(client, province_staff, incidents):
    client.force_login(province_staff)

    def listed(**params):
        r = client.get("/incidents/", params)
        return {i.pk for i in r.context["incidents"]}, {c["type__code"]: c["n"] for c in r.context["counts"]}

    assert listed(type="theft")[1] == {"theft": 2}
    assert listed(area=area("218").pk)[0] == {incidents["fire"].pk}
    assert listed(date_from="01/01/2019")[1] == {"strike": 1, "fire": 1, "theft": 1}
    assert listed(date_to="31/12/2018")[0] == {incidents["theft"].pk}
    assert listed(serious="1")[0] == {incidents["theft"].pk}
    assert listed(verified="1")[0] == {incidents["strike"].pk}
    assert listed(unit=incidents["strike"].unit_id)[0] == {incidents["strike"].pk, incidents["theft"].pk}


def test_the_list_takes_a_fixed_number_of_queries(client, province_staff, incidents):
    client.force_login(province_staff)
    with CaptureQueriesContext(connection) as few:
        client.get("/incidents/")
    for _ in range(6):
        make_incident("violation", unit=make_unit("222"), workers=1)
    with CaptureQueriesContext(connection) as many:
        client.get("/incidents/")
    assert len(many) == len(few)


def test_anonymous_visitors_are_sent_to_sign_in(client, incidents):
    for url in ("/incidents/", f"/incidents/{incidents['strike'].pk}/"):
        assert client.get(url)["Location"].startswith("/accounts/login/")


# --- Detail, edit, delete ------------------------------------------------------------------------------------------

def test_the_detail_shows_the_incident_and_its_history(client, district_officer, incidents):
    client.force_login(district_officer)
    r = client.get(f"/incidents/{incidents['strike'].pk}/")
    assert r.status_code == 200 and "Công ty TNHH Siflex Việt Nam" in r.content.decode()
    assert len(r.context["history"]) == 1
    assert client.get(f"/incidents/{incidents['fire'].pk}/").status_code == 404  # another district


def test_an_edit_is_saved_and_shows_in_the_history(client, district_officer, incidents):
    incident = incidents["strike"]
    client.force_login(district_officer)
    form = client.get(f"/incidents/{incident.pk}/edit/").context["form"]
    data = {k: v for k, v in form.initial.items() if v is not None and k in form.fields}
    data |= {"occurred_at": timezone.localtime(incident.occurred_at).strftime("%Y-%m-%dT%H:%M"),
             "type": incident.type_id, "unit": incident.unit_id, "area": incident.area_id, "injuries": "3",
             "verified": "on", "reported": "on"}
    r = client.post(f"/incidents/{incident.pk}/edit/", data)
    assert r.status_code == 302, r.context["form"].errors
    incident.refresh_from_db()
    assert incident.injuries == 3 and incident.serious and incident.workers == 300
    history = client.get(f"/incidents/{incident.pk}/").context["history"]
    assert any(c["new"] == "3" for c in history[0]["changes"])


def test_an_outsider_or_a_viewer_cannot_edit_or_delete(client, district_officer, viewer, incidents):
    fire = incidents["fire"]
    client.force_login(district_officer)
    assert client.get(f"/incidents/{fire.pk}/edit/").status_code == 404
    assert client.post(f"/incidents/{fire.pk}/delete/").status_code == 404
    client.force_login(viewer)
    assert client.get(f"/incidents/{fire.pk}/edit/").status_code == 403
    assert client.post(f"/incidents/{fire.pk}/delete/").status_code == 403
    assert Incident.objects.alive().filter(pk=fire.pk).exists()


def test_a_deleted_incident_leaves_the_list(client, district_officer, incidents):
    strike = incidents["strike"]
    client.force_login(district_officer)
    assert client.get(f"/incidents/{strike.pk}/delete/").status_code == 200
    r = client.post(f"/incidents/{strike.pk}/delete/", follow=True)
    assert r.redirect_chain[-1][0] == "/incidents/"
    assert strike.pk not in {i.pk for i in r.context["incidents"]}
    assert client.get(f"/incidents/{strike.pk}/").status_code == 404


# --- The unit page and the menu ------------------------------------------------------------------------------------

def test_the_unit_tab_lists_the_units_incidents_in_the_scope(client, viewer, incidents):
    unit = incidents["strike"].unit
    client.force_login(viewer)
    r = client.get(f"/units/{unit.pk}/")
    tab = next(t for t in r.context["tabs"] if t["key"] == "incidents")
    assert {i.pk for i in tab["context"]["incidents"]} == {incidents["strike"].pk, incidents["theft"].pk}
    assert 'id="record-incident"' not in r.content.decode()  # a viewer does not record


def test_the_menu_has_the_incidents(client, district_officer):
    client.force_login(district_officer)
    assert 'href="/incidents/">Vụ việc</a>' in client.get("/").content.decode()

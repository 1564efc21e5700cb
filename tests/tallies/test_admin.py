"""A province edits the catalogue in the admin; values are shown there with their history, not changed."""

import pytest

from tallies.models import Indicator, ReportingBody, TallyValue

from .helpers import catalogue, save  # noqa: F401

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("catalogue")]


def test_a_province_adds_an_indicator_to_a_bodys_data_set_in_the_admin(client, admin_user):
    client.force_login(admin_user)
    r = client.post("/admin/tallies/indicator/add/", {
        "code": "hotline_calls", "name": "Cuộc gọi đường dây nóng", "unit_of_measure": "cuộc", "category": "tips",
        "order": "999", "active": "on"})
    assert r.status_code == 302
    police = ReportingBody.objects.get(code="ca-222")
    data = {"code": police.code, "name": police.name, "kind": police.kind, "area": police.area_id,
            "period_type": police.period_type, "active": "on",
            "indicators": [*police.indicators.values_list("pk", flat=True),
                           Indicator.objects.get(code="hotline_calls").pk]}
    assert client.post(f"/admin/tallies/reportingbody/{police.pk}/change/", data).status_code == 302
    assert police.indicators.filter(code="hotline_calls").exists()
    assert police.history.count() == 2


def test_values_are_read_only_in_the_admin(client, admin_user, province_staff):
    save(province_staff, "ca-222", "2019-Q3", sessions=120)
    value = TallyValue.objects.get()
    client.force_login(admin_user)
    pages = ["/admin/tallies/indicator/", "/admin/tallies/reportingbody/", "/admin/tallies/tallyvalue/",
             f"/admin/tallies/tallyvalue/{value.pk}/change/", f"/admin/tallies/tallyvalue/{value.pk}/history/"]
    for url in pages:
        assert client.get(url).status_code == 200, url
    assert client.get("/admin/tallies/tallyvalue/add/").status_code == 403
    client.post(f"/admin/tallies/tallyvalue/{value.pk}/change/", {"value": "5"})
    value.refresh_from_db()
    assert value.value == 120

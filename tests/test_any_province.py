"""Done when (#16): a second province, set up by `province_setup` on each map and filled only through the API with a
token of its administrator, gets every figure key of the registry as entered, and its review names only it.

"As entered" is counted from what this test posts. A key that cannot be filled through the API is in NOT_BY_API with
the reason; a key in neither ENTERED nor NOT_BY_API fails the test (a new figure must be covered here)."""

import datetime
import io
import re

import pytest
from django.core.management import call_command
from rest_framework.test import APIClient

from antqcore.models import Area, AreaLevel, User
from antqcore.services import api_token_create, areas_load
from antqcore.stats import figure_keys

pytestmark = pytest.mark.django_db

# Keys that are not entered but read off the map: the test checks them against the map itself.
NOT_BY_API = {
    "context.communes": "the communes of the map on the period's end (load_areas), not a record",
    "context.districts": "the districts of the map on the period's end (load_areas), not a record",
}

MAPS = [  # (--on, period start, period end, stats map)
    ("2024-06-30", datetime.date(2024, 1, 1), datetime.date(2024, 6, 30), "old"),
    (None, datetime.date(2025, 7, 1), datetime.date(2025, 12, 31), "new"),
]


def province_set_up(on: str | None) -> tuple[User, APIClient]:
    areas_load(province_codes={"42"})
    out = io.StringIO()
    call_command("province_setup", "42", *(["--on", on] if on else []), stdout=out)
    username = re.search(r"tài khoản quản trị tỉnh (\S+)", out.getvalue()).group(1)
    admin = User.objects.get(username=username)
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"Token {api_token_create(user=admin, name='any province')}")
    return admin, client


def post(client, url, payload):
    response = client.post(url, payload, format="json")
    assert response.status_code == 201, (url, response.json())
    return response.json()


def fill(client, province: Area, start: datetime.date, end: datetime.date) -> dict:
    """Posts records through the API and returns the figures they should give."""
    communes = list(Area.objects.filter(path__startswith=province.path + ".", level=AreaLevel.COMMUNE)
                    .valid_on(end).order_by("code")[:2])
    expected = {}
    units = [
        post(client, "/api/v1/units/", {"name": "Sở Tư pháp tỉnh", "kind": "agency", "subtype": "state_agency",
                                        "commune": communes[0].pk, "managing_level": "province"}),
        post(client, "/api/v1/units/", {"name": "Công ty TNHH Thép Vũng Áng", "kind": "enterprise",
                                        "subtype": "private_enterprise", "commune": communes[1].pk,
                                        "managing_level": "province", "worker_count": 350}),
    ]
    expected["context.units"] = len(units)
    day = start + datetime.timedelta(days=40)
    for n in range(3):
        post(client, "/api/v1/incidents/", {"type": "theft", "occurred_at": f"{day.isoformat()}T08:3{n}:00+07:00",
                                            "unit": units[1]["id"], "description": "Mất trộm linh kiện",
                                            "damage_vnd": 1_000_000, "outsiders": 1})
    expected["incidents.thefts"] = 3
    return expected


@pytest.mark.parametrize(("on", "start", "end", "map_name"), MAPS, ids=["old-map", "new-map"])
def test_every_figure_of_a_second_province_comes_out_as_entered(on, start, end, map_name):
    admin, client = province_set_up(on)
    province = admin.scope_area
    expected = fill(client, province, start, end)
    uncovered = set(figure_keys()) - set(expected) - set(NOT_BY_API)
    response = client.get("/api/v1/stats/", {"area": province.code, "from": start.isoformat(),
                                             "to": end.isoformat(), "map": map_name})
    assert response.status_code == 200, response.json()
    figures = response.json()["figures"]
    assert {key: figures[key] for key in expected} == expected
    communes = Area.objects.filter(path__startswith=province.path + ".", level=AreaLevel.COMMUNE).valid_on(end)
    assert figures["context.communes"] == communes.count()
    assert not uncovered, f"figure keys neither entered by this test nor listed in NOT_BY_API: {sorted(uncovered)}"

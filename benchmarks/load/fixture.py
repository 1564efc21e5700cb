"""What the simulated users need from the load database, as JSON on stdout: a fresh API token per account (valid
one day, named "load test"), and for each commune officer the areas, incident types and tally grid they write to.
Run by run.py with the local settings (tokens are made through the service, as `manage.py api_token` does)."""

import datetime
import json
import os
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings.local")

import django  # noqa: E402

django.setup()

from django.db.models import Q  # noqa: E402
from django.utils import timezone  # noqa: E402

from antqcore.models import Area, AreaLevel, User  # noqa: E402
from antqcore.scoping import areas_in_scope_q  # noqa: E402
from antqcore.services import api_token_create  # noqa: E402
from incidents.models import IncidentType  # noqa: E402
from tallies.periods import period_containing  # noqa: E402
from tallies.selectors import bodies_writable  # noqa: E402

PASSWORD = "antq-demo-2019"  # the demo accounts' (README)
READERS = ["bacninh", "tinh", "xem", "vietyen"]  # province staff, a viewer, a district officer
OFFICERS = ["phuong", "xa"]  # commune police of today's map
SYSTEM = "bacninh"  # the province's system paging the API
DAYS_60 = datetime.timedelta(days=60)
REPORTER = "tinh"  # province staff asking for a quarterly report of the old Bắc Giang


def officer(user: User) -> dict:
    today = timezone.localdate()
    # Areas of today's map that already existed 60 days ago: the incidents entered happened in the last 60 days.
    areas = Area.objects.filter(areas_in_scope_q(user), Q(valid_from__isnull=True) | Q(valid_from__lte=today - DAYS_60),
                                level__in=[AreaLevel.DISTRICT, AreaLevel.COMMUNE], valid_to__isnull=True)
    grids = []
    for body in bodies_writable(user=user):
        indicators = list(body.indicators.filter(active=True).select_related("not_below")[:12])
        # "participants not fewer than sessions": an officer's grid respects it, so the simulated one does too (with
        # the sessions in the grid, so that a value saved earlier does not decide).
        not_below = {i.code: i.not_below.code for i in indicators if i.not_below}
        codes = list(dict.fromkeys([indicator.code for indicator in indicators] + list(not_below.values())))
        if codes:
            grids.append({"body": body.code, "area": body.area.code,
                          "period": period_containing(body.period_type, today).key, "indicators": codes,
                          "not_below": not_below})
    return {"areas": list(areas.values_list("pk", flat=True)[:20]), "grids": grids[:3]}


def main() -> None:
    users = {u.username: u for u in User.objects.filter(username__in={*READERS, *OFFICERS, SYSTEM, REPORTER})}
    missing = {*READERS, *OFFICERS} - users.keys()
    if missing:
        sys.exit(f"The demo accounts {sorted(missing)} are missing: seed the demo data first")
    tokens = {name: api_token_create(user=user, name="load test", days=1) for name, user in users.items()}
    reporter_area = users[REPORTER].scope_area
    json.dump({
        "password": PASSWORD,
        "readers": READERS,
        "tokens": tokens,
        "system": SYSTEM,
        "officers": {name: officer(users[name]) for name in OFFICERS},
        "incident_types": list(IncidentType.objects.filter(active=True).values_list("pk", flat=True)),
        "report": {"user": REPORTER, "area": reporter_area.code},
        "stats": {"area": users["bacninh"].scope_area.code, "from": "2021-01-01", "to": "2025-12-31"},
    }, sys.stdout)


if __name__ == "__main__":
    main()

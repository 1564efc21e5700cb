import datetime

import pytest
from django.core.exceptions import ImproperlyConfigured
from django.db.models import Count
from django.utils import timezone

from antqcore.demo import demo_accounts_seed, demo_seeders
from incidents.demo import incidents_demo_seed
from incidents.models import Incident
from incidents.selectors import period_bounds
from units.demo import units_demo_seed

pytestmark = pytest.mark.django_db
STATS = "/api/v1/stats/"
PERIOD = {"from": "2014-08-15", "to": "2019-09-30"}
START, END = datetime.date(2014, 8, 15), datetime.date(2019, 9, 30)
# The seed report's figures (shared/seeds/seed-figures.csv, section I and 2.6).
SEED_FIGURES = {
    "incidents.strikes": 83,
    "incidents.fires": 30,
    "incidents.thefts": 631,
    "incidents.violations": 236,
    "incidents.violations_by_members": 225,
    "enforcement.cases_verified": 269,
    "enforcement.defendants_prosecuted": 3,
    "enforcement.economic_cases": 50,
    "enforcement.economic_subjects": 76,
}


def test_the_incidents_of_bac_giang_2014_2019_equal_the_seed_report(client):
    users = {u.username: u for u in demo_accounts_seed()}
    units_demo_seed()
    created = incidents_demo_seed()
    assert created["incidents"] == 1100

    # Every figure of the seed, as the statistics endpoint gives it to the province.
    client.force_login(users["tinh"])
    r = client.get(STATS, {"area": "24", **PERIOD, "keys": ",".join(SEED_FIGURES)})
    assert r.status_code == 200
    assert r.json()["figures"] == SEED_FIGURES

    # The period's edges: incidents just outside it (and deleted ones) exist, and would change the figures.
    low, high = period_bounds(START, END)
    outside = Incident.objects.exclude(occurred_at__gte=low, occurred_at__lt=high)
    assert outside.filter(occurred_at__date="2014-08-01").exists()
    assert outside.filter(occurred_at__date="2019-10-15").count() == 2
    assert outside.filter(type__code="strike", verified=True, prosecuted=True).exists()
    assert Incident.objects.exclude(deleted_at=None).filter(occurred_at__gte=low, occurred_at__lt=high).exists()
    inside = Incident.objects.alive().filter(occurred_at__gte=low, occurred_at__lt=high)
    assert inside.filter(occurred_at=low + datetime.timedelta(minutes=5)).exists()  # 15/08/2014 00:05 counts
    assert inside.filter(occurred_at=high - datetime.timedelta(minutes=10)).exists()  # 30/09/2019 23:50 counts

    # Other types for realism, spread over the years and the ten districts; most in units, some in Việt Yên.
    assert inside.exclude(type__code__in=["strike", "fire", "theft", "violation", "economic"]).count() >= 40
    assert {d.year for d in inside.dates("occurred_at", "year")} == set(range(2014, 2020))
    assert inside.values("unit__commune__parent").exclude(unit=None).distinct().count() == 10
    assert inside.filter(unit__isnull=False).count() > 0.8 * inside.count()
    assert inside.filter(unit__commune__parent__code="222").count() > 20
    assert inside.filter(unit=None, area__level="district").exists()
    assert inside.filter(serious=True).count() > 30
    by_type = dict(inside.values_list("type__code").annotate(n=Count("id")))
    assert by_type["strike"] == 83 and by_type["work_accident"] > 5

    # The district officer sees Việt Yên's share, through the same endpoint.
    client.force_login(users["vietyen"])
    district = client.get(STATS, {"area": "222", **PERIOD, "keys": ",".join(SEED_FIGURES)}).json()["figures"]
    assert 0 < district["incidents.thefts"] < 631

    # Seeding again adds nothing.
    count = Incident.objects.count()
    assert incidents_demo_seed() == {"incidents": 0}
    assert Incident.objects.count() == count


def test_the_demo_is_deterministic():
    units_demo_seed()
    incidents_demo_seed()
    first = list(Incident.objects.order_by("occurred_at", "id").values_list(
        "type__code", "occurred_at", "unit__name", "area__code", "workers", "damage_vnd", "verified"))
    Incident.objects.all().delete()
    incidents_demo_seed()
    again = list(Incident.objects.order_by("occurred_at", "id").values_list(
        "type__code", "occurred_at", "unit__name", "area__code", "workers", "damage_vnd", "verified"))
    assert first == again


def test_every_demo_incident_is_in_an_area_that_existed_on_its_day():
    units_demo_seed()
    incidents_demo_seed()
    incidents = list(Incident.objects.select_related("area"))
    assert all(i.area.is_valid_on(timezone.localdate(i.occurred_at)) for i in incidents)
    # The units of Yên Dũng sit in the city's communes of 2025; their incidents of 2019 are in Yên Dũng's.
    assert any(i.area.path.startswith("L.24.221.") and i.unit_id for i in incidents)


def test_the_incidents_demo_is_registered_after_the_units_and_refused_by_production_settings(settings):
    names = [name for name, _seeder in demo_seeders()]
    assert ("incidents", incidents_demo_seed) in demo_seeders() and names.index("units") < names.index("incidents")
    settings.ANTQ_ALLOW_DEMO_DATA = False
    with pytest.raises(ImproperlyConfigured):
        incidents_demo_seed()
    assert not Incident.objects.exists()

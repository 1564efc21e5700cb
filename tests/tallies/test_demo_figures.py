"""The tallies' demo data gives, through the statistics endpoint, every tally figure of the seed report for Bắc Giang
and 15/08/2014 – 30/09/2019, and flags "more than" exactly the figures the seed writes "trên"/"hơn"."""

import pytest
from django.core.exceptions import ImproperlyConfigured

from antqcore.demo import demo_accounts_seed, demo_seeders
from tallies.demo import SEED_FIGURES, tallies_demo_seed
from tallies.models import TallyValue

pytestmark = pytest.mark.django_db
STATS = "/api/v1/stats/"
PERIOD = {"from": "2014-08-15", "to": "2019-09-30"}
MORE_THAN = {"propaganda.participants", "fn3.mttq.sessions", "fn3.labour.documents", "fn3.molisa.participants",
             "fn3.police.traffic_participants", "fn3.police.fire_participants", "trainings.youth_participants",
             "fire.trained", "fire_inspections.fines_vnd"}


def test_the_tallies_of_bac_giang_2014_2019_equal_the_seed_report(client):
    users = {u.username: u for u in demo_accounts_seed()}
    created = tallies_demo_seed()
    assert created["values"] > 3000

    client.force_login(users["tinh"])
    r = client.get(STATS, {"area": "24", **PERIOD, "keys": ",".join(SEED_FIGURES)})
    assert r.status_code == 200
    assert r.json()["figures"] == {key: value for key, (value, _more) in SEED_FIGURES.items()}
    assert len(SEED_FIGURES) == 62
    # The seed's total of fire inspections is 4.913, its parts add up to 3.944: the total follows the parts.
    assert r.json()["figures"]["fire_inspections.total"] == 330 + 246 + 1352 + 1862 + 154 == 3944
    assert set(r.json()["more_than"]) == MORE_THAN == {k for k, (_v, more) in SEED_FIGURES.items() if more}

    # Spread over the years, the ten districts and their bodies; yearly, quarterly and monthly bodies.
    counted = TallyValue.objects.filter(period_end__range=("2014-08-15", "2019-09-30"))
    assert set(counted.values_list("period_end__year", flat=True).distinct()) == {2014, 2015, 2016, 2017, 2018, 2019}
    assert counted.filter(body__kind="police", area__level="district").values("area").distinct().count() == 10
    assert counted.filter(body__kind="district_committee").values("body").distinct().count() == 10
    assert set(counted.values_list("period_type", flat=True).distinct()) == {"month", "quarter", "year"}
    # Grids outside the window (Q2/2014, Q4/2019, the year 2019, 07/2014, 10/2019) exist and do not count.
    outside = TallyValue.objects.exclude(period_end__range=("2014-08-15", "2019-09-30"))
    assert {(v.body.code, v.period_end.isoformat()) for v in outside.select_related("body")} >= {
        ("ca-222", "2014-06-30"), ("ca-222", "2019-12-31"), ("so-gddt", "2019-12-31"),
        ("canh-sat-pccc", "2014-07-31"), ("canh-sat-pccc", "2019-10-31")}
    # A quarter that began before the window but ends inside it counts (Q3/2014 ends on 30/09/2014).
    assert counted.filter(period_start__lt="2014-08-15").exists()

    # Every grid keeps the catalogue's rule: participants not fewer than sessions.
    for value in TallyValue.objects.filter(indicator__not_below__isnull=False).select_related("indicator__not_below"):
        base = TallyValue.objects.filter(body=value.body_id, area=value.area_id, period_start=value.period_start,
                                         indicator=value.indicator.not_below).first()
        assert base is None or value.value >= base.value, value

    # A district sees its own share; the Việt Yên officer gets Việt Yên's figures.
    client.force_login(users["vietyen"])
    r = client.get(STATS, {"area": "222", **PERIOD, "keys": "propaganda.sessions,fn3.mttq.sessions"})
    assert 0 < r.json()["figures"]["propaganda.sessions"] < 137226
    assert r.json()["figures"]["fn3.mttq.sessions"] == 0

    # Seeding again adds nothing.
    count = TallyValue.objects.count()
    assert tallies_demo_seed() == {"values": 0}
    assert TallyValue.objects.count() == count


def test_the_tallies_demo_is_registered_and_refused_by_production_settings(settings):
    names = [name for name, _seeder in demo_seeders()]
    assert ("tallies", tallies_demo_seed) in demo_seeders()
    assert names.index("units") < names.index("tallies")
    settings.ANTQ_ALLOW_DEMO_DATA = False
    with pytest.raises(ImproperlyConfigured):
        tallies_demo_seed()
    assert not TallyValue.objects.exists()

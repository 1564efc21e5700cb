"""The demo's commendations equal the seed report's (section 2.7) for Bắc Giang, 15/08/2014 – 30/09/2019, as the
statistics endpoint gives them; what the seed does not count is there too, and left out."""

import datetime

import pytest
from django.core.exceptions import ImproperlyConfigured
from django.db.models import Count

from antqcore.demo import demo_accounts_seed, demo_seeders
from commendations.demo import commendations_demo_seed
from commendations.models import AwardForm, Commendation, Grantor, RecipientKind
from units.demo import units_demo_seed

pytestmark = pytest.mark.django_db
STATS = "/api/v1/stats/"
PERIOD = {"from": "2014-08-15", "to": "2019-09-30"}
START, END = datetime.date(2014, 8, 15), datetime.date(2019, 9, 30)
# shared/seeds/seed-figures.csv, section 2.7.
SEED_FIGURES = {
    "commendations.collective": 159,
    "commendations.individual": 219,
    "commendations.ministry_flag": 5,
    "commendations.province_flag": 1,
    "commendations.ministry_merit_collective": 16,
    "commendations.province_merit_collective": 25,
    "commendations.province_merit_individual": 28,
    "commendations.police_director_collective": 112,
    "commendations.police_director_individual": 191,
    "commendations.medal_individual": 145,
}


def test_the_commendations_of_bac_giang_2014_2019_equal_the_seed_report(client):
    users = {u.username: u for u in demo_accounts_seed()}
    units_demo_seed()
    created = commendations_demo_seed()["commendations"]

    client.force_login(users["tinh"])
    r = client.get(STATS, {"area": "24", **PERIOD, "keys": ",".join(SEED_FIGURES)})
    assert r.status_code == 200
    assert r.json()["figures"] == SEED_FIGURES
    # Without keys, the endpoint serves the same numbers among every figure.
    everything = client.get(STATS, {"area": "24", **PERIOD}).json()["figures"]
    assert {k: v for k, v in everything.items() if k.startswith("commendations.")} == SEED_FIGURES

    # 145 medals to 145 different people, individuals, from the Minister, presented around 19 August.
    medals = Commendation.objects.filter(form=AwardForm.MEDAL, decision_date__range=(START, END))
    assert medals.values("person_key").distinct().count() == 145
    assert medals.values("name_key").distinct().count() == 145
    assert set(medals.values_list("recipient_kind", "grantor").distinct()) == {
        (RecipientKind.INDIVIDUAL, Grantor.MINISTRY)}
    assert set(medals.values_list("decision_date__month", flat=True)) == {8}
    assert medals.exclude(citizen_id="").count() > 20
    assert all(30 <= m.decision_date.year - m.birth_year <= 55 for m in medals)
    assert not Commendation.objects.filter(form=AwardForm.MEDAL).values("person_key").annotate(
        n=Count("id")).filter(n__gt=1).exists()

    # What the seed leaves out: "many" district and commune Chairmen's commendations, decisions just outside
    # the period; its first and last days count.
    local = Commendation.objects.filter(grantor__in=[Grantor.DISTRICT_CHAIRMAN, Grantor.COMMUNE_CHAIRMAN])
    assert local.count() >= 100
    assert local.values("area__parent__parent").distinct().count() == 1  # all in Bắc Giang
    assert Commendation.objects.filter(decision_date=START - datetime.timedelta(days=1)).exists()
    assert Commendation.objects.filter(decision_date=END + datetime.timedelta(days=1)).exists()
    assert Commendation.objects.filter(form=AwardForm.MEDAL).exclude(decision_date__range=(START, END)).exists()
    assert Commendation.objects.filter(decision_date=START).exists()
    assert Commendation.objects.filter(decision_date=END).exists()

    # Decisions commend several recipients at once; every unit existed on the decision date; the commendations
    # spread over the ten districts and over the years.
    rows = Commendation.objects.select_related("unit", "area")
    assert rows.values("decision_number", "decision_date").distinct().count() < created / 5
    assert all(c.unit.started_on is None or c.unit.started_on <= c.decision_date for c in rows if c.unit_id)
    assert all(c.area_id == c.unit.commune_id for c in rows if c.unit_id)
    assert rows.filter(unit__isnull=True, recipient_kind=RecipientKind.COLLECTIVE).count() == 1
    assert rows.values("area__parent").distinct().count() >= 10
    assert set(rows.filter(decision_date__range=(START, END)).values_list("decision_date__year", flat=True)) == set(
        range(2014, 2020))
    assert not rows.filter(recipient_kind=RecipientKind.INDIVIDUAL, person_name="").exists()
    assert all(c.search_text.isascii() and c.search_text for c in rows)
    # Audited from the start: each row has its "created" history.
    assert Commendation.history.filter(history_type="+").count() == created

    # Seeding again adds nothing.
    count = Commendation.objects.count()
    assert commendations_demo_seed() == {"commendations": 0}
    assert Commendation.objects.count() == count == created


def test_the_commendations_demo_is_registered_after_the_units_and_refused_by_production_settings(settings):
    names = [name for name, _seeder in demo_seeders()]
    assert ("commendations", commendations_demo_seed) in demo_seeders()
    assert names.index("units") < names.index("commendations")
    settings.ANTQ_ALLOW_DEMO_DATA = False
    with pytest.raises(ImproperlyConfigured):
        commendations_demo_seed()
    assert not Commendation.objects.exists()

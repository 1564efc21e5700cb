import datetime

import pytest
from django.core.exceptions import ImproperlyConfigured
from django.db import transaction

from antqcore.demo import demo_accounts_seed
from antqcore.models import User
from certification.demo import certification_demo_seed
from certification.models import Campaign, Council, Criticism, Decision, Participation, Status, StepLog
from units.demo import units_demo_seed

pytestmark = pytest.mark.django_db
STATS = "/api/v1/stats/"
PERIOD = {"from": "2014-08-15", "to": "2019-09-30"}
START, END = datetime.date(2014, 8, 15), datetime.date(2019, 9, 30)
# The seed report's figures (shared/seeds/seed-figures.csv, section 2.4).
SEED_FIGURES = {
    "certification.province.antt_safe": 838,
    "certification.district.antt_safe": 960,
    "certification.province.drug_free": 788,
    "certification.district.drug_free": 956,
    "certification.longest_streak_years": 6,
}


@pytest.fixture(scope="module")
def demo_users(django_db_setup, django_db_blocker):
    """The accounts, units and certifications of the demo, seeded once for the module's tests (five seconds each
    time) and rolled back after them: each test runs in a savepoint of it."""
    with django_db_blocker.unblock(), transaction.atomic():
        demo_accounts_seed()
        units_demo_seed()
        certification_demo_seed()
        yield {u.username: u for u in User.objects.all()}
        transaction.set_rollback(True)


def figures(client, user, keys=SEED_FIGURES):
    client.force_login(user)
    r = client.get(STATS, {"area": "24", **PERIOD, "keys": ",".join(keys)})
    assert r.status_code == 200
    return r.json()["figures"]


def test_every_certification_figure_of_bac_giang_2014_2019_equals_the_seed_report(demo_users, client):
    assert figures(client, demo_users["tinh"]) == SEED_FIGURES


def test_the_six_year_units_were_recognized_by_the_province_for_2012_to_2017_and_not_2018(demo_users):
    revoked = Participation.objects.get(status=Status.REVOKED, campaign__year=2018, campaign__scheme__code="antt_safe",
                                        decision__level="province")
    recognized_years = set(Participation.objects.filter(
        unit=revoked.unit, status=Status.RECOGNIZED, campaign__scheme__code="antt_safe", decision__level="province",
    ).values_list("campaign__year", flat=True))
    assert recognized_years == {2012, 2013, 2014, 2015, 2016, 2017}
    decided = Decision.objects.filter(participations__unit=revoked.unit, campaign__year__lte=2017,
                                      campaign__scheme__code="antt_safe")
    assert sorted(d.date.year for d in decided) == [2013, 2014, 2015, 2016, 2017, 2018]
    assert {d.authority for d in decided} == {"Chủ tịch UBND tỉnh Bắc Giang"}
    assert Participation.objects.filter(campaign__year=2018, campaign__scheme__code="antt_safe",
                                        status=Status.NOT_RECOGNIZED, unit__in=Participation.objects.filter(
                                            campaign__year=2012, status=Status.RECOGNIZED,
                                            campaign__scheme__code="antt_safe").values("unit")).exists()


def test_recognizing_a_six_year_unit_in_2018_too_would_make_the_streak_seven(demo_users, client):
    revoked = Participation.objects.get(status=Status.REVOKED, campaign__year=2018, campaign__scheme__code="antt_safe",
                                        decision__level="province")
    Participation.objects.filter(pk=revoked.pk).update(status=Status.RECOGNIZED)
    keys = ["certification.longest_streak_years", "certification.province.antt_safe"]
    assert figures(client, demo_users["tinh"], keys) == {keys[0]: 7, keys[1]: 839}


def test_recognitions_decided_outside_the_period_exist_but_do_not_count(demo_users):
    recognized = Participation.objects.filter(status=Status.RECOGNIZED)
    before = recognized.filter(decision__date__lt=START)
    after = recognized.filter(decision__date__gt=END)
    assert before.filter(campaign__year=2012).exists() and before.filter(campaign__year=2013).exists()
    assert before.filter(decision__date=START - datetime.timedelta(days=1)).exists()
    assert after.filter(campaign__year=2019, decision__date__month=12).exists()
    assert recognized.filter(decision__date=START).exists() and recognized.filter(decision__date=END).exists()
    inside = recognized.filter(decision__date__range=(START, END))
    assert inside.count() == sum(v for k, v in SEED_FIGURES.items() if "streak" not in k)
    assert recognized.count() > inside.count() + before.count()  # and the December 2019 ones


def test_revoked_refused_and_pending_participations_are_there_and_do_not_count(demo_users):
    assert Participation.objects.filter(status=Status.REVOKED, decision__date__range=(START, END)).count() >= 2
    assert Participation.objects.filter(status=Status.NOT_RECOGNIZED, council_recommends=False).count() > 300
    pending = Participation.objects.filter(campaign__year=2019, status__in=[Status.REGISTERED, Status.ASSESSED,
                                                                            Status.SUBMITTED])
    assert pending.count() > 500 and not pending.filter(decision__isnull=False).exists()


def test_decisions_are_bulk_and_signed_at_the_level_that_manages_the_unit(demo_users):
    province = Decision.objects.filter(level="province")
    assert set(province.values_list("authority", flat=True)) == {"Chủ tịch UBND tỉnh Bắc Giang"}
    assert {"Chủ tịch UBND thành phố Bắc Giang", "Chủ tịch UBND huyện Lục Nam"} <= set(
        Decision.objects.filter(level="district").values_list("authority", flat=True))
    assert max(d.participations.count() for d in province) > 100
    assert not Participation.objects.filter(decision__level="province").exclude(unit__managing_level="province") \
        .exists()
    # A unit is recognized at most once a campaign.
    assert Participation.objects.values("campaign", "unit").distinct().count() == Participation.objects.count()
    assert Campaign.objects.filter(year__range=(2012, 2019)).count() == 16


def test_the_provincial_council_of_decision_750_and_the_district_councils(demo_users):
    council = Council.objects.get(established_by__startswith="Quyết định số 750/QĐ-BCĐ")
    assert Participation.objects.filter(council=council).exclude(council_meeting_on__gte="2019-05-13").count() == 0
    assert Participation.objects.filter(council=council).exists()
    assert Council.objects.count() == 11
    assert Criticism.objects.filter(issuer="Chủ tịch UBND tỉnh Bắc Giang").count() >= 4
    assert StepLog.objects.filter(to_status=Status.RECOGNIZED, at__year=2015).exists()


def test_seeding_twice_adds_nothing(demo_users):
    counts = (Participation.objects.count(), Decision.objects.count(), StepLog.objects.count())
    assert certification_demo_seed()["participations"] == 0
    assert (Participation.objects.count(), Decision.objects.count(), StepLog.objects.count()) == counts


def test_production_settings_refuse_the_demo_certifications(settings):
    settings.ANTQ_ALLOW_DEMO_DATA = False
    before = Participation.objects.count()  # the module's demo may be seeded already (it runs once for the module)
    with pytest.raises(ImproperlyConfigured):
        certification_demo_seed()
    assert Participation.objects.count() == before

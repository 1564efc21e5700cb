"""The tallies' demo after the 2019 review: each body of the catalogue reports every complete period up to the last one
before today while its area existed (the old Bắc Giang's bodies until 30/06/2025, the district police until the end
of 2024, since they ended on 01/03/2025); a body the province adds for the new Bắc Ninh is filled in up to the last
complete period; the seed review keeps its figures; a run builds the same values for the same day."""

import datetime

import pytest
from django.utils import timezone

from antqcore.demo import demo_accounts_seed
from antqcore.selectors import area_resolve
from tallies.demo import SEED_FIGURES, tallies_demo_seed
from tallies.demo_today import tallies_build, tallies_today_seed
from tallies.models import Indicator, ReportingBody, TallyValue
from tallies.periods import period_containing
from tests.incidents.test_demo_today import figures

pytestmark = pytest.mark.django_db
D = datetime.date


def test_every_body_reports_each_period_while_its_area_existed_and_the_seed_review_keeps_its_figures(client):
    today = timezone.localdate()
    users = {u.username: u for u in demo_accounts_seed()}
    tallies_demo_seed()
    created = tallies_today_seed(today)["values"]
    assert created > 2500
    client.force_login(users["admin"])

    seed = figures(client, "24", D(2014, 8, 15), D(2019, 9, 30), ",".join(SEED_FIGURES))
    assert seed == {key: value for key, (value, _more) in SEED_FIGURES.items()}
    keys = "propaganda.sessions,fn3.districts.leaflets,fire_inspections.total,fn3.education.students"
    years = [figures(client, "24", D(year, 1, 1), D(year, 12, 31), keys) for year in range(2020, 2025)]
    assert all(all(value > 0 for value in year.values()) for year in years), years
    assert len({year["propaganda.sessions"] for year in years}) == 5
    # Fewer sessions in 2021 (Covid) than in 2024.
    assert years[1]["propaganda.sessions"] < years[4]["propaganda.sessions"]
    first_half = figures(client, "24", D(2025, 1, 1), D(2025, 6, 30), keys)
    assert first_half["fn3.districts.leaflets"] > 0 and first_half["fire_inspections.total"] > 0
    # The district police stopped with 2024 (they ended on 01/03/2025): the provincial police's sessions only.
    assert not TallyValue.objects.filter(body__code__startswith="ca-2", period_end__gt=D(2025, 2, 28)).exists()
    assert TallyValue.objects.filter(body__code="ca-222", period_end=D(2024, 12, 31)).exists()
    # Yên Dũng's bodies stopped when it was merged into the city; no old body reports after 30/06/2025.
    assert not TallyValue.objects.filter(body__code="bcd-221", period_end__gt=D(2024, 12, 31)).exists()
    assert TallyValue.objects.filter(body__code="bcd-221", period_end=D(2024, 12, 31)).exists()
    assert not TallyValue.objects.filter(period_end__gt=D(2025, 6, 30)).exists()
    assert TallyValue.objects.filter(body__code="canh-sat-pccc", period_end=D(2025, 6, 30)).exists()
    assert TallyValue.objects.filter(body__code="so-gddt", period_end=D(2024, 12, 31)).exists()
    # The catalogue's rule holds in every grid.
    for value in TallyValue.objects.filter(indicator__not_below__isnull=False, period_end__gt=D(2019, 9, 30)) \
            .select_related("indicator__not_below"):
        base = TallyValue.objects.filter(body=value.body_id, area=value.area_id, period_start=value.period_start,
                                         indicator=value.indicator.not_below).first()
        assert base is None or value.value >= base.value, value

    count = TallyValue.objects.count()
    assert tallies_today_seed(today) == {"values": 0}
    assert TallyValue.objects.count() == count


def test_a_body_of_the_new_province_is_filled_in_up_to_the_last_complete_period(client):
    today = timezone.localdate()
    users = {u.username: u for u in demo_accounts_seed()}
    tallies_demo_seed()
    province = area_resolve(code="24", on=D(2025, 7, 1))
    body = ReportingBody.objects.create(code="ca-tinh-bac-ninh", name="Công an tỉnh Bắc Ninh", kind="police",
                                        area=province, period_type="quarter")
    body.indicators.set(Indicator.objects.filter(code__in=["sessions", "participants"]))
    tallies_today_seed(today)

    values = TallyValue.objects.filter(body=body)
    last = period_containing("quarter", today).previous()
    assert values.filter(period_start=D(2025, 7, 1)).count() == 2
    assert values.filter(period_end=last.end).exists()
    assert not values.filter(period_end__lt=D(2025, 7, 1)).exists()
    assert not values.filter(period_end__gte=today).exists()
    client.force_login(users["admin"])
    assert figures(client, "24", D(2025, 7, 1), D(2025, 12, 31), "propaganda.sessions")["propaganda.sessions"] > 0


def test_the_same_day_builds_the_same_values_and_a_later_day_keeps_the_earlier_ones():
    tallies_demo_seed()

    def cells(today):
        return [(v.body.code, v.indicator.code, v.period_start, v.period_end, v.value) for v in tallies_build(today)]

    first = cells(D(2025, 2, 10))
    assert first == cells(D(2025, 2, 10))
    later = cells(D(2025, 5, 20))
    assert [c for c in later if c[3] < D(2025, 2, 10)] == first
    assert len(later) > len(first)

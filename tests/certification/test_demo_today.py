"""The certification demo of today: yearly campaigns since 2020 for both old provinces and then the new Bắc Ninh,
decided by the right level on the right map, the current campaign under way, Bắc Giang's 2019 figures untouched."""

import datetime
from collections import Counter

import pytest

from antqcore.demo import demo_accounts_seed
from antqcore.models import User
from certification.demo import certification_demo_seed
from certification.demo_today import certification_today_seed
from certification.models import Criticism, Decision, Level, Participation, Status
from tests.certification.test_demo_figures import PERIOD, SEED_FIGURES
from tests.units.test_demo_today import REFORM, TODAY, figures  # the stats of an area, as a user asks
from units.demo import units_demo_seed
from units.demo_today import units_today_seed

pytestmark = pytest.mark.django_db
D = datetime.date


@pytest.fixture
def demo_users():
    demo_accounts_seed()
    units_demo_seed()
    certification_demo_seed()
    units_today_seed(today=TODAY)
    certification_today_seed(today=TODAY)
    return {u.username: u for u in User.objects.all()}


def test_campaigns_since_2020_decided_by_the_right_level_on_the_right_map(demo_users, client):
    admin = demo_users["admin"]
    assert figures(client, admin, "24", PERIOD["from"], PERIOD["to"], SEED_FIGURES) == SEED_FIGURES

    # Both old provinces every year until the 2024 campaign, by their own chairmen and their districts'.
    later = Decision.objects.filter(campaign__year__gte=2020).select_related("area", "campaign")
    for year in range(2020, 2025):
        decided = later.filter(campaign__year=year)
        for prefix, province in (("L.24", "Bắc Giang"), ("L.27", "Bắc Ninh")):
            assert decided.filter(level=Level.PROVINCE, area__path=prefix, authority=f"Chủ tịch UBND tỉnh {province}",
                                  campaign__scheme__code="antt_safe").exists(), (year, prefix)
            district = decided.filter(level=Level.DISTRICT, area__path__startswith=prefix + ".")
            assert district.exists() and all(d.area.level == "district" for d in district)
    # District chairmen sign until 30/06/2025 and never after; then commune chairmen and the new province.
    assert not later.filter(level=Level.DISTRICT, date__gte=REFORM).exists()
    assert later.filter(level=Level.DISTRICT, campaign__year=2024, date__year=2025).exists()
    assert not later.filter(date__gte=REFORM).exclude(area__path__startswith="N.24").exists()
    of_2025 = later.filter(campaign__year=2025)
    assert of_2025.filter(level=Level.PROVINCE, area__path="N.24", authority="Chủ tịch UBND tỉnh Bắc Ninh").exists()
    communes = of_2025.filter(level=Level.COMMUNE)
    assert communes.filter(date__year=2025).count() > 20 and communes.values("area").distinct().count() > 40
    assert all(d.area.level == "commune" and d.area.is_valid_on(d.date) for d in communes)
    assert all(d.authority.startswith("Chủ tịch UBND ") and d.area.short_name in d.authority for d in communes)
    # Every recognized unit lies in the area of the decision that recognized it (on the decision's map).
    sample = Participation.objects.filter(campaign__year=2025, status=Status.RECOGNIZED,
                                          decision__level=Level.COMMUNE).select_related("decision__area", "unit")[:50]
    assert sample and all(any(p.unit.commune.path == x or p.unit.commune.path.startswith(x + ".")
                              for x in p.decision.area.coverage_paths()) for p in sample)

    # The 2019 campaign, under way in the 2019 demo, was decided from December 2019 on.
    assert not Participation.objects.filter(campaign__year=2019, status__in=[
        Status.REGISTERED, Status.ASSESSED, Status.SUBMITTED, Status.APPRAISED]).exists()
    of_2019 = Decision.objects.filter(campaign__year=2019)
    assert of_2019.filter(level=Level.PROVINCE).exists() and of_2019.filter(level=Level.DISTRICT).count() > 10
    assert not of_2019.filter(date__lt=D(2019, 12, 1)).exists()

    # The current campaign is under way: dossiers in, few decisions yet.
    current = Counter(Participation.objects.filter(campaign__year=2026).values_list("status", flat=True))
    decided_now = current[Status.RECOGNIZED] + current[Status.NOT_RECOGNIZED]
    assert current[Status.SUBMITTED] + current[Status.APPRAISED] > 500 and 0 < decided_now < 0.2 * sum(
        current.values())
    assert not Participation.objects.filter(registered_on__gt=TODAY).exists()
    assert not Decision.objects.filter(date__gt=TODAY).exists()

    # Circular 124/2021 leaves small enterprises out from the 2022 campaign; some recognitions were revoked, some
    # units criticised; the yearly numbers vary.
    assert not Participation.objects.filter(campaign__year__gte=2022, unit__kind="enterprise",
                                            unit__worker_count__lt=50).exists()
    revoked = Participation.objects.filter(campaign__year__gte=2020, status=Status.REVOKED)
    assert revoked.count() >= 5 and not revoked.filter(revocation_reason="").exists()
    assert Criticism.objects.filter(date__year__gte=2021).count() >= 10
    yearly = Counter(Participation.objects.filter(campaign__year__range=(2020, 2024), status=Status.RECOGNIZED)
                     .values_list("campaign__year", flat=True))
    assert len(set(yearly.values())) == 5 and min(yearly.values()) > 300

    # The old Bắc Ninh's figures of 2023 and the new province's of 2025.
    keys = ["certification.province.antt_safe", "certification.district.antt_safe", "certification.coverage_percent"]
    bn = figures(client, admin, "27", "2023-01-01", "2023-12-31", keys)
    assert all(bn[k] > 0 for k in keys)
    assert figures(client, demo_users["bacninh"], "24", "2026-01-01", TODAY.isoformat(), keys[:1])[keys[0]] > 100

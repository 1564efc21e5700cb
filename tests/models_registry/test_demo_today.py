"""The models demo of today: new models every year since 2020 in both old provinces and then the new Bắc Ninh,
briefings and reviews continuing, some eliminated, Bắc Giang's 2019 figures untouched."""

import datetime
from collections import Counter

import pytest

from antqcore.demo import demo_accounts_seed, demo_seeders
from antqcore.models import User
from models_registry.demo import models_demo_seed
from models_registry.demo_today import models_today_seed
from models_registry.models import Activity, ModelStatus, MovementModel, Review
from models_registry.selectors import maintained_on, with_formalism
from tests.models_registry.test_demo_figures import PERIOD, SEED_FIGURES
from tests.units.test_demo_today import REFORM, TODAY, figures  # the stats of an area, as a user asks
from units.demo import units_demo_seed
from units.demo_today import units_today_seed

pytestmark = pytest.mark.django_db
D = datetime.date


@pytest.fixture
def demo_users():
    demo_accounts_seed()
    units_demo_seed()
    models_demo_seed()
    units_today_seed(today=TODAY)
    models_today_seed(today=TODAY)
    return {u.username: u for u in User.objects.all()}


def test_models_since_2020_in_both_old_provinces_and_the_new_one(demo_users, client):
    admin = demo_users["admin"]
    assert figures(client, admin, "24", PERIOD["from"], PERIOD["to"], SEED_FIGURES) == SEED_FIGURES

    # New models every year, on the map of their day: the old provinces until 30/06/2025, the new one after.
    new = MovementModel.objects.filter(established_on__gte=D(2020, 1, 1)).select_related("area")
    assert not new.filter(established_on__gt=TODAY).exists()
    for prefix in ("L.24.", "L.27."):
        yearly = Counter(new.filter(area__path__startswith=prefix).values_list("established_on__year", flat=True))
        assert all(yearly[y] >= 8 for y in range(2020, 2025)) and len(set(yearly.values())) > 2, (prefix, yearly)
    after = new.filter(established_on__gte=REFORM)
    assert after.count() > 30 and all(m.area.path.startswith("N.24.") for m in after)
    assert all(m.area.is_valid_on(m.established_on) for m in new)
    assert new.filter(established_on__year=2026, is_pilot=False).exists()
    assert MovementModel.objects.filter(is_pilot=True, pilot_since__year__gte=2020).count() >= 5
    assert MovementModel.participants.through.objects.filter(movementmodel__established_on__gte=D(2020, 1, 1),
                                                             ).count() > 100

    # Some stopped: eliminated since 2020 with a reason, most of the 2019 paper-only models among them.
    gone = MovementModel.objects.filter(eliminated_on__gte=D(2020, 1, 1))
    assert gone.count() > 20 and not gone.exclude(status=ModelStatus.ELIMINATED).exists()
    assert not gone.filter(elimination_reason="").exists() and not gone.filter(eliminated_on__gt=TODAY).exists()
    formalistic_2019 = with_formalism(maintained_on(MovementModel.objects.filter(area__path__startswith="L.24."),
                                                    D(2019, 9, 30)), D(2019, 9, 30)).filter(formalistic=True)
    assert formalistic_2019.filter(eliminated_on__year__range=(2020, 2022)).count() > 10

    # Briefings continue up to today for most maintained models; reviews every year.
    maintained = with_formalism(maintained_on(MovementModel.objects.all(), TODAY), TODAY)
    assert maintained.filter(last_activity__gte=TODAY - datetime.timedelta(days=120)).count() > 0.7 * maintained.count()
    assert not Activity.objects.filter(date__gt=TODAY).exists()
    assert Activity.objects.filter(date__year=2026).count() > 1000
    reviewed = Counter(Review.objects.filter(date__year__gte=2020).values_list("date__year", flat=True))
    assert all(reviewed[y] > 50 for y in range(2020, 2026))

    # The old Bắc Ninh's figures of 2023; the new province's of this year.
    keys = ["models.self_managed", "models.area_clusters"]
    assert all(v > 0 for v in figures(client, admin, "27", "2023-01-01", "2023-12-31", keys).values())
    assert figures(client, demo_users["bacninh"], "24", "2026-01-01", TODAY.isoformat(), keys)[keys[0]] > 250


def test_the_models_demo_of_today_runs_after_the_units_of_today():
    names = [name for name, _seeder in demo_seeders()]
    assert names.index("units_today") < names.index("models_today") and names.index("models") < names.index(
        "models_today")

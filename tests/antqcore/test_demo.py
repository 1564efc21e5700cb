import pytest
from django.core.exceptions import ImproperlyConfigured
from django.core.management import call_command
from django.db import transaction

from antqcore.demo import DEMO_ACCOUNTS, demo_accounts_seed
from antqcore.models import Role, User

pytestmark = pytest.mark.django_db


@pytest.fixture(scope="class")
def seeded(django_db_setup, django_db_blocker):
    """`manage.py seed_demo` on the test database, once for a class's tests (it takes half a minute), and rolled back
    after them: each test runs in a savepoint of it."""
    with django_db_blocker.unblock(), transaction.atomic():
        call_command("seed_demo")
        yield
        transaction.set_rollback(True)


@pytest.mark.usefixtures("seeded")
class TestTheSeededDemo:
    def test_the_demo_accounts_have_their_roles_and_areas(self):
        users = {u.username: u for u in User.objects.select_related("scope_area")}
        assert users["tinh"].role == Role.PROVINCE_STAFF and users["tinh"].scope_area.name == "Tỉnh Bắc Giang"
        assert users["vietyen"].role == Role.DISTRICT_OFFICER and users["vietyen"].scope_area.short_name == "Việt Yên"
        assert users["xem"].role == Role.VIEWER and not users["xem"].can_write
        assert users["admin"].is_superuser
        assert all(u.check_password("antq-demo-2019") for u in users.values())

    def test_seeding_twice_changes_nothing(self):
        call_command("seed_demo", "--force")  # the second time, on the seeded demo
        assert User.objects.count() == len(DEMO_ACCOUNTS) == 8

    def test_seed_demo_runs_every_registrys_demo(self):
        from units.models import Unit

        assert Unit.objects.alive().count() > 1500


def test_production_settings_refuse_demo_data(settings):
    settings.ANTQ_ALLOW_DEMO_DATA = False
    with pytest.raises(ImproperlyConfigured):
        demo_accounts_seed()
    assert not User.objects.exists()

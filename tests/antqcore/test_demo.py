import pytest
from django.core.exceptions import ImproperlyConfigured
from django.core.management import call_command

from antqcore.demo import DEMO_ACCOUNTS, demo_accounts_seed
from antqcore.models import Role, User

pytestmark = pytest.mark.django_db


def test_the_demo_accounts_have_their_roles_and_areas():
    call_command("seed_demo")
    users = {u.username: u for u in User.objects.select_related("scope_area")}
    assert users["tinh"].role == Role.PROVINCE_STAFF and users["tinh"].scope_area.name == "Tỉnh Bắc Giang"
    assert users["vietyen"].role == Role.DISTRICT_OFFICER and users["vietyen"].scope_area.short_name == "Việt Yên"
    assert users["xem"].role == Role.VIEWER and not users["xem"].can_write
    assert users["admin"].is_superuser
    assert all(u.check_password("antq-demo-2019") for u in users.values())


def test_seeding_twice_changes_nothing():
    call_command("seed_demo")
    call_command("seed_demo", "--force")
    assert User.objects.count() == len(DEMO_ACCOUNTS) == 8


def test_production_settings_refuse_demo_data(settings):
    settings.ANTQ_ALLOW_DEMO_DATA = False
    with pytest.raises(ImproperlyConfigured):
        demo_accounts_seed()
    assert not User.objects.exists()


def test_seed_demo_runs_every_registrys_demo(settings):
    from units.models import Unit

    call_command("seed_demo")
    assert Unit.objects.alive().count() > 1500

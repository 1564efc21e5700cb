"""#12 item 9: production defaults. The API's description is not public, a production image can never run with the
debug settings or a known key, production settings refuse placeholders, and deleting a record that others still
refer to answers 409 with what refers to it instead of a server error."""

import os
import subprocess
import sys
from pathlib import Path

import pytest

from antqcore.models import Organisation
from tests.conftest import area, client_for
from tests.units.factories import make_unit
from units.models import IndustrialZone

ROOT = Path(__file__).resolve().parents[2]
STRONG_KEY = "q8Zp!r2Lw#x9Vt$e4Nk7Jm%c1Hb6Gy&u3Fd0Sa*o5Ri-Te+Yw=Ul^Kx8Mz~Qv2"
PROD_ENV = {
    "DJANGO_SETTINGS_MODULE": "config.settings.production",
    "SECRET_KEY": STRONG_KEY,
    "ALLOWED_HOSTS": "antq.example.gov.vn",
    "DATABASE_URL": "postgres://antq@127.0.0.1:5432/antq",
    "REDIS_URL": "redis://127.0.0.1:6379/0",
}
OLD_FIXED_LOCAL_KEY = "local-only-insecure-key-antq-do-not-use-in-production"


def run_python(code: str, env: dict) -> subprocess.CompletedProcess:
    base = {k: v for k, v in os.environ.items()
            if k not in PROD_ENV and k not in ("DJANGO_ALLOW_ASYNC_UNSAFE", "ANTQ_PRODUCTION_IMAGE")}
    return subprocess.run([sys.executable, "-c", code], cwd=ROOT, env={**base, **env}, capture_output=True,
                          text=True, timeout=120)


def settings_of(env: dict, entry: str = "manage") -> subprocess.CompletedProcess:
    """Loads the settings the way manage.py or the Celery app does and prints which module and key they chose."""
    load = {
        "manage": "import runpy, sys; sys.argv = ['manage.py', 'check']; runpy.run_path('manage.py', "
                  "run_name='__main__')",
        "celery": "import config.celery; from django.conf import settings; settings.SECRET_KEY",
    }[entry]
    return run_python(load + "\nfrom django.conf import settings\n"
                      "print('MODULE', settings.SETTINGS_MODULE); print('KEY', settings.SECRET_KEY)", env)


# --- The API's schema and documentation need a signed-in user ------------------------------------------------

@pytest.mark.django_db
def test_the_schema_is_refused_to_anonymous_callers(client):
    assert client.get("/api/schema/").status_code in (401, 403)


@pytest.mark.django_db
def test_the_api_docs_send_anonymous_browsers_to_the_login_page(client):
    r = client.get("/api/docs/")
    assert r.status_code == 302 and r.url.startswith("/accounts/login/")


def test_a_signed_in_user_and_a_token_holder_read_the_schema(viewer):
    assert client_for(viewer).get("/api/schema/").status_code == 200


# --- No debug settings and no fixed key in the production image ----------------------------------------------

def test_in_the_production_image_manage_py_takes_the_production_settings():
    r = settings_of({"ANTQ_PRODUCTION_IMAGE": "1", **{k: v for k, v in PROD_ENV.items()
                                                      if k != "DJANGO_SETTINGS_MODULE"}})
    assert "MODULE config.settings.production" in r.stdout, r.stderr


def test_in_the_production_image_the_celery_app_takes_the_production_settings():
    r = settings_of({"ANTQ_PRODUCTION_IMAGE": "1", **{k: v for k, v in PROD_ENV.items()
                                                      if k != "DJANGO_SETTINGS_MODULE"}}, entry="celery")
    assert "MODULE config.settings.production" in r.stdout, r.stderr


def test_in_the_production_image_the_local_settings_refuse_to_load():
    r = settings_of({"ANTQ_PRODUCTION_IMAGE": "1", "DJANGO_SETTINGS_MODULE": "config.settings.local"})
    assert r.returncode != 0
    assert "cannot run in the production image" in r.stderr


def test_the_local_settings_have_no_key_written_in_the_source():
    r = settings_of({"DJANGO_SETTINGS_MODULE": "config.settings.local"})
    key = r.stdout.split("KEY ", 1)[1].strip()
    assert key != OLD_FIXED_LOCAL_KEY and len(key) >= 50
    assert key == (ROOT / "var" / "secret_key").read_text().strip()
    assert key not in (ROOT / "config" / "settings" / "local.py").read_text()


# --- Production settings refuse placeholders and missing services ------------------------------------------------

@pytest.mark.parametrize("key, why", [
    ("change-me", "the placeholder of .env.example"),
    ("", "empty"),
    ("django-insecure-" + "x1y2z3" * 8, "Django's insecure prefix"),
    ("short-but-random-Kx8Mz~Qv2", "under 50 characters"),
])
def test_production_refuses_a_placeholder_or_weak_secret_key(key, why):
    r = settings_of({**PROD_ENV, "SECRET_KEY": key})
    assert r.returncode != 0, f"started with a SECRET_KEY that is {why}"
    assert "SECRET_KEY" in r.stderr


def test_production_refuses_to_start_without_redis():
    r = settings_of({k: v for k, v in PROD_ENV.items() if k != "REDIS_URL"})
    assert r.returncode != 0
    assert "REDIS_URL" in r.stderr


def test_production_starts_with_real_values():
    r = settings_of(PROD_ENV)
    assert "MODULE config.settings.production" in r.stdout, r.stderr


# --- Deleting what is still referenced: 409, naming what refers to it ----------------------------------------

def test_deleting_an_organisation_that_has_users_answers_409_naming_them(province_staff):
    organisation = province_staff.organisation
    r = client_for(province_staff).delete(f"/api/v1/organisations/{organisation.pk}/")
    assert r.status_code == 409
    assert "người dùng" in r.json()["detail"]
    assert Organisation.objects.filter(pk=organisation.pk).exists()


def test_deleting_a_zone_that_has_units_answers_409_naming_them(province_staff):
    zone = IndustrialZone.objects.create(name="KCN Thử nghiệm", kind="zone", area=area("222"))
    make_unit(zone=zone)
    r = client_for(province_staff).delete(f"/api/v1/industrial-zones/{zone.pk}/")
    assert r.status_code == 409
    assert "1 đơn vị" in r.json()["detail"]
    assert IndustrialZone.objects.filter(pk=zone.pk).exists()

import datetime
import os
import shutil

import pytest
from django.db import connections
from rest_framework.test import APIClient

from antqcore.models import Area, Organisation, Role, User
from antqcore.selectors import area_resolve
from antqcore.services import areas_load

DAY_2019 = datetime.date(2019, 9, 30)
# Bắc Giang on both maps (24 is also the merged Bắc Ninh's code after 2025) and Bắc Ninh, merged into it.
TEST_PROVINCES = {"24", "27"}


def load_test_areas():
    if not Area.objects.filter(path="L.24").exists():
        areas_load(province_codes=TEST_PROVINCES)


@pytest.fixture(scope="session")
def django_db_setup(django_db_setup, django_db_blocker):
    with django_db_blocker.unblock():
        load_test_areas()
        # Tests may run in another context (Playwright's event loop): a connection left open here would outlive
        # them and keep the test database from being dropped.
        connections.close_all()
        copy = _migrated_copy_create()
    yield copy
    if copy:
        with django_db_blocker.unblock(), connections["default"]._nodb_cursor() as cursor:
            cursor.execute(f'DROP DATABASE IF EXISTS "{copy}" WITH (FORCE)')


def _migrated_copy_create() -> str | None:
    """On PostgreSQL, a copy of the test database as the session has just set it up, before any test wrote to it:
    what `migrate` and `load_areas --province 24 --province 27` make. CREATE DATABASE … TEMPLATE takes under a
    second where `migrate` takes fifteen."""
    connection = connections["default"]
    if connection.vendor != "postgresql":
        return None
    name = connection.settings_dict["NAME"]
    copy = f"{name}_migrated"
    with connection._nodb_cursor() as cursor:
        cursor.execute(f'DROP DATABASE IF EXISTS "{copy}" WITH (FORCE)')
        cursor.execute(f'CREATE DATABASE "{copy}" TEMPLATE "{name}"')
    return copy


@pytest.fixture(scope="session")
def migrated_database(django_db_setup) -> str | None:
    """The name of that copy (None on SQLite), for tests whose subprocesses need a database of their own to start
    from (the backups'). Copy it again (TEMPLATE) rather than write to it: it is the session's."""
    return django_db_setup


@pytest.fixture(autouse=True)
def _fresh_throttles():
    # The API throttles count in the cache, which outlives a test: each test starts with no request counted.
    from django.core.cache import cache

    cache.clear()


def _require(env_name: str) -> bool:
    return os.environ.get(env_name, "") not in ("", "0")


def skip_or_fail(reason: str, require_env: str):
    """Skip with a visible reason, or fail where CI says the component must be there."""
    if _require(require_env):
        pytest.fail(f"{reason} (and {require_env} is set)")
    pytest.skip(reason)


def area(code: str, on: datetime.date = DAY_2019) -> Area:
    return area_resolve(code=code, on=on)


def make_user(username: str, role: str, area_code: str | None, **extra) -> User:
    scope = area(area_code) if area_code else None
    org = Organisation.objects.create(name=f"Tổ chức của {username}", area=scope) if scope else None
    user = User.objects.create_user(username=username, password="pw-" + username, role=role,
                                    scope_area=scope, organisation=org, **extra)
    return user


@pytest.fixture
def province_staff(db):
    return make_user("tinh", Role.PROVINCE_STAFF, "24", first_name="Cán bộ", last_name="tỉnh")


@pytest.fixture
def district_officer(db):
    return make_user("vietyen", Role.DISTRICT_OFFICER, "222")


@pytest.fixture
def other_district_officer(db):
    return make_user("lucnam", Role.DISTRICT_OFFICER, "218")


@pytest.fixture
def viewer(db):
    return make_user("xem", Role.VIEWER, "24")


@pytest.fixture
def bac_ninh_staff(db):
    """Province staff of today's map: the new Bắc Ninh (code 24 since 01/07/2025), which covers the old Bắc Giang."""
    from django.utils import timezone

    return User.objects.create_user("bacninh", password="pw-bacninh", role=Role.PROVINCE_STAFF,
                                    scope_area=area("24", on=timezone.localdate()))


@pytest.fixture
def admin_user(db):
    return User.objects.create_superuser("admin", password="pw-admin", role=Role.ADMIN)


@pytest.fixture
def api():
    return APIClient()


def client_for(user) -> APIClient:
    client = APIClient()
    client.force_authenticate(user)
    return client


# --- Browser tests: Debian's Chromium driven by Playwright -------------------------------------------------
CHROMIUM = os.environ.get("ANTQ_CHROMIUM", "/usr/bin/chromium")


def chromium_launch(playwright):
    """Debian's Chromium, headless, quiet (a test that drives two browsers at once launches the second here)."""
    return playwright.chromium.launch(
        executable_path=CHROMIUM, headless=True,
        args=["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
              "--disable-background-networking", "--disable-component-update", "--disable-sync"],
    )


@pytest.fixture
def browser(monkeypatch):
    if not shutil.which(CHROMIUM) and not os.path.exists(CHROMIUM):
        skip_or_fail(f"no Chromium at {CHROMIUM} (apt-get install chromium)", "ANTQ_REQUIRE_BROWSER")
    from playwright.sync_api import sync_playwright

    monkeypatch.setenv("DJANGO_ALLOW_ASYNC_UNSAFE", "true")  # Playwright's sync API runs an event loop
    with sync_playwright() as p:
        browser = chromium_launch(p)
        yield browser
        browser.close()
        connections.close_all()  # the tests' connections belong to Playwright's context: close them here


@pytest.fixture(scope="session")
def live_server(django_db_setup, live_server):
    # Depending on django_db_setup makes the server (and its threads' connections) stop before the test
    # database is dropped.
    yield live_server


# Chromium reports a Content-Security-Policy refusal in the console: "Executing inline script violates the following
# Content Security Policy directive…", "Applying inline style violates…", "Loading the script '…' violates…" (older
# versions: "Refused to execute inline script because it violates the following Content Security Policy…").
CSP_VIOLATION = "Content Security Policy"


@pytest.fixture
def csp_violations():
    """The Content-Security-Policy violations the browser reported during the test ("url: message"). The page
    fixture fails the test when any is left at its end; a test that plants an attacker's payload removes the
    refusals of that payload, and only those."""
    return []


def csp_watch(context, violations: list) -> None:
    """Adds to `violations` each Content-Security-Policy refusal of the context's pages ("url: message")."""

    def on_console(message):
        if CSP_VIOLATION in message.text:
            violations.append(f"{message.location.get('url', '')}: {message.text}")

    def on_error(error):
        if CSP_VIOLATION in str(error.error):
            violations.append(f"{error.page.url if error.page else ''}: {error.error}")

    context.on("console", on_console)  # every page and frame of the context, the preview's too
    context.on("weberror", on_error)


@pytest.fixture
def page(browser, live_server, csp_violations):
    context = browser.new_context(locale="vi-VN", base_url=live_server.url)
    csp_watch(context, csp_violations)
    page = context.new_page()
    yield page
    context.close()
    if csp_violations:
        pytest.fail("The page broke its Content-Security-Policy:\n" + "\n".join(csp_violations), pytrace=False)


@pytest.fixture
def areas(transactional_db):
    load_test_areas()  # a transactional test starts from an empty database


def sign_in(page, username: str, password: str):
    page.goto("/accounts/login/")
    page.get_by_label("Tên đăng nhập").fill(username)
    page.get_by_label("Mật khẩu").fill(password)
    page.get_by_role("button", name="Đăng nhập").click()
    page.wait_for_url("**/")

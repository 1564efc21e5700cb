"""Issue #12 item 7: authentication as an attacker (and an auditor) sees it.

Password guessing is locked per user name and per address with a cool-down, the API throttles anonymous callers,
signed-in callers and failed token checks, every login, failure, lockout, logout and token event is in the audit
trail (even when the request that caused it was rolled back), sessions end after an idle time and an absolute
lifetime, and API tokens expire and are revoked when the password changes or the account is deactivated."""

import datetime
import io

import pytest
from django.core.management import call_command
from django.db.models import F
from django.test import Client
from django.utils import timezone
from rest_framework.test import APIClient

from antqcore.models import ApiToken, SecurityEvent

pytestmark = pytest.mark.django_db

Kind = SecurityEvent.Kind
ATTACKER = "203.0.113.7"


def login(client, username, password, *, path="/accounts/login/", address=ATTACKER, **extra):
    data = {"username": username, "password": password}
    if path.startswith("/admin/"):
        data["next"] = "/admin/"
    return client.post(path, data, REMOTE_ADDR=address, **extra)


def signed_in(client) -> bool:
    return "_auth_user_id" in client.session


def create_token(username: str, *args: str) -> tuple[str, str]:
    out = io.StringIO()
    call_command("api_token", username, *args, stdout=out)
    text = out.getvalue()
    return text.strip().splitlines()[-1], text


def token_client(token: str, address: str = "198.51.100.10") -> APIClient:
    client = APIClient(REMOTE_ADDR=address)
    client.credentials(HTTP_AUTHORIZATION=f"Token {token}")
    return client


@pytest.fixture
def clock(monkeypatch):
    """Moves the clock forward, as the middleware, the session store and the token check read it."""

    class Clock:
        offset = datetime.timedelta()

        def advance(self, **delta):
            self.offset += datetime.timedelta(**delta)

    clock = Clock()
    real_now = timezone.now
    monkeypatch.setattr("django.utils.timezone.now", lambda: real_now() + clock.offset)
    return clock


# --- Password guessing --------------------------------------------------------------------------------------


def test_thirty_wrong_passwords_then_the_right_one_does_not_sign_in(client, district_officer):
    for _ in range(30):
        login(client, "vietyen", "doan-mo")
    r = login(client, "vietyen", "pw-vietyen")
    assert not signed_in(client)
    assert r.status_code == 429
    html = r.content.decode()
    assert "tạm khóa" in html and "Thử lại sau" in html  # the Vietnamese page says when to retry
    assert 'name="password"' in html  # in the site's layout: the login page, with its form
    assert int(r["Retry-After"]) > 0


def test_the_admin_login_is_locked_too(client, admin_user):
    for _ in range(30):
        login(client, "admin", "doan-mo", path="/admin/login/")
    r = login(client, "admin", "pw-admin", path="/admin/login/")
    assert r.status_code == 429
    assert "tạm khóa" in r.content.decode()
    assert client.get("/admin/").status_code == 302  # still sent to a login page


def test_an_honest_user_with_a_few_typos_still_signs_in(client, district_officer):
    for _ in range(4):
        assert login(client, "vietyen", "pw-vietyne").status_code == 200
    assert login(client, "vietyen", "pw-vietyen").status_code == 302
    assert signed_in(client)


def test_guessing_many_user_names_from_one_address_locks_the_address(client, district_officer):
    for n in range(20):
        login(client, f"can-bo-{n}", "123456")
    assert login(client, "vietyen", "pw-vietyen").status_code == 429
    assert not signed_in(client)
    # The user is not locked: from their own office they sign in.
    other = Client()
    assert login(other, "vietyen", "pw-vietyen", address="192.0.2.50").status_code == 302
    assert signed_in(other)


def test_guessing_one_password_from_many_addresses_locks_the_user(client, district_officer, province_staff):
    for n in range(5):
        login(Client(), "vietyen", f"doan-{n}", address=f"198.51.100.{n + 1}")
    assert login(client, "vietyen", "pw-vietyen", address="192.0.2.50").status_code == 429
    assert not signed_in(client)
    # Other users at those addresses are not affected.
    assert login(Client(), "tinh", "pw-tinh", address="198.51.100.1").status_code == 302


def test_the_lock_ends_after_the_cool_down(client, district_officer):
    for _ in range(6):
        login(client, "vietyen", "doan-mo")
    assert login(client, "vietyen", "pw-vietyen").status_code == 429
    # A quarter of an hour later (the default cool-down), the right password works again.
    from axes.models import AccessAttempt

    AccessAttempt.objects.update(attempt_time=F("attempt_time") - datetime.timedelta(minutes=16))
    assert login(client, "vietyen", "pw-vietyen").status_code == 302
    assert signed_in(client)


def test_a_locked_out_api_like_client_gets_json(client, district_officer):
    for _ in range(5):
        login(client, "vietyen", "doan-mo")
    r = login(client, "vietyen", "pw-vietyen", HTTP_ACCEPT="application/json")
    assert r.status_code == 429
    assert r["Content-Type"].startswith("application/json")
    assert "tạm khóa" in r.json()["detail"]
    assert r.json()["retry_after"] > 0


def test_a_lockout_is_in_the_audit_trail_once(client, district_officer):
    for _ in range(30):
        login(client, "vietyen", "doan-mo")
    lockouts = SecurityEvent.objects.filter(kind=Kind.LOCKOUT)
    assert lockouts.count() == 1
    event = lockouts.get()
    assert event.username == "vietyen" and event.address == ATTACKER
    # Every attempt is a failed login, the ones refused during the cool-down included.
    assert SecurityEvent.objects.filter(kind=Kind.LOGIN_FAILED, username="vietyen").count() == 30


# --- Audit trail of sessions ------------------------------------------------------------------------------


def test_logins_failures_and_logouts_are_in_the_audit_trail(client, district_officer):
    login(client, "vietyen", "sai-mat-khau")
    login(client, "vietyen", "pw-vietyen")
    client.post("/accounts/logout/", REMOTE_ADDR=ATTACKER)
    kinds = list(SecurityEvent.objects.filter(username="vietyen").order_by("at", "id").values_list("kind", flat=True))
    assert kinds == [Kind.LOGIN_FAILED, Kind.LOGIN, Kind.LOGOUT]
    assert set(SecurityEvent.objects.values_list("address", flat=True)) == {ATTACKER}
    assert SecurityEvent.objects.get(kind=Kind.LOGIN).user == district_officer


def test_a_failed_login_with_an_unknown_name_keeps_the_name_typed(client, db):
    login(client, "khong-ton-tai", "x")
    event = SecurityEvent.objects.get(kind=Kind.LOGIN_FAILED)
    assert event.username == "khong-ton-tai" and event.user is None


# --- Sessions ---------------------------------------------------------------------------------------------


def test_an_idle_session_ends_with_a_message(client, district_officer, clock):
    client.force_login(district_officer)
    assert client.get("/").status_code == 200
    clock.advance(minutes=29)
    assert client.get("/").status_code == 200  # still in time: this request counts as activity
    clock.advance(minutes=31)
    r = client.get("/units/")
    assert r.status_code == 302 and r.url.startswith("/accounts/login/")
    page = client.get(r.url).content.decode()
    assert "Phiên làm việc đã hết hạn" in page
    assert not signed_in(client)
    assert SecurityEvent.objects.filter(kind=Kind.LOGOUT, detail__reason="idle").exists()


def test_a_session_ends_after_its_lifetime_even_when_active(client, district_officer, clock):
    client.force_login(district_officer)
    for _ in range(12 * 4 - 1):  # a request every quarter of an hour for almost 12 hours
        clock.advance(minutes=15)
        assert client.get("/accounts/password/").status_code == 200
    clock.advance(minutes=16)
    r = client.get("/accounts/password/")
    assert r.status_code == 302 and r.url.startswith("/accounts/login/")
    assert "Phiên làm việc đã hết hạn" in client.get(r.url).content.decode()


def test_an_expired_session_on_the_api_answers_401(client, district_officer, clock):
    client.force_login(district_officer)
    clock.advance(minutes=31)
    assert client.get("/api/v1/me/").status_code in (401, 403)


# --- API throttles ----------------------------------------------------------------------------------------


def test_anonymous_api_callers_are_throttled(db):
    api = APIClient(REMOTE_ADDR=ATTACKER)
    statuses = [api.get("/api/v1/me/").status_code for _ in range(61)]
    assert set(statuses[:60]) == {401}
    assert statuses[60] == 429
    r = api.get("/api/v1/me/")
    assert int(r["Retry-After"]) > 0
    assert "Quá nhiều yêu cầu" in r.json()["detail"]
    # Another address is not affected.
    assert APIClient(REMOTE_ADDR="192.0.2.50").get("/api/v1/me/").status_code == 401


def test_an_integration_paging_the_api_is_not_throttled(district_officer):
    api = token_client(create_token("vietyen")[0])
    assert {api.get("/api/v1/areas/", {"level": "commune", "page_size": 20, "page": n % 3 + 1}).status_code
            for n in range(80)} == {200}


def test_signed_in_callers_are_throttled_past_the_user_rate(settings, district_officer):
    settings.REST_FRAMEWORK = {**settings.REST_FRAMEWORK,
                               "DEFAULT_THROTTLE_RATES": {**settings.REST_FRAMEWORK["DEFAULT_THROTTLE_RATES"],
                                                          "user": "5/min"}}
    api = token_client(create_token("vietyen")[0])
    responses = [api.get("/api/v1/me/") for _ in range(6)]
    assert [r.status_code for r in responses] == [200] * 5 + [429]
    assert int(responses[-1]["Retry-After"]) > 0


def test_failed_token_checks_are_throttled_per_address(district_officer):
    good = create_token("vietyen")[0]
    guesser = APIClient(REMOTE_ADDR=ATTACKER)
    statuses = []
    for n in range(21):
        guesser.credentials(HTTP_AUTHORIZATION=f"Token guess-{n}")
        statuses.append(guesser.get("/api/v1/me/").status_code)
    assert statuses == [401] * 20 + [429]
    r = token_client(good, address=ATTACKER).get("/api/v1/me/")
    assert r.status_code == 429  # the guessing address is refused even with a good token
    assert int(r["Retry-After"]) > 0
    assert token_client(good, address="192.0.2.50").get("/api/v1/me/").status_code == 200
    # Only the checked attempts are in the trail, not the throttled ones.
    assert SecurityEvent.objects.filter(kind=Kind.TOKEN_REFUSED).count() == 20


# --- API tokens -------------------------------------------------------------------------------------------


def test_a_token_expires_after_the_days_given(district_officer, clock):
    token, output = create_token("vietyen", "--days", "1")
    expires = timezone.localtime(ApiToken.objects.get().expires_at)
    assert expires.strftime("%d/%m/%Y") in output  # the command says when
    api = token_client(token)
    assert api.get("/api/v1/me/").status_code == 200
    clock.advance(days=1, minutes=1)
    r = api.get("/api/v1/me/")
    assert r.status_code == 401
    assert "Token đã hết hạn" in r.json()["detail"]
    assert SecurityEvent.objects.filter(kind=Kind.TOKEN_REFUSED, detail__reason="expired").exists()


def test_a_token_lasts_90_days_by_default(district_officer):
    create_token("vietyen")
    token = ApiToken.objects.get()
    assert (token.expires_at - token.created_at).days == 90


def test_the_command_refuses_a_nonsensical_lifetime(district_officer):
    from django.core.management.base import CommandError

    with pytest.raises(CommandError):
        call_command("api_token", "vietyen", "--days", "0")
    assert not ApiToken.objects.exists()


def test_token_creation_and_use_from_new_addresses_are_in_the_audit_trail(district_officer):
    token = create_token("vietyen", "--name", "hệ thống báo cáo")[0]
    created = SecurityEvent.objects.get(kind=Kind.TOKEN_CREATED)
    assert created.user == district_officer and created.detail["name"] == "hệ thống báo cáo"
    for address in ("198.51.100.10", "198.51.100.10", "198.51.100.11", "198.51.100.10"):
        assert token_client(token, address).get("/api/v1/me/").status_code == 200
    new_addresses = SecurityEvent.objects.filter(kind=Kind.TOKEN_NEW_ADDRESS).order_by("id")
    assert [e.address for e in new_addresses] == ["198.51.100.10", "198.51.100.11"]
    assert {e.user for e in new_addresses} == {district_officer}


def test_a_refused_token_is_in_the_trail_although_the_request_is_rolled_back(db):
    # The API request's transaction (ATOMIC_REQUESTS: here a savepoint of the test's transaction) is rolled back by
    # the 401: an event written inside it would be gone.
    r = APIClient(REMOTE_ADDR=ATTACKER, HTTP_AUTHORIZATION="Token khong-phai-token").get("/api/v1/me/")
    assert r.status_code == 401
    event = SecurityEvent.objects.get(kind=Kind.TOKEN_REFUSED)
    assert event.address == ATTACKER and event.path == "/api/v1/me/"


def test_a_password_change_revokes_the_tokens(client, district_officer):
    token = create_token("vietyen")[0]
    client.force_login(district_officer)
    r = client.post("/accounts/password/", {"old_password": "pw-vietyen", "new_password1": "Mat-khau-moi-2026",
                                            "new_password2": "Mat-khau-moi-2026"})
    assert r.status_code == 302
    assert token_client(token).get("/api/v1/me/").status_code == 401
    assert SecurityEvent.objects.filter(kind=Kind.TOKEN_REVOKED, user=district_officer,
                                        detail__reason="password_changed").count() == 1
    assert client.get("/").status_code == 200  # the user who changed it stays signed in


def test_a_password_set_by_an_administrator_revokes_the_tokens(client, admin_user, district_officer):
    token = create_token("vietyen")[0]
    client.force_login(admin_user)
    r = client.post(f"/admin/antqcore/user/{district_officer.pk}/password/",
                    {"password1": "Mat-khau-moi-2026", "password2": "Mat-khau-moi-2026", "usable_password": "true"})
    assert r.status_code == 302
    assert token_client(token).get("/api/v1/me/").status_code == 401
    event = SecurityEvent.objects.get(kind=Kind.TOKEN_REVOKED)
    assert event.user == district_officer and event.detail["by"] == "admin"


def test_set_password_and_save_revokes_the_tokens(district_officer):
    token = create_token("vietyen")[0]
    district_officer.set_password("Mat-khau-moi-2026")
    district_officer.save()
    assert token_client(token).get("/api/v1/me/").status_code == 401
    assert ApiToken.objects.get().revoked_at is not None


def test_signing_in_does_not_revoke_the_tokens(client, district_officer):
    token = create_token("vietyen")[0]
    login(client, "vietyen", "pw-vietyen")
    assert signed_in(client)
    assert token_client(token).get("/api/v1/me/").status_code == 200


def test_deactivating_the_account_revokes_the_tokens_for_good(district_officer):
    token = create_token("vietyen")[0]
    district_officer.is_active = False
    district_officer.save()
    assert ApiToken.objects.get().revoked_at is not None
    assert SecurityEvent.objects.filter(kind=Kind.TOKEN_REVOKED, detail__reason="deactivated").count() == 1
    district_officer.is_active = True
    district_officer.save()
    assert token_client(token).get("/api/v1/me/").status_code == 401  # reactivation does not bring it back


def test_the_admin_lists_token_expiry(client, admin_user, district_officer):
    create_token("vietyen")
    client.force_login(admin_user)
    html = client.get("/admin/antqcore/apitoken/").content.decode()
    expires = timezone.localtime(ApiToken.objects.get().expires_at)
    assert "Hết hạn" in html and expires.strftime("%d/%m/%Y") in html

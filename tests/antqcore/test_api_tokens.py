import io

import pytest
from django.core.management import call_command
from rest_framework.test import APIClient

from antqcore.models import ApiToken

pytestmark = pytest.mark.django_db


def create_token(username: str) -> str:
    out = io.StringIO()
    call_command("api_token", username, stdout=out)
    return out.getvalue().strip().splitlines()[-1]


def test_the_command_prints_a_token_that_opens_the_api(api, district_officer):
    token = create_token("vietyen")
    api.credentials(HTTP_AUTHORIZATION=f"Token {token}")
    r = api.get("/api/v1/me/")
    assert r.status_code == 200
    assert r.json()["username"] == "vietyen"
    assert r.json()["scope_area"]["code"] == "222"


def test_only_a_hash_of_the_token_is_stored(district_officer):
    token = create_token("vietyen")
    stored = ApiToken.objects.get(user=district_officer)
    assert token not in (stored.key_hash, stored.prefix)
    assert len(stored.key_hash) == 64


def test_a_token_keeps_the_users_scope(api, district_officer):
    api.credentials(HTTP_AUTHORIZATION=f"Token {create_token('vietyen')}")
    r = api.get("/api/v1/stats/", {"area": "24", "from": "2019-01-01", "to": "2019-09-30"})
    # The province is outside the district officer's scope: 403 saying so (73d8f4c), as with a session.
    assert r.status_code == 403
    assert r.json()["detail"] == "Tỉnh Bắc Giang nằm ngoài địa bàn của bạn."


def test_a_wrong_or_revoked_token_is_refused(api, district_officer):
    token = create_token("vietyen")
    api.credentials(HTTP_AUTHORIZATION="Token not-a-real-token")
    assert api.get("/api/v1/me/").status_code == 401
    ApiToken.objects.update(revoked_at="2026-01-01T00:00:00Z")
    api.credentials(HTTP_AUTHORIZATION=f"Token {token}")
    assert api.get("/api/v1/me/").status_code == 401


def test_an_unknown_user_gets_a_clear_error(db):
    from django.core.management.base import CommandError

    with pytest.raises(CommandError, match="nobody"):
        call_command("api_token", "nobody")


def test_me_refuses_anonymous_callers(api):
    assert api.get("/api/v1/me/").status_code == 401


def test_an_administrator_revokes_tokens_from_the_admin(client, admin_user, district_officer):
    from antqcore.models import SecurityEvent

    token = create_token("vietyen")
    client.force_login(admin_user)
    r = client.post("/admin/antqcore/apitoken/", {"action": "revoke",
                                                  "_selected_action": [ApiToken.objects.get().pk]})
    assert r.status_code == 302
    api = APIClient()
    api.credentials(HTTP_AUTHORIZATION=f"Token {token}")
    assert api.get("/api/v1/me/").status_code == 401
    event = SecurityEvent.objects.get(kind=SecurityEvent.Kind.TOKEN_REVOKED)
    assert event.user == district_officer and event.detail["by"] == "admin"


def test_a_use_is_recorded_even_when_the_request_is_refused(api, viewer):
    token = create_token("xem")
    api.credentials(HTTP_AUTHORIZATION=f"Token {token}", REMOTE_ADDR="192.0.2.5")
    assert api.post("/api/v1/units/", {}, format="json").status_code == 403  # a viewer never writes
    stored = ApiToken.objects.get()
    assert stored.last_used_at is not None
    assert list(stored.addresses.values_list("address", flat=True)) == ["192.0.2.5"]

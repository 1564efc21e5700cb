from django.utils import formats, timezone
from django.utils.translation import gettext as _
from drf_spectacular.extensions import OpenApiAuthenticationExtension
from rest_framework import authentication, exceptions

from antqcore.audit import after_response, client_address, security_event_log_after_response
from antqcore.models import ApiToken, SecurityEvent
from antqcore.services import api_token_touch

from .throttling import TOKEN_KEYWORDS, Throttled, TokenFailureThrottle


def authorization_header(request) -> bytes:
    """The Authorization header as bytes. DRF encodes it as Latin-1, which fails (a server error) on a character
    beyond it, as a test client or an ASGI server may pass: such a header is kept as UTF-8 bytes, refused below."""
    header = request.META.get("HTTP_AUTHORIZATION", b"")
    if isinstance(header, str):
        try:
            header = header.encode("latin-1")
        except UnicodeEncodeError:
            header = header.encode("utf-8", errors="replace")
    return header


class HashedTokenAuthentication(authentication.BaseAuthentication):
    """`Authorization: Token <token>` (or `Bearer <token>`); the token is looked up by its SHA-256.

    A refused token (unknown, revoked, expired, of an inactive user, or a malformed header) is a security event, and
    counts against the address's failed token checks (TokenFailureThrottle): past their rate the address gets 429.
    The events and the bookkeeping of a token's use are written after the response, outside the request's
    transaction, which DRF rolls back on the 401."""

    keywords = TOKEN_KEYWORDS

    def authenticate(self, request):
        parts = authorization_header(request).split()
        if not parts or parts[0].lower().decode(errors="replace") not in self.keywords:
            return None
        throttle = TokenFailureThrottle()
        wait = throttle.refusal_wait(request)
        if wait is not None:
            raise Throttled(wait)
        if len(parts) != 2:
            self.refuse(request, throttle, "malformed", _("Invalid token header."))
        try:
            raw = parts[1].decode("ascii")  # a token is ASCII: any other byte is a malformed header, not a look-up
        except UnicodeError:
            self.refuse(request, throttle, "malformed", _("Invalid token header."))
        token = ApiToken.objects.presented(raw).select_related("user__scope_area", "user__organisation").first()
        if token is None:
            self.refuse(request, throttle, "unknown", _("Invalid or revoked token."))
        if token.revoked_at is not None:
            self.refuse(request, throttle, "revoked", _("Invalid or revoked token."), token)
        if token.is_expired():
            expired_on = formats.date_format(timezone.localtime(token.expires_at), "SHORT_DATE_FORMAT")
            self.refuse(request, throttle, "expired",
                        _("The token expired on %(date)s. Ask for a new one.") % {"date": expired_on}, token)
        if not token.user.is_active:
            self.refuse(request, throttle, "inactive_user", _("Invalid or revoked token."), token)
        address = client_address(request)
        after_response(request, lambda: api_token_touch(token=token, address=address, request=request._request))
        return token.user, token

    def refuse(self, request, throttle, reason: str, message: str, token: ApiToken | None = None):
        throttle.record_failure(request)
        security_event_log_after_response(
            kind=SecurityEvent.Kind.TOKEN_REFUSED, request=request,
            user=token.user if token is not None else None, reason=reason,
            token=token.pk if token is not None else None, prefix=token.prefix if token is not None else None,
        )
        raise exceptions.AuthenticationFailed(message)

    def authenticate_header(self, request):
        return "Token"


class HashedTokenScheme(OpenApiAuthenticationExtension):
    target_class = "antqcore.api.authentication.HashedTokenAuthentication"
    name = "tokenAuth"

    def get_security_definition(self, auto_schema):
        return {"type": "apiKey", "in": "header", "name": "Authorization",
                "description": "`Token <token>` — tạo bằng `manage.py api_token USERNAME [--days N]`"}


"""The API's throttles (rates in REST_FRAMEWORK["DEFAULT_THROTTLE_RATES"], set from the ANTQ_API_*_RATE settings).

- `user`: signed-in callers, a session or a token, counted per user (UserRateThrottle, the default throttle class).
- `anon`: callers with neither a token nor a signed-in session, per address (AnonymousApiThrottleMiddleware). Every
  endpoint needs a sign-in and DRF throttles only after the permission check, so a DRF throttle would never see
  them: the middleware counts them before the view, and a scanner meets 429 instead of endless 401s.
- `token_failure`: failed `Authorization: Token` checks per address (HashedTokenAuthentication): past the rate,
  every token the address presents, right or wrong, is refused with 429 until its oldest failure is old enough.

The counters live in the default cache (Redis in production, shared by every process). Rates are read at each
request (DRF's own classes read them once, at import), and every 429 says in words when to come back, with
Retry-After."""

import math

from django.http import JsonResponse
from django.utils.translation import gettext as _
from rest_framework import exceptions, throttling
from rest_framework.settings import api_settings


class Throttled(exceptions.Throttled):
    """429 with Retry-After and a translated message (DRF builds its sentence before translating it)."""

    def __init__(self, wait: float):
        wait = max(1, math.ceil(wait))
        exceptions.APIException.__init__(
            self, _("Too many requests. Try again in %(seconds)s seconds.") % {"seconds": wait})
        self.wait = wait


class _RateFromSettings:
    scope: str

    def get_rate(self):
        return api_settings.DEFAULT_THROTTLE_RATES[self.scope]


class UserRateThrottle(_RateFromSettings, throttling.UserRateThrottle):
    """Per signed-in user."""

    def allow_request(self, request, view):
        if not super().allow_request(request, view):
            raise Throttled(self.wait() or 1)
        return True


class AddressThrottle(_RateFromSettings, throttling.SimpleRateThrottle):
    """Per address (REMOTE_ADDR: REST_FRAMEWORK["NUM_PROXIES"] is 0, a forwarded header counts for nothing)."""

    def get_cache_key(self, request, view=None):
        # Never asks request.user: the token throttle runs while DRF is still authenticating.
        return self.cache_format % {"scope": self.scope, "ident": self.get_ident(request)}


class AnonymousRateThrottle(AddressThrottle):
    scope = "anon"


class TokenFailureThrottle(AddressThrottle):
    """Counts failures only: `refusal_wait` before checking a token, `record_failure` after a failed check."""

    scope = "token_failure"

    def refusal_wait(self, request) -> float | None:
        """Seconds until this address may present a token again, or None if it may now."""
        self.key = self.get_cache_key(request)
        self.history = self.cache.get(self.key, [])
        self.now = self.timer()
        while self.history and self.history[-1] <= self.now - self.duration:
            self.history.pop()
        if len(self.history) >= self.num_requests:
            return self.wait() or 1
        return None

    def record_failure(self, request) -> None:
        if not hasattr(self, "key"):
            self.refusal_wait(request)
        self.history.insert(0, self.now)
        self.cache.set(self.key, self.history, self.duration)


TOKEN_KEYWORDS = ("token", "bearer")


class AnonymousApiThrottleMiddleware:
    """Counts the API requests that carry no token and no signed-in session against the `anon` rate of their
    address (after AuthenticationMiddleware). A request with a token is left to the token checks and the user rate."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if request.path.startswith("/api/") and not self.has_credentials(request):
            throttle = AnonymousRateThrottle()
            if not throttle.allow_request(request, None):
                refusal = Throttled(throttle.wait() or 1)
                response = JsonResponse({"detail": str(refusal.detail)}, status=refusal.status_code)
                response["Retry-After"] = str(refusal.wait)
                return response
        return self.get_response(request)

    @staticmethod
    def has_credentials(request) -> bool:
        keyword = request.headers.get("Authorization", "").split(" ", 1)[0].lower()
        return keyword in TOKEN_KEYWORDS or request.user.is_authenticated

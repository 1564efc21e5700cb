"""Signing in: the lockout of password guessing (django-axes, with our handler and answer) and the end of sessions.

Lockout. Axes counts failed logins of the web and admin login pages. A user name is locked after AXES_FAILURE_LIMIT
failures from any address (someone guessing one account's password); an address after
ANTQ_LOGIN_ADDRESS_FAILURE_LIMIT failures whatever the names (someone trying many accounts). The limit per address
is higher because a whole office may sit behind one address. A lock lasts AXES_COOLOFF_TIME from the failure that
set it: attempts during it are refused without checking the password, and neither count nor extend it.

Sessions end after ANTQ_SESSION_IDLE_MINUTES without a request and ANTQ_SESSION_MAX_HOURS after signing in, whatever
the activity; the next page goes to the login page, which says why."""

import datetime
import math
from dataclasses import dataclass

from axes.attempts import get_cool_off_threshold
from axes.handlers.database import AxesDatabaseHandler
from axes.helpers import get_client_username, get_cool_off, get_failure_limit
from axes.models import AccessAttempt
from django.conf import settings
from django.contrib import messages
from django.contrib.auth import SESSION_KEY, get_user_model, logout
from django.contrib.auth.backends import ModelBackend
from django.contrib.auth.forms import AuthenticationForm
from django.contrib.auth.views import redirect_to_login
from django.db.models import Sum
from django.http import JsonResponse
from django.shortcuts import redirect, render, resolve_url
from django.utils import timezone
from django.utils.translation import gettext as _

# --- Lockout ------------------------------------------------------------------------------------------------


class UserBackend(ModelBackend):
    """Django's ModelBackend, whose user of a session comes with the area of their scope and their organisation:
    every scoped page and API request reads them, which was one more query each."""

    def get_user(self, user_id):
        try:
            user = get_user_model()._default_manager.select_related("scope_area", "organisation").get(pk=user_id)
        except get_user_model().DoesNotExist:
            return None
        return user if self.user_can_authenticate(user) else None


@dataclass
class LoginFailures:
    by_user: int  # recent failures naming this user, from any address
    by_address: int  # recent failures from this address, whatever the name
    until: datetime.datetime | None  # when the lock ends, if locked

    @property
    def locked_by(self) -> list[str]:
        return [what for what, n, limit in (("user", self.by_user, settings.AXES_FAILURE_LIMIT),
                                            ("address", self.by_address, settings.ANTQ_LOGIN_ADDRESS_FAILURE_LIMIT))
                if n >= limit]


def _lock_end(attempts, limit: int, cool_off: datetime.timedelta) -> datetime.datetime | None:
    # Axes counts the failures of attempts newer than the cool-off; the lock holds while the newest attempts still
    # add up to the limit, so it ends a cool-off after the attempt that makes the sum reach it.
    total = 0
    for at, failures in attempts.order_by("-attempt_time").values_list("attempt_time", "failures_since_start"):
        total += failures
        if total >= limit:
            return at + cool_off
    return None


def login_failures(request, credentials: dict | None = None) -> LoginFailures:
    """The recent failures of the user name and the address of a login request (one axes has seen)."""
    recent = AccessAttempt.objects.filter(attempt_time__gte=get_cool_off_threshold(request))
    username = get_client_username(request, credentials)
    of_user = recent.filter(username=username) if username else recent.none()
    of_address = recent.filter(ip_address=request.axes_ip_address)

    def total(attempts) -> int:
        return attempts.aggregate(n=Sum("failures_since_start"))["n"] or 0

    cool_off = get_cool_off(request)
    ends = [end for end in (_lock_end(of_user, get_failure_limit(request, credentials), cool_off),
                            _lock_end(of_address, settings.ANTQ_LOGIN_ADDRESS_FAILURE_LIMIT, cool_off)) if end]
    return LoginFailures(by_user=total(of_user), by_address=total(of_address), until=max(ends) if ends else None)


class LockoutHandler(AxesDatabaseHandler):
    """Axes' database handler with a limit per user name and another per address (axes has one limit for both)."""

    def get_failures(self, request, credentials: dict | None = None) -> int:
        # Axes locks when this number reaches AXES_FAILURE_LIMIT, the limit per user name: the failures of the
        # address are shifted by the difference of the limits, so that the address locks at its own limit.
        failures = login_failures(request, credentials)
        user_limit = get_failure_limit(request, credentials)
        return max(failures.by_user, failures.by_address - (settings.ANTQ_LOGIN_ADDRESS_FAILURE_LIMIT - user_limit))


def wants_json(request) -> bool:
    return (request.path.startswith("/api/") or request.headers.get("x-requested-with") == "XMLHttpRequest"
            or (request.accepts("application/json") and not request.accepts("text/html")))


def lockout_response(request, original_response=None, credentials: dict | None = None):
    """What a locked-out login gets (AXES_LOCKOUT_CALLABLE): 429 with Retry-After, the login page with the message
    and when to retry in the site's layout (for the admin login too), or JSON for an API-like client."""
    now = timezone.now()
    until = login_failures(request, credentials).until or now + get_cool_off(request)
    wait = max(1, math.ceil((until - now).total_seconds()))
    message = _("Sign-in is temporarily locked after too many failed attempts. Try again after %(time)s (in about "
                "%(minutes)s minutes).") % {"time": timezone.localtime(until).strftime("%H:%M %d/%m/%Y"),
                                            "minutes": math.ceil(wait / 60)}
    if wants_json(request):
        response = JsonResponse({"detail": message, "retry_after": wait}, status=429)
    else:
        username = get_client_username(request, credentials) or ""
        next_url = request.POST.get("next") or request.GET.get("next") or ""
        response = render(request, "registration/login.html", {
            "form": AuthenticationForm(request, initial={"username": username}),
            "lockout_message": message,
            "next": next_url,
        }, status=429)
    response["Retry-After"] = str(wait)
    return response


# --- Sessions -----------------------------------------------------------------------------------------------

SESSION_STARTED = "antq_session_started"  # when the user signed in (a timestamp)
SESSION_SEEN = "antq_session_seen"  # the last request, to the minute: written at most once a minute


def session_start(session) -> None:
    now = timezone.now().timestamp()
    session[SESSION_STARTED] = now
    session[SESSION_SEEN] = now


class SessionExpiryMiddleware:
    """Ends a signed-in session that has been idle too long or has lived too long (after MessageMiddleware).

    Every request of the session counts as activity, the run page's polling of a report being generated included:
    someone waiting for their report is using the system, and the polling stops when the report is ready. The
    absolute lifetime ends even such a session."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        session = getattr(request, "session", None)
        if session is not None and SESSION_KEY in session:
            now = timezone.now().timestamp()
            started, seen = session.get(SESSION_STARTED), session.get(SESSION_SEEN)
            if started is None or seen is None:
                session_start(session)  # a session from before these rules: they start now
            elif now - seen > settings.ANTQ_SESSION_IDLE_MINUTES * 60:
                return self.expire(request, "idle")
            elif now - started > settings.ANTQ_SESSION_MAX_HOURS * 3600:
                return self.expire(request, "lifetime")
            elif now - seen >= 60:
                session[SESSION_SEEN] = now
        return self.get_response(request)

    def expire(self, request, reason: str):
        request.antq_logout_reason = reason  # read by the logout event (antqcore.signals)
        logout(request)
        if request.path.startswith("/api/"):
            return self.get_response(request)  # as an anonymous caller: 401
        if reason == "idle":
            message = _("Your session has expired after %(minutes)s minutes without activity. Please sign in "
                        "again.") % {"minutes": settings.ANTQ_SESSION_IDLE_MINUTES}
        else:
            message = _("Your session has expired: a session lasts at most %(hours)s hours. Please sign in "
                        "again.") % {"hours": settings.ANTQ_SESSION_MAX_HOURS}
        messages.warning(request, message)
        if request.path == resolve_url(settings.LOGIN_URL):
            return self.get_response(request)
        return redirect_to_login(request.get_full_path())


# --- A password someone else chose ----------------------------------------------------------------------------


class PasswordChangeRequiredMiddleware:
    """A user flagged `must_change_password` (the first province administrator, whose password `province_setup`
    printed) changes it before anything else (after SessionExpiryMiddleware): every page but the password change
    page, sign-out and static files sends them there; the API refuses their session with 403. An API token is not
    refused: only an administrator creates one (`manage.py api_token`), for a calling system, not for the person."""

    allowed_url_names = ("password_change", "password_change_done", "logout", "login")

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        user = getattr(request, "user", None)
        if user is not None and user.is_authenticated and getattr(user, "must_change_password", False):
            allowed = {resolve_url(name) for name in self.allowed_url_names}
            static = (settings.STATIC_URL or "/static/")
            if request.path not in allowed and not request.path.startswith(static) \
                    and not request.path.startswith("/jsi18n/"):
                message = _("You must change the password you were given before using the system.")
                if request.path.startswith("/api/"):
                    return JsonResponse({"detail": message}, status=403)
                return redirect(resolve_url("password_change"))  # the page says why (templates/registration)
        return self.get_response(request)

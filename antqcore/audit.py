"""The security audit trail: one function writes it (`security_event_log`), the admin reads it.

Every login, failure, lockout and logout, every API token created, used from a new address or revoked, and every
export and file download is one `SecurityEvent` row. Callers pass the request when there is one: the address and
the path come from it, the user too unless given."""

import logging
from collections.abc import Callable

from django.http import HttpRequest

from .models import SecurityEvent

logger = logging.getLogger("antq.security")


def client_address(request: HttpRequest | None) -> str | None:
    """The client's address as the application server sees it (behind the proxy of docker-compose, the proxy sets
    REMOTE_ADDR through gunicorn's forwarded-allow-ips)."""
    if request is None:
        return None
    return request.META.get("REMOTE_ADDR") or None


def security_event_log(*, kind: str, request: HttpRequest | None = None, user=None, username: str = "",
                       **detail) -> SecurityEvent:
    if user is None and request is not None:
        candidate = getattr(request, "user", None)
        user = candidate if candidate is not None and candidate.is_authenticated else None
    event = SecurityEvent.objects.create(
        kind=kind,
        user=user,
        username=(username or (user.get_username() if user is not None else ""))[:150],
        address=client_address(request),
        path=(request.get_full_path() if request is not None else "")[:500],
        detail={k: v for k, v in detail.items() if v is not None},
    )
    logger.info("security %s user=%s address=%s path=%s %s", kind, event.username, event.address, event.path,
                event.detail)
    return event


# --- Writing after the response -------------------------------------------------------------------------------
# A request runs in a transaction (ATOMIC_REQUESTS) that DRF rolls back when it answers a handled error (401, 403,
# 429...). An event about a refused API call written inside it would be rolled back with it: such events, and the
# bookkeeping of a token's use, are queued on the request and written by AfterResponseMiddleware once the view's
# transaction is over, whatever its outcome.

_QUEUE = "_antq_after_response"


def _http_request(request):
    return getattr(request, "_request", request)  # DRF's Request wraps Django's


def after_response(request: HttpRequest | None, func: Callable[[], object]) -> None:
    """Run `func` once the response is ready, outside the request's transaction; at once when there is no request
    or no middleware to run it (a management command, a test calling a service)."""
    queue = getattr(_http_request(request), _QUEUE, None) if request is not None else None
    if queue is None:
        func()
    else:
        queue.append(func)


def security_event_log_after_response(*, kind: str, request: HttpRequest, user=None, username: str = "",
                                      **detail) -> None:
    """`security_event_log`, written after the response: for events whose request may be rolled back."""
    request = _http_request(request)
    if user is None:
        candidate = getattr(request, "user", None)
        user = candidate if candidate is not None and candidate.is_authenticated else None
    after_response(request, lambda: security_event_log(kind=kind, request=request, user=user, username=username,
                                                       **detail))


class AfterResponseMiddleware:
    """Runs what `after_response` queued. Sits outside the view's transaction like every middleware."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        queue: list[Callable[[], object]] = []
        setattr(request, _QUEUE, queue)
        try:
            return self.get_response(request)
        finally:
            setattr(request, _QUEUE, None)  # anything queued from now on runs at once
            for func in queue:
                try:
                    func()
                except Exception:  # the response is decided: say so in the log, keep running the others
                    logger.exception("security: could not write an event after the response to %s", request.path)

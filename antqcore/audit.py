"""The security audit trail: one function writes it (`security_event_log`), the admin reads it.

Every login, failure, lockout and logout, every API token created, used from a new address or revoked, and every
export and file download is one `SecurityEvent` row. Callers pass the request when there is one: the address and
the path come from it, the user too unless given."""

import logging

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

"""The site's error pages (handler400/403/404, the CSRF failure view; the 500 page is templates/500.html, which needs
nothing but static files): in the site's layout, in Vietnamese, with the reason a view gave (a PermissionDenied's
message: "Chỉ cán bộ cấp tỉnh được thực hiện thao tác này.") and a way back. Under /api/ the answer stays the API's
JSON error body."""

import re

from django.core.exceptions import DisallowedHost
from django.http import Http404, JsonResponse
from django.shortcuts import render
from django.urls import Resolver404, resolve
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _

PAGES = {
    400: (lambda: _("The request cannot be read"),
          lambda: _("The address or the form sent is not one the system can read. Go back and try again.")),
    403: (lambda: _("You may not do this"),
          lambda: _("Your account does not allow this page or action (your role or your area).")),
    404: (lambda: _("Page not found"),
          lambda: _("The page does not exist, or the record it shows was deleted or is outside your area.")),
}
API_CODES = {400: "bad_request", 403: "permission_denied", 404: "not_found"}


# The 404 messages of Django's generic views, which they translate: "Không có quyết định tìm thấy phù hợp với truy
# vấn" tells a person nothing the page's own explanation does not.
DJANGO_404_MESSAGES = (
    "No %(verbose_name)s found matching the query", "No %(verbose_name_plural)s available",
    "Invalid page (%(page_number)s): %(message)s", "Page is not “last”, nor can it be converted to an int.",
    "Empty list and “%(class_name)s.allow_empty” is False.",
)


def _is_djangos(message: str) -> bool:
    for template in DJANGO_404_MESSAGES:
        pattern = ".*".join(re.escape(part) for part in re.split(r"%\(\w+\)s", _(template)))
        if re.fullmatch(pattern, message, flags=re.DOTALL):
            return True
    return False


def _reason(exception) -> str:
    """The message a view gave with its refusal, when it wrote one for the user (not Django's own texts)."""
    message = str(exception) if exception is not None else ""
    if not message or message.startswith(("No ", "Resolver404", "{")) or "matches the given query" in message:
        return ""
    return "" if _is_djangos(message) else message


def _back(request) -> str:
    """The page the user came from, when it is one of this site's."""
    referer = request.headers.get("Referer", "")
    try:
        host = request.get_host()
    except DisallowedHost:  # the 400 of a request to a host the site does not serve
        return ""
    safe = url_has_allowed_host_and_scheme(referer, allowed_hosts={host}, require_https=request.is_secure())
    return referer if safe and referer != request.build_absolute_uri() else ""


def error_page(request, status: int, exception=None, reason: str | None = None):
    title, explanation = (part() for part in PAGES[status])
    reason = _reason(exception) if reason is None else reason
    if request.path.startswith("/api/"):
        return JsonResponse({"detail": reason or title, "code": API_CODES[status]}, status=status)
    return render(request, "errors/page.html", {"status": status, "title": title, "explanation": explanation,
                                                "reason": reason, "back": _back(request)}, status=status)


def bad_request(request, exception=None):
    return error_page(request, 400, exception)


def permission_denied(request, exception=None):
    return error_page(request, 403, exception)


def page_not_found(request, exception=None):
    return error_page(request, 404, exception)


def csrf_failure(request, reason=""):
    """CSRF_FAILURE_VIEW: a form sent from a page open too long (or from elsewhere) is refused, saying what to do."""
    return error_page(request, 403, reason=_("The form had expired or did not come from this site: nothing was "
                                             "saved. Reload the page and send it again."))


class SiteNotFoundPageMiddleware:
    """Under DEBUG (`make run`), Django answers a missing page with its technical 404, the list of every URL pattern,
    and handler404 is never called. This middleware, which the local settings add only when DEBUG is on, answers with
    the site's page instead, as production does; the tracebacks of real errors (500) stay Django's debug page.
    A path no URL matches is caught before the view (Django resolves it outside the middleware's reach), a view's
    Http404 (a record not found) in process_exception."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        try:
            resolve(request.path_info, getattr(request, "urlconf", None))
        except Resolver404 as exc:
            return page_not_found(request, exc)
        return self.get_response(request)

    def process_exception(self, request, exception):
        if isinstance(exception, Http404):
            return page_not_found(request, exception)
        return None

"""Opens the locked-change context (reports.locks) for every request, so that a change to a record in a period
locked by a final report can go through when province staff give a reason:

- API clients send the reason in the `X-Change-Reason` header, as UTF-8 or percent-encoded
  (`encodeURIComponent`, since browsers only send ASCII headers);
- web forms post it in a `change_reason` field.

The user and the reason are looked up only when a locked record is touched, so that nothing is parsed here: the
API authenticates tokens inside the view, and Django REST framework then sets the user on the underlying request,
which is where this looks."""

from urllib.parse import unquote

from .locks import locked_change

HEADER = "X-Change-Reason"
FIELD = "change_reason"


class ChangeReasonMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        with locked_change(get_reason=lambda: reason_of(request), get_user=lambda: getattr(request, "user", None)):
            return self.get_response(request)


def reason_of(request) -> str:
    reason = header_text(request.headers.get(HEADER, ""))
    if not reason and request.method == "POST" and request.content_type in (
            "application/x-www-form-urlencoded", "multipart/form-data"):
        reason = request.POST.get(FIELD, "")
    return reason.strip()


def header_text(value: str) -> str:
    """A header's text: WSGI hands headers over as latin-1, so UTF-8 bytes are decoded again; %XX is unquoted."""
    try:
        value = value.encode("latin-1").decode("utf-8")
    except (UnicodeEncodeError, UnicodeDecodeError):
        pass
    return unquote(value).strip()

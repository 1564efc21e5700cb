"""Who may open a page: one rule for the views and for what the pages offer.

A view declares its requirement by mixing in a `Requirement` (WriteRequiredMixin, ProvinceLevelRequiredMixin): the
class method `refusal_for(user, method)` says why a signed-in user is refused, or None. The view's dispatch() refuses
by it, and the templates (antqcore/templatetags/allowed.py) and the menu ask the same question through `may_open`,
which resolves the address to its view. A link a role cannot use is therefore never shown: the page and the link
cannot disagree. What a record's state decides (a report already final) stays with the page that shows the record."""

from urllib.parse import urlsplit

from django.contrib.auth.mixins import AccessMixin, LoginRequiredMixin
from django.core.exceptions import PermissionDenied
from django.urls import Resolver404, resolve, reverse
from django.utils.translation import gettext as _

from .scoping import user_can_write


class Requirement:
    """Base of the permission mixins. Each mixin adds its condition in `refusal_for` and asks super() for the
    others, so that a view mixing two of them refuses by both, once."""

    @classmethod
    def refusal_for(cls, user, method: str = "GET") -> str | None:
        return None

    def dispatch(self, request, *args, **kwargs):
        if request.user.is_authenticated:
            refusal = self.refusal_for(request.user, request.method)
            if refusal is not None:
                raise PermissionDenied(refusal)
        return super().dispatch(request, *args, **kwargs)


class WriteRequiredMixin(Requirement):
    """Pages that change records: viewers are refused. A page that also shows what it changes (a report's narrative)
    sets `viewers_may_read`: viewers read it (GET) and are refused the change."""

    viewers_may_read = False

    @classmethod
    def refusal_for(cls, user, method: str = "GET") -> str | None:
        reading = cls.viewers_may_read and method in ("GET", "HEAD")
        if not user_can_write(user) and not reading:
            return _("Your role does not allow changes.")
        return super().refusal_for(user, method)


class ProvinceLevelRequiredMixin(LoginRequiredMixin, Requirement):
    """Pages of the province's staff and the administrators only (User.is_province_level); anyone else gets a 403
    with the view's `refusal`."""

    refusal = ""

    @classmethod
    def refusal_for(cls, user, method: str = "GET") -> str | None:
        if not user.is_province_level:
            return str(cls.refusal or _("Only province staff and administrators open this page."))
        return super().refusal_for(user, method)


def may_open_url(user, url: str) -> bool:
    """Whether `user` may open this address of the site (its query string does not matter): False for an address
    that is no page, or a page that would refuse them."""
    try:
        view = getattr(resolve(urlsplit(url).path).func, "view_class", None)
    except Resolver404:
        return False
    if view is None:  # a function view declares nothing
        return True
    if not user.is_authenticated:
        return not issubclass(view, AccessMixin)
    return not issubclass(view, Requirement) or view.refusal_for(user, "GET") is None


def may_open(user, url_name: str, *args, **kwargs) -> bool:
    return may_open_url(user, reverse(url_name, args=args, kwargs=kwargs))


def url_if_allowed(user, url_name: str, *args, **kwargs) -> str:
    """The address of `url_name` when the user may open it, else ""."""
    url = reverse(url_name, args=args, kwargs=kwargs)
    return url if may_open_url(user, url) else ""

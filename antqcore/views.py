from django.contrib.auth.mixins import LoginRequiredMixin
from django.http import JsonResponse
from django.utils import timezone
from django.views.decorators.cache import never_cache
from django.views.generic import TemplateView

from .health import broker_status, database_status
from .scoping import scope_q
from .stats import figures_compute


class ScopedViewMixin(LoginRequiredMixin):
    """Base of every web page showing records: signed-in users only, querysets cut to the user's scope.
    Subclasses set `scope_field` and implement `get_base_queryset()`."""

    scope_field = ""

    def get_base_queryset(self):
        raise NotImplementedError

    def get_queryset(self):
        return self.get_base_queryset().filter(scope_q(self.request.user, self.scope_field))


class HomeView(LoginRequiredMixin, TemplateView):
    template_name = "antqcore/home.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        user = self.request.user
        area = user.scope_area
        context["scope_area"] = area
        context["scope_chain"] = area.ancestors() + [area] if area else []
        if area is not None:
            # An area of the old map is shown as it was on its last day.
            as_of = min(timezone.localdate(), area.valid_to) if area.valid_to else timezone.localdate()
            context["as_of"] = as_of
            context["figures"] = figures_compute(
                area=area, start=as_of, end=as_of, keys=["context.districts", "context.communes"]
            )
        return context


@never_cache
def healthz(request):
    status = {"database": database_status(), "broker": broker_status()}
    healthy = all(v == "ok" for v in status.values())
    return JsonResponse({"status": "ok" if healthy else "down", **status}, status=200 if healthy else 503)

from collections.abc import Callable

from django.contrib import messages
from django.contrib.auth import views as auth_views
from django.contrib.auth.mixins import LoginRequiredMixin
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import Expression, F
from django.http import HttpRequest, HttpResponseRedirect, JsonResponse
from django.shortcuts import get_object_or_404
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.generic import FormView, TemplateView

from .forms import ConfirmForm, PasswordChangeForm, add_service_errors
from .health import CHECKS, health_checks
from .pagination import EstimatedCountPaginator, KeysFirstPaginator
from .permissions import ProvinceLevelRequiredMixin, WriteRequiredMixin
from .scoping import ScopedQuerysetMixin
from .services import Conflict


class ListPageMixin:
    """A list page (a ListView): `?page_size=` up to 500 rows (else the view's paginate_by), `?page=` out of range
    gives the nearest page rather than a 404, and `?sort=<key>` or `?sort=-<key>` orders by the view's
    `sort_fields` (a key → the field, expression or tuple of them it sorts by; empty values last either way; the
    primary key breaks ties so that pages never repeat a row). An unknown key is ignored: the selector's order stays,
    and `default_sort` names the column that order follows, for the heading's arrow. The template gets `sort`,
    `page_sizes` and `query_string` (the address's parameters but the page: links that keep filters and sort)."""

    paginate_by = 50
    page_sizes = (20, 50, 100, 200)
    sort_fields: dict[str, str | Expression | tuple[str | Expression, ...]] = {}
    default_sort = ""

    def get_paginate_by(self, queryset):
        size = self.request.GET.get("page_size", "")
        return min(int(size), 500) if size.isdigit() and int(size) > 0 else self.paginate_by

    def sort(self) -> str:
        requested = self.request.GET.get("sort", "")
        return requested if requested.removeprefix("-") in self.sort_fields else self.default_sort

    def sorted(self, queryset):
        requested = self.request.GET.get("sort", "")
        key = requested.removeprefix("-")
        if key not in self.sort_fields:
            return queryset
        fields = self.sort_fields[key]
        descending = requested.startswith("-")
        expressions = [F(field) if isinstance(field, str) else field
                       for field in (fields if isinstance(fields, tuple) else (fields,))]
        order = [e.desc(nulls_last=True) if descending else e.asc(nulls_last=True) for e in expressions]
        return queryset.order_by(*order, "-pk" if descending else "pk")

    paginator_class = KeysFirstPaginator
    # Parameters that do not filter the list: with only these, an administrator sees the whole country's list.
    unfiltering_params = frozenset({"page", "page_size", "sort"})

    def get_paginator(self, queryset, per_page, **kwargs):
        """The whole country's list (an administrator's, unfiltered) is counted by PostgreSQL's estimate above
        settings.ANTQ_LIST_ESTIMATE_ABOVE rows ("about N"): counting a million incidents at every page is the
        slowest part of the page. Any filter, or a narrower scope, counts exactly."""
        whole_country = (self.request.user.sees_everything
                         and not set(self.request.GET) - self.unfiltering_params)
        paginator_class = EstimatedCountPaginator if whole_country else self.paginator_class
        return paginator_class(queryset, per_page, **kwargs)

    def paginate_queryset(self, queryset, page_size):
        paginator = self.get_paginator(self.sorted(queryset), page_size, orphans=self.get_paginate_orphans(),
                                       allow_empty_first_page=self.get_allow_empty())
        page = paginator.get_page(self.request.GET.get(self.page_kwarg))
        return paginator, page, page.object_list, page.has_other_pages()

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        params = self.request.GET.copy()
        params.pop(self.page_kwarg, None)
        # The size of the address (`?page_size=30`) is offered too, so that the page form does not change it.
        sizes = sorted({*self.page_sizes, context["paginator"].per_page}) if context["paginator"] else self.page_sizes
        return context | {"sort": self.sort(), "query_string": params.urlencode(), "page_sizes": sizes}


class ScopedViewMixin(ScopedQuerysetMixin, LoginRequiredMixin):
    """Base of every web page showing records: signed-in users only, querysets cut to the user's scope.
    Subclasses set `scope_field` and implement `get_base_queryset()` (the unscoped source); `visible_q()` is the one
    hook for what is visible and `get_queryset()` is final (antqcore.scoping.ScopedQuerysetMixin)."""


class ScopedRecordMixin(ScopedViewMixin):
    """A page about one record of the scope, the `pk` of its address: loaded before anything else (404 outside the
    scope, for viewers too) as `self.<record_name>`, and given to the template under that name."""

    record_name = ""

    def dispatch(self, request, *args, **kwargs):
        if request.user.is_authenticated:
            setattr(self, self.record_name, get_object_or_404(self.get_queryset(), pk=kwargs["pk"]))
        return super().dispatch(request, *args, **kwargs)

    def get_context_data(self, **kwargs):
        return super().get_context_data(**kwargs) | {self.record_name: getattr(self, self.record_name)}


class ServiceFormView(LoginRequiredMixin, WriteRequiredMixin, FormView):
    """The one shape of a web write: a valid form goes to a service, whose refusal comes back on the form.

    Subclasses give `perform(form)`, which calls the service with `actor=self.request.user` and returns what it
    wrote (kept as `self.object`), a `success_message` (or `get_success_message()`, which may read `self.object`)
    and a `success_url` (or `get_success_url()`). Signed-in writers only: viewers get a 403 (WriteRequiredMixin).

    - ValidationError: each message on its field when the form has it, else above the form; nothing is saved.
    - antqcore.services.Conflict (someone changed the record meanwhile): the service's message, or the page's own
      `conflict_message`, above the form.
    - PermissionDenied (a write outside the scope, a step the role may not take): `form_refused()`, by default the
      form again with the reason, status 403.
    A delete confirmation is a ServiceFormView with an empty form (ConfirmForm): its refusal shows above the button;
    a button on a record's page is a ServiceActionView."""

    success_message = ""
    conflict_message = ""

    def perform(self, form):
        raise NotImplementedError(f"{type(self).__name__} must implement perform(form)")

    def get_success_message(self) -> str:
        return str(self.success_message)

    def form_valid(self, form):
        try:
            self.object = self.perform(form)
        except ValidationError as exc:
            self.show_service_errors(form, exc)
            return self.form_invalid(form)
        except Conflict as exc:
            form.add_error(None, str(self.conflict_message or exc))
            return self.form_invalid(form)
        except PermissionDenied as exc:
            return self.form_refused(form, exc)
        message = self.get_success_message()
        if message:
            messages.success(self.request, message)
        return HttpResponseRedirect(self.get_success_url())

    def show_service_errors(self, form, exc: ValidationError) -> None:
        """The service's refusal on the form; a form whose fields are not named as the service's keys (the tally
        grid's rows) maps them here."""
        add_service_errors(form, exc)

    def form_refused(self, form, exc: PermissionDenied):
        form.add_error(None, str(exc) or _("Your role does not allow changes."))
        return self.render_to_response(self.get_context_data(form=form), status=403)


class ServiceActionView(ServiceFormView):
    """A button on a record's page (POST only, nothing to fill in): the service's refusal comes back as a message on
    the page the button is on (`get_return_url()`); a PermissionDenied is a plain 403."""

    form_class = ConfirmForm
    http_method_names = ["post"]

    def get_return_url(self) -> str:
        raise NotImplementedError(f"{type(self).__name__} must implement get_return_url()")

    def form_invalid(self, form):
        # The service's refusal, and those of the button's own fields (a report's number, a document to cite).
        messages.error(self.request, " ".join(message for errors in form.errors.values() for message in errors))
        return HttpResponseRedirect(self.get_return_url())

    def form_refused(self, form, exc: PermissionDenied):
        raise exc


# The home page's panels (the reports dashboard) come from apps higher up, registered in their AppConfig.ready(),
# so antqcore never imports them. A provider takes the request and returns the context of one panel, with the
# "template" that draws it, or None when it has nothing to show.
HomePanelProvider = Callable[[HttpRequest], dict | None]
_home_panels: list[HomePanelProvider] = []


def register_home_panel(provider: HomePanelProvider) -> None:
    if provider not in _home_panels:
        _home_panels.append(provider)


class HomeView(LoginRequiredMixin, TemplateView):
    template_name = "antqcore/home.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        area = self.request.user.scope_area
        context["scope_area"] = area
        context["scope_chain"] = area.ancestors() + [area] if area else []
        context["panels"] = [panel for panel in (provider(self.request) for provider in _home_panels) if panel]
        return context


@never_cache
@transaction.non_atomic_requests  # a failing check must not break the others' queries
def healthz(request):
    """Every check (antqcore.health), or those of `?only=database,broker`: what the web container's healthcheck asks
    for, so that a stopped worker or beat (a 503 of the full report) never marks the web itself unhealthy."""
    only = request.GET.get("only")
    names = list(CHECKS) if only is None else [name.strip() for name in only.split(",") if name.strip()]
    unknown = sorted(set(names) - set(CHECKS))
    if unknown or not names:
        detail = _("Unknown health check: %(names)s.") % {"names": ", ".join(unknown) or "?"}
        return JsonResponse({"detail": detail, "checks": list(CHECKS)}, status=400)
    checks = health_checks(names)
    healthy = all(check["status"] == "ok" for check in checks.values())
    statuses = {name: check["status"] for name, check in checks.items()}  # as /healthz answered before the details
    return JsonResponse({"status": "ok" if healthy else "down", **statuses, "checks": checks},
                        status=200 if healthy else 503)


class EndedScopeUsersView(ProvinceLevelRequiredMixin, TemplateView):
    """The accounts whose area has ended (since the reform of 2025: districts, the old provinces, the communes merged
    before), each with the areas that took it over; moves the chosen ones to the chosen successor (the default
    successor is preselected). Every move goes through antqcore.services.user_scope_move."""

    template_name = "antqcore/ended_scope_users.html"

    def rows(self):
        from django.utils import timezone

        from .selectors import users_with_ended_scope

        return users_with_ended_scope(actor=self.request.user, on=timezone.localdate())

    def get_context_data(self, **kwargs):
        return super().get_context_data(**kwargs) | {"rows": self.rows()}

    def post(self, request, *args, **kwargs):
        from .services import user_scope_move

        chosen = {request.POST["only"]} if request.POST.get("only") else set(request.POST.getlist("move"))
        moved = []
        for row in self.rows():
            if str(row.user.pk) not in chosen:
                continue
            target = next((a for a in row.successors if str(a.pk) == request.POST.get(f"to_{row.user.pk}")), None)
            if target is None:
                messages.error(request, _("Choose the area to move %(user)s to.") % {"user": row.user.get_username()})
                continue
            try:
                user_scope_move(actor=request.user, user=row.user, area=target, request=request)
            except (ValidationError, Conflict, PermissionDenied) as exc:
                text = " ".join(exc.messages) if isinstance(exc, ValidationError) else str(exc)
                messages.error(request, f"{row.user.get_username()}: {text}")
                continue
            moved.append(f"{row.user.get_username()} → {target.name}")
        if moved:
            messages.success(request, _("Moved: %(moves)s.") % {"moves": "; ".join(moved)})
        elif not chosen:
            messages.error(request, _("Choose at least one account."))
        return HttpResponseRedirect(request.path)


class PasswordChangeView(auth_views.PasswordChangeView):
    """Django's password change, which also lifts `must_change_password`
    (antqcore.auth.PasswordChangeRequiredMiddleware) and refuses keeping the password one was given."""

    form_class = PasswordChangeForm

    def form_valid(self, form):
        response = super().form_valid(form)
        if self.request.user.must_change_password:
            self.request.user.must_change_password = False
            self.request.user.save(update_fields=["must_change_password"])
        return response

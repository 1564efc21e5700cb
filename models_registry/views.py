"""Web pages of the models registry. Views gather input and show results: writes are services, reads selectors, and
ScopedViewMixin cuts every queryset to the user's scope."""


from django.db.models import Count, Prefetch
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.generic import DetailView, ListView, TemplateView

from antqcore.history import record_history
from antqcore.scoping import user_can_write
from antqcore.uploads import FileDownloadView
from antqcore.views import ListPageMixin, ScopedRecordMixin, ScopedViewMixin, ServiceFormView
from units.models import Unit

from . import forms as model_forms
from .models import MovementModel, RegistryConfig
from .selectors import formalistic_reasons, formalistic_reasons_of, model_bulletin, model_list
from .services import activity_record, model_create, model_eliminate, model_update, review_record


class ModelListView(ListPageMixin, ScopedViewMixin, ListView):
    template_name = "models_registry/model_list.html"
    scope_field = "area"
    context_object_name = "models"
    sort_fields = {"name": "name", "type": "type__name", "commune": "area__name", "district": "area__parent__name",
                   "host": "host_unit__name", "participants": "participants_count", "established": "established_on",
                   "activity": "last_activity", "status": "status"}
    default_sort = "name"

    def get_base_queryset(self):
        self.filter_form = model_forms.ModelFilterForm(self.request.GET or None, user=self.request.user)
        return model_list(**self.filter_form.selector_kwargs()).annotate(
            participants_count=Count("participants", distinct=True))

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        months = RegistryConfig.current().formalistic_months
        for model in context["models"]:
            model.reasons = formalistic_reasons_of(model, months)
        # Two counts, not one aggregate(): Django drops the `formalistic` column from the subquery it builds when
        # two filtered aggregates run over these annotations, and SQLite then reads the name as a string.
        counts = {"formalistic": self.object_list.filter(formalistic=True).count(),
                  "pilot": self.object_list.filter(is_pilot=True).count()}
        return context | {"filter_form": self.filter_form, "counts": counts}


class ScopedModelMixin(ScopedViewMixin):
    scope_field = "area"

    def get_base_queryset(self):
        return MovementModel.objects.select_related("type", "area__parent", "host_unit__commune", "partner_commune",
                                                    "replicated_from")


class ModelDetailView(ScopedModelMixin, DetailView):
    template_name = "models_registry/model_detail.html"
    context_object_name = "model"

    def get_base_queryset(self):
        return super().get_base_queryset().prefetch_related(
            Prefetch("participants", queryset=Unit.objects.select_related("commune__parent").order_by("name")))

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        model = self.object
        can_write = user_can_write(self.request.user)
        return context | {
            "reasons": formalistic_reasons(model),
            "activities": model.activities.all(),
            "reviews": model.reviews.select_related("rating"),
            "replicas": self.scoped(model.replicas.select_related("area")),
            "history": model_history(model),
            "activity_form": model_forms.ActivityForm() if can_write else None,
            "review_form": model_forms.ReviewForm() if can_write else None,
        }


class RegulationDownloadView(ScopedModelMixin, FileDownloadView):
    """The operating regulation's file, for those who see the model."""

    file_field = "regulation_file"


def model_history(model: MovementModel) -> list[dict]:
    return record_history(model)


class ModelFormMixin:
    """The model's record, saved by the service (which refuses an area or units outside the user's scope)."""

    form_class = model_forms.MovementModelForm
    template_name = "models_registry/model_form.html"

    def get_form_kwargs(self):
        return super().get_form_kwargs() | {"user": self.request.user}

    def get_success_url(self):
        return reverse("models_registry:detail", args=[self.object.pk])


class ModelCreateView(ModelFormMixin, ServiceFormView):
    def perform(self, form):
        return model_create(data=form.service_data(), participants=form.participants(), actor=self.request.user)

    def get_success_message(self):
        return _("Model “%(name)s” was added.") % {"name": self.object.name}


class ModelChildMixin(ScopedRecordMixin, ScopedModelMixin):
    """A page acting on one model of the scope (404 outside it; viewers are refused by ServiceFormView)."""

    record_name = "model"


class ModelUpdateView(ModelChildMixin, ModelFormMixin, ServiceFormView):
    success_message = gettext_lazy("Changes saved.")

    def get_form_kwargs(self):
        return super().get_form_kwargs() | {"instance": self.model}

    def perform(self, form):
        return model_update(model=MovementModel.objects.get(pk=self.model.pk), data=form.service_data(),
                            participants=form.participants(), actor=self.request.user)


class ModelStepView(ModelChildMixin, ServiceFormView):
    """A small form about one model (a briefing, a review): `service` records it from the form's fields; the
    service refuses what breaks a rule and the form shows why."""

    template_name = "models_registry/step_form.html"
    title = anchor = ""
    service = None

    def get_context_data(self, **kwargs):
        return super().get_context_data(**kwargs) | {"title": self.title}

    def perform(self, form):
        return type(self).service(model=self.model, actor=self.request.user, **form.cleaned_data)

    def get_success_url(self):
        return reverse("models_registry:detail", args=[self.model.pk]) + self.anchor


class ActivityCreateView(ModelStepView):
    form_class, service, anchor = model_forms.ActivityForm, activity_record, "#activities"
    title = gettext_lazy("Record a briefing or report")
    success_message = gettext_lazy("The briefing or report was recorded.")


class ReviewCreateView(ModelStepView):
    form_class, service, anchor = model_forms.ReviewForm, review_record, "#reviews"
    title, success_message = gettext_lazy("Record a review"), gettext_lazy("The review was recorded.")


class EliminateView(ModelStepView):
    form_class = model_forms.EliminateForm
    title, success_message = gettext_lazy("Eliminate the model"), gettext_lazy("The model was eliminated.")

    def get_initial(self):
        m = self.model
        return {"eliminated_on": m.eliminated_on, "elimination_reason": m.elimination_reason} if m.eliminated_on else {}

    def perform(self, form):
        return model_eliminate(model=self.model, on=form.cleaned_data["eliminated_on"],
                               reason=form.cleaned_data["elimination_reason"], actor=self.request.user)


QUARTER_NAMES = {1: "I", 2: "II", 3: "III", 4: "IV"}


class BulletinView(ScopedViewMixin, TemplateView):
    """The quarterly notice of new, pilot and replicated models of the scope (the seed's "Thông báo kết quả xây
    dựng và nhân rộng mô hình", issued each quarter), laid out for printing."""

    template_name = "models_registry/bulletin.html"
    scope_field = "area"

    def get_base_queryset(self):
        return MovementModel.objects.select_related("type", "area__parent", "host_unit", "replicated_from").annotate(
            participants_count=Count("participants", distinct=True)).order_by("established_on", "name", "id")

    def get_context_data(self, **kwargs):
        today = timezone.localdate()
        form = model_forms.BulletinForm(self.request.GET or None)
        if form.is_valid():
            year, quarter = form.cleaned_data["year"], form.cleaned_data["quarter"]
        else:
            year, quarter = today.year, (today.month - 1) // 3 + 1
            form = model_forms.BulletinForm(initial={"year": year, "quarter": quarter})
        start, end, bulletin = model_bulletin(models=self.get_queryset(), year=year, quarter=quarter)
        sections = [
            {"key": "new", "title": _("Models built"), "rows": bulletin["new"]},
            {"key": "replicated", "title": _("Models replicated from another model"), "rows": bulletin["replicated"]},
            {"key": "pilot", "title": _("Models made pilot models"), "rows": bulletin["pilot"]},
        ]
        user = self.request.user
        return super().get_context_data(**kwargs) | {
            "form": form, "year": year, "quarter": quarter, "quarter_name": QUARTER_NAMES[quarter],
            "start": start, "end": end, "sections": sections, "today": today,
            "issuer": user.organisation.name if user.organisation_id else "",
            "place": user.scope_area.short_name if user.scope_area_id else "",
            "month": f"{today.month:02d}" if today.month < 3 else str(today.month),
        }

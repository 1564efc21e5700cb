"""Web pages of the certification registry. Views only gather input and show results: every step is a service
(which refuses a step taken out of order) and every read a selector; the scope is cut by ScopedViewMixin."""

from django.contrib.auth.mixins import LoginRequiredMixin
from django.shortcuts import get_object_or_404
from django.urls import reverse
from django.utils import timezone
from django.utils.functional import cached_property
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.generic import DetailView, ListView

from antqcore.permissions import ProvinceLevelRequiredMixin, may_open
from antqcore.scoping import area_in_scope, user_can_write
from antqcore.uploads import FileDownloadView
from antqcore.views import ListPageMixin, ScopedRecordMixin, ScopedViewMixin, ServiceFormView
from units.models import Unit
from units.selectors import unit_list

from . import forms as cert_forms
from .models import ELIGIBLE_KINDS, Answer, Campaign, Decision, Participation, Scheme, Status
from .selectors import campaign_board, campaign_current, criteria_for, participation_breaches, participation_list
from .services import (
    campaign_open,
    criticism_record,
    decision_authority,
    decision_issuer,
    decision_record,
    participation_appraise,
    participation_assess,
    participation_revoke,
    participation_submit,
    participations_register,
)

# Which step forms the participation page offers in each status. The services decide what is allowed; this only
# keeps the page from offering forms that would be refused.
NEXT_STEPS = {
    Status.REGISTERED: ["assess"],
    Status.ASSESSED: ["submit", "assess"],
    Status.SUBMITTED: ["appraise"],
    Status.APPRAISED: ["decide"],
    Status.RECOGNIZED: ["revoke"],
}


class CampaignListView(LoginRequiredMixin, ListView):
    template_name = "certification/campaign_list.html"
    context_object_name = "campaigns"
    queryset = Campaign.objects.select_related("scheme")

    def get_context_data(self, **kwargs):
        may_open_campaign = may_open(self.request.user, "certification:campaign_create")
        today = timezone.localdate()
        current = [(scheme, campaign_current(scheme_code=scheme.code, on=today)) for scheme in Scheme.objects.all()]
        return super().get_context_data(**kwargs) | {"form": cert_forms.CampaignForm() if may_open_campaign else None,
                                                     "current": current, "today": today}


class CampaignCreateView(ProvinceLevelRequiredMixin, ServiceFormView):
    """The page itself is the province's (campaign_open refuses anyone else too)."""

    refusal = gettext_lazy("Only province staff open campaigns.")
    template_name = "certification/campaign_form.html"
    form_class = cert_forms.CampaignForm

    def perform(self, form):
        return campaign_open(actor=self.request.user, **form.cleaned_data)

    def get_success_message(self):
        return _("Campaign “%(campaign)s” was opened.") % {"campaign": self.object}

    def get_success_url(self):
        return reverse("certification:board", args=[self.object.pk])


class CampaignMixin(LoginRequiredMixin):
    def dispatch(self, request, *args, **kwargs):
        if request.user.is_authenticated:
            self.campaign = get_object_or_404(Campaign.objects.select_related("scheme"), pk=kwargs["pk"])
        return super().dispatch(request, *args, **kwargs)

    def get_context_data(self, **kwargs):
        return super().get_context_data(**kwargs) | {"campaign": self.campaign}


class CampaignBoardView(CampaignMixin, ListPageMixin, ScopedViewMixin, ListView):
    """Counts by status and district, and the participations (late ones highlighted), all cut to the scope."""

    template_name = "certification/campaign_board.html"
    context_object_name = "participations"
    scope_field = "unit__commune"
    sort_fields = {"unit": "unit__name", "district": "unit__commune__parent__name", "status": "status",
                   "registered": "registered_on", "decision": "decision__number"}
    default_sort = "unit"

    @cached_property
    def board(self) -> dict:
        participations = self.scoped(Participation.objects.filter(campaign=self.campaign))
        return campaign_board(campaign=self.campaign, participations=participations, today=timezone.localdate())

    def get_base_queryset(self):
        self.filter_form = cert_forms.ParticipationFilterForm(self.request.GET or None, user=self.request.user)
        qs = participation_list(campaign=self.campaign, **self.filter_form.selector_kwargs())
        if self.filter_form.late_only():
            qs = qs.filter(pk__in=self.board["late"].values("pk"))
        return qs

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        by_status = self.board["by_status"]
        return context | {
            "filter_form": self.filter_form, "board": self.board,
            "status_counts": [(value, label, by_status.get(value, 0)) for value, label in Status.choices],
            "total": sum(by_status.values()),
            "late_ids": set(self.board["late"].values_list("pk", flat=True)),
            "decisions": self.scoped(Decision.objects.filter(campaign=self.campaign), scope_field="area"),
        }


class RegisterView(CampaignMixin, ScopedViewMixin, ServiceFormView):
    """Register units of the scope that have not registered for the campaign yet."""

    template_name = "certification/register.html"
    form_class = cert_forms.RegisterForm
    scope_field = "commune"
    shown = 300

    def get_base_queryset(self):
        return Unit.objects.filter(kind__in=ELIGIBLE_KINDS).exclude(participations__campaign=self.campaign)

    def candidates(self, search: str = ""):
        return unit_list(base=self.get_queryset(), search=search)

    def get_form_kwargs(self):
        return super().get_form_kwargs() | {"units": self.candidates(), "user": self.request.user}

    def get_context_data(self, **kwargs):
        search = self.request.GET.get("q", "")
        units = self.candidates(search)
        return super().get_context_data(**kwargs) | {"search": search, "units": units[:self.shown],
                                                     "more": units.count() > self.shown}

    def perform(self, form):
        return participations_register(campaign=self.campaign, units=form.cleaned_data["units"],
                                       actor=self.request.user, on=form.cleaned_data.get("registered_on"))

    def get_success_message(self):
        return _("Units registered: %(n)d.") % {"n": len(self.object)}

    def get_success_url(self):
        return reverse("certification:board", args=[self.campaign.pk])


class ScopedParticipationMixin(ScopedViewMixin):
    scope_field = "unit__commune"

    def get_base_queryset(self):
        return Participation.objects.select_related("unit__commune__parent", "campaign__scheme", "decision",
                                                    "council")


class ParticipationDetailView(ScopedParticipationMixin, DetailView):
    template_name = "certification/participation_detail.html"
    context_object_name = "participation"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        p, user = self.object, self.request.user
        steps = NEXT_STEPS.get(p.status, []) if user_can_write(user) else []
        context |= {
            "steps": p.steps.select_related("actor"),
            "answers": p.answers.select_related("criterion").order_by("criterion__criteria_set__name",
                                                                       "criterion__order"),
            "breaches": participation_breaches(participation=p),
            "can_print": p.decision is not None and area_in_scope(user, p.decision.area),
        }
        if steps:
            view = STEP_VIEWS[steps[0]]()
            view.setup(self.request, pk=p.pk)
            view.participation, view.breaches = p, context["breaches"]
            context["next_step"] = {"key": steps[0], "title": view.title, "button": view.button,
                                    "form": view.get_form(), "breaches": context["breaches"]}
            context["other_steps"] = [(key, STEP_VIEWS[key].title) for key in steps[1:]]
        return context


class AttachmentDownloadView(ScopedViewMixin, FileDownloadView):
    """The file attached to an answer of a self-assessment, for those who see the dossier."""

    scope_field = "participation__unit__commune"
    file_field = "attachment"

    def get_base_queryset(self):
        return Answer.objects.all()


class StepView(ScopedRecordMixin, ScopedParticipationMixin, ServiceFormView):
    """One workflow step on one participation. A step the service refuses shows its message and changes
    nothing (the service runs in a transaction)."""

    template_name = "certification/step_form.html"
    record_name = "participation"
    title = button = ""

    @cached_property
    def breaches(self):
        return participation_breaches(participation=self.participation)

    def get_context_data(self, **kwargs):
        return super().get_context_data(**kwargs) | {
            "title": self.title, "button": self.button, "step": self.request.resolver_match.url_name,
            "breaches": self.breaches,
        }

    def get_success_message(self):
        return _("“%(step)s” recorded.") % {"step": self.title}

    def get_success_url(self):
        return reverse("certification:participation", args=[self.participation.pk])


class AssessView(StepView):
    form_class = cert_forms.AssessmentForm
    title, button = gettext_lazy("Self-assessment"), gettext_lazy("Save the self-assessment")

    def get_form_kwargs(self):
        p = self.participation
        return super().get_form_kwargs() | {
            "criteria": criteria_for(campaign=p.campaign, unit=p.unit),
            "answers": {a.criterion_id: a for a in p.answers.all()}, "user": self.request.user,
        }

    def perform(self, form):
        return participation_assess(participation=self.participation, actor=self.request.user, answers=form.answers(),
                                    on=form.cleaned_data.get("assessed_on"))


class SubmitView(StepView):
    form_class = cert_forms.SubmitForm
    title = button = gettext_lazy("Submit the dossier")

    def get_form_kwargs(self):
        return super().get_form_kwargs() | {"user": self.request.user}

    def perform(self, form):
        return participation_submit(participation=self.participation, actor=self.request.user,
                                    on=form.cleaned_data.get("submitted_on"))


class AppraiseView(StepView):
    form_class = cert_forms.AppraisalForm
    title, button = gettext_lazy("Appraisal"), gettext_lazy("Record the appraisal")

    def get_form_kwargs(self):
        return super().get_form_kwargs() | {"user": self.request.user}

    def perform(self, form):
        return participation_appraise(participation=self.participation, actor=self.request.user, **form.cleaned_data)


class DecideView(StepView):
    form_class = cert_forms.SingleDecisionForm
    title, button = gettext_lazy("Decision"), gettext_lazy("Record the decision")

    def get_initial(self):
        return decision_initial(actor=self.request.user, units=[self.participation.unit])

    def get_form_kwargs(self):
        return super().get_form_kwargs() | {"user": self.request.user, "with_override": bool(self.breaches)}

    def perform(self, form):
        p, data = self.participation, form.cleaned_data
        return decision_record(campaign=p.campaign, participations=[p], recognized=data["recognized"],
                               actor=self.request.user, certificates={p.pk: data["certificate_number"]},
                               override_reasons={p.pk: data.get("override_reason", "")}, **form.decision_kwargs())


class RevokeView(StepView):
    form_class = cert_forms.RevokeForm
    title, button = gettext_lazy("Revocation"), gettext_lazy("Revoke the recognition")

    def perform(self, form):
        return participation_revoke(participation=self.participation, actor=self.request.user,
                                    reason=form.cleaned_data["reason"], on=form.cleaned_data["revoked_on"])


def decision_initial(*, actor, units=()) -> dict:
    """A decision form starts with the area that would issue it and that area's chairman."""
    area = decision_issuer(actor=actor, units=units)[1]
    return {"area": area, "authority": decision_authority(area) if area is not None else ""}


STEP_VIEWS = {"assess": AssessView, "submit": SubmitView, "appraise": AppraiseView, "decide": DecideView,
              "revoke": RevokeView}


class CriticismView(ScopedRecordMixin, ServiceFormView):
    """A written criticism of a unit of the scope."""

    scope_field = "commune"
    record_name = "unit"
    template_name = "certification/criticism_form.html"
    form_class = cert_forms.CriticismForm
    success_message = gettext_lazy("The criticism was recorded.")

    def get_base_queryset(self):
        return Unit.objects.alive()

    def perform(self, form):
        return criticism_record(unit=self.unit, actor=self.request.user, **form.cleaned_data)

    def get_success_url(self):
        return reverse("units:detail", args=[self.unit.pk]) + "#tab-certification"


class BulkDecisionView(CampaignMixin, ScopedViewMixin, ServiceFormView):
    """One decision for many appraised units of the campaign (in scope), then its printable list."""

    template_name = "certification/bulk_decision.html"
    form_class = cert_forms.DecisionForm
    scope_field = "unit__commune"

    def get_base_queryset(self):
        return participation_list(campaign=self.campaign, status=Status.APPRAISED)

    def chosen(self):
        ids = [v for v in self.request.POST.getlist("participations") if v.isdigit()]
        return list(self.get_queryset().filter(pk__in=ids))

    def get_initial(self):
        return decision_initial(actor=self.request.user)

    def get_form_kwargs(self):
        return super().get_form_kwargs() | {"user": self.request.user}

    def get_context_data(self, **kwargs):
        post = self.request.POST
        rows = [{"participation": p, "breaches": participation_breaches(participation=p),
                 "checked": str(p.pk) in post.getlist("participations"),
                 "certificate": post.get(f"certificate_{p.pk}", ""), "reason": post.get(f"reason_{p.pk}", "")}
                for p in self.get_queryset()]
        return super().get_context_data(**kwargs) | {"rows": rows}

    def perform(self, form):
        post, chosen = self.request.POST, self.chosen()
        return decision_record(
            campaign=self.campaign, participations=chosen, recognized=form.cleaned_data["recognized"],
            actor=self.request.user, certificates={p.pk: post.get(f"certificate_{p.pk}", "") for p in chosen},
            override_reasons={p.pk: post.get(f"reason_{p.pk}", "") for p in chosen}, **form.decision_kwargs())

    def get_success_message(self):
        return _("Decision %(number)s was recorded.") % {"number": self.object.number}

    def get_success_url(self):
        return reverse("certification:decision", args=[self.object.pk])


class DecisionPrintView(ScopedViewMixin, DetailView):
    """The printable list of a decision: its number, date and authority and the numbered list of units."""

    template_name = "certification/decision_print.html"
    context_object_name = "decision"
    scope_field = "area"

    def get_base_queryset(self):
        return Decision.objects.select_related("campaign__scheme", "area")

    def get_context_data(self, **kwargs):
        participations = self.object.participations.select_related("unit__commune__parent").order_by("unit__name")
        month = self.object.date.month  # Decree 30/2020: a leading zero for January and February only
        return super().get_context_data(**kwargs) | {"participations": participations,
                                                     "month": f"{month:02d}" if month < 3 else str(month)}

"""Web pages of the reports: the list, the "new report" form, a run's page with its live progress, preview and
downloads, the narrative editor, the comparison with the previous report, and the templates' editor.

Views gather input and show results: runs are created, generated, finalised and versioned by reports.services,
read through reports.selectors, and ScopedViewMixin cuts every queryset to the user's scope (a run outside it is a
404; viewers change nothing)."""

import base64
import datetime
import hashlib
import re

from csp.constants import HEADER as CSP_HEADER
from django.contrib import messages
from django.contrib.auth.mixins import LoginRequiredMixin
from django.db import transaction
from django.db.models import Count, Q
from django.http import Http404, HttpResponse, HttpResponseRedirect, JsonResponse
from django.shortcuts import get_object_or_404, render
from django.urls import reverse
from django.utils import timezone
from django.utils.decorators import method_decorator
from django.utils.functional import cached_property
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views import View
from django.views.decorators.cache import never_cache
from django.views.decorators.clickjacking import xframe_options_sameorigin
from django.views.generic import DetailView, ListView, TemplateView

from antqcore.models import Area
from antqcore.permissions import ProvinceLevelRequiredMixin, may_open
from antqcore.records import figure_records_url
from antqcore.scoping import area_in_scope, user_can_write
from antqcore.selectors import area_list
from antqcore.stats import figure_get, figure_keys
from antqcore.uploads import FileDownloadView
from antqcore.views import ListPageMixin, ScopedRecordMixin, ScopedViewMixin, ServiceActionView, ServiceFormView

from . import forms as report_forms
from .formatting import format_figure
from .models import PROFILE_FACTS, ProvinceProfile, ReportKind, ReportRun, ReportTemplate, RunStage, RunStatus
from .narrative_editor import Chips
from .rendering import area_full, render_run_html
from .selectors import (
    compare_with_previous,
    previous_run,
    profile_on,
    province_of,
    record_changes,
    records_kept,
    report_header_defaults,
    report_list,
)
from .services import (
    narrative_save,
    profile_start,
    province_profile_save,
    report_run_create,
    report_run_finalise,
    report_run_new_version,
    report_run_retry,
)

POLL_MS = 1000


class ScopedRunMixin(ScopedViewMixin):
    scope_field = "area"

    def get_base_queryset(self):
        return ReportRun.objects.select_related("template", "area__parent", "created_by", "finalised_by")


class RunListView(ListPageMixin, ScopedRunMixin, ListView):
    template_name = "reports/run_list.html"
    context_object_name = "runs"
    sort_fields = {"kind": "kind", "area": "area__name", "period": ("period_start", "period_end"), "number": "number",
                   "status": "status", "stage": "stage", "created": "queued_at"}
    default_sort = "-created"

    def get_base_queryset(self):
        self.filter_form = report_forms.RunFilterForm(self.request.GET or None, user=self.request.user)
        return self.filter_form.filter(report_list(user=self.request.user)).select_related("area__parent")

    def get_context_data(self, **kwargs):
        return super().get_context_data(**kwargs) | {
            "filter_form": self.filter_form,
        }


class RunCreateView(ServiceFormView):
    template_name = "reports/run_form.html"
    form_class = report_forms.RunCreateForm
    success_message = gettext_lazy("The report is being generated.")

    def get_form_kwargs(self):
        return super().get_form_kwargs() | {"user": self.request.user}

    def get_initial(self):
        """A link may preset the type, the area and the period (the dashboard's "reports due")."""
        initial = {"kind": ReportKind.QUARTERLY}
        params = self.request.GET
        if params.get("kind") in ReportKind.values:
            initial["kind"] = params["kind"]
        for name in ("period_start", "period_end", "map_date"):
            try:
                initial[name] = datetime.date.fromisoformat(params.get(name, ""))
            except ValueError:
                pass
        if params.get("area", "").isdigit():
            initial["area"] = int(params["area"])
        return initial

    def get_context_data(self, **kwargs):
        return super().get_context_data(**kwargs) | {"kinds": ReportKind.choices}

    def perform(self, form):
        d = form.cleaned_data
        return report_run_create(actor=self.request.user, template_kind=d["kind"], area=d["area"],
                                 period_start=d["period_start"], period_end=d["period_end"],
                                 map_date=d["map_date"] or None, **form.header())

    def get_success_url(self):
        return reverse("reports:detail", args=[self.object.pk])


class AreaOptionsView(LoginRequiredMixin, View):
    """The areas the form offers for a map date, for the form's script when the date changes."""

    def get(self, request):
        try:
            on = datetime.date.fromisoformat(request.GET.get("on", ""))
        except ValueError:
            on = report_forms.default_map_date(request.user)
        areas = report_forms.areas_for_reports(request.user, on)
        return JsonResponse({"on": on.isoformat(),
                             "areas": [{"id": a.pk, "label": report_forms.area_label(a)} for a in areas]})


class HeaderDefaultsView(LoginRequiredMixin, View):
    """The header a new report of this type and area would get (the last report's, else the template's), for the
    form's script to prefill the fields."""

    def get(self, request):
        kind, area_id = request.GET.get("kind", ""), request.GET.get("area", "")
        area = Area.objects.filter(pk=int(area_id)).first() if area_id.isdigit() else None
        if kind not in ReportKind.values or area is None or not area_in_scope(request.user, area):
            return JsonResponse({"header": {}})
        header = report_header_defaults(template_kind=kind, area=area)
        fields = report_forms.RunCreateForm.HEADER_FIELDS
        return JsonResponse({"header": {name: _json_value(header.get(name)) for name in fields if name in header}})


def _json_value(value):
    if isinstance(value, datetime.date):
        return value.strftime("%d/%m/%Y")
    return value if value is not None else ""


class RunDetailView(ScopedRunMixin, DetailView):
    template_name = "reports/run_detail.html"
    context_object_name = "run"

    def get_context_data(self, **kwargs):
        run, user = self.object, self.request.user
        can_write = user_can_write(user)
        done = run.status == RunStatus.DONE
        draft = run.stage == RunStage.DRAFT
        # The versions of this report: the runs of the same type, area and period.
        versions = self.get_queryset().filter(kind=run.kind, area=run.area_id, period_start=run.period_start,
                                              period_end=run.period_end).order_by("-version", "-id")
        previous = previous_run(run)
        return super().get_context_data(**kwargs) | {
            "poll_ms": POLL_MS, "finished": run.status in (RunStatus.DONE, RunStatus.FAILED),
            "can_edit_narrative": can_write and draft,
            "can_regenerate": can_write and draft and run.status in (RunStatus.DONE, RunStatus.FAILED),
            "can_finalise": may_open(user, "reports:finalise", run.pk) and done and draft,
            "finalise_form": report_forms.FinaliseForm(initial={"number": run.number}),
            "can_new_version": can_write and run.stage == RunStage.FINAL,
            "previous": previous if previous is not None and area_in_scope(user, previous.area) else None,
            "versions": versions if versions.count() > 1 else [],
            "has_narrative": run.template.sections.filter(narrative=True).exists(),
            "figure_rows": run_figure_rows(run) if done else [],
        }


def run_figure_rows(run: ReportRun) -> list[dict]:
    """The report's frozen figures as its page lists them, each linked to the records behind it ("Nguồn số liệu")
    and saying how many records the report kept for it."""
    more_than = set(run.more_than or [])
    kept = run.records or {}
    rows = []
    for key in sorted(run.figures or {}):
        try:
            label = str(figure_get(key).label)
        except KeyError:
            continue
        rows.append({"key": key, "label": label, "text": format_figure(run.figures[key], key in more_than),
                     "kept": len(kept[key]["ids"]) if key in kept else None,
                     "url": figure_records_url(key, area=run.area, start=run.period_start, end=run.period_end)})
    return rows


@method_decorator(never_cache, name="dispatch")
class RunStatusView(ScopedRunMixin, View):
    """What the run page's progress bar polls."""

    def get(self, request, pk):
        run = get_object_or_404(self.get_queryset(), pk=pk)
        return JsonResponse({"status": run.status, "status_label": run.get_status_display(), "progress": run.progress,
                             "error": run.error if run.status == RunStatus.FAILED else "",
                             "finished": run.status in (RunStatus.DONE, RunStatus.FAILED)})


STYLE_BLOCK = re.compile(r"<style>(.*?)</style>", re.DOTALL)


def preview_policy(document: str) -> str:
    """The preview's Content-Security-Policy: the document is shown, never run. `sandbox` gives it an opaque origin
    and no script, even opened on its own (outside the run page's sandboxed frame); it loads only the site's fonts
    and images, applies only the stylesheet of its own <head> (by its hash: a style written into the report's text
    is not applied), sends no form, and only the site may frame it."""
    head = document.split("</head>", 1)[0]
    hashes = [f"'sha256-{base64.b64encode(hashlib.sha256(css.encode()).digest()).decode()}'"
              for css in STYLE_BLOCK.findall(head)]
    styles = " ".join(hashes) or "'none'"
    return "; ".join([
        "sandbox", "default-src 'none'", f"style-src {styles}", "font-src 'self'",
        "img-src 'self' data:", "base-uri 'none'", "form-action 'none'", "frame-ancestors 'self'",
    ])


@method_decorator(xframe_options_sameorigin, name="dispatch")  # production denies framing; the run page frames this
class RunPreviewView(ScopedRunMixin, View):
    """The document as HTML, for the run page's frame: the frozen figures and the narratives as they are now."""

    def get(self, request, pk):
        run = get_object_or_404(self.get_queryset(), pk=pk)
        if run.status != RunStatus.DONE:
            raise Http404(_("The report has not been generated yet."))
        document = render_run_html(run, for_pdf=False)
        response = HttpResponse(document)
        response[CSP_HEADER] = preview_policy(document)  # the site's policy (CSPMiddleware) leaves it as it is
        return response


class RunDownloadView(ScopedRunMixin, FileDownloadView):
    file_field = "pdf"

    def download_name(self, run):
        return run.download_name(self.file_field)


class RunActionView(ScopedRunMixin, ServiceActionView):
    """A button on the run page: the service refuses what breaks a rule and the page says why. The run is looked up
    once the user may write (a viewer gets 403, a run outside the scope 404); the result is the run to show next."""

    @cached_property
    def run(self) -> ReportRun:
        return get_object_or_404(self.get_queryset(), pk=self.kwargs["pk"])

    def get_return_url(self):
        return reverse("reports:detail", args=[self.run.pk])

    def get_success_url(self):
        return reverse("reports:detail", args=[self.object.pk])


class RegenerateView(RunActionView):
    success_message = gettext_lazy("The report is being generated again.")

    def perform(self, form):
        return report_run_retry(run=self.run, actor=self.request.user)


class FinaliseView(ProvinceLevelRequiredMixin, RunActionView):
    refusal = gettext_lazy("Only province staff finalise reports.")
    success_message = gettext_lazy("The report is final: the figures of this area and period are locked.")
    form_class = report_forms.FinaliseForm

    def perform(self, form):
        return report_run_finalise(run=self.run, actor=self.request.user, number=form.cleaned_data["number"] or None)


class NewVersionView(RunActionView):
    success_message = gettext_lazy("A new version was created from this report.")

    def perform(self, form):
        return report_run_new_version(run=self.run, actor=self.request.user)


class NarrativeView(ScopedRecordMixin, ScopedRunMixin, ServiceFormView):
    """The narrative sections of a run: one text per section, saved through the service; "Save and regenerate"
    makes a new PDF with them. Readers see the texts; writers change them while the report is a draft."""

    template_name = "reports/narrative.html"
    form_class = report_forms.NarrativeForm
    record_name = "run"
    viewers_may_read = True

    def sections(self):
        return list(self.run.template.sections.order_by("order", "id"))

    @cached_property
    def chips(self) -> Chips:
        return Chips(self.run)

    @cached_property
    def titles(self) -> dict[str, str]:
        return self.chips.section_titles(self.sections())

    def get_form_kwargs(self):
        texts = dict(self.run.narratives.values_list("section_key", "text"))
        return super().get_form_kwargs() | {"sections": [s for s in self.sections() if s.narrative], "texts": texts,
                                            "titles": self.titles}

    def get_context_data(self, **kwargs):
        """Each section by its title in words, and each narrative as the editor shows it: its tags as chips, from
        the text on the form (the one just sent, when it was refused)."""
        context = super().get_context_data(**kwargs)
        can_edit = user_can_write(self.request.user) and self.run.stage == RunStage.DRAFT
        fields = {section.key: field for section, field in context["form"].rows()}
        rows = [{"section": section, "title": self.titles[section.key], "field": fields.get(section.key),
                 "pieces": self.chips.pieces(fields[section.key].value() or "") if section.key in fields else []}
                for section in self.sections() if section.key in fields or section.heading]
        return context | {"rows": rows, "can_edit": can_edit, "figures": self.chips.figures() if can_edit else []}

    def perform(self, form):
        self.changed, self.regenerate = form.changed_texts(), "regenerate" in self.request.POST
        with transaction.atomic():  # all the sections or none
            for key, text in self.changed.items():
                narrative_save(run=self.run, section_key=key, text=text, actor=self.request.user)
            if self.regenerate:
                report_run_retry(run=self.run, actor=self.request.user)
        return self.run

    def get_success_message(self):
        if self.regenerate:
            return _("The narrative was saved; the report is being generated again.")
        return _("The narrative was saved (sections changed: %(n)d).") % {"n": len(self.changed)}

    def get_success_url(self):
        return reverse("reports:detail" if self.regenerate else "reports:narrative", args=[self.run.pk])


class CompareView(ScopedRunMixin, DetailView):
    """This report's figures beside those of an earlier one, changes highlighted: its previous version (same area and
    period: which records behind each figure came, went or were edited since, by whom and why) or the previous
    period's report (`?against=period`). A new version compares with its previous version by default."""

    template_name = "reports/compare.html"
    context_object_name = "run"

    def get_context_data(self, **kwargs):
        run = self.object
        version = run.previous_version if run.previous_version_id else None
        against = self.request.GET.get("against") or ("version" if version is not None else "period")
        if against not in ("version", "period") or (against == "version" and version is None):
            against = "period"
        previous = version if against == "version" else previous_run(run)
        if previous is not None and not area_in_scope(self.request.user, previous.area):
            previous = None
        changes = record_changes(run, previous) if previous is not None and against == "version" else {}
        rows = [compared_row(row, run, previous) | {"records": changes.get(row.key)}
                for row in compare_with_previous(run, previous)] if previous else []
        only_changed = self.request.GET.get("changed") == "1"
        return super().get_context_data(**kwargs) | {
            "previous": previous, "against": against, "has_version": version is not None,
            "records_kept": previous is not None and records_kept(run) and records_kept(previous),
            "rows": [r for r in rows if r["changed"] or r["records"]] if only_changed else rows,
            "changed_count": sum(1 for r in rows if r["changed"]), "only_changed": only_changed,
        }


def compared_row(row, run: ReportRun, previous: ReportRun) -> dict:
    """A line of the comparison, written as the report writes figures, with the direction of the change."""
    key, label, this, before, changed = row
    numbers = isinstance(this, int | float) and isinstance(before, int | float)
    direction = ("up" if this > before else "down") if changed and numbers else ("changed" if changed else "")
    return {
        "key": key, "label": label, "changed": changed, "direction": direction,
        "this": format_figure(this, more_than=key in (run.more_than or [])),
        "previous": format_figure(before, more_than=key in (previous.more_than or [])),
        "difference": format_figure(abs(this - before)) if changed and numbers else "",
        "url": figure_records_url(key, area=run.area, start=run.period_start, end=run.period_end),
    }


class TemplateListView(ProvinceLevelRequiredMixin, ListView):
    template_name = "reports/template_list.html"
    context_object_name = "templates"

    def get_queryset(self):
        return ReportTemplate.objects.annotate(
            section_count=Count("sections"), narrative_count=Count("sections", filter=Q(sections__narrative=True)))


class TemplateEditView(ProvinceLevelRequiredMixin, TemplateView):
    """A template's title and sections, edited without code. Each text is rendered with sample figures before it is
    saved; a text whose tags do not render is refused with the error."""

    template_name = "reports/template_form.html"

    refusal = gettext_lazy("Only province staff edit report templates.")

    def dispatch(self, request, *args, **kwargs):
        if request.user.is_authenticated:
            self.template = get_object_or_404(ReportTemplate, pk=kwargs["pk"])
        return super().dispatch(request, *args, **kwargs)

    def forms(self, data=None):
        form = report_forms.TemplateForm(data, instance=self.template, prefix="template")
        formset = report_forms.SectionFormSet(data, instance=self.template, prefix="sections",
                                              queryset=self.template.sections.order_by("order", "id"))
        return form, formset

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        if "form" not in context:
            context["form"], context["formset"] = self.forms()
        figures = [(key, str(figure_get(key).label)) for key in figure_keys()]
        scope = self.request.user.scope_area
        province = province_of(scope) if scope is not None else None
        area_example = area_full(province) if province else "tỉnh … (tên tỉnh của báo cáo)"
        return context | {"report_template": self.template, "figures": figures, "area_example": area_example}

    def post(self, request, *args, **kwargs):
        form, formset = self.forms(request.POST)
        if form.is_valid() and formset.is_valid():
            # Plain model forms: a template is configuration, with no workflow; its history keeps every change.
            with transaction.atomic():
                form.save()
                formset.save()
            messages.success(request, _("The template was saved."))
            return HttpResponseRedirect(reverse("reports:template_edit", args=[self.template.pk]))
        return self.render_to_response(self.get_context_data(form=form, formset=formset))


class ProvinceProfileView(ProvinceLevelRequiredMixin, ServiceFormView):
    """/reports/profile/: the facts of the user's province that its reports state (area, population, minorities, the
    committee's name, the place of the date line, the standing agency), edited by its staff; an administrator picks
    the province with ?province=<id>. A fact left blank prints "[chưa khai báo: …]" in the reports."""

    template_name = "reports/profile_form.html"
    form_class = report_forms.ProvinceProfileForm
    success_message = "Đã lưu thông tin của tỉnh."
    refusal = gettext_lazy("Only province staff edit the facts of the province.")

    def dispatch(self, request, *args, **kwargs):
        if request.user.is_authenticated and self.refusal_for(request.user, request.method) is None:
            self.province = self._province(request)
        return super().dispatch(request, *args, **kwargs)  # refuses the others

    def _province(self, request) -> Area:
        chosen = request.GET.get("province")
        if chosen:
            province = get_object_or_404(Area, pk=chosen if str(chosen).isdigit() else 0, level="province")
        elif request.user.scope_area is not None:
            province = province_of(request.user.scope_area)
        else:
            return None  # an administrator of the whole country chooses the province first (get())
        if not area_in_scope(request.user, province):
            raise Http404
        return province

    def get(self, request, *args, **kwargs):
        if self.province is None:
            return render(request, "reports/profile_choose.html", {
                "provinces": area_list(level="province", on=timezone.localdate()).order_by("name")})
        return super().get(request, *args, **kwargs)

    def post(self, request, *args, **kwargs):
        if self.province is None:
            raise Http404
        return super().post(request, *args, **kwargs)

    def get_form_kwargs(self):
        kwargs = super().get_form_kwargs()
        current = profile_on(area=self.province, day=timezone.localdate())
        kwargs["instance"] = ProvinceProfile(area=self.province, valid_from=profile_start(self.province)) \
            if current is None else ProvinceProfile.objects.get(pk=current.pk)
        return kwargs

    def get_context_data(self, **kwargs):
        return super().get_context_data(**kwargs) | {
            "province": self.province,
            "profiles": ProvinceProfile.objects.filter(area=self.province).order_by("-valid_from")}

    def perform(self, form):
        return province_profile_save(actor=self.request.user, province=self.province,
                                     valid_from=form.cleaned_data["valid_from"],
                                     values={key: form.cleaned_data[key] for key in PROFILE_FACTS})

    def get_success_url(self):
        return reverse("reports:profile") + f"?province={self.province.pk}"

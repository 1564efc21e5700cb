"""Web pages of the coordination app: directive documents, coordination agreements, inspections, and the citing of
documents from any record. Views gather input and show results: writes are services, reads selectors, and every
queryset is cut to the user's scope (documents: the scope and the areas above it)."""


from django.apps import apps
from django.contrib import messages
from django.contrib.auth.mixins import LoginRequiredMixin
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpResponseRedirect
from django.shortcuts import get_object_or_404
from django.urls import reverse
from django.utils import timezone
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views import View
from django.views.generic import DetailView, FormView, ListView

from antqcore.forms import add_service_errors
from antqcore.history import record_history
from antqcore.scoping import area_in_scope, scope_q, user_can_write
from antqcore.uploads import FileDownloadView
from antqcore.views import PageSizeMixin, ScopedViewMixin, WriteRequiredMixin
from units.selectors import unit_in_scope

from .forms import (
    AgreementFilterForm,
    AgreementForm,
    CiteForm,
    DocumentFilterForm,
    DocumentForm,
    InspectionFilterForm,
    InspectionForm,
)
from .models import Agreement, Document, Inspection
from .selectors import (
    CITING_TYPES,
    agreement_counts,
    agreement_list,
    document_by_number,
    document_citing_records,
    document_issuers,
    document_list,
    document_years,
    documents_visible_q,
    inspection_counts,
    inspection_list,
    record_url,
)
from .services import (
    agreement_create,
    agreement_delete,
    agreement_update,
    document_cite,
    document_create,
    document_delete,
    document_uncite,
    document_update,
    inspection_create,
    inspection_delete,
    inspection_update,
)


class PagedListMixin(PageSizeMixin):
    def query_string(self) -> str:
        params = self.request.GET.copy()
        params.pop("page", None)
        return params.urlencode()


class ChildMixin(WriteRequiredMixin):
    """A page changing one record of the scope (404 outside it; viewers are refused)."""

    def dispatch(self, request, *args, **kwargs):
        if request.user.is_authenticated:
            self.object = get_object_or_404(self.get_queryset(), pk=kwargs["pk"])
        return super().dispatch(request, *args, **kwargs)


# --- Documents -----------------------------------------------------------------------------------------------------


class VisibleDocumentsMixin(LoginRequiredMixin):
    """Documents are read in the scope and above it: a district officer reads the Ministry's directive and the
    province's dispatches, which are recorded in the province. Writes stay inside the scope (the services)."""

    def get_queryset(self):
        return Document.objects.filter(documents_visible_q(self.request.user)).select_related("area")


class DocumentListView(VisibleDocumentsMixin, PagedListMixin, ListView):
    template_name = "coordination/document_list.html"
    context_object_name = "documents"

    def filter_form(self) -> DocumentFilterForm:
        if not hasattr(self, "_filter_form"):
            visible = super().get_queryset()
            self._filter_form = DocumentFilterForm(self.request.GET or None, years=document_years(visible),
                                                   issuers=document_issuers(visible))
        return self._filter_form

    def get_queryset(self):
        return document_list(base=super().get_queryset(), **self.filter_form().selector_kwargs())

    def get_context_data(self, **kwargs):
        return super().get_context_data(**kwargs) | {
            "filter_form": self.filter_form(), "query_string": self.query_string(),
            "can_write": user_can_write(self.request.user), "section": "documents"}


class DocumentDetailView(VisibleDocumentsMixin, DetailView):
    template_name = "coordination/document_detail.html"
    context_object_name = "document"

    def get_context_data(self, **kwargs):
        user, document = self.request.user, self.object
        return super().get_context_data(**kwargs) | {
            "citing": document_citing_records(document=document, user=user),
            "can_change": user_can_write(user) and area_in_scope(user, document.area),
            "history": record_history(document), "section": "documents"}


class DocumentFileView(VisibleDocumentsMixin, FileDownloadView):
    """The document's file, for those who read the document (its scope and below)."""

    file_field = "file"


class DocumentFormMixin(WriteRequiredMixin):
    form_class = DocumentForm
    template_name = "coordination/document_form.html"

    def get_form_kwargs(self):
        return super().get_form_kwargs() | {"user": self.request.user}


class DocumentCreateView(LoginRequiredMixin, DocumentFormMixin, FormView):
    def get_initial(self):
        return {"area": self.request.user.scope_area, "issued_on": timezone.localdate()}

    def form_valid(self, form):
        try:
            document = document_create(user=self.request.user, data=form.service_data())
        except ValidationError as exc:
            add_service_errors(form, exc)
            return self.form_invalid(form)
        messages.success(self.request, _("%(document)s was added to the register.") % {"document": document})
        return HttpResponseRedirect(reverse("coordination:document_detail", args=[document.pk]))


class DocumentChildMixin(VisibleDocumentsMixin, ChildMixin):
    """A page changing a document: one the user cannot see answers 404, one issued above the scope 403."""

    def dispatch(self, request, *args, **kwargs):
        if request.user.is_authenticated:
            document = get_object_or_404(self.get_queryset(), pk=kwargs["pk"])
            if not area_in_scope(request.user, document.area):
                raise PermissionDenied(_("This document was issued outside your area: you can read it, not change "
                                         "it."))
        return super().dispatch(request, *args, **kwargs)


class DocumentUpdateView(DocumentChildMixin, DocumentFormMixin, FormView):
    def get_form_kwargs(self):
        return super().get_form_kwargs() | {"instance": self.object}

    def get_context_data(self, **kwargs):
        return super().get_context_data(**kwargs) | {"document": self.object}

    def form_valid(self, form):
        try:
            document_update(user=self.request.user, document=Document.objects.get(pk=self.object.pk),
                            data=form.service_data())
        except ValidationError as exc:
            add_service_errors(form, exc)
            return self.form_invalid(form)
        messages.success(self.request, _("Changes saved."))
        return HttpResponseRedirect(reverse("coordination:document_detail", args=[self.object.pk]))


class DocumentDeleteView(DocumentChildMixin, DetailView):
    template_name = "coordination/confirm_delete.html"

    def get_object(self, queryset=None):
        return self.object

    def get_context_data(self, **kwargs):
        return super().get_context_data(**kwargs) | {
            "title": str(self.object), "cancel_url": reverse("coordination:document_detail", args=[self.object.pk]),
            "cited": self.object.citations.count()}

    def post(self, request, *args, **kwargs):
        name = str(self.object)
        try:
            document_delete(user=request.user, document=self.object)
        except ValidationError as exc:
            messages.error(request, " ".join(exc.messages))
            return HttpResponseRedirect(reverse("coordination:document_detail", args=[self.object.pk]))
        messages.success(request, _("%(document)s was deleted.") % {"document": name})
        return HttpResponseRedirect(reverse("coordination:document_list"))


# --- Citations -----------------------------------------------------------------------------------------------------


class CitationMixin(LoginRequiredMixin, WriteRequiredMixin):
    """POSTs of the "Documents cited" panel: the record must be of a kind that cites and inside the user's scope
    (404 otherwise); then back to where the panel was."""

    http_method_names = ["post"]

    def dispatch(self, request, *args, **kwargs):
        if request.user.is_authenticated:
            kind = CITING_TYPES.get(kwargs["label"])
            if kind is None:
                raise Http404
            model = apps.get_model(kind.label)
            self.record = get_object_or_404(model.objects.filter(scope_q(request.user, kind.scope_field)),
                                            pk=kwargs["pk"])
        return super().dispatch(request, *args, **kwargs)

    def back(self):
        target = self.request.POST.get("next", "")
        if target and url_has_allowed_host_and_scheme(target, {self.request.get_host()},
                                                      require_https=self.request.is_secure()):
            return HttpResponseRedirect(target)
        return HttpResponseRedirect(record_url(self.record) or reverse("coordination:document_list"))


class CiteView(CitationMixin, View):
    def post(self, request, *args, **kwargs):
        form = CiteForm(request.POST, prefix="cite")
        if not form.is_valid():
            messages.error(request, _("Give the number of the document to cite."))
            return self.back()
        number, day = form.cleaned_data["number"], form.cleaned_data["issued_on"]
        found = document_by_number(number=number, user=request.user)
        if day is not None:
            found = [d for d in found if d.issued_on == day]
        if not found:
            messages.error(request, _("No document No. %(number)s in the register: add it to the register first.")
                           % {"number": number})
        elif len(found) > 1:
            messages.error(request, _("Several documents bear No. %(number)s (%(dates)s): give the date of issue too.")
                           % {"number": number, "dates": ", ".join(d.issued_on.strftime("%d/%m/%Y") for d in found)})
        else:
            _citation, created = document_cite(user=request.user, document=found[0], record=self.record)
            if created:
                messages.success(request, _("%(document)s is now cited.") % {"document": found[0]})
            else:
                messages.info(request, _("%(document)s was already cited.") % {"document": found[0]})
        return self.back()


class UnciteView(CitationMixin, View):
    def post(self, request, *args, **kwargs):
        document = get_object_or_404(Document, pk=kwargs["document_pk"])
        if document_uncite(user=request.user, document=document, record=self.record):
            messages.success(request, _("%(document)s is no longer cited.") % {"document": document})
        return self.back()


# --- Agreements ----------------------------------------------------------------------------------------------------


class AgreementFilteredMixin(ScopedViewMixin):
    scope_field = "area"

    def filter_form(self) -> AgreementFilterForm:
        if not hasattr(self, "_filter_form"):
            self._filter_form = AgreementFilterForm(self.request.GET or None, user=self.request.user)
        return self._filter_form

    def get_base_queryset(self):
        return agreement_list(**self.filter_form().selector_kwargs())


class AgreementListView(AgreementFilteredMixin, PagedListMixin, ListView):
    template_name = "coordination/agreement_list.html"
    context_object_name = "agreements"

    def get_context_data(self, **kwargs):
        day = self.filter_form().selector_kwargs().get("in_force_on") or timezone.localdate()
        return super().get_context_data(**kwargs) | {
            "filter_form": self.filter_form(), "query_string": self.query_string(), "counts_day": day,
            "counts": agreement_counts(self.object_list, day=day), "can_write": user_can_write(self.request.user),
            "section": "agreements"}


class ScopedAgreementMixin(ScopedViewMixin):
    scope_field = "area"

    def get_base_queryset(self):
        return Agreement.objects.select_related("area__parent", "partner_unit__commune", "replaced_by")


class AgreementDetailView(ScopedAgreementMixin, DetailView):
    template_name = "coordination/agreement_detail.html"
    context_object_name = "agreement"

    def get_context_data(self, **kwargs):
        user = self.request.user
        return super().get_context_data(**kwargs) | {
            "replaces": self.object.replaces.filter(scope_q(user, "area")).order_by("signed_on"),
            "can_write": user_can_write(user), "history": record_history(self.object), "section": "agreements"}


class AgreementFormMixin(WriteRequiredMixin):
    form_class = AgreementForm
    template_name = "coordination/agreement_form.html"

    def get_form_kwargs(self):
        return super().get_form_kwargs() | {"user": self.request.user}


class AgreementCreateView(LoginRequiredMixin, AgreementFormMixin, FormView):
    def get_initial(self):
        """From a unit's page (?unit=…): that unit as the partner, when it is in the user's scope."""
        unit = unit_in_scope(user=self.request.user, unit_id=self.request.GET.get("unit", ""))
        initial = {"signed_on": timezone.localdate()}
        if unit is not None:
            initial |= {"partner_unit": unit, "police_side": "local"}
        return initial

    def form_valid(self, form):
        try:
            agreement = agreement_create(user=self.request.user, data=form.service_data())
        except ValidationError as exc:
            add_service_errors(form, exc)
            return self.form_invalid(form)
        messages.success(self.request, _("%(agreement)s was recorded.") % {"agreement": agreement})
        return HttpResponseRedirect(reverse("coordination:agreement_detail", args=[agreement.pk]))


class AgreementUpdateView(ScopedAgreementMixin, ChildMixin, AgreementFormMixin, FormView):
    def get_form_kwargs(self):
        return super().get_form_kwargs() | {"instance": self.object}

    def get_context_data(self, **kwargs):
        return super().get_context_data(**kwargs) | {"agreement": self.object}

    def form_valid(self, form):
        try:
            agreement_update(user=self.request.user, agreement=Agreement.objects.get(pk=self.object.pk),
                             data=form.service_data())
        except ValidationError as exc:
            add_service_errors(form, exc)
            return self.form_invalid(form)
        messages.success(self.request, _("Changes saved."))
        return HttpResponseRedirect(reverse("coordination:agreement_detail", args=[self.object.pk]))


class AgreementDeleteView(ScopedAgreementMixin, ChildMixin, DetailView):
    template_name = "coordination/confirm_delete.html"

    def get_object(self, queryset=None):
        return self.object

    def get_context_data(self, **kwargs):
        return super().get_context_data(**kwargs) | {
            "title": str(self.object), "cancel_url": reverse("coordination:agreement_detail", args=[self.object.pk])}

    def post(self, request, *args, **kwargs):
        name = str(self.object)
        agreement_delete(user=request.user, agreement=self.object)
        messages.success(request, _("%(agreement)s was deleted.") % {"agreement": name})
        return HttpResponseRedirect(reverse("coordination:agreement_list"))


# --- Inspections ---------------------------------------------------------------------------------------------------


class InspectionFilteredMixin(ScopedViewMixin):
    scope_field = "area"

    def filter_form(self) -> InspectionFilterForm:
        if not hasattr(self, "_filter_form"):
            self._filter_form = InspectionFilterForm(self.request.GET or None, user=self.request.user)
        return self._filter_form

    def get_base_queryset(self):
        return inspection_list(**self.filter_form().selector_kwargs())


class InspectionListView(InspectionFilteredMixin, PagedListMixin, ListView):
    template_name = "coordination/inspection_list.html"
    context_object_name = "inspections"

    def get_context_data(self, **kwargs):
        return super().get_context_data(**kwargs) | {
            "filter_form": self.filter_form(), "query_string": self.query_string(),
            "unit": self.filter_form().selector_kwargs().get("unit"),
            "counts": inspection_counts(self.object_list), "can_write": user_can_write(self.request.user),
            "section": "inspections"}


class ScopedInspectionMixin(ScopedViewMixin):
    scope_field = "area"

    def get_base_queryset(self):
        return Inspection.objects.select_related("unit__commune__parent", "area__parent")


class InspectionDetailView(ScopedInspectionMixin, DetailView):
    template_name = "coordination/inspection_detail.html"
    context_object_name = "inspection"

    def get_context_data(self, **kwargs):
        return super().get_context_data(**kwargs) | {
            "can_write": user_can_write(self.request.user), "history": record_history(self.object),
            "section": "inspections"}


class InspectionFormMixin(WriteRequiredMixin):
    form_class = InspectionForm
    template_name = "coordination/inspection_form.html"

    def get_form_kwargs(self):
        return super().get_form_kwargs() | {"user": self.request.user}


class InspectionCreateView(LoginRequiredMixin, InspectionFormMixin, FormView):
    def get_initial(self):
        unit = unit_in_scope(user=self.request.user, unit_id=self.request.GET.get("unit", ""))
        return {"inspected_on": timezone.localdate(), "unit": unit}

    def form_valid(self, form):
        try:
            inspection = inspection_create(user=self.request.user, data=form.service_data())
        except ValidationError as exc:
            add_service_errors(form, exc)
            return self.form_invalid(form)
        messages.success(self.request, _("The inspection of %(unit)s was recorded.") % {"unit": inspection.unit.name})
        return HttpResponseRedirect(reverse("coordination:inspection_detail", args=[inspection.pk]))


class InspectionUpdateView(ScopedInspectionMixin, ChildMixin, InspectionFormMixin, FormView):
    def get_form_kwargs(self):
        return super().get_form_kwargs() | {"instance": self.object}

    def get_context_data(self, **kwargs):
        return super().get_context_data(**kwargs) | {"inspection": self.object}

    def form_valid(self, form):
        try:
            inspection_update(user=self.request.user, inspection=Inspection.objects.get(pk=self.object.pk),
                              data=form.service_data())
        except ValidationError as exc:
            add_service_errors(form, exc)
            return self.form_invalid(form)
        messages.success(self.request, _("Changes saved."))
        return HttpResponseRedirect(reverse("coordination:inspection_detail", args=[self.object.pk]))


class InspectionDeleteView(ScopedInspectionMixin, ChildMixin, DetailView):
    template_name = "coordination/confirm_delete.html"

    def get_object(self, queryset=None):
        return self.object

    def get_context_data(self, **kwargs):
        return super().get_context_data(**kwargs) | {
            "title": _("The inspection of %(unit)s on %(date)s") % {
                "unit": self.object.unit.name, "date": self.object.inspected_on.strftime("%d/%m/%Y")},
            "cancel_url": reverse("coordination:inspection_detail", args=[self.object.pk]),
            "asks_change_reason": True}

    def post(self, request, *args, **kwargs):
        name = self.object.unit.name
        try:
            inspection_delete(user=request.user, inspection=self.object)
        except ValidationError as exc:  # e.g. its period is locked by a final report
            return self.render_to_response(self.get_context_data(errors=exc.messages))
        messages.success(request, _("The inspection of %(unit)s was deleted.") % {"unit": name})
        return HttpResponseRedirect(reverse("coordination:inspection_list"))

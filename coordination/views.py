"""Web pages of the coordination app: directive documents, coordination agreements, inspections, and the citing of
documents from any record. Pages gather input and show results: every write is a ServiceFormView calling a service
(which holds the rules and the scope), reads are selectors, and every queryset is cut to the user's scope by the
scoped bases (documents: the scope and the areas above it)."""

from django.http import Http404
from django.shortcuts import get_object_or_404
from django.urls import reverse
from django.utils import timezone
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.generic import DetailView, ListView

from antqcore.forms import ConfirmForm
from antqcore.history import record_history
from antqcore.uploads import FileDownloadView
from antqcore.views import ListPageMixin, ScopedRecordMixin, ScopedViewMixin, ServiceActionView, ServiceFormView
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
    agreement_counts,
    agreement_list,
    citing_record,
    document_citing_records,
    document_issuers,
    document_list,
    document_writable,
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
    document_cite_by_number,
    document_create,
    document_delete,
    document_ensure_writable,
    document_uncite,
    document_update,
    inspection_create,
    inspection_delete,
    inspection_update,
)


class FilteredListMixin(ListPageMixin):
    """A list page of the coordination app: its filter form (built once, from the query string) gives the selector
    its arguments; the scoped base cuts the result to the user's scope."""

    filter_form_class = None
    selector = None
    section = ""

    def make_filter_form(self):
        return self.filter_form_class(self.request.GET or None, user=self.request.user)

    def filter_form(self):
        if not hasattr(self, "_filter_form"):
            self._filter_form = self.make_filter_form()
        return self._filter_form

    def get_base_queryset(self):
        return type(self).selector(**self.filter_form().selector_kwargs())

    def get_context_data(self, **kwargs):
        return super().get_context_data(**kwargs) | {
            "filter_form": self.filter_form(), "section": self.section}


class RecordFormMixin:
    """The form of a record: its pickers offer the user's scope; after the write, the record's page."""

    detail_url_name = ""

    def get_form_kwargs(self):
        return super().get_form_kwargs() | {"user": self.request.user}

    def get_success_url(self):
        return reverse(self.detail_url_name, args=[self.object.pk])


class RecordUpdateMixin(RecordFormMixin):
    """Editing the record the page loaded (ScopedRecordMixin); the service gets it fresh from the database."""

    success_message = gettext_lazy("Changes saved.")
    update_service = None

    def get_form_kwargs(self):
        return super().get_form_kwargs() | {"instance": getattr(self, self.record_name)}

    def perform(self, form):
        record = getattr(self, self.record_name)
        fresh = type(record).objects.get(pk=record.pk)
        return type(self).update_service(actor=self.request.user, data=form.service_data(),
                                         **{self.record_name: fresh})


class RecordDeleteMixin:
    """The confirmation page of a delete (ScopedRecordMixin, ServiceFormView): the service's refusal shows above the
    button; then the list."""

    template_name = "coordination/confirm_delete.html"
    form_class = ConfirmForm
    delete_service = None
    detail_url_name = list_url_name = ""

    def title(self) -> str:
        return str(getattr(self, self.record_name))

    def get_context_data(self, **kwargs):
        record = getattr(self, self.record_name)
        return super().get_context_data(**kwargs) | {
            "title": self.title(), "cancel_url": reverse(self.detail_url_name, args=[record.pk])}

    def perform(self, form):
        record = getattr(self, self.record_name)
        self.deleted_title = self.title()
        type(self).delete_service(actor=self.request.user, **{self.record_name: record})
        return record

    def get_success_url(self):
        return reverse(self.list_url_name)


# --- Documents -----------------------------------------------------------------------------------------------------


class VisibleDocumentsMixin(ScopedViewMixin):
    """Documents are read in the scope and above it: a district officer reads the Ministry's directive and the
    province's dispatches, which are recorded in the province. Writes stay inside the scope (the services)."""

    scope_field = "area"

    def get_base_queryset(self):
        return Document.objects.select_related("area")

    def visible_q(self):
        return documents_visible_q(self.request.user)


class DocumentListView(FilteredListMixin, VisibleDocumentsMixin, ListView):
    template_name = "coordination/document_list.html"
    context_object_name = "documents"
    selector = document_list
    section = "documents"
    sort_fields = {"number": "number", "type": "doc_type", "issued": "issued_on", "issuer": "issuer",
                   "cited": "citation_count"}
    default_sort = "-issued"

    def make_filter_form(self):
        visible = self.scoped(Document.objects.all())
        return DocumentFilterForm(self.request.GET or None, years=document_years(visible),
                                  issuers=document_issuers(visible))


class DocumentDetailView(VisibleDocumentsMixin, DetailView):
    template_name = "coordination/document_detail.html"
    context_object_name = "document"

    def get_context_data(self, **kwargs):
        user, document = self.request.user, self.object
        return super().get_context_data(**kwargs) | {
            "citing": document_citing_records(document=document, user=user),
            "can_change": document_writable(user=user, document=document),
            "history": record_history(document), "section": "documents"}


class DocumentFileView(VisibleDocumentsMixin, FileDownloadView):
    """The document's file, for those who read the document (its scope and below)."""

    file_field = "file"


class DocumentCreateView(RecordFormMixin, ServiceFormView):
    form_class = DocumentForm
    template_name = "coordination/document_form.html"
    detail_url_name = "coordination:document_detail"

    def get_initial(self):
        return {"area": self.request.user.scope_area, "issued_on": timezone.localdate()}

    def perform(self, form):
        return document_create(actor=self.request.user, data=form.service_data())

    def get_success_message(self):
        return _("%(document)s was added to the register.") % {"document": self.object}


class DocumentWritableMixin:
    """After the document is loaded (ScopedRecordMixin): one the user may read but not change (issued above the
    scope) answers 403 with the service's reason."""

    def dispatch(self, request, *args, **kwargs):
        if request.user.is_authenticated:
            document_ensure_writable(actor=request.user, document=self.document)
        return super().dispatch(request, *args, **kwargs)


class DocumentChildMixin(ScopedRecordMixin, DocumentWritableMixin, VisibleDocumentsMixin):
    """A page changing a document: one the user cannot see answers 404, one they may only read 403."""

    record_name = "document"
    detail_url_name = "coordination:document_detail"


class DocumentUpdateView(DocumentChildMixin, RecordUpdateMixin, ServiceFormView):
    form_class = DocumentForm
    template_name = "coordination/document_form.html"
    update_service = document_update


class DocumentDeleteView(DocumentChildMixin, RecordDeleteMixin, ServiceFormView):
    delete_service = document_delete
    list_url_name = "coordination:document_list"

    def get_context_data(self, **kwargs):
        return super().get_context_data(**kwargs) | {"cited": self.document.citations.count()}

    def get_success_message(self):
        return _("%(document)s was deleted.") % {"document": self.deleted_title}


# --- Citations -----------------------------------------------------------------------------------------------------


class CitationView(ServiceActionView):
    """POSTs of the "Documents cited" panel: the record must be of a kind that cites and inside the user's scope
    (404 otherwise); then back to where the panel was, with the outcome or the refusal as a message."""

    def dispatch(self, request, *args, **kwargs):
        if request.user.is_authenticated:
            self.record = citing_record(user=request.user, record_type=kwargs["label"], pk=kwargs["pk"])
            if self.record is None:
                raise Http404
        return super().dispatch(request, *args, **kwargs)

    def get_return_url(self) -> str:
        target = self.request.POST.get("next", "")
        if target and url_has_allowed_host_and_scheme(target, {self.request.get_host()},
                                                      require_https=self.request.is_secure()):
            return target
        return record_url(self.record) or reverse("coordination:document_list")

    def get_success_url(self):
        return self.get_return_url()


class CiteView(CitationView):
    form_class = CiteForm
    prefix = "cite"

    def get_form_kwargs(self):
        return super().get_form_kwargs() | {"user": self.request.user}

    def perform(self, form):
        document, user = form.cleaned_data["document"], self.request.user
        if document is not None:
            _citation, created = document_cite(actor=user, document=document, record=self.record)
            return document, created
        return document_cite_by_number(actor=user, record=self.record, number=form.cleaned_data["number"],
                                       issued_on=form.cleaned_data["issued_on"])

    def get_success_message(self):
        document, created = self.object
        if created:
            return _("%(document)s is now cited.") % {"document": document}
        return _("%(document)s was already cited.") % {"document": document}


class UnciteView(CitationView):
    def perform(self, form):
        self.document = get_object_or_404(Document, pk=self.kwargs["document_pk"])
        return document_uncite(actor=self.request.user, document=self.document, record=self.record)

    def get_success_message(self):
        return _("%(document)s is no longer cited.") % {"document": self.document} if self.object else ""


# --- Agreements ----------------------------------------------------------------------------------------------------


class ScopedAgreementMixin(ScopedViewMixin):
    scope_field = "area"

    def get_base_queryset(self):
        return Agreement.objects.select_related("area__parent", "partner_unit__commune", "replaced_by")


class AgreementListView(FilteredListMixin, ScopedAgreementMixin, ListView):
    template_name = "coordination/agreement_list.html"
    context_object_name = "agreements"
    filter_form_class = AgreementFilterForm
    selector = agreement_list
    section = "agreements"
    sort_fields = {"number": ("signed_on", "number"), "kind": "kind", "partner": "partner_name", "area": "area__name"}
    default_sort = "-number"

    def get_context_data(self, **kwargs):
        day = self.filter_form().selector_kwargs().get("in_force_on") or timezone.localdate()
        return super().get_context_data(**kwargs) | {"counts_day": day,
                                                      "counts": agreement_counts(self.object_list, day=day)}


class AgreementDetailView(ScopedAgreementMixin, DetailView):
    template_name = "coordination/agreement_detail.html"
    context_object_name = "agreement"

    def get_context_data(self, **kwargs):
        return super().get_context_data(**kwargs) | {
            "replaces": self.scoped(self.object.replaces.order_by("signed_on")),
            "history": record_history(self.object),
            "section": "agreements"}


class AgreementFormMixin(RecordFormMixin):
    form_class = AgreementForm
    template_name = "coordination/agreement_form.html"
    detail_url_name = "coordination:agreement_detail"


class AgreementCreateView(AgreementFormMixin, ServiceFormView):
    def get_initial(self):
        """From a unit's page (?unit=…): that unit as the partner, when it is in the user's scope."""
        unit = unit_in_scope(user=self.request.user, unit_id=self.request.GET.get("unit", ""))
        initial = {"signed_on": timezone.localdate()}
        if unit is not None:
            initial |= {"partner_unit": unit, "police_side": "local"}
        return initial

    def perform(self, form):
        return agreement_create(actor=self.request.user, data=form.service_data())

    def get_success_message(self):
        return _("%(agreement)s was recorded.") % {"agreement": self.object}


class AgreementChildMixin(ScopedRecordMixin, ScopedAgreementMixin):
    """A page changing one agreement of the scope: 404 outside it."""

    record_name = "agreement"
    detail_url_name = "coordination:agreement_detail"


class AgreementUpdateView(AgreementChildMixin, RecordUpdateMixin, AgreementFormMixin, ServiceFormView):
    update_service = agreement_update


class AgreementDeleteView(AgreementChildMixin, RecordDeleteMixin, ServiceFormView):
    delete_service = agreement_delete
    list_url_name = "coordination:agreement_list"

    def get_success_message(self):
        return _("%(agreement)s was deleted.") % {"agreement": self.deleted_title}


# --- Inspections ---------------------------------------------------------------------------------------------------


class ScopedInspectionMixin(ScopedViewMixin):
    scope_field = "area"

    def get_base_queryset(self):
        return Inspection.objects.select_related("unit__commune__parent", "area__parent")


class InspectionListView(FilteredListMixin, ScopedInspectionMixin, ListView):
    template_name = "coordination/inspection_list.html"
    context_object_name = "inspections"
    filter_form_class = InspectionFilterForm
    selector = inspection_list
    section = "inspections"
    sort_fields = {"date": "inspected_on", "unit": "unit__name", "body": "inspecting_body", "area": "area__name",
                   "follow_up": "follow_up_done"}
    default_sort = "-date"

    def get_context_data(self, **kwargs):
        unit = self.filter_form().selector_kwargs().get("unit")
        return super().get_context_data(**kwargs) | {
            "unit": unit, "add_query": f"?unit={unit.pk}" if unit else "",
            "counts": inspection_counts(self.object_list)}


class InspectionDetailView(ScopedInspectionMixin, DetailView):
    template_name = "coordination/inspection_detail.html"
    context_object_name = "inspection"

    def get_context_data(self, **kwargs):
        return super().get_context_data(**kwargs) | {
            "history": record_history(self.object), "section": "inspections"}


class InspectionFormMixin(RecordFormMixin):
    form_class = InspectionForm
    template_name = "coordination/inspection_form.html"
    detail_url_name = "coordination:inspection_detail"


class InspectionCreateView(InspectionFormMixin, ServiceFormView):
    def get_initial(self):
        unit = unit_in_scope(user=self.request.user, unit_id=self.request.GET.get("unit", ""))
        return {"inspected_on": timezone.localdate(), "unit": unit}

    def perform(self, form):
        return inspection_create(actor=self.request.user, data=form.service_data())

    def get_success_message(self):
        return _("The inspection of %(unit)s was recorded.") % {"unit": self.object.unit.name}


class InspectionChildMixin(ScopedRecordMixin, ScopedInspectionMixin):
    """A page changing one inspection of the scope: 404 outside it."""

    record_name = "inspection"
    detail_url_name = "coordination:inspection_detail"


class InspectionUpdateView(InspectionChildMixin, RecordUpdateMixin, InspectionFormMixin, ServiceFormView):
    update_service = inspection_update


class InspectionDeleteView(InspectionChildMixin, RecordDeleteMixin, ServiceFormView):
    delete_service = inspection_delete
    list_url_name = "coordination:inspection_list"

    def title(self) -> str:
        return _("The inspection of %(unit)s on %(date)s") % {
            "unit": self.inspection.unit.name, "date": self.inspection.inspected_on.strftime("%d/%m/%Y")}

    def get_context_data(self, **kwargs):
        return super().get_context_data(**kwargs) | {"asks_change_reason": True}

    def get_success_message(self):
        return _("The inspection of %(unit)s was deleted.") % {"unit": self.inspection.unit.name}

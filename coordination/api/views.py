"""API of the coordination app: /api/v1/activities/agreements/, /inspections/, /documents/ (with the citations of a
document: GET …/citations/, POST …/cite/ and …/uncite/). Serializers shape the data; every write is a service, which
checks the rules (400 with the reasons by field) and the scope (403); antqcore.api.exceptions turns its refusals
into those answers."""

from django.utils.translation import gettext as _
from django_filters import rest_framework as filters
from drf_spectacular.utils import extend_schema
from rest_framework import status
from rest_framework.decorators import action
from rest_framework.exceptions import ValidationError
from rest_framework.response import Response

from antqcore.api.filters import SelectorFilterSet
from antqcore.api.parsers import JSONParser, MultiPartParser
from antqcore.api.viewsets import ScopedModelViewSet
from antqcore.uploads import FileDownloadRenderer, download_responses, file_download

from ..models import Agreement, Document, Inspection
from ..selectors import (
    agreement_list,
    citing_record,
    document_citing_records,
    document_list,
    documents_cited_by,
    documents_visible_q,
    inspection_list,
)
from ..services import (
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
from .serializers import (
    AgreementSerializer,
    CitationSerializer,
    CitingRecordSerializer,
    DocumentSerializer,
    InspectionSerializer,
)

# --- Filters -------------------------------------------------------------------------------------------------------


def choices_of(model, field: str) -> list:
    return model._meta.get_field(field).choices


class AgreementFilter(SelectorFilterSet):
    search = filters.CharFilter(method="noop", help_text="Number, other party, police unit, subject")
    kind = filters.ChoiceFilter(choices=choices_of(Agreement, "kind"), method="noop")
    police_side = filters.ChoiceFilter(choices=choices_of(Agreement, "police_side"), method="noop")
    status = filters.ChoiceFilter(choices=choices_of(Agreement, "status"), method="noop")
    in_force_on = filters.DateFilter(method="noop", help_text="Only the agreements in force on this day")
    partner_unit = filters.NumberFilter(method="noop", help_text="Unit id")

    class Meta:
        model = Agreement
        fields: list = []

    def select(self, queryset, data):
        qs = agreement_list(base=queryset, search=data.get("search") or "", kind=data.get("kind") or "",
                            police_side=data.get("police_side") or "", status=data.get("status") or "",
                            in_force_on=data.get("in_force_on"), area=data["area"])
        return qs.filter(partner_unit_id=int(data["partner_unit"])) if data.get("partner_unit") else qs


class InspectionFilter(SelectorFilterSet):
    search = filters.CharFilter(method="noop", help_text="Unit name, subject")
    inspecting_body = filters.ChoiceFilter(choices=choices_of(Inspection, "inspecting_body"), method="noop")
    start = filters.DateFilter(method="noop", help_text="Inspected on or after")
    end = filters.DateFilter(method="noop", help_text="Inspected on or before")
    unit = filters.NumberFilter(method="noop", help_text="Unit id")
    follow_up_done = filters.BooleanFilter(method="noop")

    class Meta:
        model = Inspection
        fields: list = []

    def select(self, queryset, data):
        qs = inspection_list(base=queryset, search=data.get("search") or "",
                             inspecting_body=data.get("inspecting_body") or "", start=data.get("start"),
                             end=data.get("end"), area=data["area"], follow_up_done=data.get("follow_up_done"))
        return qs.filter(unit_id=int(data["unit"])) if data.get("unit") else qs


class DocumentFilter(SelectorFilterSet):
    area = None  # documents are read above the scope too: they are not filtered by area
    search = filters.CharFilter(method="noop", help_text="Number and symbol, subject")
    doc_type = filters.ChoiceFilter(choices=choices_of(Document, "doc_type"), method="noop")
    issuer = filters.CharFilter(method="noop", help_text="Part of the issuer's name")
    year = filters.NumberFilter(method="noop", help_text="Year of issue")

    class Meta:
        model = Document
        fields: list = []

    def select(self, queryset, data):
        return document_list(base=queryset, search=data.get("search") or "", doc_type=data.get("doc_type") or "",
                             issuer=data.get("issuer") or "", year=int(data["year"]) if data.get("year") else None)


# --- ViewSets ------------------------------------------------------------------------------------------------------


class CitingListMixin:
    """A list page reads the documents its records cite in one query, not one per record."""

    def paginate_queryset(self, queryset):
        page = super().paginate_queryset(queryset)
        self.cited_documents = documents_cited_by(page if page is not None else queryset)
        return page

    def get_serializer_context(self):
        return super().get_serializer_context() | {"cited_documents": getattr(self, "cited_documents", None)}


class ServiceWritesMixin:
    """create / update / destroy through the services, which check the rules and the scope."""

    create_service = update_service = delete_service = None
    instance_name = ""

    def _respond(self, obj, code=status.HTTP_200_OK):
        return Response(self.get_serializer(self.get_base_queryset().get(pk=obj.pk)).data, status=code)

    def create(self, request, *args, **kwargs):
        serializer = self.get_serializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        obj = type(self).create_service(actor=request.user, data=serializer.validated_data)
        return self._respond(obj, status.HTTP_201_CREATED)

    def update(self, request, *args, **kwargs):
        partial = kwargs.pop("partial", False)
        obj = self.get_object()
        serializer = self.get_serializer(obj, data=request.data, partial=partial)
        serializer.is_valid(raise_exception=True)
        fresh = type(obj).objects.get(pk=obj.pk)
        obj = type(self).update_service(actor=request.user, data=serializer.validated_data,
                                        **{self.instance_name: fresh})
        return self._respond(obj)

    def perform_destroy(self, instance):
        type(self).delete_service(actor=self.request.user, **{self.instance_name: instance})


class AgreementViewSet(CitingListMixin, ServiceWritesMixin, ScopedModelViewSet):
    """Coordination agreements (regulations, programmes, plans) between the police and other bodies, in your
    scope. Filters: kind, police side, status, in force on a day, area code, partner unit, search."""

    serializer_class = AgreementSerializer
    filterset_class = AgreementFilter
    scope_field = "area"
    create_service, update_service, delete_service = agreement_create, agreement_update, agreement_delete
    instance_name = "agreement"

    def get_base_queryset(self):
        return Agreement.objects.select_related("area", "partner_unit", "replaced_by").order_by("-signed_on", "-id")


class InspectionViewSet(CitingListMixin, ServiceWritesMixin, ScopedModelViewSet):
    """Inspections of units by the district steering committees, the standing agency (provincial police) and
    inter-agency teams, in your scope; each is counted in the inspected unit's commune."""

    serializer_class = InspectionSerializer
    filterset_class = InspectionFilter
    scope_field = "area"
    create_service, update_service, delete_service = inspection_create, inspection_update, inspection_delete
    instance_name = "inspection"

    def get_base_queryset(self):
        return Inspection.objects.select_related("area", "unit").order_by("-inspected_on", "-id")


class DocumentViewSet(ServiceWritesMixin, ScopedModelViewSet):
    """The register of directive documents. You read the documents issued in your scope and above it (the
    Ministry's, the province's); you change those of your scope. A cited document cannot be deleted (400)."""

    serializer_class = DocumentSerializer
    filterset_class = DocumentFilter
    scope_field = "area"
    create_service, update_service, delete_service = document_create, document_update, document_delete
    instance_name = "document"
    # The file comes in a multipart body (JSON for a document without a file). Only for the record's own writes: its
    # actions (cite, uncite) read JSON like the rest of the API.
    parser_classes = [JSONParser, MultiPartParser]

    def get_base_queryset(self):
        return Document.objects.select_related("area").order_by("-issued_on", "number")

    def visible_q(self):
        # Documents apply downward: a district reads the province's and the Ministry's documents (recorded in the
        # province) as well as its own. Writes still need the document's area in the scope (the services).
        return documents_visible_q(self.request.user)

    def _record(self, data):
        record = citing_record(user=self.request.user, record_type=data["record_type"], pk=data["record_id"])
        if record is None:
            raise ValidationError({"record_id": [_("No such record in your area.")]})
        return record

    @extend_schema(request=None, responses=download_responses("document_file"))
    @action(detail=True, methods=["get"], renderer_classes=[FileDownloadRenderer], filterset_class=None)
    def file(self, request, pk=None):
        """The document's file (its `file` URL)."""
        return file_download(request, record=self.get_object(), field="file")

    @extend_schema(responses=CitingRecordSerializer(many=True))
    @action(detail=True, methods=["get"], pagination_class=None, filterset_class=None)
    def citations(self, request, pk=None):
        """The records of your scope that cite this document."""
        groups = document_citing_records(document=self.get_object(), user=request.user)
        rows = [{"record_type": g["kind"], "record_id": r["record"].pk, "label": str(r["record"]), "url": r["url"]}
                for g in groups for r in g["records"]]
        return Response(CitingRecordSerializer(rows, many=True).data)

    @extend_schema(request=CitationSerializer, responses={201: CitationSerializer, 200: CitationSerializer})
    @action(detail=True, methods=["post"], filterset_class=None, parser_classes=[JSONParser])
    def cite(self, request, pk=None):
        """A record of your scope cites this document; citing again changes nothing (200)."""
        document = self.get_object()
        serializer = CitationSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        _citation, created = document_cite(actor=request.user, document=document,
                                           record=self._record(serializer.validated_data))
        return Response(serializer.data, status=status.HTTP_201_CREATED if created else status.HTTP_200_OK)

    @extend_schema(request=CitationSerializer, responses={204: None})
    @action(detail=True, methods=["post"], filterset_class=None, parser_classes=[JSONParser])
    def uncite(self, request, pk=None):
        """The record no longer cites this document; idempotent."""
        document = self.get_object()
        serializer = CitationSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        document_uncite(actor=request.user, document=document, record=self._record(serializer.validated_data))
        return Response(status=status.HTTP_204_NO_CONTENT)

"""API of the coordination app: /api/v1/activities/agreements/, /inspections/, /documents/ (with the citations of a
document: GET …/citations/, POST …/cite/ and …/uncite/). Serializers shape the data; every write is a service, which
checks the rules (400 with the reasons by field) and the scope (403)."""

from django.apps import apps
from django.core.exceptions import ValidationError as DjangoValidationError
from django.utils.translation import gettext as _
from django_filters import rest_framework as filters
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import extend_schema, extend_schema_field
from rest_framework import serializers, status
from rest_framework.decorators import action
from rest_framework.exceptions import ValidationError
from rest_framework.response import Response

from antqcore.api.fields import ScopedPrimaryKeyRelatedField
from antqcore.api.serializers import AreaBriefSerializer
from antqcore.api.viewsets import ScopedModelViewSet
from antqcore.models import Area
from antqcore.scoping import scope_q
from antqcore.selectors import AreaNotFound, area_resolve_latest
from antqcore.uploads import FileDownloadRenderer, UploadSerializerField, file_download
from units.models import Unit

from ..models import (
    Agreement,
    AgreementKind,
    AgreementStatus,
    Document,
    DocumentType,
    InspectingBody,
    Inspection,
    PoliceSide,
)
from ..selectors import (
    CITING_TYPES,
    agreement_list,
    document_citing_records,
    document_list,
    documents_cited_by,
    documents_visible_q,
    inspection_list,
    record_documents,
)
from ..services import (
    AGREEMENT_FIELDS,
    DOCUMENT_FIELDS,
    INSPECTION_FIELDS,
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


def _run(service, **kwargs):
    """Call a service and turn its refusals into a 400 with the reasons."""
    try:
        return service(**kwargs)
    except DjangoValidationError as exc:
        raise ValidationError(exc.message_dict if hasattr(exc, "error_dict") else {"detail": exc.messages}) from None


def _area(code: str | None) -> Area | None:
    if not code:
        return None
    try:
        return area_resolve_latest(code=code)
    except AreaNotFound:
        raise ValidationError({"area": _("No area has code %(code)s.") % {"code": code}}) from None


class NoopFilterSet(filters.FilterSet):
    """Declares the filters (for validation and the schema); one selector applies them all in filter_queryset."""

    def noop(self, queryset, name, value):
        return queryset


# --- Serializers ---------------------------------------------------------------------------------------------------


class RecordsUnitBriefSerializer(serializers.ModelSerializer):
    class Meta:
        model = Unit
        fields = ["id", "name"]


class CitedDocumentSerializer(serializers.ModelSerializer):
    class Meta:
        model = Document
        fields = ["id", "doc_type", "number", "issued_on", "issuer"]


class CitedDocumentsMixin(serializers.Serializer):
    cited_documents = serializers.SerializerMethodField()

    @extend_schema_field(CitedDocumentSerializer(many=True))
    def get_cited_documents(self, obj):
        cited = self.context.get("cited_documents")  # the page's, read at once by the ViewSet
        documents = cited[obj.pk] if cited is not None and obj.pk in cited else record_documents(obj)
        return CitedDocumentSerializer(documents, many=True).data


class AgreementSerializer(CitedDocumentsMixin, serializers.ModelSerializer):
    """A coordination agreement. The area defaults from the partner unit (its district for a local police unit, the
    province for the provincial police); an end date only when expired or replaced."""

    area = serializers.PrimaryKeyRelatedField(
        queryset=Area.objects.all(), required=False, allow_null=True,
        help_text="Area id where it is counted: the province (provincial police), a district or commune (local)")
    area_detail = AreaBriefSerializer(source="area", read_only=True)
    partner_unit = ScopedPrimaryKeyRelatedField(queryset=Unit.objects.all(), area_field="commune", required=False,
                                                allow_null=True,
                                                help_text="Unit id when the other party is a registry unit")
    partner_unit_detail = RecordsUnitBriefSerializer(source="partner_unit", read_only=True)
    replaced_by = ScopedPrimaryKeyRelatedField(queryset=Agreement.objects.all(), required=False, allow_null=True,
                                               help_text="Agreement id of your scope (status replaced)")
    review_dates = serializers.ListField(child=serializers.DateField(), required=False)
    partner_name = serializers.CharField(required=False, allow_blank=True, max_length=255)

    class Meta:
        model = Agreement
        fields = ["id", *AGREEMENT_FIELDS, "area_detail", "partner_unit_detail", "cited_documents"]
        validators: list = []  # the service checks every rule and words it for the user


class InspectionSerializer(CitedDocumentsMixin, serializers.ModelSerializer):
    """An inspection of a unit; it is counted in the unit's commune."""

    unit = ScopedPrimaryKeyRelatedField(queryset=Unit.objects.all(), area_field="commune",
                                        help_text="Unit id, in your scope")
    unit_detail = RecordsUnitBriefSerializer(source="unit", read_only=True)
    area_detail = AreaBriefSerializer(source="area", read_only=True)

    class Meta:
        model = Inspection
        fields = ["id", *INSPECTION_FIELDS, "area", "unit_detail", "area_detail", "cited_documents"]
        read_only_fields = ["area"]
        validators: list = []


class DocumentSerializer(serializers.ModelSerializer):
    """A directive document. The number and date of issue are unique; the file (multipart upload) is a PDF, a Word or
    OpenDocument text or a JPEG or PNG image, of at most ANTQ_UPLOAD_MAX_MB (10 MB by default), and is read back as
    the URL of its download. The area (of the issuer) defaults to your scope's area."""

    area = serializers.PrimaryKeyRelatedField(queryset=Area.objects.all(), required=False,
                                              help_text="Area id of the issuer; defaults to your scope's area")
    area_detail = AreaBriefSerializer(source="area", read_only=True)
    file = UploadSerializerField(rule="document_file", view_name="api:coordination-document-file", required=False,
                                 allow_null=True)
    citation_count = serializers.SerializerMethodField()

    class Meta:
        model = Document
        fields = ["id", *DOCUMENT_FIELDS, "file_name", "area_detail", "citation_count"]
        read_only_fields = ["file_name"]
        validators: list = []

    def get_citation_count(self, obj) -> int:
        count = getattr(obj, "citation_count", None)
        return obj.citations.count() if count is None else count


class CitationSerializer(serializers.Serializer):
    record_type = serializers.ChoiceField(
        choices=sorted(CITING_TYPES),
        help_text="The kind of record: app_label.model (agreements and inspections: activities.agreement, "
                  "activities.inspection)")
    record_id = serializers.IntegerField(min_value=1)


class CitingRecordSerializer(serializers.Serializer):
    record_type = serializers.CharField()
    record_id = serializers.IntegerField()
    label = serializers.CharField()
    url = serializers.CharField(allow_blank=True)


# --- Filters -------------------------------------------------------------------------------------------------------


class AgreementFilter(NoopFilterSet):
    search = filters.CharFilter(method="noop", help_text="Number, other party, police unit, subject")
    kind = filters.ChoiceFilter(choices=AgreementKind.choices, method="noop")
    police_side = filters.ChoiceFilter(choices=PoliceSide.choices, method="noop")
    status = filters.ChoiceFilter(choices=AgreementStatus.choices, method="noop")
    in_force_on = filters.DateFilter(method="noop", help_text="Only the agreements in force on this day")
    area = filters.CharFilter(method="noop", help_text="Official code of a province, district or commune: its subtree")
    partner_unit = filters.NumberFilter(method="noop", help_text="Unit id")

    class Meta:
        model = Agreement
        fields: list = []

    def filter_queryset(self, queryset):
        d = self.form.cleaned_data
        unit_id = d.get("partner_unit")
        qs = agreement_list(base=queryset, search=d.get("search") or "", kind=d.get("kind") or "",
                            police_side=d.get("police_side") or "", status=d.get("status") or "",
                            in_force_on=d.get("in_force_on"), area=_area(d.get("area")))
        return qs.filter(partner_unit_id=int(unit_id)) if unit_id else qs


class InspectionFilter(NoopFilterSet):
    search = filters.CharFilter(method="noop", help_text="Unit name, subject")
    inspecting_body = filters.ChoiceFilter(choices=InspectingBody.choices, method="noop")
    start = filters.DateFilter(method="noop", help_text="Inspected on or after")
    end = filters.DateFilter(method="noop", help_text="Inspected on or before")
    area = filters.CharFilter(method="noop", help_text="Official code of a province, district or commune: its subtree")
    unit = filters.NumberFilter(method="noop", help_text="Unit id")
    follow_up_done = filters.BooleanFilter(method="noop")

    class Meta:
        model = Inspection
        fields: list = []

    def filter_queryset(self, queryset):
        d = self.form.cleaned_data
        qs = inspection_list(base=queryset, search=d.get("search") or "",
                             inspecting_body=d.get("inspecting_body") or "", start=d.get("start"), end=d.get("end"),
                             area=_area(d.get("area")), follow_up_done=d.get("follow_up_done"))
        return qs.filter(unit_id=int(d["unit"])) if d.get("unit") else qs


class DocumentFilter(NoopFilterSet):
    search = filters.CharFilter(method="noop", help_text="Number and symbol, subject")
    doc_type = filters.ChoiceFilter(choices=DocumentType.choices, method="noop")
    issuer = filters.CharFilter(method="noop", help_text="Part of the issuer's name")
    year = filters.NumberFilter(method="noop", help_text="Year of issue")

    class Meta:
        model = Document
        fields: list = []

    def filter_queryset(self, queryset):
        d = self.form.cleaned_data
        return document_list(base=queryset, search=d.get("search") or "", doc_type=d.get("doc_type") or "",
                             issuer=d.get("issuer") or "", year=int(d["year"]) if d.get("year") else None)


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
        obj = _run(type(self).create_service, user=request.user, data=serializer.validated_data)
        return self._respond(obj, status.HTTP_201_CREATED)

    def update(self, request, *args, **kwargs):
        partial = kwargs.pop("partial", False)
        obj = self.get_object()
        serializer = self.get_serializer(obj, data=request.data, partial=partial)
        serializer.is_valid(raise_exception=True)
        fresh = type(obj).objects.get(pk=obj.pk)
        obj = _run(type(self).update_service, user=request.user, data=serializer.validated_data,
                   **{self.instance_name: fresh})
        return self._respond(obj)

    def perform_destroy(self, instance):
        _run(type(self).delete_service, user=self.request.user, **{self.instance_name: instance})


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

    def get_base_queryset(self):
        return Document.objects.select_related("area").order_by("-issued_on", "number")

    def visible_q(self):
        # Documents apply downward: a district reads the province's and the Ministry's documents (recorded in the
        # province) as well as its own. Writes still need the document's area in the scope (the services).
        return documents_visible_q(self.request.user)

    def _record(self, data):
        kind = CITING_TYPES[data["record_type"]]
        model = apps.get_model(kind.label)
        record = model.objects.filter(scope_q(self.request.user, kind.scope_field), pk=data["record_id"]).first()
        if record is None:
            raise ValidationError({"record_id": [_("No such record in your area.")]})
        return record

    @extend_schema(request=None, responses={(200, "application/octet-stream"): OpenApiTypes.BINARY})
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
    @action(detail=True, methods=["post"], filterset_class=None)
    def cite(self, request, pk=None):
        """A record of your scope cites this document; citing again changes nothing (200)."""
        document = self.get_object()
        serializer = CitationSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        _citation, created = _run(document_cite, user=request.user, document=document,
                                  record=self._record(serializer.validated_data))
        return Response(serializer.data, status=status.HTTP_201_CREATED if created else status.HTTP_200_OK)

    @extend_schema(request=CitationSerializer, responses={204: None})
    @action(detail=True, methods=["post"], filterset_class=None)
    def uncite(self, request, pk=None):
        """The record no longer cites this document; idempotent."""
        document = self.get_object()
        serializer = CitationSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        _run(document_uncite, user=request.user, document=document, record=self._record(serializer.validated_data))
        return Response(status=status.HTTP_204_NO_CONTENT)

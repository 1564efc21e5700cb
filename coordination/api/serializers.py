"""The serializers of /api/v1/activities/agreements/, /inspections/ and /documents/: they shape and type the data;
the services check the rules and the scope (the serializers' own validators are off so that the service words every
refusal)."""

from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from antqcore.api.fields import ScopedPrimaryKeyRelatedField
from antqcore.api.serializers import AreaBriefSerializer, TodayOnCreateMixin
from antqcore.models import Area
from antqcore.uploads import UploadSerializerField
from units.models import Unit

from ..models import Agreement, Document, Inspection
from ..selectors import CITING_TYPES, record_documents
from ..services import AGREEMENT_FIELDS, DOCUMENT_FIELDS, INSPECTION_FIELDS


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


class InspectionSerializer(TodayOnCreateMixin, CitedDocumentsMixin, serializers.ModelSerializer):
    """An inspection of a unit, by default of today; it is counted in the unit's commune."""

    today_fields = ("inspected_on",)

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

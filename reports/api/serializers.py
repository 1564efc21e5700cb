from django.conf import settings
from django.core.exceptions import ValidationError as DjangoValidationError
from django.urls import reverse
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from antqcore.api.fields import LimitedTextField
from antqcore.api.serializers import AreaBriefSerializer

from ..models import ReportKind, ReportNarrative, ReportRun
from ..rendering import check_template_text, run_plain_texts


class ReportRunCreateSerializer(serializers.Serializer):
    """What POST /api/v1/reports/ takes. Header fields left out take their defaults (the last report of the same
    type and area, else the area's)."""

    template = serializers.ChoiceField(choices=ReportKind.choices, help_text="The report type")
    area = serializers.CharField(max_length=10, help_text="Official code of a province, district or commune, read on "
                                                          "map_date")
    period_start = serializers.DateField()
    period_end = serializers.DateField()
    map_date = serializers.DateField(required=False, allow_null=True,
                                     help_text="Date of the administrative map; default: period_end")
    issuer_parent = serializers.CharField(required=False, allow_blank=True, max_length=255)
    issuer = serializers.CharField(required=False, allow_blank=True, max_length=255)
    number = serializers.CharField(required=False, allow_blank=True, max_length=60, help_text='e.g. "125/BC-BCĐ"')
    place = serializers.CharField(required=False, allow_blank=True, max_length=100)
    issued_on = serializers.DateField(required=False, allow_null=True)
    title = serializers.CharField(required=False, allow_blank=True, max_length=255)
    subtitle = LimitedTextField(required=False, allow_blank=True, max_length=500)
    signer_authority = serializers.CharField(required=False, allow_blank=True, max_length=255)
    signer_title = serializers.CharField(required=False, allow_blank=True, max_length=255)
    signer_name = serializers.CharField(required=False, allow_blank=True, max_length=255)
    recipients = LimitedTextField(required=False, allow_blank=True, help_text="One per line")


class ReportRunFinaliseSerializer(serializers.Serializer):
    """What POST /api/v1/reports/{id}/finalise/ takes: the report's number, when it was not given at creation."""

    number = serializers.CharField(required=False, allow_blank=True, max_length=60,
                                   help_text='e.g. "125/BC-BCĐ"; required unless the report has one already')


class ReportRunAcceptedSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    status = serializers.CharField()
    url = serializers.URLField(help_text="Poll this URL for the status and progress")


class ReportRunSerializer(serializers.ModelSerializer):
    template = serializers.CharField(source="kind", read_only=True, help_text="The report type")
    template_name = serializers.CharField(source="template.name", read_only=True)
    area = AreaBriefSerializer(read_only=True)
    created_at = serializers.DateTimeField(source="queued_at", read_only=True)
    pdf = serializers.SerializerMethodField()
    xlsx = serializers.SerializerMethodField()
    previous_version = serializers.PrimaryKeyRelatedField(read_only=True)
    title_text = serializers.SerializerMethodField(help_text="The title as the PDF prints it (tags rendered)")
    subtitle_text = serializers.SerializerMethodField(help_text="The subtitle as the PDF prints it (tags rendered)")

    class Meta:
        model = ReportRun
        fields = ["id", "template", "template_name", "area", "map_date", "period_start", "period_end", "status",
                  "progress", "error", "attempts", "stage", "version", "previous_version", "scheduled",
                  "issuer_parent", "issuer", "number", "place", "issued_on", "title", "subtitle", "title_text",
                  "subtitle_text", "signer_authority", "signer_title", "signer_name", "recipients", "pdf", "xlsx",
                  "created_at", "started_at", "finished_at", "finalised_at"]
        read_only_fields = fields

    def _download(self, run: ReportRun, name: str) -> str | None:
        if not getattr(run, name):
            return None
        url = reverse(f"api:report-{name}", args=[run.pk])
        request = self.context.get("request")
        return request.build_absolute_uri(url) if request is not None else url

    def _texts(self, run: ReportRun) -> dict[str, str]:
        # `title` and `subtitle` are the texts as written (tags and all, for a new version to start from); these two
        # are what the PDF and the annex print.
        cache = self.context.setdefault("plain_texts", {})
        if run.pk not in cache:
            cache[run.pk] = run_plain_texts(run)
        return cache[run.pk]

    def get_title_text(self, run) -> str:
        return self._texts(run)["title"]

    def get_subtitle_text(self, run) -> str:
        return self._texts(run)["subtitle"]

    @extend_schema_field(OpenApiTypes.URI)
    def get_pdf(self, run) -> str | None:
        return self._download(run, "pdf")

    @extend_schema_field(OpenApiTypes.URI)
    def get_xlsx(self, run) -> str | None:
        return self._download(run, "xlsx")


class NarrativeSerializer(serializers.ModelSerializer):
    heading = serializers.SerializerMethodField()

    class Meta:
        model = ReportNarrative
        fields = ["section_key", "heading", "text", "updated_at"]
        read_only_fields = ["heading", "updated_at"]

    def get_heading(self, narrative) -> str:
        return self.context.get("headings", {}).get(narrative.section_key, "")


@extend_schema_field({"type": "string", "maxLength": settings.ANTQ_REPORT_TEXT_INPUT_MAX_CHARS})
class ReportTextField(serializers.CharField):
    """A text of a report: its length is checked with the rest of the text (reports.rendering.check_template_text,
    ANTQ_REPORT_TEXT_INPUT_MAX_CHARS), which the schema says."""


class NarrativeUpdateSerializer(serializers.Serializer):
    section_key = serializers.SlugField(max_length=60)
    text = ReportTextField(allow_blank=True, trim_whitespace=False,
                                 help_text="Text with the report tags only (reports.rendering); refused, with the "
                                           "reason, when it uses anything else or is too long")

    def validate_text(self, text: str) -> str:
        # Every item is checked before any is saved, so that a list with one refused text changes nothing.
        try:
            return check_template_text(text)
        except DjangoValidationError as exc:
            raise serializers.ValidationError(exc.messages) from None

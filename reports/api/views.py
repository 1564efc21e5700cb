from django.http import FileResponse
from django.urls import reverse
from django_filters import rest_framework as filters
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import extend_schema
from rest_framework import mixins, renderers, status
from rest_framework.decorators import action
from rest_framework.response import Response

from antqcore.api.filters import AREA_ON_HELP, StrictFilterSet, area_filter_value
from antqcore.api.viewsets import ScopedReadOnlyViewSet
from antqcore.uploads import file_download

from ..models import ReportKind, ReportNarrative, ReportRun, RunStage, RunStatus
from ..services import (
    narrative_save,
    report_run_create,
    report_run_finalise,
    report_run_new_version,
    report_run_retry,
)
from . import serializers as s

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


class FileRenderer(renderers.BaseRenderer):
    """A download's content type: the view returns the file itself, so this only renders errors, as JSON."""

    charset = None

    def render(self, data, accepted_media_type=None, renderer_context=None):
        response = (renderer_context or {}).get("response")
        if response is not None:
            response["Content-Type"] = "application/json"
        return renderers.JSONRenderer().render(data)


class PdfRenderer(FileRenderer):
    media_type, format = "application/pdf", "pdf"


class XlsxRenderer(FileRenderer):
    media_type, format = XLSX, "xlsx"


class ReportRunFilter(StrictFilterSet):
    template = filters.ChoiceFilter(field_name="kind", choices=ReportKind.choices, help_text="The report type")
    status = filters.ChoiceFilter(choices=RunStatus.choices)
    stage = filters.ChoiceFilter(choices=RunStage.choices)
    area = filters.CharFilter(method="area_code", help_text="Official code of the report's area")
    on = filters.DateFilter(method="noop", help_text=AREA_ON_HELP)

    class Meta:
        model = ReportRun
        fields = []

    def noop(self, queryset, name, value):
        return queryset

    def area_code(self, queryset, name, value):
        """Without `on`, the reports of every area that bore the code; with it, of the area bearing it that day."""
        on = self.form.cleaned_data.get("on")
        return queryset.filter(area=area_filter_value(value, on)) if on else queryset.filter(area__code=value)


class ReportRunViewSet(mixins.CreateModelMixin, ScopedReadOnlyViewSet):
    """Reports of the scope. POST queues a report and answers 202 with its id; poll GET /api/v1/reports/{id}/ until
    `status` is done (or failed), then download `pdf` and `xlsx`. A report of an area outside your scope is a 404 to
    read and a 403 to change; viewers only read."""

    serializer_class = s.ReportRunSerializer
    filterset_class = ReportRunFilter
    scope_field = "area"

    def get_base_queryset(self):
        return ReportRun.objects.select_related("template", "area").order_by("-queued_at", "-id")

    def _detail_url(self, run: ReportRun) -> str:
        return self.request.build_absolute_uri(reverse("api:report-detail", args=[run.pk]))

    def _accepted(self, run: ReportRun) -> Response:
        url = self._detail_url(run)
        return Response({"id": run.pk, "status": run.status, "url": url}, status=status.HTTP_202_ACCEPTED,
                        headers={"Location": url})

    @extend_schema(request=s.ReportRunCreateSerializer, responses={202: s.ReportRunAcceptedSerializer})
    def create(self, request, *args, **kwargs):
        serializer = s.ReportRunCreateSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        data = dict(serializer.validated_data)
        run = report_run_create(actor=request.user, template_kind=data.pop("template"), area=data.pop("area"),
                                period_start=data.pop("period_start"), period_end=data.pop("period_end"),
                                map_date=data.pop("map_date", None), **data)
        return self._accepted(run)

    @extend_schema(request=s.ReportRunFinaliseSerializer, responses=s.ReportRunSerializer)
    @action(detail=True, methods=["post"], filterset_class=None)
    def finalise(self, request, pk=None):
        """Draft → final (province staff): the PDF is drawn with the final narrative and the report's number (given
        here or at creation: a report without one is refused) and the area and period are locked."""
        body = s.ReportRunFinaliseSerializer(data=request.data)
        body.is_valid(raise_exception=True)
        run = report_run_finalise(run=self.get_object(), actor=request.user, number=body.validated_data.get("number"))
        return Response(self.get_serializer(run).data)

    @extend_schema(request=None, responses={202: s.ReportRunAcceptedSerializer})
    @action(detail=True, methods=["post"], filterset_class=None)
    def retry(self, request, pk=None):
        """Generate a draft again (after a failure, or to take in changed records and narrative)."""
        return self._accepted(report_run_retry(run=self.get_object(), actor=request.user))

    @extend_schema(request=None, responses={202: s.ReportRunAcceptedSerializer})
    @action(detail=True, methods=["post"], url_path="new-version", filterset_class=None)
    def new_version(self, request, pk=None):
        """A new draft version of a final report, generated from the records as they are now."""
        return self._accepted(report_run_new_version(run=self.get_object(), actor=request.user))

    @extend_schema(methods=["GET"], request=None, responses=s.NarrativeSerializer(many=True))
    @extend_schema(methods=["PUT"], request=s.NarrativeUpdateSerializer(many=True),
                   responses=s.NarrativeSerializer(many=True))
    @action(detail=True, methods=["get", "put"], pagination_class=None, filterset_class=None)
    def narratives(self, request, pk=None):
        """The narrative sections written by staff. PUT a list of {section_key, text} to change some of them (draft
        reports only); the PDF shows them once the report is generated again or finalised."""
        run = self.get_object()
        if request.method == "PUT":
            updates = s.NarrativeUpdateSerializer(data=request.data, many=True)
            updates.is_valid(raise_exception=True)
            for item in updates.validated_data:
                narrative_save(run=run, actor=request.user, **item)
        sections = {sec.key: (sec.order, sec.heading) for sec in run.template.sections.filter(narrative=True)}
        narratives = sorted(ReportNarrative.objects.filter(run=run),
                            key=lambda n: (sections.get(n.section_key, (10**6, ""))[0], n.section_key))
        context = self.get_serializer_context() | {"headings": {k: h for k, (_o, h) in sections.items()}}
        return Response(s.NarrativeSerializer(narratives, many=True, context=context).data)

    def _file(self, run: ReportRun, field: str) -> FileResponse:
        return file_download(self.request, record=run, field=field, filename=run.download_name(field))

    @extend_schema(responses={(200, "application/pdf"): OpenApiTypes.BINARY})
    @action(detail=True, methods=["get"], renderer_classes=[PdfRenderer], filterset_class=None)
    def pdf(self, request, pk=None):
        """The report as PDF."""
        return self._file(self.get_object(), "pdf")

    @extend_schema(responses={(200, XLSX): OpenApiTypes.BINARY})
    @action(detail=True, methods=["get"], renderer_classes=[XlsxRenderer], filterset_class=None)
    def xlsx(self, request, pk=None):
        """The Excel annex: every figure and the breakdowns by area and by year."""
        return self._file(self.get_object(), "xlsx")

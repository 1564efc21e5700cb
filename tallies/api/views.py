"""API of the tallies app: /api/v1/activities/indicators/ and /bodies/ (the catalogue: every signed-in user reads
all of it, and a body says whether you may enter its values; province staff and administrators keep the bodies of
their province), /values/ (the values of your scope, with
filters) and POST /values/grid/ (a body's grid for one period, saved all or nothing by tally_save: 400 with the
errors by indicator, 403 outside your scope)."""

from django.core.exceptions import ValidationError as DjangoValidationError
from django.utils.translation import gettext as _
from django_filters import rest_framework as filters
from drf_spectacular.utils import extend_schema, extend_schema_view
from rest_framework import status, viewsets
from rest_framework.decorators import action
from rest_framework.exceptions import ValidationError
from rest_framework.response import Response

from antqcore.api.bulk import BulkCreateMixin
from antqcore.api.changes import ChangesFeedMixin
from antqcore.api.filters import SelectorFilterSet
from antqcore.api.permissions import ScopedWritePermission
from antqcore.api.viewsets import ScopedReadOnlyViewSet
from antqcore.selectors import AreaNotFound, area_resolve, area_resolve_latest

from ..models import Indicator, ReportingBody, TallyValue
from ..periods import period_parse
from ..selectors import tally_value_list
from ..services import (
    GRID_FIELDS,
    Cell,
    body_create,
    body_delete,
    body_ensure_manageable,
    body_update,
    tally_save,
    value_parse,
)
from .serializers import (
    GridResultSerializer,
    GridSerializer,
    IndicatorSerializer,
    ReportingBodySerializer,
    ReportingBodyWriteSerializer,
    TallyValueSerializer,
)

# --- Views ---------------------------------------------------------------------------------------------------------


class IndicatorViewSet(viewsets.ReadOnlyModelViewSet):
    """The indicators of the catalogue (edited in the admin)."""

    serializer_class = IndicatorSerializer
    queryset = Indicator.objects.select_related("not_below").order_by("order", "code")
    lookup_field = "code"
    pagination_class = None


@extend_schema_view(
    create=extend_schema(request=ReportingBodyWriteSerializer, responses={201: ReportingBodySerializer}),
    update=extend_schema(request=ReportingBodyWriteSerializer, responses=ReportingBodySerializer),
    partial_update=extend_schema(request=ReportingBodyWriteSerializer, responses=ReportingBodySerializer),
)
class ReportingBodyViewSet(BulkCreateMixin, ChangesFeedMixin, viewsets.ModelViewSet):
    """The reporting bodies and their data sets. Every signed-in user sees them all (they are a catalogue);
    `can_write` says whether you may enter a body's values. Province staff and administrators create, change and
    delete the bodies of their province (403 for the others, or outside it); a body with values cannot be deleted
    (409)."""

    serializer_class = ReportingBodySerializer
    bulk_request_serializer = ReportingBodyWriteSerializer
    queryset = ReportingBody.objects.select_related("area").prefetch_related("indicators").order_by("kind", "name")
    lookup_field = "code"
    pagination_class = None
    permission_classes = [ScopedWritePermission]

    def create(self, request, *args, **kwargs):
        data = self._write_data(request)
        body = body_create(data=data, actor=request.user)
        return Response(self.get_serializer(body).data, status=status.HTTP_201_CREATED)

    def update(self, request, *args, **kwargs):
        body = self.get_object()
        data = self._write_data(request, instance=body, partial=kwargs.get("partial", False))
        body = body_update(body=body, data=data, actor=request.user)
        return Response(self.get_serializer(self.get_queryset().get(pk=body.pk)).data)

    def perform_destroy(self, instance):
        body_delete(body=instance, actor=self.request.user)

    def _write_data(self, request, instance=None, partial=False) -> dict:
        if not request.user.is_province_level:  # before the data: a district officer is told who may, not a field
            body_ensure_manageable(actor=request.user, area=None)
        write = ReportingBodyWriteSerializer(instance, data=request.data, partial=partial,
                                             context=self.get_serializer_context())
        write.is_valid(raise_exception=True)
        return write.validated_data


class TallyValueFilter(SelectorFilterSet):
    body = filters.CharFilter(method="noop", help_text="Code of the reporting body")
    indicator = filters.CharFilter(method="noop", help_text="Code of the indicator")
    period = filters.CharFilter(method="noop", help_text="One period: 2019-Q3, 2019-07 or 2019")
    date_from = filters.DateFilter(method="noop", help_text="Periods ending on or after this day")
    date_to = filters.DateFilter(method="noop", help_text="Periods ending on or before this day")

    class Meta:
        model = TallyValue
        fields = []

    def select(self, queryset, data):
        kwargs = {"base": queryset, "start": data.get("date_from"), "end": data.get("date_to"), "area": data["area"]}
        if data.get("body"):
            kwargs["body"] = ReportingBody.objects.filter(code=data["body"]).first() or ReportingBody(pk=0)
        if data.get("indicator"):
            kwargs["indicator"] = Indicator.objects.filter(code=data["indicator"]).first() or Indicator(pk=0)
        qs = tally_value_list(**kwargs)
        if data.get("period"):
            try:
                period = period_parse(data["period"])
            except DjangoValidationError as exc:
                raise ValidationError({"period": exc.messages}) from None
            qs = qs.filter(period_type=period.type, period_start=period.start)
        return qs


class TallyValueViewSet(BulkCreateMixin, ScopedReadOnlyViewSet):
    """Values of the tallies in your scope. POST …/grid/ saves a body's grid for one period."""

    serializer_class = TallyValueSerializer
    # …/bulk/ takes grids: a migration sends many bodies and periods at once.
    bulk_create_action, bulk_request_serializer, bulk_response_serializer = "grid", GridSerializer, GridResultSerializer
    filterset_class = TallyValueFilter
    scope_field = "area"

    def get_base_queryset(self):
        return TallyValue.objects.select_related("indicator", "body", "area", "entered_by")

    @extend_schema(request=GridSerializer, responses=GridResultSerializer)
    @action(detail=False, methods=["post"], url_path="grid", filterset_class=None, pagination_class=None)
    def grid(self, request):
        """Save a body's grid for one period, all or nothing: every cell is upserted, a null or empty value clears
        it. 400 with the errors by indicator code (under `values`) or by grid field; 403 outside your scope."""
        grid = GridSerializer(data=request.data)
        grid.is_valid(raise_exception=True)
        body, period = grid.validated_data["body"], grid.validated_data["period"]
        area = body.area
        if grid.validated_data.get("area"):
            code = grid.validated_data["area"]
            try:
                area = area_resolve(code=code, on=period.end)
            except AreaNotFound:
                try:
                    area = area_resolve_latest(code=code)
                except AreaNotFound:
                    raise ValidationError({"area": _("No area has code %(code)s.") % {"code": code}}) from None
        cells, errors = {}, {}
        for code, cell in grid.validated_data["values"].items():
            text = cell["value"]
            if text is None or not str(text).strip():
                cells[code] = Cell(None)
                continue
            try:
                value, more_than = value_parse(text)
            except DjangoValidationError as exc:
                errors[code] = exc.messages
                continue
            cells[code] = Cell(value, more_than or cell["more_than"], cell["note"])
        if errors:
            raise ValidationError({"values": errors})
        try:  # the service's errors by indicator code go under "values", as the cells' own
            done = tally_save(body=body, area=area, period_type=period.type, period_start=period.start,
                              values=cells, actor=request.user)
        except DjangoValidationError as exc:
            found = exc.message_dict if hasattr(exc, "error_dict") else {"detail": exc.messages}
            detail = {k: v for k, v in found.items() if k in GRID_FIELDS}
            by_indicator = {k: v for k, v in found.items() if k not in GRID_FIELDS}
            raise ValidationError(detail | ({"values": by_indicator} if by_indicator else {})) from None
        saved = self.get_base_queryset().filter(body=body, area=area, period_type=period.type,
                                                period_start=period.start).order_by("indicator__order")
        return Response(GridResultSerializer(done | {"values": saved}).data)

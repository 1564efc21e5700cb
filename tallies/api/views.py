"""API of the tallies app: /api/v1/activities/indicators/ and /bodies/ (the catalogue, read-only; every signed-in
user sees all of it, and a body says whether you may enter its values), /values/ (the values of your scope, with
filters) and POST /values/grid/ (a body's grid for one period, saved all or nothing by tally_save: 400 with the
errors by indicator, 403 outside your scope)."""

from django.core.exceptions import ValidationError as DjangoValidationError
from django.utils.translation import gettext as _
from django_filters import rest_framework as filters
from drf_spectacular.utils import extend_schema
from rest_framework import serializers, viewsets
from rest_framework.decorators import action
from rest_framework.exceptions import ValidationError
from rest_framework.response import Response

from antqcore.api.filters import area_filter_value
from antqcore.api.serializers import AreaBriefSerializer
from antqcore.api.viewsets import ScopedReadOnlyViewSet
from antqcore.selectors import AreaNotFound, area_resolve, area_resolve_latest

from ..models import Indicator, ReportingBody, TallyValue
from ..periods import Period, period_containing, period_parse
from ..selectors import body_can_write, tally_value_list
from ..services import GRID_FIELDS, Cell, tally_save, value_parse

# --- Serializers ---------------------------------------------------------------------------------------------------


class IndicatorSerializer(serializers.ModelSerializer):
    not_below = serializers.SlugRelatedField(slug_field="code", read_only=True,
                                             help_text="Code of the indicator this one may not be below in a grid")

    class Meta:
        model = Indicator
        fields = ["code", "name", "unit_of_measure", "category", "not_below", "order", "active"]


class ReportingBodySerializer(serializers.ModelSerializer):
    area = AreaBriefSerializer(read_only=True)
    indicators = serializers.SlugRelatedField(slug_field="code", many=True, read_only=True,
                                              help_text="Codes of the indicators of its data set")
    can_write = serializers.SerializerMethodField(help_text="Whether you may enter this body's values")

    class Meta:
        model = ReportingBody
        fields = ["code", "name", "kind", "area", "period_type", "indicators", "active", "can_write"]

    def get_can_write(self, body) -> bool:
        return body_can_write(user=self.context["request"].user, body=body)


class TallyValueSerializer(serializers.ModelSerializer):
    indicator = serializers.SlugRelatedField(slug_field="code", read_only=True)
    indicator_name = serializers.CharField(source="indicator.name", read_only=True)
    body = serializers.SlugRelatedField(slug_field="code", read_only=True)
    body_name = serializers.CharField(source="body.name", read_only=True)
    area = AreaBriefSerializer(read_only=True)
    period = serializers.SerializerMethodField(help_text="2019-Q3, 2019-07 or 2019")
    period_label = serializers.SerializerMethodField()
    entered_by = serializers.CharField(source="entered_by.username", read_only=True, default=None)

    class Meta:
        model = TallyValue
        fields = ["id", "indicator", "indicator_name", "body", "body_name", "area", "period_type", "period",
                  "period_label", "period_start", "period_end", "value", "more_than", "note", "entered_by",
                  "updated_at"]

    def _period(self, value) -> Period:
        return period_containing(value.period_type, value.period_start)

    def get_period(self, value) -> str:
        return self._period(value).key

    def get_period_label(self, value) -> str:
        return self._period(value).label


class CellSerializer(serializers.Serializer):
    value = serializers.CharField(allow_null=True, allow_blank=True, help_text=(
        "80000, 1.200, \"trên 80.000\" or \">80000\"; null or \"\" clears the cell"))
    more_than = serializers.BooleanField(default=False, help_text="The value is known only as “more than” it")
    note = serializers.CharField(default="", allow_blank=True, max_length=255)


class GridSerializer(serializers.Serializer):
    body = serializers.SlugRelatedField(slug_field="code", queryset=ReportingBody.objects.select_related("area"),
                                        help_text="Code of the reporting body")
    period = serializers.CharField(help_text="2019-Q3, 2019-07 or 2019, as the body's reporting period")
    area = serializers.CharField(required=False, help_text="Official code of the area; by default the body's own")
    values = serializers.DictField(child=CellSerializer(), help_text="Indicator code → cell")

    def validate_period(self, text):
        try:
            return period_parse(text)
        except DjangoValidationError as exc:
            raise serializers.ValidationError(exc.messages) from None


class GridResultSerializer(serializers.Serializer):
    saved = serializers.IntegerField()
    cleared = serializers.IntegerField()
    unchanged = serializers.IntegerField()
    values = TallyValueSerializer(many=True)


# --- Views ---------------------------------------------------------------------------------------------------------


class IndicatorViewSet(viewsets.ReadOnlyModelViewSet):
    """The indicators of the catalogue (edited in the admin)."""

    serializer_class = IndicatorSerializer
    queryset = Indicator.objects.select_related("not_below").order_by("order", "code")
    lookup_field = "code"
    pagination_class = None


class ReportingBodyViewSet(viewsets.ReadOnlyModelViewSet):
    """The reporting bodies and their data sets. Every signed-in user sees them all (they are a catalogue);
    `can_write` says whether you may enter a body's values."""

    serializer_class = ReportingBodySerializer
    queryset = ReportingBody.objects.select_related("area").prefetch_related("indicators").order_by("kind", "name")
    lookup_field = "code"
    pagination_class = None


class TallyValueFilter(filters.FilterSet):
    body = filters.CharFilter(method="noop", help_text="Code of the reporting body")
    indicator = filters.CharFilter(method="noop", help_text="Code of the indicator")
    period = filters.CharFilter(method="noop", help_text="One period: 2019-Q3, 2019-07 or 2019")
    date_from = filters.DateFilter(method="noop", help_text="Periods ending on or after this day")
    date_to = filters.DateFilter(method="noop", help_text="Periods ending on or before this day")
    area = filters.CharFilter(method="noop", help_text="Official code of a province, district or commune: its subtree")

    class Meta:
        model = TallyValue
        fields = []

    def noop(self, queryset, name, value):
        return queryset

    def filter_queryset(self, queryset):
        # One selector applies every filter; the scope was applied by the base ViewSet beforehand.
        d = self.form.cleaned_data
        kwargs = {"base": queryset, "start": d.get("date_from"), "end": d.get("date_to")}
        if d.get("body"):
            kwargs["body"] = ReportingBody.objects.filter(code=d["body"]).first() or ReportingBody(pk=0)
        if d.get("indicator"):
            kwargs["indicator"] = Indicator.objects.filter(code=d["indicator"]).first() or Indicator(pk=0)
        if d.get("area"):
            kwargs["area"] = area_filter_value(d["area"])
        qs = tally_value_list(**kwargs)
        if d.get("period"):
            try:
                period = period_parse(d["period"])
            except DjangoValidationError as exc:
                raise ValidationError({"period": exc.messages}) from None
            qs = qs.filter(period_type=period.type, period_start=period.start)
        return qs


class TallyValueViewSet(ScopedReadOnlyViewSet):
    """Values of the tallies in your scope. POST …/grid/ saves a body's grid for one period."""

    serializer_class = TallyValueSerializer
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
        try:
            done = tally_save(body=body, area=area, period_type=period.type, period_start=period.start,
                              values=cells, user=request.user)
        except DjangoValidationError as exc:
            found = exc.message_dict if hasattr(exc, "error_dict") else {"detail": exc.messages}
            detail = {k: v for k, v in found.items() if k in GRID_FIELDS}
            by_indicator = {k: v for k, v in found.items() if k not in GRID_FIELDS}
            raise ValidationError(detail | ({"values": by_indicator} if by_indicator else {})) from None
        saved = self.get_base_queryset().filter(body=body, area=area, period_type=period.type,
                                                period_start=period.start).order_by("indicator__order")
        return Response(GridResultSerializer(done | {"values": saved}).data)

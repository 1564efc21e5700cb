"""The serializers of /api/v1/activities/indicators/, /bodies/ and /values/, and of the grid that POST
values/grid/ saves."""

from django.core.exceptions import ValidationError as DjangoValidationError
from rest_framework import serializers

from antqcore.api.filters import area_filter_value
from antqcore.api.serializers import AreaBriefSerializer

from ..models import Indicator, ReportingBody, TallyValue
from ..periods import Period, period_containing, period_parse
from ..selectors import body_can_write


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


class ReportingBodyWriteSerializer(serializers.ModelSerializer):
    """What a province's staff send to create or change a body; the answer is the body as GET gives it."""

    area = serializers.CharField(max_length=10, help_text=(
        "Official code of the province, district or commune the body reports for, read on `area_on`"))
    area_on = serializers.DateField(required=False, write_only=True, help_text=(
        "The date the area code is read on (codes are reused across maps); default: today's map, else the last "
        "day of the old map"))
    indicators = serializers.SlugRelatedField(slug_field="code", many=True, queryset=Indicator.objects.all(),
                                              required=False, help_text="Codes of the indicators of its data set")

    class Meta:
        model = ReportingBody
        fields = ["code", "name", "kind", "area", "area_on", "period_type", "indicators", "active"]

    def validate(self, attrs):
        on = attrs.pop("area_on", None)
        if "area" in attrs:  # 400 naming `area` when no area bore the code that day
            attrs["area"] = area_filter_value(attrs["area"], on)
        return attrs


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
    value = serializers.CharField(allow_null=True, allow_blank=True, max_length=100, help_text=(
        "80000, 1.200, \"trên 80.000\" or \">80000\"; null or \"\" clears the cell"))
    more_than = serializers.BooleanField(default=False, help_text="The value is known only as “more than” it")
    note = serializers.CharField(default="", allow_blank=True, max_length=255)


class GridSerializer(serializers.Serializer):
    body = serializers.SlugRelatedField(slug_field="code", queryset=ReportingBody.objects.select_related("area"),
                                        help_text="Code of the reporting body")
    period = serializers.CharField(max_length=40, help_text="2019-Q3, 2019-07 or 2019, as the body's reporting period")
    area = serializers.CharField(required=False, max_length=20,
                                 help_text="Official code of the area; by default the body's own")
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

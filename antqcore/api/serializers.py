from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from rest_framework import serializers

from antqcore.models import Area, Organisation, User


class TodayOnCreateMixin:
    """A record written through the API as it happens may leave out its date: the fields named in `today_fields` are
    optional when a record is created and default to today (a date) or now (a date and time), as the web forms start
    on them. An update (PUT too) that leaves them out keeps the stored value: the request body is the same for both,
    as the schema says."""

    today_fields: tuple[str, ...] = ()

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for name in self.today_fields:
            field = self.fields[name]
            field.required = False
            if self.instance is None:
                field.default = timezone.now if isinstance(field, serializers.DateTimeField) else timezone.localdate


class AreaBriefSerializer(serializers.ModelSerializer):
    class Meta:
        model = Area
        fields = ["id", "code", "name", "level"]


class AreaSerializer(serializers.ModelSerializer):
    parent = AreaBriefSerializer(read_only=True)

    class Meta:
        model = Area
        fields = ["id", "code", "name", "short_name", "kind", "level", "era", "parent", "valid_from", "valid_to"]


class OrganisationSerializer(serializers.ModelSerializer):
    area = serializers.PrimaryKeyRelatedField(queryset=Area.objects.all(), help_text=_("Area id"))
    area_detail = AreaBriefSerializer(source="area", read_only=True)

    class Meta:
        model = Organisation
        fields = ["id", "name", "kind", "area", "area_detail"]


class MeSerializer(serializers.ModelSerializer):
    scope_area = AreaSerializer(read_only=True)
    organisation = serializers.StringRelatedField()

    class Meta:
        model = User
        fields = ["username", "first_name", "last_name", "role", "organisation", "scope_area"]


class StatsQuerySerializer(serializers.Serializer):
    area = serializers.CharField(max_length=20, help_text=_("Official code, resolved on the period's end date"))
    # "from" is a Python keyword, so it can only be declared through the class namespace.
    locals()["from"] = serializers.DateField()
    to = serializers.DateField()
    keys = serializers.CharField(required=False, allow_blank=True, max_length=5000,
                                 help_text=_("Comma-separated figure keys"))
    map = serializers.ChoiceField(choices=["new", "old"], required=False, default="new", help_text=_(
        "old: the code is an area of the map before 01/07/2025, which also counts the records of the new map made in "
        "its territory"))
    breakdown = serializers.ChoiceField(choices=["", "area", "former"], required=False, default="", help_text=_(
        "area: the areas one level down on the map of the period's end; former: the areas the area took over"))

    def validate(self, attrs):
        if attrs["from"] > attrs["to"]:
            raise serializers.ValidationError({"from": _("The start date must not be after the end date.")})
        return attrs




class StatsBreakdownRowSerializer(serializers.Serializer):
    code = serializers.CharField(help_text=_("Official code"))
    name = serializers.CharField()
    figures = serializers.DictField(child=serializers.FloatField(allow_null=True))


class StatsSerializer(serializers.Serializer):
    """The answer of /api/v1/stats/ (the schema's description of it)."""

    area = AreaSerializer()
    locals()["from"] = serializers.DateField()
    to = serializers.DateField()
    map = serializers.ChoiceField(choices=["new", "old"])
    figures = serializers.DictField(child=serializers.FloatField(allow_null=True), help_text=_(
        "{key: value}: a count is a whole number"))
    more_than = serializers.ListField(child=serializers.CharField(), help_text=_(
        "Keys of figures reported as \"more than N\" (printed \"trên N\"); their value is N"))
    notes = serializers.DictField(child=serializers.CharField(), help_text=_("{key: what a reader must know}"))
    breakdown = StatsBreakdownRowSerializer(many=True, required=False, help_text=_("With breakdown=area|former"))

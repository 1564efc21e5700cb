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

    explain = serializers.BooleanField(required=False, default=False, help_text=_(
        "true: also, per figure, its rule in words and the address of its records"))

    def validate(self, attrs):
        if attrs["from"] > attrs["to"]:
            raise serializers.ValidationError({"from": _("The start date must not be after the end date.")})
        return attrs


class FigureRecordsQuerySerializer(StatsQuerySerializer):
    """The parameters of /api/v1/stats/records/: one figure's key instead of a list."""

    keys = None
    breakdown = None
    explain = None
    key = serializers.CharField(max_length=100, help_text=_("The figure's key (see /api/v1/stats/)"))




class StatsBreakdownRowSerializer(serializers.Serializer):
    code = serializers.CharField(help_text=_("Official code"))
    name = serializers.CharField()
    figures = serializers.DictField(child=serializers.FloatField(allow_null=True))


class FigureExplanationSerializer(serializers.Serializer):
    label = serializers.CharField()
    rule = serializers.CharField(help_text=_("What the figure counts, in words"))
    records = serializers.URLField(help_text=_("The address of its records (/api/v1/stats/records/)"))
    page = serializers.CharField(help_text=_("Its \"Nguồn số liệu\" page in the web interface"))


class FigureRecordSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    model = serializers.CharField(help_text=_("app.model of the record"))
    text = serializers.CharField(help_text=_("The record as the interface names it"))
    url = serializers.CharField(allow_null=True, help_text=_("Its page in the web interface"))
    api_url = serializers.CharField(allow_null=True, help_text=_("Its address in the API"))
    fields = serializers.DictField(help_text=_("What the records list shows of it"))
    value = serializers.FloatField(required=False, help_text=_("For a figure that sums a value: the record's value"))
    more_than = serializers.BooleanField(required=False, help_text=_("The value is known as \"more than\""))


class FigureRecordsSerializer(serializers.Serializer):
    """The answer of /api/v1/stats/records/ (the schema's description of it)."""

    key = serializers.CharField()
    label = serializers.CharField()
    rule = serializers.CharField()
    area = AreaSerializer()
    locals()["from"] = serializers.DateField()
    to = serializers.DateField()
    map = serializers.ChoiceField(choices=["new", "old"])
    value = serializers.FloatField(help_text=_("The figure (all its records, whoever asks)"))
    more_than = serializers.BooleanField()
    measure = serializers.ChoiceField(choices=["count", "sum", "derived"], help_text=_(
        "count: the figure is the number of its records; sum: the sum of their values; derived: computed from them "
        "(a percentage, a longest run)"))
    outside_scope = serializers.BooleanField(help_text=_(
        "The figure also counts records outside your area: `results` lists only yours"))
    list_url = serializers.CharField(allow_null=True, help_text=_("The registry's own list with the same filters"))
    count = serializers.IntegerField(help_text=_("How many records you may see"))
    next = serializers.URLField(allow_null=True)
    previous = serializers.URLField(allow_null=True)
    results = FigureRecordSerializer(many=True)


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
    explain = serializers.DictField(child=FigureExplanationSerializer(), required=False, help_text=_(
        "With explain=true: {key: its rule and the address of its records}"))

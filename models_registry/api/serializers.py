from django.utils.translation import gettext as _
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from antqcore.api.fields import LimitedTextField, ScopedPrimaryKeyRelatedField
from antqcore.api.serializers import AreaBriefSerializer, TodayOnCreateMixin
from antqcore.models import Area, AreaLevel
from antqcore.uploads import UploadSerializerField
from units.models import Unit

from ..models import Activity, ModelStatus, ModelType, MovementModel, PilotSelection, Rating, Review
from ..services import MODEL_FIELDS


class ModelTypeSerializer(serializers.ModelSerializer):
    class Meta:
        model = ModelType
        fields = ["id", "code", "name", "order"]


class RatingSerializer(serializers.ModelSerializer):
    class Meta:
        model = Rating
        fields = ["id", "name", "order", "is_weak"]


class UnitBriefSerializer(serializers.ModelSerializer):
    class Meta:
        model = Unit
        fields = ["id", "name"]


class MovementModelSerializer(serializers.ModelSerializer):
    """A model with its participants (unit ids) and whether it is formalistic today, and why (read-only: derived from
    the records). The elimination goes through the `eliminate` action."""

    type = serializers.SlugRelatedField(slug_field="code", queryset=ModelType.objects.all(),
                                        help_text="Code of the model type (see /api/v1/models/types/)")
    type_name = serializers.CharField(source="type.name", read_only=True)
    area = serializers.PrimaryKeyRelatedField(
        queryset=Area.objects.filter(level__in=[AreaLevel.DISTRICT, AreaLevel.COMMUNE]), required=False,
        allow_null=True,
        help_text="Area id of the commune (or district) where the model operates; defaults to the host unit's commune")
    area_detail = AreaBriefSerializer(source="area", read_only=True)
    district = AreaBriefSerializer(source="area.parent", read_only=True)
    host_unit = ScopedPrimaryKeyRelatedField(queryset=Unit.objects.alive(), area_field="commune", required=False,
                                             allow_null=True, help_text="Id of the host unit, in your scope")
    host_unit_name = serializers.CharField(source="host_unit.name", read_only=True, default=None)
    participants = ScopedPrimaryKeyRelatedField(queryset=Unit.objects.alive(), area_field="commune", many=True,
                                                required=False,
                                                help_text="Ids of the participating units, each in your scope")
    participants_detail = UnitBriefSerializer(source="participants", many=True, read_only=True)
    partner_commune = serializers.PrimaryKeyRelatedField(
        queryset=Area.objects.filter(level=AreaLevel.COMMUNE), required=False, allow_null=True)
    replicated_from = ScopedPrimaryKeyRelatedField(queryset=MovementModel.objects.all(), required=False,
                                                   allow_null=True, help_text="Id of a model of your scope")
    status = serializers.ChoiceField(choices=ModelStatus.choices, required=False,
                                     help_text="To eliminate a model, use the eliminate action")
    regulation_file = UploadSerializerField(view_name="api:model-regulation", read_only=True,
                                            help_text="Download URL of the regulation's file (null without one)")
    formalistic = serializers.BooleanField(read_only=True)
    formalistic_reasons = serializers.SerializerMethodField()
    last_activity = serializers.DateField(read_only=True, allow_null=True)

    class Meta:
        model = MovementModel
        fields = ["id", *[f for f in MODEL_FIELDS if f != "regulation_file"], "type_name", "area_detail", "district",
                  "host_unit_name", "participants", "participants_detail", "regulation_file", "regulation_file_name",
                  "formalistic", "formalistic_reasons", "last_activity", "created_at", "updated_at"]
        read_only_fields = ["regulation_file", "regulation_file_name", "eliminated_on", "elimination_reason",
                            "created_at", "updated_at"]

    def validate(self, attrs):
        def current(field):
            return attrs[field] if field in attrs else getattr(self.instance, field, None)

        if current("area") is None and current("host_unit") is None:
            raise serializers.ValidationError({"area": _("Give the area or the host unit.")})
        return attrs

    @extend_schema_field(serializers.ListField(child=serializers.CharField()))
    def get_formalistic_reasons(self, obj) -> list[str]:
        from ..selectors import formalistic_reasons_of

        return formalistic_reasons_of(obj, self.context["formalistic_months"])


class ActivitySerializer(TodayOnCreateMixin, serializers.ModelSerializer):
    today_fields = ("date",)

    class Meta:
        model = Activity
        fields = ["id", "kind", "date", "note"]
        # The model's default kind is the web form's initial choice; a client says which it records.
        extra_kwargs = {"kind": {"required": True}}


class ReviewSerializer(TodayOnCreateMixin, serializers.ModelSerializer):
    today_fields = ("date",)
    rating = serializers.PrimaryKeyRelatedField(
        queryset=Rating.objects.all(), help_text="Id of a step of the rating scale (see /api/v1/models/ratings/)")
    rating_name = serializers.CharField(source="rating.name", read_only=True)

    class Meta:
        model = Review
        fields = ["id", "date", "rating", "rating_name", "reviewer", "notes"]


class EliminateSerializer(TodayOnCreateMixin, serializers.Serializer):
    today_fields = ("eliminated_on",)

    eliminated_on = serializers.DateField()
    reason = LimitedTextField()


class PilotUnitSerializer(TodayOnCreateMixin, serializers.ModelSerializer):
    """A unit chosen as a pilot site of the movement by a plan (counted by `models.pilot_units_2015` in the period of
    its `selected_on`). A unit is chosen once per plan."""

    today_fields = ("selected_on",)
    unit = ScopedPrimaryKeyRelatedField(queryset=Unit.objects.alive(), area_field="commune",
                                        help_text="Id of the unit, in your scope")
    unit_name = serializers.CharField(source="unit.name", read_only=True)

    class Meta:
        model = PilotSelection
        fields = ["id", "unit", "unit_name", "plan", "selected_on"]
        validators = []  # "once per plan" is the service's rule, refused in Vietnamese on the unit

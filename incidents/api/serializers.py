from rest_framework import serializers

from antqcore.api.fields import ScopedPrimaryKeyRelatedField
from antqcore.api.serializers import AreaBriefSerializer, TodayOnCreateMixin
from antqcore.models import Area, AreaLevel
from units.models import Unit

from ..models import Incident, IncidentType
from ..services import INCIDENT_FIELDS


class IncidentTypeSerializer(serializers.ModelSerializer):
    class Meta:
        model = IncidentType
        fields = ["id", "code", "name", "order", "active", *IncidentType.RULE_FIELDS]


class IncidentSerializer(TodayOnCreateMixin, serializers.ModelSerializer):
    """An incident. `occurred_at` defaults to now; `serious` is computed from the type's rules (read-only); `area`
    defaults to the unit's commune as it was on the day; DELETE is a soft delete."""

    today_fields = ("occurred_at",)

    type = serializers.SlugRelatedField(slug_field="code", queryset=IncidentType.objects.all(),
                                        help_text="Code of the incident type (see /api/v1/incidents/types/)")
    type_name = serializers.CharField(source="type.name", read_only=True)
    unit = ScopedPrimaryKeyRelatedField(queryset=Unit.objects.alive(), area_field="commune", required=False,
                                        allow_null=True,
                                              help_text="Id of the unit where it happened, in your scope")
    unit_name = serializers.CharField(source="unit.name", read_only=True, default=None)
    area = serializers.PrimaryKeyRelatedField(
        queryset=Area.objects.filter(level__in=[AreaLevel.DISTRICT, AreaLevel.COMMUNE]), required=False,
        allow_null=True,
        help_text="Area id of the commune (or district) where it happened, as it was then; defaults to the unit's "
                  "commune")
    area_detail = AreaBriefSerializer(source="area", read_only=True)
    district = AreaBriefSerializer(source="area.parent", read_only=True)
    created_by = serializers.CharField(source="created_by.username", read_only=True, default=None)

    class Meta:
        model = Incident
        fields = ["id", *INCIDENT_FIELDS, "serious", "type_name", "unit_name", "area_detail", "district",
                  "created_by", "created_at", "updated_at"]
        read_only_fields = ["serious", "created_at", "updated_at"]

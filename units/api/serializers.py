from rest_framework import serializers

from antqcore.api.fields import ScopedPrimaryKeyRelatedField
from antqcore.api.filters import YEARS
from antqcore.api.serializers import AreaBriefSerializer
from antqcore.models import Area, AreaLevel

from ..models import FireTeam, FireTeamConsolidation, GuardForce, IndustrialZone, Unit, ZoneInvestment
from ..services import UNIT_FIELDS


class UnitSerializer(serializers.ModelSerializer):
    commune = serializers.PrimaryKeyRelatedField(queryset=Area.objects.filter(level=AreaLevel.COMMUNE),
                                                 help_text="Area id of the commune (see /api/v1/areas/)")
    commune_detail = AreaBriefSerializer(source="commune", read_only=True)
    district = AreaBriefSerializer(source="commune.parent", read_only=True)
    zone = ScopedPrimaryKeyRelatedField(queryset=IndustrialZone.objects.all(), required=False, allow_null=True,
                                        help_text="Id of an industrial zone or cluster of your scope")
    zone_name = serializers.CharField(source="zone.name", read_only=True, default=None)
    version = serializers.IntegerField(required=False, help_text="The version read; required on update unless "
                                       "an If-Match header carries it. A stale version answers 409.")

    class Meta:
        model = Unit
        fields = ["id", *UNIT_FIELDS, "commune_detail", "district", "zone_name", "version", "created_at",
                  "updated_at"]
        read_only_fields = ["created_at", "updated_at"]


class IndustrialZoneSerializer(serializers.ModelSerializer):
    area_detail = AreaBriefSerializer(source="area", read_only=True)
    enterprises_operating = serializers.IntegerField(read_only=True)
    workers = serializers.IntegerField(read_only=True)
    investment_projects = serializers.IntegerField(read_only=True)

    class Meta:
        model = IndustrialZone
        fields = ["id", "name", "kind", "area", "area_detail", "established_on", "investment_projects",
                  "enterprises_operating", "workers"]


# A year of a record lies within antqcore.api.filters.YEARS (a guard force of year 1 was accepted).
YEAR_BOUNDS = {"min_value": YEARS.start, "max_value": YEARS.stop - 1}


class GuardForceSerializer(serializers.ModelSerializer):
    """A unit's guard force in a year; posting a year already recorded replaces it."""

    total = serializers.IntegerField(read_only=True, help_text="official_staff + long_term + short_term + bodyguards")

    class Meta:
        model = GuardForce
        fields = ["id", "year", "organisation_form", "staffing", "official_staff", "long_term", "short_term",
                  "bodyguards", "trained", "total"]
        extra_kwargs = {"year": YEAR_BOUNDS}


class FireTeamConsolidationSerializer(serializers.ModelSerializer):
    class Meta:
        model = FireTeamConsolidation
        fields = ["id", "date", "members", "note"]
        # The model's default of 0 is the web form's initial value; a client says how many members there are.
        extra_kwargs = {"members": {"required": True}}


class FireTeamSerializer(serializers.ModelSerializer):
    """A unit's fire team (one per unit; posting again replaces its date and members)."""

    consolidations = FireTeamConsolidationSerializer(many=True, read_only=True)

    class Meta:
        model = FireTeam
        fields = ["id", "established_on", "members", "consolidations"]
        extra_kwargs = {"members": {"required": True}}  # as a consolidation's


class ZoneInvestmentSerializer(serializers.ModelSerializer):
    """The investment projects a zone attracted in a year; posting a year already recorded replaces it."""

    class Meta:
        model = ZoneInvestment
        fields = ["id", "year", "projects"]
        extra_kwargs = {"year": YEAR_BOUNDS}

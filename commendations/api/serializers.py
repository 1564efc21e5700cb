from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from antqcore.api.fields import ScopedPrimaryKeyRelatedField
from antqcore.api.serializers import AreaBriefSerializer
from antqcore.models import Area
from units.models import Unit

from ..models import Commendation
from ..services import COMMENDATION_FIELDS


class CommendedUnitSerializer(serializers.ModelSerializer):
    class Meta:
        model = Unit
        fields = ["id", "name"]


class CommendationSerializer(serializers.ModelSerializer):
    """A commendation. The service checks it as a whole (the medal goes to individuals, once per person, granted
    by the Minister...) and answers 400 with the reasons; a second medal names the first decision."""

    unit = ScopedPrimaryKeyRelatedField(
        queryset=Unit.objects.alive(), area_field="commune", required=False, allow_null=True,
        help_text="Unit id: the collective's unit, or the unit where the person works; in your scope")
    unit_detail = CommendedUnitSerializer(source="unit", read_only=True)
    area = serializers.PrimaryKeyRelatedField(
        queryset=Area.objects.all(), required=False, allow_null=True,
        help_text="Area id where the commendation is counted; defaults to the unit's commune")
    area_detail = AreaBriefSerializer(source="area", read_only=True)
    recipient_name = serializers.SerializerMethodField()

    class Meta:
        model = Commendation
        fields = ["id", *COMMENDATION_FIELDS, "unit_detail", "area_detail", "recipient_name", "created_at",
                  "updated_at"]
        read_only_fields = ["created_at", "updated_at"]
        # The service checks every rule, the model's constraints included, and words them for the user.
        validators: list = []

    @extend_schema_field(serializers.CharField())
    def get_recipient_name(self, obj) -> str:
        return obj.recipient_name

from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from antqcore.api.fields import ScopedPrimaryKeyRelatedField
from antqcore.api.filters import YEARS
from antqcore.api.serializers import TodayOnCreateMixin
from antqcore.uploads import UploadSerializerField
from units.models import Unit

from ..models import Answer, Campaign, Council, CriteriaSet, Criterion, Criticism, Decision, Level, Participation


class CriterionSerializer(serializers.ModelSerializer):
    class Meta:
        model = Criterion
        fields = ["id", "order", "code", "text", "kind", "incident_types", "serious_only"]


class CriteriaSetSerializer(serializers.ModelSerializer):
    scheme = serializers.SlugRelatedField(slug_field="code", read_only=True)
    criteria = CriterionSerializer(many=True, read_only=True)

    class Meta:
        model = CriteriaSet
        fields = ["id", "scheme", "name", "legal_basis", "valid_from", "valid_to", "unit_kinds", "area", "criteria"]
        read_only_fields = fields


class CampaignSerializer(serializers.ModelSerializer):
    scheme = serializers.SlugRelatedField(slug_field="code", queryset=Campaign._meta.get_field("scheme")
                                          .related_model.objects.all())

    class Meta:
        model = Campaign
        fields = ["id", "scheme", "year", "window_start", "window_end", "registration_deadline",
                  "submission_deadline"]
        extra_kwargs = {f: {"required": False} for f in ["window_start", "window_end", "registration_deadline",
                                                          "submission_deadline"]}
        extra_kwargs["year"] = {"min_value": YEARS.start, "max_value": YEARS.stop - 1}


class AnswerSerializer(serializers.ModelSerializer):
    attachment = UploadSerializerField(view_name="api:certification-participation-attachment", read_only=True,
                                       url_args=lambda answer: [answer.participation_id, answer.pk],
                                       help_text="Download URL of the attached file (null without one)")

    class Meta:
        model = Answer
        fields = ["criterion", "met", "note", "attachment", "attachment_name"]
        read_only_fields = ["attachment", "attachment_name"]


class DecisionBriefSerializer(serializers.ModelSerializer):
    class Meta:
        model = Decision
        fields = ["id", "level", "authority", "number", "date", "signer"]


class ParticipationSerializer(serializers.ModelSerializer):
    unit = ScopedPrimaryKeyRelatedField(queryset=Unit.objects.alive(), area_field="commune")
    unit_name = serializers.CharField(source="unit.name", read_only=True)
    campaign_year = serializers.IntegerField(source="campaign.year", read_only=True)
    scheme = serializers.CharField(source="campaign.scheme.code", read_only=True)
    decision = DecisionBriefSerializer(read_only=True)
    answers = AnswerSerializer(many=True, read_only=True)

    class Meta:
        model = Participation
        fields = ["id", "campaign", "campaign_year", "scheme", "unit", "unit_name", "status", "registered_on",
                  "assessed_on", "submitted_on", "council", "council_meeting_on", "council_recommends",
                  "council_note", "decision", "certificate_number", "override_reason", "revoked_on",
                  "revocation_reason", "answers"]
        read_only_fields = [f for f in fields if f not in ("campaign", "unit")]
        # Registering twice is refused by the service, with a message, after the scope check.
        validators = []


class AssessSerializer(serializers.Serializer):
    answers = AnswerSerializer(many=True)


class AppraiseSerializer(TodayOnCreateMixin, serializers.Serializer):
    today_fields = ("meeting_on",)

    council = ScopedPrimaryKeyRelatedField(queryset=Council.objects.all(), above=True,
                                           help_text="Council id: of your scope or of the areas above it")
    meeting_on = serializers.DateField()
    recommends = serializers.BooleanField()
    note = serializers.CharField(required=False, allow_blank=True, default="")


class DecisionFieldsSerializer(serializers.Serializer):
    level = serializers.ChoiceField(choices=Level.choices)
    authority = serializers.CharField(max_length=200)
    number = serializers.CharField(max_length=50)
    date = serializers.DateField()
    signer = serializers.CharField(max_length=120, required=False, allow_blank=True, default="")
    recognized = serializers.BooleanField()


class DecideSerializer(DecisionFieldsSerializer):
    certificate_number = serializers.CharField(max_length=50, required=False, allow_blank=True, default="")
    override_reason = serializers.CharField(required=False, allow_blank=True, default="")


class BulkDecisionSerializer(DecisionFieldsSerializer):
    campaign = serializers.PrimaryKeyRelatedField(queryset=Campaign.objects.all())
    participations = serializers.ListField(child=serializers.IntegerField(), allow_empty=False)
    certificates = serializers.DictField(child=serializers.CharField(allow_blank=True), required=False, default=dict)
    override_reasons = serializers.DictField(child=serializers.CharField(allow_blank=True), required=False,
                                             default=dict)


class RevokeSerializer(serializers.Serializer):
    reason = serializers.CharField()
    on = serializers.DateField(required=False)


class DecisionUnitSerializer(serializers.Serializer):
    participation = serializers.IntegerField()
    unit = serializers.IntegerField()
    name = serializers.CharField()
    status = serializers.CharField()
    certificate_number = serializers.CharField()


class DecisionSerializer(serializers.ModelSerializer):
    units = serializers.SerializerMethodField()

    class Meta:
        model = Decision
        fields = ["id", "campaign", "level", "authority", "number", "date", "signer", "area", "units"]
        read_only_fields = fields  # a decision is recorded through BulkDecisionSerializer

    @extend_schema_field(DecisionUnitSerializer(many=True))
    def get_units(self, decision):
        return [{"participation": p.pk, "unit": p.unit_id, "name": p.unit.name, "status": p.status,
                 "certificate_number": p.certificate_number} for p in decision.participations.all()]


class CriticismSerializer(serializers.ModelSerializer):
    unit = ScopedPrimaryKeyRelatedField(queryset=Unit.objects.alive(), area_field="commune")

    class Meta:
        model = Criticism
        fields = ["id", "unit", "campaign", "date", "document_number", "issuer", "content"]


class CouncilSerializer(serializers.ModelSerializer):
    """An appraisal council: the `council` of an appraisal. Kept in the admin; `province_setup` makes the province's."""

    members = serializers.SerializerMethodField()

    class Meta:
        model = Council
        fields = ["id", "name", "established_by", "members", "area"]
        read_only_fields = fields  # kept in the admin

    def get_members(self, obj) -> list[str]:
        return [line.strip() for line in obj.members.splitlines() if line.strip()]

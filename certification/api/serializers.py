from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from antqcore.api.fields import LimitedTextField, ScopedPrimaryKeyRelatedField
from antqcore.api.filters import YEARS
from antqcore.api.serializers import TodayOnCreateMixin
from antqcore.uploads import UploadSerializerField
from units.models import Unit

from ..models import (
    Answer,
    Campaign,
    Council,
    CriteriaSet,
    Criterion,
    Criticism,
    Decision,
    Level,
    Participation,
    Status,
    StepLog,
)


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


class StepLogSerializer(serializers.ModelSerializer):
    """One step of the dossier's audit trail: who entered it and when (`at`), and the date the step bears (`on`)."""

    actor_name = serializers.SerializerMethodField()
    from_status = serializers.ChoiceField(choices=Status.choices, allow_blank=True, read_only=True, help_text=(
        "The status before the step; empty for the registration"))

    class Meta:
        model = StepLog
        fields = ["from_status", "to_status", "on", "at", "actor", "actor_name", "from_archive", "note"]
        read_only_fields = fields
        extra_kwargs = {"on": {"help_text": "The date the step bears (null on steps logged before it was kept)"},
                        "at": {"help_text": "When the step was entered"},
                        "from_archive": {"help_text": "Entered later from the archive, with its past date"}}

    def get_actor_name(self, step) -> str | None:
        return (step.actor.get_full_name() or step.actor.username) if step.actor else None


STEP_DATE_HELP = ("The date the step was taken, for a dossier entered from the archive (history import): optional, "
                  "today when left out. Only province staff and administrators may give it (anyone else: 403). "
                  "Refused (400 naming `date`) in the future or before the dossier's previous step (registration ≤ "
                  "self-assessment ≤ submission ≤ appraisal ≤ decision). The step log records who entered it, when, "
                  "and its date, marked as entered from the archive.")


def step_date_field() -> serializers.DateField:
    return serializers.DateField(source="on", required=False, write_only=True, help_text=STEP_DATE_HELP)


class ParticipationSerializer(serializers.ModelSerializer):
    unit = ScopedPrimaryKeyRelatedField(queryset=Unit.objects.alive(), area_field="commune")
    date = serializers.DateField(required=False, write_only=True,
                                 help_text=STEP_DATE_HELP.replace("the step was taken", "the unit registered")
                                 + " A registration after the campaign's registration deadline is late by this date.")
    unit_name = serializers.CharField(source="unit.name", read_only=True)
    campaign_year = serializers.IntegerField(source="campaign.year", read_only=True)
    scheme = serializers.CharField(source="campaign.scheme.code", read_only=True)
    decision = DecisionBriefSerializer(read_only=True)
    answers = AnswerSerializer(many=True, read_only=True)
    steps = StepLogSerializer(many=True, read_only=True)

    class Meta:
        model = Participation
        fields = ["id", "campaign", "campaign_year", "scheme", "unit", "unit_name", "date", "status", "registered_on",
                  "assessed_on", "submitted_on", "council", "council_meeting_on", "council_recommends",
                  "council_note", "decision", "certificate_number", "override_reason", "revoked_on",
                  "revocation_reason", "answers", "steps"]
        read_only_fields = [f for f in fields if f not in ("campaign", "unit", "date")]
        # Registering twice is refused by the service, with a message, after the scope check.
        validators = []


class AssessSerializer(serializers.Serializer):
    answers = AnswerSerializer(many=True)
    date = step_date_field()


class SubmitSerializer(serializers.Serializer):
    date = step_date_field()


class AppraiseSerializer(TodayOnCreateMixin, serializers.Serializer):
    today_fields = ("meeting_on",)

    council = ScopedPrimaryKeyRelatedField(queryset=Council.objects.all(), above=True,
                                           help_text="Council id: of your scope or of the areas above it")
    meeting_on = serializers.DateField(help_text="The council's meeting: the appraisal's date (today when left out). "
                                                 "Refused (400) in the future or before the dossier's submission.")
    recommends = serializers.BooleanField()
    note = LimitedTextField(required=False, allow_blank=True, default="")


class DecisionFieldsSerializer(serializers.Serializer):
    level = serializers.ChoiceField(choices=Level.choices, help_text=(
        "The level of the People's Committee that issues it: the decision's area is that of this level holding the "
        "units. The issuing body named in `authority` must be of the same level (400 naming `authority` otherwise)."))
    authority = serializers.CharField(max_length=200)
    number = serializers.CharField(max_length=50)
    date = serializers.DateField(help_text="The decision's date. Refused (400 naming `date`) in the future or "
                                           "before a step of a dossier it decides (its appraisal, submission...).")
    signer = serializers.CharField(max_length=120, required=False, allow_blank=True, default="")
    recognized = serializers.BooleanField()


class DecideSerializer(DecisionFieldsSerializer):
    certificate_number = serializers.CharField(max_length=50, required=False, allow_blank=True, default="")
    override_reason = LimitedTextField(required=False, allow_blank=True, default="")


class BulkDecisionSerializer(DecisionFieldsSerializer):
    campaign = serializers.PrimaryKeyRelatedField(queryset=Campaign.objects.all())
    participations = serializers.ListField(child=serializers.IntegerField(), allow_empty=False)
    certificates = serializers.DictField(child=serializers.CharField(allow_blank=True, max_length=100), required=False,
                                         default=dict)
    override_reasons = serializers.DictField(child=LimitedTextField(allow_blank=True), required=False,
                                             default=dict)


class RevokeSerializer(serializers.Serializer):
    reason = LimitedTextField()
    on = serializers.DateField(required=False, help_text="The revocation's date (today when left out). Refused "
                                                         "(400 naming `on`) in the future or before the decision.")


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


class BreachSerializer(serializers.Serializer):
    """An incident in the evaluation window that breaches a "must not occur" criterion."""

    date = serializers.DateField()
    type = serializers.CharField(help_text="Code of the incident type")
    type_label = serializers.CharField()
    description = serializers.CharField()
    serious = serializers.BooleanField()
    criterion = serializers.CharField(help_text="Code of the criterion breached")

from django.db.models import Prefetch
from django.shortcuts import get_object_or_404
from django.utils.translation import gettext as _
from drf_spectacular.utils import extend_schema
from rest_framework import mixins, permissions, status, viewsets
from rest_framework.decorators import action
from rest_framework.exceptions import ValidationError
from rest_framework.response import Response

from antqcore.api.bulk import BulkCreateMixin
from antqcore.api.viewsets import ScopedModelViewSet, ScopedReadOnlyViewSet
from antqcore.scoping import reach_q
from antqcore.uploads import FileDownloadRenderer, download_responses, file_download

from .. import selectors, services
from ..models import Campaign, Council, CriteriaSet, Criterion, Criticism, Decision, Participation, StepLog
from . import serializers as s


class IsProvinceStaffOrReadOnly(permissions.BasePermission):
    message = _("Only province staff can change this.")

    def has_permission(self, request, view):
        if not request.user.is_authenticated:
            return False
        return request.method in permissions.SAFE_METHODS or request.user.is_province_level


class CampaignViewSet(BulkCreateMixin, mixins.CreateModelMixin, viewsets.ReadOnlyModelViewSet):
    """Campaigns (a scheme and a year). Province-wide: everyone signed in reads; province staff open new ones."""

    serializer_class = s.CampaignSerializer
    permission_classes = [IsProvinceStaffOrReadOnly]
    queryset = Campaign.objects.select_related("scheme")
    filterset_fields = ["year", "scheme__code"]

    def perform_create(self, serializer):
        serializer.instance = services.campaign_open(actor=self.request.user, **serializer.validated_data)


class CriteriaSetViewSet(viewsets.ReadOnlyModelViewSet):
    serializer_class = s.CriteriaSetSerializer
    queryset = CriteriaSet.objects.select_related("scheme").prefetch_related(
        Prefetch("criteria", queryset=Criterion.objects.order_by("order")))
    filterset_fields = ["scheme__code"]


class CouncilViewSet(ScopedReadOnlyViewSet):
    """The appraisal councils a user may name in an appraisal: those of the scope and of the areas above it (the
    province's council appraises district dossiers). Read-only: councils are kept in the admin, and `province_setup`
    makes the province's."""

    serializer_class = s.CouncilSerializer
    scope_field = "area"

    def get_base_queryset(self):
        return Council.objects.order_by("area__path", "name", "id")

    def visible_q(self):
        return reach_q(self.request.user, "area", above=True)


class ParticipationViewSet(ScopedModelViewSet):
    """A unit's way through a campaign. POST registers; the steps are actions that refuse a step out of order."""

    serializer_class = s.ParticipationSerializer
    scope_field = "unit__commune"
    filterset_fields = ["campaign", "status", "campaign__year", "campaign__scheme__code"]
    http_method_names = ["get", "post", "head", "options"]

    def get_base_queryset(self):
        return Participation.objects.select_related("unit", "campaign__scheme", "decision").prefetch_related(
            "answers", Prefetch("steps", queryset=StepLog.objects.select_related("actor"))).order_by(
            "campaign__year", "unit__name", "id")

    def perform_create(self, serializer):
        d = serializer.validated_data
        serializer.instance = services.participation_register(campaign=d["campaign"], unit=d["unit"],
                                                              actor=self.request.user, on=d.get("date"))

    def _step(self, request, service, body_serializer=None, **fixed):
        participation = self.get_object()
        data = {}
        if body_serializer is not None:
            body = body_serializer(data=request.data)
            body.is_valid(raise_exception=True)
            data = dict(body.validated_data)
        result = service(participation=participation, actor=request.user, **data, **fixed)
        return Response(s.ParticipationSerializer(result if isinstance(result, Participation)
                                                  else Participation.objects.get(pk=participation.pk)).data)

    @extend_schema(request=None, responses=download_responses("certification_attachment"))
    @action(detail=True, methods=["get"], url_path=r"attachments/(?P<answer_id>[0-9]+)", url_name="attachment",
            renderer_classes=[FileDownloadRenderer])
    def attachment(self, request, pk=None, answer_id=None):
        """The file attached to an answer of the self-assessment (the answer's `attachment` URL)."""
        answer = get_object_or_404(self.get_object().answers, pk=answer_id)
        return file_download(request, record=answer, field="attachment")

    @extend_schema(request=s.AssessSerializer)
    @action(detail=True, methods=["post"])
    def assess(self, request, pk=None):
        body = s.AssessSerializer(data=request.data)
        body.is_valid(raise_exception=True)
        answers = {a["criterion"].pk: {"met": a["met"], "note": a.get("note", "")}
                   for a in body.validated_data["answers"]}
        participation = services.participation_assess(participation=self.get_object(), actor=request.user,
                                                      answers=answers, on=body.validated_data.get("on"))
        return Response(s.ParticipationSerializer(participation).data)

    @extend_schema(request=s.SubmitSerializer)
    @action(detail=True, methods=["post"])
    def submit(self, request, pk=None):
        return self._step(request, services.participation_submit, s.SubmitSerializer)

    @extend_schema(request=s.AppraiseSerializer)
    @action(detail=True, methods=["post"])
    def appraise(self, request, pk=None):
        return self._step(request, services.participation_appraise, s.AppraiseSerializer)

    @extend_schema(request=s.DecideSerializer)
    @action(detail=True, methods=["post"])
    def decide(self, request, pk=None):
        participation = self.get_object()
        body = s.DecideSerializer(data=request.data)
        body.is_valid(raise_exception=True)
        d = body.validated_data
        services.decision_record(campaign=participation.campaign, level=d["level"], authority=d["authority"],
                                 number=d["number"], date=d["date"], signer=d["signer"],
                                 participations=[participation], recognized=d["recognized"], actor=request.user,
                                 certificates={participation.pk: d["certificate_number"]},
                                 override_reasons={participation.pk: d["override_reason"]})
        return Response(s.ParticipationSerializer(Participation.objects.get(pk=participation.pk)).data)

    @extend_schema(request=s.RevokeSerializer)
    @action(detail=True, methods=["post"])
    def revoke(self, request, pk=None):
        return self._step(request, services.participation_revoke, s.RevokeSerializer)

    @extend_schema(responses=s.BreachSerializer(many=True))
    @action(detail=True, methods=["get"])
    def breaches(self, request, pk=None):
        """Incidents in the evaluation window that breach a "must not occur" criterion: shown to the council."""
        return Response([
            {"date": b.incident.date, "type": b.incident.type_code, "type_label": b.incident.type_label,
             "description": b.incident.description, "serious": b.incident.serious, "criterion": b.criterion.code}
            for b in selectors.participation_breaches(participation=self.get_object())
        ])


class DecisionViewSet(BulkCreateMixin, ScopedReadOnlyViewSet):
    """Decisions with the units they cover. POST records one decision for many appraised units, all or none."""

    serializer_class = s.DecisionSerializer
    bulk_request_serializer = s.BulkDecisionSerializer
    scope_field = "area"
    filterset_fields = ["campaign", "level"]

    def get_base_queryset(self):
        return Decision.objects.prefetch_related(Prefetch(
            "participations", queryset=Participation.objects.select_related("unit").order_by("unit__name")))

    @extend_schema(request=s.BulkDecisionSerializer, responses=s.DecisionSerializer)
    def create(self, request):
        body = s.BulkDecisionSerializer(data=request.data)
        body.is_valid(raise_exception=True)
        d = body.validated_data
        participations = list(self.scoped(Participation.objects.filter(pk__in=d["participations"]),
                                          scope_field="unit__commune").select_related("unit__commune"))
        missing = set(d["participations"]) - {p.pk for p in participations}
        if missing:
            raise ValidationError({"participations": _("Not found in your area: %(ids)s")
                                   % {"ids": ", ".join(map(str, sorted(missing)))}})
        decision = services.decision_record(
            campaign=d["campaign"], level=d["level"], authority=d["authority"], number=d["number"], date=d["date"],
            signer=d["signer"], participations=participations, recognized=d["recognized"], actor=request.user,
            certificates={int(k): v for k, v in d["certificates"].items()},
            override_reasons={int(k): v for k, v in d["override_reasons"].items()})
        return Response(s.DecisionSerializer(self.get_queryset().get(pk=decision.pk)).data,
                        status=status.HTTP_201_CREATED)


class CriticismViewSet(ScopedModelViewSet):
    serializer_class = s.CriticismSerializer
    scope_field = "unit__commune"
    http_method_names = ["get", "post", "head", "options"]

    def get_base_queryset(self):
        return Criticism.objects.select_related("unit").order_by("-date", "id")

    def perform_create(self, serializer):
        serializer.instance = services.criticism_record(actor=self.request.user, **serializer.validated_data)

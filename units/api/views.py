import re

from django.utils.translation import gettext as _
from django_filters import rest_framework as filters
from drf_spectacular.utils import extend_schema
from rest_framework import status
from rest_framework.decorators import action
from rest_framework.exceptions import NotFound, ValidationError
from rest_framework.response import Response

from antqcore.api.exceptions import PreconditionRequired
from antqcore.api.filters import SelectorFilterSet
from antqcore.api.viewsets import ScopedModelViewSet

from ..models import FireTeam, Unit, UnitKind, UnitStatus, UnitSubtype
from ..selectors import unit_list, zone_list
from ..services import (
    fire_team_consolidate,
    fire_team_save,
    guard_force_save,
    unit_create,
    unit_delete,
    unit_update,
    zone_investment_save,
)
from .serializers import (
    FireTeamConsolidationSerializer,
    FireTeamSerializer,
    GuardForceSerializer,
    IndustrialZoneSerializer,
    UnitSerializer,
    ZoneInvestmentSerializer,
)


class UnitFilter(SelectorFilterSet):
    search = filters.CharFilter(method="noop")
    kind = filters.ChoiceFilter(choices=UnitKind.choices, method="noop")
    subtype = filters.ChoiceFilter(choices=UnitSubtype.choices, method="noop")
    zone = filters.NumberFilter(method="noop")
    status = filters.ChoiceFilter(choices=UnitStatus.choices, method="noop")
    fdi = filters.BooleanFilter(method="noop")
    updated_since = filters.IsoDateTimeFilter(method="noop")

    class Meta:
        model = Unit
        fields = []

    def select(self, queryset, data):
        return unit_list(
            base=queryset, search=data.get("search") or "", kind=data.get("kind") or "",
            subtype=data.get("subtype") or "", area=data["area"], zone=data.get("zone"),
            status=data.get("status") or "", fdi=data.get("fdi"), updated_since=data.get("updated_since"),
        )


class UnitViewSet(ScopedModelViewSet):
    """Units of the registry (agencies, enterprises, schools). Updates must carry the version they were read at,
    as `If-Match: "<version>"` (stale: 412) or a `version` field (stale: 409); so must a DELETE (a soft delete), in
    If-Match. A read answers the version as ETag; with `If-None-Match` of the current version, 304."""

    versioned = True  # antqcore.api.schema declares the headers
    serializer_class = UnitSerializer
    filterset_class = UnitFilter
    scope_field = "commune"

    def get_base_queryset(self):
        return Unit.objects.alive().select_related("commune__parent", "zone").order_by("name", "id")

    def retrieve(self, request, *args, **kwargs):
        unit = self.get_object()
        etag = f'"{unit.version}"'
        seen = {tag.strip().removeprefix("W/") for tag in request.headers.get("If-None-Match", "").split(",")}
        if etag in seen or "*" in seen:
            return Response(status=status.HTTP_304_NOT_MODIFIED, headers={"ETag": etag})
        return self._respond(unit)

    def _expected_version(self, request, required: bool) -> int | None:
        """The version the client read: the If-Match header, else the `version` field. A stale one makes the service
        raise StaleVersion, which the API's exception handler answers with 412 after If-Match and 409 otherwise."""
        header = request.headers.get("If-Match", "").strip().removeprefix("W/").strip('"')
        if header:
            if not re.fullmatch(r"[0-9]{1,18}", header):  # ASCII digits a bigint holds
                raise ValidationError({"If-Match": _("The If-Match header must carry the unit's version.")})
            return int(header)
        if "version" in request.data:
            try:
                return int(request.data["version"])
            except (TypeError, ValueError):
                raise ValidationError({"version": _("A valid integer is required.")}) from None
        if required:
            raise PreconditionRequired(_("Send the version you read (If-Match header or version field)."))
        return None

    def _respond(self, unit: Unit, code=status.HTTP_200_OK) -> Response:
        return Response(self.get_serializer(unit).data, status=code, headers={"ETag": f'"{unit.version}"'})

    def create(self, request, *args, **kwargs):
        serializer = self.get_serializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        data = {k: v for k, v in serializer.validated_data.items() if k != "version"}
        return self._respond(unit_create(data=data, actor=request.user), status.HTTP_201_CREATED)

    def update(self, request, *args, **kwargs):
        partial = kwargs.pop("partial", False)
        unit = self.get_object()
        expected = self._expected_version(request, required=True)
        serializer = self.get_serializer(unit, data=request.data, partial=partial)
        serializer.is_valid(raise_exception=True)
        data = {k: v for k, v in serializer.validated_data.items() if k != "version"}
        return self._respond(unit_update(unit=unit, data=data, expected_version=expected, actor=request.user))

    def destroy(self, request, *args, **kwargs):
        unit = self.get_object()
        unit_delete(unit=unit, expected_version=self._expected_version(request, required=True), actor=request.user)
        return Response(status=status.HTTP_204_NO_CONTENT)

    @extend_schema(methods=["GET"], responses=GuardForceSerializer(many=True))
    @extend_schema(methods=["POST"], request=GuardForceSerializer, responses={201: GuardForceSerializer})
    @action(detail=True, methods=["get", "post"], url_path="guard-forces", filterset_class=None)
    def guard_forces(self, request, pk=None):
        """The unit's guard force by year, latest first; POST records a year's (a year already recorded is
        replaced). The figures `guards.*` count each unit's latest year up to the period's end."""
        unit = self.get_object()
        if request.method == "GET":
            return Response(GuardForceSerializer(unit.guard_forces.order_by("-year"), many=True).data)
        body = GuardForceSerializer(data=request.data)
        body.is_valid(raise_exception=True)
        data = dict(body.validated_data)
        force = guard_force_save(unit=unit, year=data.pop("year"), data=data, actor=request.user)
        return Response(GuardForceSerializer(force).data, status=status.HTTP_201_CREATED)

    def _fire_team(self, unit: Unit) -> FireTeam:
        team = FireTeam.objects.filter(unit=unit).prefetch_related("consolidations").first()
        if team is None:
            raise NotFound(_("Record the fire team first."))
        return team

    @extend_schema(methods=["GET"], responses=FireTeamSerializer)
    @extend_schema(methods=["POST"], request=FireTeamSerializer, responses={201: FireTeamSerializer})
    @action(detail=True, methods=["get", "post"], url_path="fire-team", filterset_class=None)
    def fire_team(self, request, pk=None):
        """The unit's fire team with its consolidations (404 if none is recorded); POST records it or replaces its
        date of establishment and members (figure `fire.teams_new`)."""
        unit = self.get_object()
        if request.method == "GET":
            return Response(FireTeamSerializer(self._fire_team(unit)).data)
        body = FireTeamSerializer(data=request.data)
        body.is_valid(raise_exception=True)
        fire_team_save(unit=unit, actor=request.user, **body.validated_data)
        return Response(FireTeamSerializer(self._fire_team(unit)).data, status=status.HTTP_201_CREATED)

    @extend_schema(methods=["GET"], responses=FireTeamConsolidationSerializer(many=True))
    @extend_schema(methods=["POST"], request=FireTeamConsolidationSerializer,
                   responses={201: FireTeamConsolidationSerializer})
    @action(detail=True, methods=["get", "post"], url_path="fire-team/consolidations", filterset_class=None)
    def fire_team_consolidations(self, request, pk=None):
        """The consolidations of the unit's fire team, latest first; POST records one (figure
        `fire.teams_consolidated`). A unit without a recorded fire team is refused."""
        unit = self.get_object()
        if request.method == "GET":
            return Response(FireTeamConsolidationSerializer(self._fire_team(unit).consolidations.all(), many=True).data)
        body = FireTeamConsolidationSerializer(data=request.data)
        body.is_valid(raise_exception=True)
        consolidation = fire_team_consolidate(unit=unit, actor=request.user, **body.validated_data)
        return Response(FireTeamConsolidationSerializer(consolidation).data, status=status.HTTP_201_CREATED)


class IndustrialZoneViewSet(ScopedModelViewSet):
    """Industrial zones and clusters, with their operating enterprises and workforce derived from member units."""

    serializer_class = IndustrialZoneSerializer
    scope_field = "area"
    filterset_fields = ["kind"]

    def get_base_queryset(self):
        return zone_list()


    @extend_schema(methods=["GET"], responses=ZoneInvestmentSerializer(many=True))
    @extend_schema(methods=["POST"], request=ZoneInvestmentSerializer, responses={201: ZoneInvestmentSerializer})
    @action(detail=True, methods=["get", "post"], filterset_fields=[])
    def investments(self, request, pk=None):
        """The investment projects the zone attracted, by year; POST records a year's (a year already recorded is
        replaced). The figure `context.investment_projects` sums the years up to the period's end."""
        zone = self.get_object()
        if request.method == "GET":
            return Response(ZoneInvestmentSerializer(zone.investments.order_by("year"), many=True).data)
        body = ZoneInvestmentSerializer(data=request.data)
        body.is_valid(raise_exception=True)
        investment = zone_investment_save(zone=zone, actor=request.user, **body.validated_data)
        return Response(ZoneInvestmentSerializer(investment).data, status=status.HTTP_201_CREATED)

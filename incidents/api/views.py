from django_filters import rest_framework as filters
from rest_framework import status, viewsets
from rest_framework.response import Response

from antqcore.api.filters import SelectorFilterSet
from antqcore.api.viewsets import ScopedModelViewSet
from units.models import Unit

from ..models import Incident, IncidentType
from ..selectors import incident_list
from ..services import incident_create, incident_delete, incident_update
from . import serializers as s


class IncidentFilter(SelectorFilterSet):
    type = filters.CharFilter(method="noop", help_text="Code of the incident type")
    unit = filters.NumberFilter(method="noop", help_text="Id of a unit")
    date_from = filters.DateFilter(method="noop", help_text="Incidents from this day on")
    date_to = filters.DateFilter(method="noop", help_text="Incidents up to this day")
    serious = filters.BooleanFilter(method="noop")
    verified = filters.BooleanFilter(method="noop")

    class Meta:
        model = Incident
        fields = []

    def select(self, queryset, data):
        unit = Unit(pk=data["unit"]) if data.get("unit") else None
        return incident_list(base=queryset, type_code=data.get("type") or "", area=data["area"], unit=unit,
                             start=data.get("date_from"), end=data.get("date_to"), serious=data.get("serious"),
                             verified=data.get("verified"))


class IncidentViewSet(ScopedModelViewSet):
    """Incidents of the scope. Recording one for a unit or an area outside your scope answers 403; the area defaults
    to the unit's commune as it was on the day; `serious` follows the type's rules. DELETE is a soft delete."""

    serializer_class = s.IncidentSerializer
    filterset_class = IncidentFilter
    scope_field = "area"

    def get_base_queryset(self):
        return Incident.objects.alive().select_related("type", "unit", "area__parent", "created_by")

    def create(self, request, *args, **kwargs):
        serializer = self.get_serializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        incident = incident_create(data=serializer.validated_data, actor=request.user)
        return Response(self.get_serializer(incident).data, status=status.HTTP_201_CREATED)

    def update(self, request, *args, **kwargs):
        partial = kwargs.pop("partial", False)
        incident = self.get_object()
        serializer = self.get_serializer(incident, data=request.data, partial=partial)
        serializer.is_valid(raise_exception=True)
        incident = incident_update(incident=Incident.objects.get(pk=incident.pk), data=serializer.validated_data,
                                   actor=request.user)
        return Response(self.get_serializer(incident).data)

    def perform_destroy(self, instance):
        incident_delete(incident=instance, actor=self.request.user)


class IncidentTypeViewSet(viewsets.ReadOnlyModelViewSet):
    """The configurable taxonomy of incidents and its seriousness rules (edited in the admin)."""

    serializer_class = s.IncidentTypeSerializer
    queryset = IncidentType.objects.all()
    pagination_class = None

from django_filters import rest_framework as filters
from rest_framework import status
from rest_framework.response import Response

from antqcore.api.filters import SelectorFilterSet
from antqcore.api.viewsets import ScopedModelViewSet

from ..models import AwardForm, Commendation, Grantor, Occasion, RecipientKind
from ..selectors import commendation_list
from ..services import commendation_create, commendation_delete, commendation_update
from . import serializers as s


class CommendationFilter(SelectorFilterSet):
    search = filters.CharFilter(method="noop", help_text="Name of the person or collective, decision number")
    form = filters.ChoiceFilter(choices=AwardForm.choices, method="noop")
    grantor = filters.ChoiceFilter(choices=Grantor.choices, method="noop")
    recipient_kind = filters.ChoiceFilter(choices=RecipientKind.choices, method="noop")
    occasion = filters.ChoiceFilter(choices=Occasion.choices, method="noop")
    year = filters.NumberFilter(method="noop", help_text="Year of the decision")
    unit = filters.NumberFilter(method="noop", help_text="Unit id")

    class Meta:
        model = Commendation
        fields = []

    def select(self, queryset, data):
        year = int(data["year"]) if data.get("year") else None
        qs = commendation_list(base=queryset, search=data.get("search") or "", form=data.get("form") or "",
                               grantor=data.get("grantor") or "", recipient_kind=data.get("recipient_kind") or "",
                               occasion=data.get("occasion") or "", area=data["area"], year=year)
        return qs.filter(unit_id=int(data["unit"])) if data.get("unit") else qs


class CommendationViewSet(ScopedModelViewSet):
    """Commendations of the scope: collectives (a unit, or an organisation named in words) and individuals. The
    medal goes to a person once: a second one answers 400 naming the first decision. The unit must be in your scope;
    the area defaults to the unit's commune."""

    serializer_class = s.CommendationSerializer
    filterset_class = CommendationFilter
    scope_field = "area"

    def get_base_queryset(self):
        return Commendation.objects.select_related("unit", "area")

    def _respond(self, commendation, code=status.HTTP_200_OK):
        return Response(self.get_serializer(self.get_queryset().get(pk=commendation.pk)).data, status=code)

    def create(self, request, *args, **kwargs):
        serializer = self.get_serializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        commendation = commendation_create(data=serializer.validated_data, actor=request.user)
        return self._respond(commendation, status.HTTP_201_CREATED)

    def update(self, request, *args, **kwargs):
        partial = kwargs.pop("partial", False)
        commendation = self.get_object()
        serializer = self.get_serializer(commendation, data=request.data, partial=partial)
        serializer.is_valid(raise_exception=True)
        commendation = commendation_update(commendation=Commendation.objects.get(pk=commendation.pk),
                                           data=serializer.validated_data, actor=request.user)
        return self._respond(commendation)

    def perform_destroy(self, instance):
        commendation_delete(commendation=instance, actor=self.request.user)

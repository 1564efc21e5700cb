import datetime
import hashlib

from django.core.exceptions import PermissionDenied as DjangoPermissionDenied
from django.utils import timezone
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django_filters import rest_framework as filters
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import viewsets
from rest_framework.exceptions import NotFound, PermissionDenied, ValidationError
from rest_framework.response import Response
from rest_framework.views import APIView

from antqcore.compute_cache import compute_cache
from antqcore.figure_cache import value_through_cache
from antqcore.figure_records import figure_records_for, record_row
from antqcore.models import Area, AreaLevel, Organisation
from antqcore.records import figure_records_url
from antqcore.scoping import area_in_scope
from antqcore.selectors import AreaNotFound, area_list, area_resolve, stats_area_day
from antqcore.stats import UnknownFigure, figure_get, figure_notes, figures_breakdown, figures_compute, is_more_than

from .filters import StrictFilterSet
from .pagination import StandardPagination
from .serializers import (
    AreaSerializer,
    FigureRecordsQuerySerializer,
    FigureRecordsSerializer,
    MeSerializer,
    OrganisationSerializer,
    StatsQuerySerializer,
    StatsSerializer,
)
from .viewsets import ScopedModelViewSet


class AreaFilter(StrictFilterSet):
    level = filters.ChoiceFilter(choices=AreaLevel.choices)
    parent = filters.CharFilter(method="noop", help_text="Official code of the parent, resolved on `on`")
    on = filters.DateFilter(method="noop", help_text="Map of this date (default: today)")
    search = filters.CharFilter(method="noop")

    class Meta:
        model = Area
        fields = ["level", "parent", "on", "search"]

    def noop(self, queryset, name, value):
        return queryset  # applied together in AreaViewSet.filter_queryset, which needs all three at once


class AreaViewSet(viewsets.ReadOnlyModelViewSet):
    """Administrative areas of both maps. Reference data: every signed-in user reads all of it."""

    serializer_class = AreaSerializer
    filterset_class = AreaFilter
    queryset = Area.objects.none()

    def get_queryset(self):
        return Area.objects.select_related("parent").order_by("path")

    def filter_queryset(self, queryset):
        if self.action != "list":
            return queryset
        filterset = self.filterset_class(self.request.query_params, queryset=queryset)
        if not filterset.is_valid():
            raise ValidationError(filterset.errors)
        form = filterset.form
        on = form.cleaned_data.get("on") or timezone.localdate()
        parent = None
        if form.cleaned_data.get("parent"):
            try:
                parent = area_resolve(code=form.cleaned_data["parent"], on=on)
            except AreaNotFound:
                raise ValidationError(
                    {"parent": _("No area has code %(code)s on %(date)s.")
                     % {"code": form.cleaned_data["parent"], "date": on.strftime("%d/%m/%Y")}}
                ) from None
        return area_list(level=form.cleaned_data.get("level") or None, parent=parent, on=on,
                         search=form.cleaned_data.get("search") or None)


class OrganisationViewSet(ScopedModelViewSet):
    serializer_class = OrganisationSerializer
    scope_field = "area"
    filterset_fields = ["kind"]

    def get_base_queryset(self):
        return Organisation.objects.select_related("area").order_by("name")


class MeView(APIView):
    @extend_schema(responses=MeSerializer)
    def get(self, request):
        return Response(MeSerializer(request.user).data)


class StatsView(APIView):
    """Figures of the statistics registry for an area and a period."""

    @extend_schema(
        parameters=[
            OpenApiParameter("area", OpenApiTypes.STR, required=True, description="Official code"),
            OpenApiParameter("from", OpenApiTypes.DATE, required=True),
            OpenApiParameter("to", OpenApiTypes.DATE, required=True),
            OpenApiParameter("keys", OpenApiTypes.STR, description="Comma-separated keys; default all"),
            OpenApiParameter("map", OpenApiTypes.STR, enum=["new", "old"], description=(
                "old: the code is resolved on the map before 01/07/2025 (on its last day for a later period), and the "
                "area also counts the new map's records of its territory (successor → predecessor, by commune)")),
            OpenApiParameter("breakdown", OpenApiTypes.STR, enum=["area", "former"], description=(
                "area: also the figures of the areas one level down on the map of `to` (communes after the reform); "
                "former: of the areas it took over (the former provinces)")),
        ],
        responses=StatsSerializer,
    )
    def get(self, request):
        query = StatsQuerySerializer(data=request.query_params)
        query.is_valid(raise_exception=True)
        # The versions of the data are read once: for the scope's coverage, the answer and its figures.
        with compute_cache():
            start, end, old_map, area, on = stats_area(request, query.validated_data)
            # The answer is kept whole under the versions of the data (antqcore.figure_cache): asked again with no
            # write since, nothing is computed. An explanation names addresses of this host: the host is part of
            # the place.
            data = query.validated_data
            place = hashlib.sha256(repr((area.pk, start, end, data["map"], data["breakdown"], data["explain"],
                                         request.build_absolute_uri("/") if data["explain"] else "",
                                         data.get("keys", ""), get_language())).encode()).hexdigest()[:32]
            return Response(value_through_cache("stats", place=place, compute=lambda: self.body(
                request, data, start=start, end=end, old_map=old_map, area=area, on=on)))

    @staticmethod
    def body(request, data: dict, *, start, end, old_map: bool, area: Area, on) -> dict:
        keys = [k.strip() for k in data.get("keys", "").split(",") if k.strip()] or None
        try:
            figures = figures_compute(area=area, start=start, end=end, keys=keys, count_successors=old_map)
        except UnknownFigure as exc:
            raise ValidationError({"keys": _("Unknown figure: %(key)s") % {"key": exc.args[0]}}) from None
        body = {
            "area": AreaSerializer(area).data,
            "from": start.isoformat(),
            "to": end.isoformat(),
            "map": data["map"],
            "figures": figures,
            # Figures reported as "more than N" (printed "trên N"); their value in `figures` is N.
            "more_than": sorted(key for key, value in figures.items() if is_more_than(value)),
            # What a reader must know about a value: {key: note} (the commune count of a day before 30/06/2025 in a
            # province whose earlier maps are not loaded is that of the map of 30/06/2025).
            "notes": figure_notes(area=area, start=start, end=end, keys=keys),
        }
        if data["breakdown"]:
            body["breakdown"] = figures_breakdown(area=area, start=start, end=end, keys=keys,
                                                  by=data["breakdown"], on=on,
                                                  count_successors=old_map)
        if data["explain"]:
            body["explain"] = {key: figure_explanation(request, key, area=area, start=start, end=end,
                                                       map_=data["map"]) for key in figures}
        return body


def stats_area(request, data: dict, *, in_scope: bool = True
               ) -> tuple[datetime.date, datetime.date, bool, Area, datetime.date]:
    """The period, the map, the area of a stats query and the day its code is read on; 404 for an unknown code, 403
    for an area outside the user's scope when `in_scope` (the records of one figure may be asked for an area holding
    the scope: figure_records_for keeps the user's part)."""
    start: datetime.date = data["from"]
    end: datetime.date = data["to"]
    old_map = data["map"] == "old"
    on = stats_area_day(end=end, old_map=old_map)
    try:
        area = area_resolve(code=data["area"], on=on)
    except AreaNotFound:
        raise NotFound(_("No area has code %(code)s on %(date)s.")
                       % {"code": data["area"], "date": on.strftime("%d/%m/%Y")}) from None
    if in_scope and not area_in_scope(request.user, area):  # areas are reference data: saying it exists reveals nothing
        raise PermissionDenied(_("%(area)s is outside your area.") % {"area": area.name_on(on)})
    return start, end, old_map, area, on


def figure_explanation(request, key: str, *, area: Area, start: datetime.date, end: datetime.date, map_: str) -> dict:
    figure = figure_get(key)
    place = {"area": area, "start": start, "end": end, "old_map": map_ == "old"}
    return {"label": str(figure.label), "rule": figure.rule,
            "records": request.build_absolute_uri(figure_records_url(key, url_name="api:stats-records", **place)),
            "page": figure_records_url(key, **place)}


class FigureRecordsView(APIView):
    """The records behind one figure of an area and a period, page by page, each with its links. A user whose scope
    lies inside the area (a district officer asking the province's figure) gets their part, and `outside_scope`
    says the figure counts more."""

    pagination_class = StandardPagination

    @extend_schema(
        parameters=[
            OpenApiParameter("key", OpenApiTypes.STR, required=True, description="The figure's key"),
            OpenApiParameter("area", OpenApiTypes.STR, required=True, description="Official code"),
            OpenApiParameter("from", OpenApiTypes.DATE, required=True),
            OpenApiParameter("to", OpenApiTypes.DATE, required=True),
            OpenApiParameter("map", OpenApiTypes.STR, enum=["new", "old"]),
            OpenApiParameter("page", OpenApiTypes.INT),
            OpenApiParameter("page_size", OpenApiTypes.INT),
        ],
        responses=FigureRecordsSerializer,
    )
    def get(self, request):
        query = FigureRecordsQuerySerializer(data=request.query_params)
        query.is_valid(raise_exception=True)
        start, end, old_map, area, _on = stats_area(request, query.validated_data, in_scope=False)
        key = query.validated_data["key"]
        try:
            found = figure_records_for(user=request.user, key=key, area=area, start=start, end=end,
                                       count_successors=old_map)
        except UnknownFigure:
            raise ValidationError({"key": _("Unknown figure: %(key)s") % {"key": key}}) from None
        except DjangoPermissionDenied as exc:
            raise PermissionDenied(str(exc)) from None
        paginator = self.pagination_class()
        page = paginator.paginate_queryset(found.records, request, view=self)
        source = found.figure.source
        return Response({
            "key": key, "label": str(found.figure.label), "rule": found.rule, "area": AreaSerializer(area).data,
            "from": start.isoformat(), "to": end.isoformat(), "map": query.validated_data["map"],
            "value": found.value, "more_than": found.more_than,
            "measure": "derived" if source.derive else ("sum" if source.measure is not None else "count"),
            "outside_scope": found.outside_scope, "list_url": found.list_url,
            "count": paginator.page.paginator.count, "next": paginator.get_next_link(),
            "previous": paginator.get_previous_link(), "results": [record_row(found, r) for r in page],
        })

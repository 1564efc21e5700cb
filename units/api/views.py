from django.core.exceptions import ValidationError as DjangoValidationError
from django.utils.translation import gettext as _
from django_filters import rest_framework as filters
from rest_framework import status
from rest_framework.exceptions import APIException, ValidationError
from rest_framework.response import Response

from antqcore.api.viewsets import ScopedModelViewSet
from antqcore.selectors import AreaNotFound, area_resolve_latest

from ..models import Unit, UnitKind, UnitStatus, UnitSubtype
from ..selectors import unit_list, zone_list
from ..services import StaleVersion, unit_create, unit_delete, unit_update
from .serializers import IndustrialZoneSerializer, UnitSerializer


class Conflict(APIException):
    status_code = status.HTTP_409_CONFLICT
    default_code = "conflict"


class PreconditionFailed(APIException):
    status_code = status.HTTP_412_PRECONDITION_FAILED
    default_code = "precondition_failed"


class PreconditionRequired(APIException):
    status_code = 428
    default_code = "precondition_required"


def _resolve_area(code: str):
    try:
        return area_resolve_latest(code=code)
    except AreaNotFound:
        raise ValidationError({"area": _("No area has code %(code)s.") % {"code": code}}) from None


class UnitFilter(filters.FilterSet):
    search = filters.CharFilter(method="noop")
    kind = filters.ChoiceFilter(choices=UnitKind.choices, method="noop")
    subtype = filters.ChoiceFilter(choices=UnitSubtype.choices, method="noop")
    area = filters.CharFilter(method="noop", help_text="Official code of a province, district or commune: its subtree")
    zone = filters.NumberFilter(method="noop")
    status = filters.ChoiceFilter(choices=UnitStatus.choices, method="noop")
    fdi = filters.BooleanFilter(method="noop")
    updated_since = filters.IsoDateTimeFilter(method="noop")

    class Meta:
        model = Unit
        fields = []

    def noop(self, queryset, name, value):
        return queryset

    def filter_queryset(self, queryset):
        # One selector applies every filter; the scope was applied by the base ViewSet beforehand.
        d = self.form.cleaned_data
        return unit_list(
            base=queryset, search=d.get("search") or "", kind=d.get("kind") or "", subtype=d.get("subtype") or "",
            area=_resolve_area(d["area"]) if d.get("area") else None, zone=d.get("zone"),
            status=d.get("status") or "", fdi=d.get("fdi"), updated_since=d.get("updated_since"),
        )


class UnitViewSet(ScopedModelViewSet):
    """Units of the registry (agencies, enterprises, schools). Updates must carry the version they were read at,
    as `If-Match: "<version>"` (stale: 412) or a `version` field (stale: 409). DELETE is a soft delete."""

    serializer_class = UnitSerializer
    filterset_class = UnitFilter
    scope_field = "commune"

    def get_base_queryset(self):
        return Unit.objects.alive().select_related("commune__parent", "zone").order_by("name", "id")

    def retrieve(self, request, *args, **kwargs):
        response = super().retrieve(request, *args, **kwargs)
        response["ETag"] = f'"{response.data["version"]}"'
        return response

    def _expected_version(self, request, required: bool):
        header = request.headers.get("If-Match", "").strip().removeprefix("W/").strip('"')
        if header:
            if not header.isdigit():
                raise ValidationError({"If-Match": _("The If-Match header must carry the unit's version.")})
            return int(header), PreconditionFailed
        if "version" in request.data:
            try:
                return int(request.data["version"]), Conflict
            except (TypeError, ValueError):
                raise ValidationError({"version": _("A valid integer is required.")}) from None
        if required:
            raise PreconditionRequired(_("Send the version you read (If-Match header or version field)."))
        return None, Conflict

    def create(self, request, *args, **kwargs):
        serializer = self.get_serializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        self.check_area_in_scope(serializer)
        data = {k: v for k, v in serializer.validated_data.items() if k != "version"}
        try:
            unit = unit_create(data=data, user=request.user)
        except DjangoValidationError as exc:
            raise ValidationError(exc.message_dict) from None
        body = self.get_serializer(unit).data
        return Response(body, status=status.HTTP_201_CREATED, headers={"ETag": f'"{unit.version}"'})

    def update(self, request, *args, **kwargs):
        partial = kwargs.pop("partial", False)
        unit = self.get_object()
        expected, stale_error = self._expected_version(request, required=True)
        serializer = self.get_serializer(unit, data=request.data, partial=partial)
        serializer.is_valid(raise_exception=True)
        self.check_area_in_scope(serializer)
        data = {k: v for k, v in serializer.validated_data.items() if k != "version"}
        try:
            unit = unit_update(unit=unit, data=data, expected_version=expected, user=request.user)
        except StaleVersion as exc:
            raise stale_error(_("The unit was changed by someone else (now at version %(v)s). Read it again and "
                                "re-apply your change.") % {"v": exc.current_version}) from None
        except DjangoValidationError as exc:
            raise ValidationError(exc.message_dict) from None
        return Response(self.get_serializer(unit).data, headers={"ETag": f'"{unit.version}"'})

    def destroy(self, request, *args, **kwargs):
        unit = self.get_object()
        expected, stale_error = self._expected_version(request, required=False)
        try:
            unit_delete(unit=unit, expected_version=expected)
        except StaleVersion as exc:
            raise stale_error(_("The unit was changed by someone else (now at version %(v)s).")
                              % {"v": exc.current_version}) from None
        return Response(status=status.HTTP_204_NO_CONTENT)


class IndustrialZoneViewSet(ScopedModelViewSet):
    """Industrial zones and clusters, with their operating enterprises and workforce derived from member units."""

    serializer_class = IndustrialZoneSerializer
    scope_field = "area"
    filterset_fields = ["kind"]

    def get_base_queryset(self):
        return zone_list()


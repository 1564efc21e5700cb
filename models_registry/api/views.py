from django.db.models import Prefetch
from django_filters import rest_framework as filters
from drf_spectacular.utils import extend_schema
from rest_framework import status, viewsets
from rest_framework.decorators import action
from rest_framework.response import Response

from antqcore.api.filters import SelectorFilterSet
from antqcore.api.viewsets import ScopedModelViewSet
from antqcore.uploads import FileDownloadRenderer, download_responses, file_download
from units.models import Unit

from ..models import ModelStatus, ModelType, MovementModel, PilotSelection, Rating, RegistryConfig
from ..selectors import model_list
from ..services import activity_record, model_create, model_eliminate, model_update, pilot_select, review_record
from . import serializers as s


class MovementModelFilter(SelectorFilterSet):
    search = filters.CharFilter(method="noop")
    type = filters.CharFilter(method="noop", help_text="Code of the model type")
    status = filters.ChoiceFilter(choices=ModelStatus.choices, method="noop")
    formalistic = filters.BooleanFilter(method="noop", help_text="Formalistic today (derived from the records)")
    pilot = filters.BooleanFilter(method="noop")

    class Meta:
        model = MovementModel
        fields = []

    def select(self, queryset, data):
        # model_list applies every filter and the formalism annotations.
        return model_list(base=queryset, search=data.get("search") or "", type_code=data.get("type") or "",
                          status=data.get("status") or "", area=data["area"], formalistic=data.get("formalistic"),
                          pilot=data.get("pilot"))


class MovementModelViewSet(ScopedModelViewSet):
    """Mass-organization models of the scope. `participants` are unit ids, each in your scope (400 otherwise);
    `formalistic` and `formalistic_reasons` are derived from the records and read-only. Briefings and reports,
    reviews and the elimination are actions."""

    serializer_class = s.MovementModelSerializer
    filterset_class = MovementModelFilter
    scope_field = "area"
    http_method_names = ["get", "post", "put", "patch", "head", "options"]  # not deleted: eliminated

    def get_base_queryset(self):
        return MovementModel.objects.prefetch_related(
            Prefetch("participants", queryset=Unit.objects.only("id", "name").order_by("name")))

    def get_serializer_context(self):
        return super().get_serializer_context() | {"formalistic_months": RegistryConfig.current().formalistic_months}

    def _annotated(self, pk):
        return model_list(base=self.get_queryset().filter(pk=pk)).get()

    def changes_records(self, queryset):
        return model_list(base=queryset)  # the formalism annotations the serializer reads

    def _respond(self, model, code=status.HTTP_200_OK):
        return Response(self.get_serializer(self._annotated(model.pk)).data, status=code)

    @staticmethod
    def _split(validated: dict) -> tuple[dict, list | None]:
        data = dict(validated)
        participants = data.pop("participants", None)
        return data, participants

    def create(self, request, *args, **kwargs):
        serializer = self.get_serializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        data, participants = self._split(serializer.validated_data)
        model = model_create(data=data, participants=participants, actor=request.user)
        return self._respond(model, status.HTTP_201_CREATED)

    def update(self, request, *args, **kwargs):
        partial = kwargs.pop("partial", False)
        model = self.get_object()
        serializer = self.get_serializer(model, data=request.data, partial=partial)
        serializer.is_valid(raise_exception=True)
        data, participants = self._split(serializer.validated_data)
        model = model_update(model=MovementModel.objects.get(pk=model.pk), data=data, participants=participants,
                             actor=request.user)
        return self._respond(model)

    @extend_schema(request=None, responses=download_responses("model_regulation"))
    @action(detail=True, methods=["get"], renderer_classes=[FileDownloadRenderer], filterset_class=None)
    def regulation(self, request, pk=None):
        """The file of the operating regulation (the model's `regulation_file` URL)."""
        return file_download(request, record=self.get_object(), field="regulation_file")

    @extend_schema(methods=["GET"], responses=s.ActivitySerializer(many=True))
    @extend_schema(methods=["POST"], request=s.ActivitySerializer, responses={201: s.ActivitySerializer})
    @action(detail=True, methods=["get", "post"])
    def activities(self, request, pk=None):
        """The model's briefings and reports; POST records one."""
        model = self.get_object()
        if request.method == "GET":
            return Response(s.ActivitySerializer(model.activities.all(), many=True).data)
        body = s.ActivitySerializer(data=request.data)
        body.is_valid(raise_exception=True)
        activity = activity_record(model=model, actor=request.user, **body.validated_data)
        return Response(s.ActivitySerializer(activity).data, status=status.HTTP_201_CREATED)

    @extend_schema(methods=["GET"], responses=s.ReviewSerializer(many=True))
    @extend_schema(methods=["POST"], request=s.ReviewSerializer, responses={201: s.ReviewSerializer})
    @action(detail=True, methods=["get", "post"])
    def reviews(self, request, pk=None):
        """The model's periodic reviews; POST records one."""
        model = self.get_object()
        if request.method == "GET":
            return Response(s.ReviewSerializer(model.reviews.select_related("rating"), many=True).data)
        body = s.ReviewSerializer(data=request.data)
        body.is_valid(raise_exception=True)
        review = review_record(model=model, actor=request.user, **body.validated_data)
        return Response(s.ReviewSerializer(review).data, status=status.HTTP_201_CREATED)

    @extend_schema(request=s.EliminateSerializer, responses=s.MovementModelSerializer)
    @action(detail=True, methods=["post"])
    def eliminate(self, request, pk=None):
        """Eliminate a weak or formalistic model (thanh loại): the date and the reason."""
        model = self.get_object()
        body = s.EliminateSerializer(data=request.data)
        body.is_valid(raise_exception=True)
        d = body.validated_data
        model = model_eliminate(model=model, on=d["eliminated_on"], reason=d["reason"], actor=request.user)
        return self._respond(model)


class PilotUnitViewSet(ScopedModelViewSet):
    """The units of the scope chosen as pilot sites of the movement by a plan (e.g. Plan 61/KH-CAT-PV28, 2015).
    POST chooses one: the unit must be in your scope (400 on the field), once per plan (400)."""

    serializer_class = s.PilotUnitSerializer
    scope_field = "unit__commune"
    filterset_fields = ["plan"]
    http_method_names = ["get", "post", "head", "options"]

    def get_base_queryset(self):
        return PilotSelection.objects.select_related("unit").order_by("-selected_on", "id")

    def perform_create(self, serializer):
        serializer.instance = pilot_select(actor=self.request.user, **serializer.validated_data)


class ModelTypeViewSet(viewsets.ReadOnlyModelViewSet):
    """The configurable list of model types (edited in the admin)."""

    serializer_class = s.ModelTypeSerializer
    queryset = ModelType.objects.all()
    pagination_class = None


class RatingViewSet(viewsets.ReadOnlyModelViewSet):
    """The configurable rating scale of the reviews (edited in the admin)."""

    serializer_class = s.RatingSerializer
    queryset = Rating.objects.all()
    pagination_class = None

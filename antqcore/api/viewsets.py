"""The base every scoped API ViewSet inherits. Subclasses say where the area is (`scope_field`) and give an
unscoped queryset in `get_base_queryset()`; `visible_q()` is the one hook for what is visible and `get_queryset()`
is final: it always applies the scope (antqcore.scoping.ScopedQuerysetMixin).

- An object outside the scope answers 404 to a read.
- A write to an object outside the scope answers 403. A create/update that would put an object outside it answers
  403 too: the services check it (they are given `actor`); ViewSets that save plain serializers (organisations,
  zones) are checked here, in perform_create/perform_update.
- Viewers read only (ScopedWritePermission).
- A service's refusals become answers in one place, antqcore.api.exceptions.exception_handler: views call services
  directly.
"""

from django.core.exceptions import ValidationError as DjangoValidationError
from django.http import Http404
from django.utils.translation import gettext_lazy as _
from rest_framework import permissions, serializers, viewsets
from rest_framework.exceptions import PermissionDenied
from rest_framework.response import Response

from antqcore.scoping import ScopedQuerysetMixin, ensure_area_in_scope

from .bulk import BulkCreateMixin
from .changes import ChangesFeedMixin
from .listing import RowPlanListSerializer
from .permissions import ScopedWritePermission


class ScopedViewSetMixin(ScopedQuerysetMixin):
    permission_classes = [ScopedWritePermission]

    def list(self, request, *args, **kwargs):
        """DRF's list, whose records are written by RowPlanListSerializer: the same JSON, planned once a page. (Not
        in get_serializer(): drf-spectacular calls a ViewSet's own get_serializer() without a request.)"""
        queryset = self.filter_queryset(self.get_queryset())
        page = self.paginate_queryset(queryset)
        serializer = self.get_serializer(queryset if page is None else page, many=True)
        if type(serializer) is serializers.ListSerializer:
            serializer.__class__ = RowPlanListSerializer
        return Response(serializer.data) if page is None else self.get_paginated_response(serializer.data)

    def get_object(self):
        try:
            return super().get_object()
        except Http404:
            if self.request.method not in permissions.SAFE_METHODS:
                if self._exists_outside_scope():
                    raise PermissionDenied(_("This record is outside your area.")) from None
            raise

    def _exists_outside_scope(self) -> bool:
        """Whether the id of the URL names a record out of the scope; a malformed id (`abc` for an integer key)
        names none: 404, as get_object() answers a read (DRF's get_object_or_404 catches the same errors)."""
        lookup = self.kwargs[self.lookup_url_kwarg or self.lookup_field]
        try:
            return self.dangerously_unscoped_queryset().filter(**{self.lookup_field: lookup}).exists()
        except (TypeError, ValueError, DjangoValidationError):
            return False

    def scope_area_of(self, serializer):
        """The area a write would put the object in; subclasses with a nested scope_field override this."""
        field = self.scope_field.split("__")[0]
        if field in serializer.validated_data:
            return serializer.validated_data[field]
        instance = serializer.instance
        return getattr(instance, field) if instance is not None else None

    def check_area_in_scope(self, serializer):
        ensure_area_in_scope(self.request.user, self.scope_area_of(serializer))

    def perform_create(self, serializer):
        self.check_area_in_scope(serializer)
        super().perform_create(serializer)

    def perform_update(self, serializer):
        self.check_area_in_scope(serializer)
        super().perform_update(serializer)


class ScopedModelViewSet(BulkCreateMixin, ChangesFeedMixin, ScopedViewSetMixin, viewsets.ModelViewSet):
    pass


class ScopedReadOnlyViewSet(ChangesFeedMixin, ScopedViewSetMixin, viewsets.ReadOnlyModelViewSet):
    pass

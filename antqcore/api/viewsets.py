"""The base every scoped API ViewSet inherits. Subclasses say where the area is (`scope_field`) and give an
unscoped queryset in `get_base_queryset()`; `get_queryset()` is final and always applies the scope.

- An object outside the scope answers 404 to a read.
- A write to an object outside the scope, or a create/update that puts an object outside it, answers 403.
- Viewers read only (ScopedWritePermission).
"""

from django.http import Http404
from django.utils.translation import gettext_lazy as _
from rest_framework import permissions, viewsets
from rest_framework.exceptions import PermissionDenied

from antqcore.scoping import area_in_scope, scope_q

from .permissions import ScopedWritePermission


class ScopedViewSetMixin:
    scope_field: str = ""  # lookup path from the model to its Area, e.g. "area" or "unit__commune"
    permission_classes = [ScopedWritePermission]

    def get_base_queryset(self):
        raise NotImplementedError

    def get_queryset(self):
        if not self.scope_field:
            raise NotImplementedError(f"{type(self).__name__} must set scope_field")
        return self.get_base_queryset().filter(scope_q(self.request.user, self.scope_field))

    def get_object(self):
        try:
            return super().get_object()
        except Http404:
            if self.request.method not in permissions.SAFE_METHODS:
                lookup = self.kwargs[self.lookup_url_kwarg or self.lookup_field]
                if self.get_base_queryset().filter(**{self.lookup_field: lookup}).exists():
                    raise PermissionDenied(_("This record is outside your area.")) from None
            raise

    def scope_area_of(self, serializer):
        """The area a write would put the object in; subclasses with a nested scope_field override this."""
        field = self.scope_field.split("__")[0]
        if field in serializer.validated_data:
            return serializer.validated_data[field]
        instance = serializer.instance
        return getattr(instance, field) if instance is not None else None

    def check_area_in_scope(self, serializer):
        if not area_in_scope(self.request.user, self.scope_area_of(serializer)):
            raise PermissionDenied(_("You can only record data inside your area."))

    def perform_create(self, serializer):
        self.check_area_in_scope(serializer)
        super().perform_create(serializer)

    def perform_update(self, serializer):
        self.check_area_in_scope(serializer)
        super().perform_update(serializer)


class ScopedModelViewSet(ScopedViewSetMixin, viewsets.ModelViewSet):
    pass


class ScopedReadOnlyViewSet(ScopedViewSetMixin, viewsets.ReadOnlyModelViewSet):
    pass

from django.utils.translation import gettext_lazy as _
from rest_framework import permissions

from antqcore.scoping import user_can_write


class ScopedWritePermission(permissions.BasePermission):
    """Anyone signed in reads (within scope); viewers never write."""

    message = _("Your role does not allow changes.")

    def has_permission(self, request, view):
        if not (request.user and request.user.is_authenticated):
            return False
        return request.method in permissions.SAFE_METHODS or user_can_write(request.user)

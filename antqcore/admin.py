from django.contrib import admin
from django.contrib.auth.admin import UserAdmin as DjangoUserAdmin
from django.utils.translation import gettext_lazy as _
from simple_history.admin import SimpleHistoryAdmin

from .forms import frozen_form
from .models import ApiToken, ApiTokenAddress, Area, Organisation, SecurityEvent, User
from .services import api_tokens_revoke


@admin.register(Area)
class AreaAdmin(admin.ModelAdmin):
    list_display = ["code", "name", "level", "era", "parent", "valid_from", "valid_to"]
    list_filter = ["era", "level"]
    search_fields = ["code", "name"]
    raw_id_fields = ["parent"]
    readonly_fields = ["path"]


@admin.register(Organisation)
class OrganisationAdmin(SimpleHistoryAdmin):
    list_display = ["name", "kind", "area"]
    list_filter = ["kind"]
    search_fields = ["name"]
    raw_id_fields = ["area"]


@admin.register(User)
class UserAdmin(DjangoUserAdmin, SimpleHistoryAdmin):
    list_display = ["username", "get_full_name", "role", "organisation", "scope_area", "is_active"]
    list_filter = ["role", "is_active"]
    raw_id_fields = ["scope_area", "organisation"]
    fieldsets = DjangoUserAdmin.fieldsets + ((_("Role and scope"), {"fields": ["role", "organisation", "scope_area"]}),)


class ApiTokenAddressInline(admin.TabularInline):
    model = ApiTokenAddress
    fields = readonly_fields = ["address", "first_seen_at", "last_seen_at"]
    extra = 0
    can_delete = False

    def has_add_permission(self, request, obj=None):
        return False


@admin.register(ApiToken)
class ApiTokenAdmin(admin.ModelAdmin):
    """Tokens are made by `manage.py api_token` (the only moment the token can be shown) and revoked here by the
    action, which writes the security event; nothing else about them is edited by hand."""

    list_display = ["prefix", "user", "name", "created_at", "expires_at", "last_used_at", "revoked_at"]
    list_filter = [("revoked_at", admin.EmptyFieldListFilter)]
    search_fields = ["prefix", "user__username", "name"]
    readonly_fields = ["user", "key_hash", "prefix", "created_at", "expires_at", "last_used_at", "revoked_at"]
    inlines = [ApiTokenAddressInline]
    actions = ["revoke"]

    def has_add_permission(self, request):
        return False

    @admin.action(description=_("Revoke the selected tokens"), permissions=["change"])
    def revoke(self, request, queryset):
        n = api_tokens_revoke(tokens=queryset, reason="revoked_by_administrator", actor=request.user,
                               request=request)
        self.message_user(request, _("%(n)s tokens revoked.") % {"n": n})


class TrailAdminMixin:
    """An audit trail written by the system: the admin reads it, nobody adds, changes or deletes a row by hand."""

    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


class FrozenFieldsAdminMixin:
    """An admin or an inline whose `frozen_fields` (a code that figures, data files or other records use) are set
    when a row is created and read-only afterwards (antqcore.forms.FrozenFieldsMixin)."""

    frozen_fields: tuple[str, ...] = ("code",)

    def get_form(self, request, obj=None, change=False, **kwargs):
        kwargs["form"] = frozen_form(kwargs.get("form", self.form), self.frozen_fields)
        return super().get_form(request, obj, change, **kwargs)

    def get_formset(self, request, obj=None, **kwargs):
        kwargs["form"] = frozen_form(kwargs.get("form", self.form), self.frozen_fields)
        return super().get_formset(request, obj, **kwargs)


@admin.register(SecurityEvent)
class SecurityEventAdmin(TrailAdminMixin, admin.ModelAdmin):

    list_display = ["at", "kind", "username", "address", "path"]
    list_filter = ["kind"]
    search_fields = ["username", "address", "path"]
    date_hierarchy = "at"
    readonly_fields = [f.name for f in SecurityEvent._meta.fields]

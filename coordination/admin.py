"""Admin of the coordination app. Read-mostly, as the other registries': agreements, inspections and documents are
written through the pages and the API, whose services keep the rules and the scope; the admin shows them, their
citations and their history."""

from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from .models import Agreement, Document, DocumentCitation, Inspection

__all__ = ["AgreementAdmin", "DocumentAdmin", "DocumentCitationAdmin", "InspectionAdmin"]


class ReadOnlyMixin:
    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False


class CitationInline(ReadOnlyMixin, admin.TabularInline):
    model = DocumentCitation
    fields = ["content_type", "object_id", "record"]
    readonly_fields = fields
    extra = 0


@admin.register(Document)
class DocumentAdmin(ReadOnlyMixin, SimpleHistoryAdmin):
    list_display = ["number", "issued_on", "doc_type", "issuer", "area"]
    list_filter = ["doc_type"]
    search_fields = ["number", "subject", "issuer"]
    raw_id_fields = ["area"]
    list_select_related = ["area"]
    date_hierarchy = "issued_on"
    inlines = [CitationInline]


@admin.register(Agreement)
class AgreementAdmin(ReadOnlyMixin, SimpleHistoryAdmin):
    list_display = ["number", "signed_on", "kind", "police_side", "partner_name", "area", "status", "ended_on"]
    list_filter = ["kind", "police_side", "status"]
    search_fields = ["number", "partner_name", "police_unit_name", "subject"]
    raw_id_fields = ["area", "partner_unit", "replaced_by"]
    list_select_related = ["area"]
    date_hierarchy = "signed_on"


@admin.register(Inspection)
class InspectionAdmin(ReadOnlyMixin, SimpleHistoryAdmin):
    list_display = ["inspected_on", "inspecting_body", "unit", "area", "follow_up_done"]
    list_filter = ["inspecting_body", "follow_up_done"]
    search_fields = ["unit__name", "subject"]
    raw_id_fields = ["unit", "area"]
    list_select_related = ["unit", "area"]
    date_hierarchy = "inspected_on"


@admin.register(DocumentCitation)
class DocumentCitationAdmin(ReadOnlyMixin, admin.ModelAdmin):
    list_display = ["document", "content_type", "object_id"]
    list_filter = ["content_type"]
    raw_id_fields = ["document"]
    list_select_related = ["document", "content_type"]

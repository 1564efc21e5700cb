from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from .models import Commendation


@admin.register(Commendation)
class CommendationAdmin(SimpleHistoryAdmin):
    """Read-mostly: records are written through the pages, the API or the import, whose services keep the medal rule
    and the person key; the admin shows them and their history."""

    list_display = ["decision_number", "decision_date", "form", "grantor", "recipient_kind", "person_name", "unit",
                    "area"]
    list_filter = ["form", "grantor", "recipient_kind", "occasion"]
    search_fields = ["decision_number", "person_name", "organisation_name", "search_text"]
    raw_id_fields = ["unit", "area"]
    list_select_related = ["unit", "area"]
    date_hierarchy = "decision_date"

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

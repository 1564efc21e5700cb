"""Admin of the tallies app. The catalogue (indicators, bodies and their data sets) is edited here by a province;
values are entered through the grid, the Excel import and the API, whose service keeps the rules and the scope, so
the admin shows them and their history without changing them."""

from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from antqcore.admin import FrozenFieldsAdminMixin

from .models import Indicator, ReportingBody, TallyValue

__all__ = ["IndicatorAdmin", "ReportingBodyAdmin", "TallyValueAdmin"]


@admin.register(Indicator)
class IndicatorAdmin(FrozenFieldsAdminMixin, SimpleHistoryAdmin):  # the code: the catalogue's figures
    list_display = ["code", "name", "unit_of_measure", "category", "not_below", "order", "active"]
    list_editable = ["order", "active"]
    list_filter = ["category", "active"]
    list_select_related = ["not_below"]
    search_fields = ["code", "name"]
    autocomplete_fields = ["not_below"]


@admin.register(ReportingBody)
class ReportingBodyAdmin(FrozenFieldsAdminMixin, SimpleHistoryAdmin):
    list_display = ["code", "name", "kind", "area", "period_type", "active"]
    list_filter = ["kind", "period_type", "active"]
    list_select_related = ["area"]
    search_fields = ["code", "name"]
    raw_id_fields = ["area"]
    filter_horizontal = ["indicators"]


@admin.register(TallyValue)
class TallyValueAdmin(SimpleHistoryAdmin):
    list_display = ["indicator", "body", "area", "period_start", "period_end", "value", "more_than", "entered_by",
                    "updated_at"]
    list_filter = ["period_type", "indicator__category", "body__kind", "more_than"]
    list_select_related = ["indicator", "body", "area", "entered_by"]
    search_fields = ["indicator__code", "indicator__name", "body__code", "body__name"]
    date_hierarchy = "period_end"

    def has_add_permission(self, request):
        return False  # entered on the grid, which checks the scope and the rules

    def has_change_permission(self, request, obj=None):
        return False

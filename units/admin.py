from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from .models import FireTeam, FireTeamConsolidation, GuardForce, IndustrialZone, Unit, ZoneInvestment


class ZoneInvestmentInline(admin.TabularInline):
    model = ZoneInvestment
    extra = 1


@admin.register(IndustrialZone)
class IndustrialZoneAdmin(SimpleHistoryAdmin):
    list_display = ["name", "kind", "area", "established_on"]
    list_filter = ["kind"]
    search_fields = ["name"]
    raw_id_fields = ["area"]
    inlines = [ZoneInvestmentInline]


@admin.register(Unit)
class UnitAdmin(SimpleHistoryAdmin):
    list_display = ["name", "kind", "subtype", "commune", "status", "deleted_at"]
    list_filter = ["kind", "subtype", "status"]
    search_fields = ["name", "tax_code", "search_text"]
    raw_id_fields = ["commune", "zone"]
    readonly_fields = ["version", "deleted_at"]
    list_select_related = ["commune"]


class FireTeamConsolidationInline(admin.TabularInline):
    model = FireTeamConsolidation
    extra = 0


@admin.register(FireTeam)
class FireTeamAdmin(SimpleHistoryAdmin):
    list_display = ["unit", "established_on", "members"]
    raw_id_fields = ["unit"]
    inlines = [FireTeamConsolidationInline]


@admin.register(GuardForce)
class GuardForceAdmin(SimpleHistoryAdmin):
    list_display = ["unit", "year", "official_staff", "long_term", "short_term", "bodyguards", "trained"]
    list_filter = ["year"]
    raw_id_fields = ["unit"]

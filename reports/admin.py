"""The admin of the reports: templates with their sections (province staff may also edit them on the templates'
page), runs (read-only: they are made and changed through the services), period locks and the audited changes
made in locked periods. The Celery beat schedule (quarterly and annual reports, the reaper) is under
"Periodic tasks"."""

from django import forms
from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from antqcore.admin import FrozenFieldsAdminMixin, TrailAdminMixin

from .forms import TemplateTextMixin
from .models import (
    LockedChange,
    PeriodLock,
    ProvinceProfile,
    ReportNarrative,
    ReportRun,
    ReportSection,
    ReportTemplate,
)


class AdminTemplateForm(TemplateTextMixin, forms.ModelForm):
    # The admin refuses what the templates' page refuses: texts outside the report language are not saved.
    text_fields = ("title", "subtitle", "closing")


class AdminSectionForm(TemplateTextMixin, forms.ModelForm):
    text_fields = ("heading", "body")


class ReportSectionInline(FrozenFieldsAdminMixin, admin.StackedInline):
    frozen_fields = ("key",)  # a report's narratives are kept by section key
    model = ReportSection
    form = AdminSectionForm
    extra = 0
    fields = [("key", "order", "level", "narrative"), "heading", "body"]


@admin.register(ReportTemplate)
class ReportTemplateAdmin(FrozenFieldsAdminMixin, SimpleHistoryAdmin):
    frozen_fields = ("kind",)
    form = AdminTemplateForm
    list_display = ["name", "kind", "active"]
    list_filter = ["kind", "active"]
    search_fields = ["name", "title", "subtitle"]
    inlines = [ReportSectionInline]


class ReadOnlyAdmin(SimpleHistoryAdmin):
    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False


class ReportNarrativeInline(admin.TabularInline):
    model = ReportNarrative
    extra = 0
    fields = ["section_key", "text", "updated_by", "updated_at"]
    readonly_fields = fields
    can_delete = False

    def has_add_permission(self, request, obj=None):
        return False


@admin.register(ReportRun)
class ReportRunAdmin(ReadOnlyAdmin):
    list_display = ["id", "title", "kind", "area", "period_start", "period_end", "status", "progress", "stage",
                    "version", "attempts", "queued_at"]
    list_filter = ["kind", "status", "stage", "scheduled"]
    search_fields = ["title", "subtitle", "number", "area__name"]
    list_select_related = ["area"]
    date_hierarchy = "queued_at"
    inlines = [ReportNarrativeInline]


@admin.register(PeriodLock)
class PeriodLockAdmin(admin.ModelAdmin):
    list_display = ["area", "period_start", "period_end", "run", "locked_at", "locked_by"]
    list_select_related = ["area", "run", "locked_by"]
    readonly_fields = ["area", "period_start", "period_end", "run", "locked_at", "locked_by"]

    def has_add_permission(self, request):
        return False  # a lock comes from finalising a report


@admin.register(LockedChange)
class LockedChangeAdmin(TrailAdminMixin, admin.ModelAdmin):
    list_display = ["at", "record_type", "record_id", "action", "user", "reason", "lock"]
    list_filter = ["record_type", "action"]
    search_fields = ["reason", "record_id"]
    list_select_related = ["user", "lock__area"]


@admin.register(ProvinceProfile)
class ProvinceProfileAdmin(SimpleHistoryAdmin):
    """The facts of each province that its reports state; its staff edit theirs on /reports/profile/."""

    list_display = ["area", "valid_from", "area_km2", "population", "place_name"]
    list_filter = ["area__era"]
    search_fields = ["area__name", "area__code"]
    raw_id_fields = ["area"]

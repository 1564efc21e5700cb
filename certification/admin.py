from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from antqcore.admin import FrozenFieldsAdminMixin

from .models import Campaign, Council, CriteriaSet, Criterion, Criticism, Decision, Participation, Scheme


@admin.register(Scheme)
class SchemeAdmin(FrozenFieldsAdminMixin, SimpleHistoryAdmin):
    list_display = ["code", "name"]


class CriterionInline(FrozenFieldsAdminMixin, admin.TabularInline):
    model = Criterion
    extra = 0


@admin.register(CriteriaSet)
class CriteriaSetAdmin(SimpleHistoryAdmin):
    list_display = ["name", "scheme", "valid_from", "valid_to", "area"]
    list_filter = ["scheme"]
    raw_id_fields = ["area"]
    inlines = [CriterionInline]


@admin.register(Campaign)
class CampaignAdmin(SimpleHistoryAdmin):
    list_display = ["scheme", "year", "window_start", "window_end", "registration_deadline", "submission_deadline"]
    list_filter = ["scheme", "year"]


@admin.register(Council)
class CouncilAdmin(SimpleHistoryAdmin):
    list_display = ["name", "established_by", "area"]
    search_fields = ["name"]
    raw_id_fields = ["area"]


@admin.register(Decision)
class DecisionAdmin(SimpleHistoryAdmin):
    list_display = ["number", "date", "level", "authority", "campaign"]
    list_filter = ["level", "campaign"]
    search_fields = ["number", "authority"]
    raw_id_fields = ["area"]


@admin.register(Participation)
class ParticipationAdmin(SimpleHistoryAdmin):
    """Read-mostly: the status moves only through the workflow services (the web pages), never by hand."""

    list_display = ["unit", "campaign", "status", "decision", "certificate_number"]
    list_filter = ["campaign", "status"]
    search_fields = ["unit__name"]
    list_select_related = ["unit", "campaign__scheme", "decision"]
    readonly_fields = [f.name for f in Participation._meta.fields if f.name != "id"]

    def has_add_permission(self, request):
        return False


@admin.register(Criticism)
class CriticismAdmin(SimpleHistoryAdmin):
    list_display = ["unit", "date", "document_number", "issuer", "campaign"]
    list_filter = ["campaign"]
    search_fields = ["unit__name", "document_number"]
    raw_id_fields = ["unit"]

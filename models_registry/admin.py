from django import forms
from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from antqcore.admin import FrozenFieldsAdminMixin

from .models import Activity, ModelType, MovementModel, PilotSelection, Rating, RegistryConfig, Review
from .services import MODEL_FIELDS, model_check_rules, model_update


@admin.register(ModelType)
class ModelTypeAdmin(FrozenFieldsAdminMixin, SimpleHistoryAdmin):
    list_display = ["name", "code", "order"]
    list_editable = ["order"]
    search_fields = ["name", "code"]


@admin.register(Rating)
class RatingAdmin(SimpleHistoryAdmin):
    list_display = ["name", "order", "is_weak"]
    list_editable = ["order", "is_weak"]


@admin.register(RegistryConfig)
class RegistryConfigAdmin(admin.ModelAdmin):
    list_display = ["__str__", "formalistic_months"]

    def has_add_permission(self, request):
        return not RegistryConfig.objects.exists()  # one row of settings


class ActivityInline(admin.TabularInline):
    model = Activity
    extra = 0


class ReviewInline(admin.TabularInline):
    model = Review
    extra = 0


class MovementModelAdminForm(forms.ModelForm):
    class Meta:
        model = MovementModel
        fields = [*MODEL_FIELDS, "participants"]

    def clean(self):
        cleaned = super().clean()
        model_check_rules(data=cleaned)  # the registry's rules, shown on the form
        return cleaned


@admin.register(MovementModel)
class MovementModelAdmin(SimpleHistoryAdmin):
    form = MovementModelAdminForm
    list_display = ["name", "type", "area", "host_unit", "status", "is_pilot", "established_on"]
    list_filter = ["type", "status", "is_pilot"]
    search_fields = ["name", "search_text", "decision_number"]
    raw_id_fields = ["area", "host_unit", "partner_commune", "participants", "replicated_from"]
    list_select_related = ["type", "area", "host_unit"]
    inlines = [ActivityInline, ReviewInline]

    def save_model(self, request, obj, form, change):
        # Through the service, which keeps the search key; the admin then saves participants and inlines.
        model_update(model=obj, data={})


@admin.register(PilotSelection)
class PilotSelectionAdmin(SimpleHistoryAdmin):
    list_display = ["unit", "plan", "selected_on"]
    list_filter = ["plan"]
    search_fields = ["unit__name", "plan"]
    raw_id_fields = ["unit"]

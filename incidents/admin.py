from django import forms
from django.contrib import admin
from django.core.exceptions import ValidationError
from simple_history.admin import SimpleHistoryAdmin

from antqcore.admin import FrozenFieldsAdminMixin

from .models import Incident, IncidentType
from .services import INCIDENT_FIELDS, incident_check_rules, incident_type_rules_apply, incident_update


@admin.register(IncidentType)
class IncidentTypeAdmin(FrozenFieldsAdminMixin, SimpleHistoryAdmin):  # the code: the criteria, the figures
    list_display = ["name", "code", "order", "active", *IncidentType.RULE_FIELDS]
    list_editable = ["order", "active"]
    search_fields = ["name", "code"]

    def save_model(self, request, obj, form, change):
        super().save_model(request, obj, form, change)
        if change and set(form.changed_data) & set(IncidentType.RULE_FIELDS):
            incident_type_rules_apply(incident_type=obj)  # the type's incidents follow its new rules


class IncidentAdminForm(forms.ModelForm):
    class Meta:
        model = Incident
        fields = INCIDENT_FIELDS

    def clean(self):
        cleaned = super().clean()
        try:
            incident_check_rules(data=cleaned)  # the registry's rules, shown on the form
        except ValidationError as exc:
            for field, messages in exc.message_dict.items():
                if field not in self.errors:
                    self.add_error(field if field in self.fields else None, messages)
        return cleaned


@admin.register(Incident)
class IncidentAdmin(SimpleHistoryAdmin):
    form = IncidentAdminForm
    list_display = ["occurred_at", "type", "unit", "area", "serious", "verified", "prosecuted", "deleted_at"]
    list_filter = ["type", "serious", "verified", "prosecuted", "from_public_tip"]
    search_fields = ["description", "unit__name"]
    raw_id_fields = ["unit", "area"]
    list_select_related = ["type", "unit", "area"]
    date_hierarchy = "occurred_at"

    def has_add_permission(self, request):
        return False  # recorded on the quick entry form, which checks the scope and fills the area

    def save_model(self, request, obj, form, change):
        # Through the service, which checks the scope and recomputes the serious flag.
        incident_update(incident=obj, data={}, actor=request.user)

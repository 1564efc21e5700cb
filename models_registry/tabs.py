"""The unit page's "Mô hình" tab: the models the unit hosts or takes part in (within the user's scope), with their
type, status and whether they are formalistic."""

from django.utils.translation import gettext_lazy as _

from units.tabs import UnitTab, register_unit_tab

from .models import RegistryConfig
from .selectors import formalistic_reasons_of, unit_models


def _context(unit, user) -> dict:
    models = list(unit_models(unit=unit, user=user))
    months = RegistryConfig.current().formalistic_months
    for model in models:
        model.reasons = formalistic_reasons_of(model, months)
    return {"unit": unit, "models": models}


register_unit_tab(UnitTab(key="models", label=_("Models"), template="models_registry/_unit_tab.html",
                          context=_context, order=30))

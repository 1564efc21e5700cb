"""The unit page's "Mô hình" tab: the models the unit hosts or takes part in (within the user's scope), with their
type, status and whether they are formalistic."""

from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from antqcore.scoping import scope_q
from units.tabs import UnitTab, register_unit_tab

from .models import MovementModel, RegistryConfig
from .selectors import model_list


def _context(unit, user) -> dict:
    from .selectors import formalistic_reasons_of

    base = MovementModel.objects.filter(Q(host_unit=unit) | Q(pk__in=unit.movement_models.values("pk")))
    models = list(model_list(base=base.filter(scope_q(user, "area"))))
    months = RegistryConfig.current().formalistic_months
    for model in models:
        model.reasons = formalistic_reasons_of(model, months)
    return {"unit": unit, "models": models}


register_unit_tab(UnitTab(key="models", label=_("Models"), template="models_registry/_unit_tab.html",
                          context=_context, order=30))

"""The models' searchable picker (antqcore.lookups): the models of the user's scope whose name or host unit holds
every word typed."""

from antqcore.lookups import Lookup, register_lookup
from antqcore.scoping import scope_q

from .models import MovementModel
from .selectors import model_list


def models_matching(user, search: str, params):
    return model_list(base=MovementModel.objects.filter(scope_q(user, "area")), search=search)


register_lookup("models", Lookup(rows=models_matching))

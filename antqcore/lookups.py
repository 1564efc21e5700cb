"""The searchable pickers' lookups: `/lookup/<name>/?q=…` answers the first records of the user's scope that match
what was typed, as {id, text}. A registry owns its lookup and registers it here from its AppConfig.ready(), so that
antqcore never imports it; the areas' lookup is antqcore's own.

A lookup only narrows what the user may see: the form that receives the chosen id still validates it against its
own scoped queryset, so a crafted id is refused there as before."""

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from django.db.models import QuerySet

from .forms import area_choice_label
from .models import Area, AreaLevel, User
from .scoping import areas_in_scope_q
from .text import search_key

LOOKUP_LIMIT = 20


@dataclass(frozen=True)
class Lookup:
    # (user, search, params) -> the matching records of the user's scope, ordered; params are the query string's
    # other values (the area levels a picker offers, say).
    rows: Callable[[User, str, Any], QuerySet]
    label: Callable[[Any], str] = str
    # More of each record for the page's own script (a unit's commune, which the incident form names as its area).
    extra: Callable[[Any], dict] | None = None


_lookups: dict[str, Lookup] = {}


def register_lookup(name: str, lookup: Lookup) -> None:
    """Answer `/lookup/<name>/`; registering a name again replaces it (AppConfig.ready() may run more than once in
    tests)."""
    _lookups[name] = lookup


def lookup_results(*, name: str, user: User, search: str, params) -> list[dict]:
    """The first LOOKUP_LIMIT matches as {id, text}. KeyError for a name nobody registered."""
    lookup = _lookups[name]
    rows = lookup.rows(user, search.strip(), params)[:LOOKUP_LIMIT]
    return [{"id": row.pk, "text": lookup.label(row), **(lookup.extra(row) if lookup.extra else {})} for row in rows]


def areas_matching(user: User, search: str, params) -> QuerySet[Area]:
    """Areas of the user's scope whose name holds every word typed (accents and case aside), or whose official code
    starts with the digits typed; `level` (repeatable) narrows to those levels."""
    qs = Area.objects.filter(areas_in_scope_q(user))
    levels = [level for level in params.getlist("level") if level in AreaLevel.values]
    if levels:
        qs = qs.filter(level__in=levels)
    if search.isdigit():
        qs = qs.filter(code__startswith=search)
    else:
        for word in search_key(search).split():
            qs = qs.filter(search_name__contains=word)
    return qs.select_related("parent").order_by("path")


register_lookup("areas", Lookup(rows=areas_matching, label=area_choice_label))

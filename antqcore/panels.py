"""Panels on the detail pages of records. A higher registry shows what it knows about a lower one's record (the
documents a commendation cites, say) by registering a panel here from its AppConfig.ready(); the lower page only
says `{% load panels %}{% record_panels obj %}`, so it never imports the higher app."""

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any


@dataclass(frozen=True)
class RecordPanel:
    model_label: str  # "commendations.commendation": app label and model name, lower case
    template: str
    context: Callable[[Any, Any], dict]  # (record, user) -> template context
    order: int = 100


_panels: dict[tuple[str, str], RecordPanel] = {}


def register_record_panel(model_label: str, template: str, context: Callable[[Any, Any], dict],
                          order: int = 100) -> None:
    """Show `template` on the detail page of every record of `model_label`; registering the same template twice
    replaces the first (AppConfig.ready() may run more than once in tests)."""
    label = model_label.lower()
    _panels[(label, template)] = RecordPanel(model_label=label, template=template, context=context, order=order)


def record_panels_for(model_label: str) -> list[RecordPanel]:
    label = model_label.lower()
    return sorted((p for p in _panels.values() if p.model_label == label), key=lambda p: p.order)

"""Tabs of the unit page. Later registries (certification, models, incidents...) register a tab here from their
AppConfig.ready(), so the unit page gathers everything the system knows without importing them."""

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any


@dataclass(frozen=True)
class UnitTab:
    key: str
    label: str
    template: str
    context: Callable[[Any, Any], dict]  # (unit, user) -> template context
    order: int = 100


_tabs: dict[str, UnitTab] = {}


def register_unit_tab(tab: UnitTab) -> None:
    _tabs[tab.key] = tab


def unit_tabs() -> list[UnitTab]:
    return sorted(_tabs.values(), key=lambda t: t.order)

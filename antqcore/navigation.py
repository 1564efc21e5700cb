"""The main menu. Apps add their entries in AppConfig.ready(), so the shell never imports them and no menu item
points at a screen that does not exist yet."""

from collections.abc import Callable
from dataclasses import dataclass


@dataclass(frozen=True)
class NavItem:
    label: str
    url_name: str
    order: int = 100
    icon: str = ""
    # Who sees the entry (a page of the province staff); None: every signed-in user.
    shown_to: Callable[[object], bool] | None = None


_items: list[NavItem] = []


def register_nav(item: NavItem) -> None:
    if all(i.url_name != item.url_name for i in _items):
        _items.append(item)


def nav_items(user=None) -> list[NavItem]:
    """The entries, in order; given a user, those shown to that user."""
    return sorted((i for i in _items if user is None or i.shown_to is None or i.shown_to(user)),
                  key=lambda i: i.order)

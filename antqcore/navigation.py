"""The main menu. Apps add their entries in AppConfig.ready(), so the shell never imports them and no menu item
points at a screen that does not exist yet. An entry is shown to those who may open its page (the rule of
antqcore.permissions, the page's own), so the menu never offers a page that answers 403."""

from dataclasses import dataclass

from .permissions import may_open


@dataclass(frozen=True)
class NavItem:
    label: str
    url_name: str
    order: int = 100
    icon: str = ""


_items: list[NavItem] = []


def register_nav(item: NavItem) -> None:
    if all(i.url_name != item.url_name for i in _items):
        _items.append(item)


def nav_items(user=None) -> list[NavItem]:
    """The entries, in order; given a user, those whose page that user may open."""
    return sorted((i for i in _items if user is None or may_open(user, i.url_name)), key=lambda i: i.order)

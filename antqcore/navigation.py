"""The main menu. Apps add their entries in AppConfig.ready(), so the shell never imports them and no menu item
points at a screen that does not exist yet."""

from dataclasses import dataclass


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


def nav_items() -> list[NavItem]:
    return sorted(_items, key=lambda i: i.order)

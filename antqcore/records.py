"""Where a figure's record can be opened: its page in the web interface and its address in the API. Each registry
declares its models (register_record_links) in its figures module; the "Nguồn số liệu" page, the records API and the
report comparison call record_links. And where a figure itself opens: figure_records_url, the address of its
"Nguồn số liệu" page, which every figure on screen links to (kept light: the dashboard imports it at start-up)."""

import datetime
import functools
from collections.abc import Callable
from dataclasses import dataclass

from django.db.models import Model
from django.urls import NoReverseMatch, get_script_prefix, reverse
from django.utils.http import urlencode


@dataclass(frozen=True)
class Links:
    web: Callable[[Model], str | None] | None
    api: Callable[[Model], str | None] | None


_links: dict[str, Links] = {}


SENTINEL = 987654321987  # a pk no record has, replaced in the address reversed once


@functools.lru_cache(maxsize=256)
def _template(url_name: str, field: str, prefix: str) -> str | None:
    """The address of `url_name` for the sentinel pk, reversed once per script prefix (a page of 500 records would
    otherwise reverse 1.000 addresses: a third of its time)."""
    address = reverse(url_name, kwargs={field: SENTINEL})
    return address if address.count(str(SENTINEL)) == 1 else None


def _by_pk(url_name: str | None, field: str = "pk"):
    if not url_name:
        return None

    def link(obj):
        template = _template(url_name, field, get_script_prefix())
        if template is None:
            return reverse(url_name, kwargs={field: getattr(obj, field)})
        return template.replace(str(SENTINEL), str(getattr(obj, field)))

    return link


def register_record_links(model: type[Model], *, web: str | Callable[[Model], str | None] | None = None,
                          api: str | Callable[[Model], str | None] | None = None) -> None:
    """`web` and `api`: a URL name taking the record's pk (as `pk`), or a function record → URL."""
    _links[model._meta.label_lower] = Links(web=web if callable(web) else _by_pk(web),
                                            api=api if callable(api) else _by_pk(api))


def record_links(obj: Model) -> dict[str, str | None]:
    """{"url": the record's page, "api_url": its API address}, None where it has none."""
    links = _links.get(obj._meta.label_lower)
    found = {"url": None, "api_url": None}
    if links is None:
        return found
    for name, func in (("url", links.web), ("api_url", links.api)):
        try:
            found[name] = func(obj) if func else None
        except NoReverseMatch:
            found[name] = None
    return found


def figure_records_url(key: str, *, area, start: datetime.date, end: datetime.date, old_map: bool = False,
                       url_name: str = "figure_records") -> str:
    """The address of the "Nguồn số liệu" page of figure `key` for an area (by its code) and a period; with
    `url_name="api:stats-records"`, of the same records in the API."""
    params = {"key": key, "area": area.code, "from": start.isoformat(), "to": end.isoformat()}
    if old_map:
        params["map"] = "old"
    return f"{reverse(url_name)}?{urlencode(params)}"

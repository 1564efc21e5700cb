"""Where a figure's record can be opened: its page in the web interface and its address in the API. Each registry
declares its models (register_record_links) in its figures module; the "Nguồn số liệu" page, the records API and the
report comparison call record_links."""

from collections.abc import Callable
from dataclasses import dataclass

from django.db.models import Model
from django.urls import NoReverseMatch, reverse


@dataclass(frozen=True)
class Links:
    web: Callable[[Model], str | None] | None
    api: Callable[[Model], str | None] | None


_links: dict[str, Links] = {}


def _by_pk(url_name: str | None, field: str = "pk"):
    if not url_name:
        return None
    return lambda obj: reverse(url_name, kwargs={field: getattr(obj, field)})


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

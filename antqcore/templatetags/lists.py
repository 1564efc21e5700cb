"""The parts of a list page that follow the address (antqcore.views.ListPageMixin): a sortable column's heading,
the pages' links, the hidden fields that carry the filters through a GET form, the "clear filters" link. Each keeps
the rest of the query string, so sorting, filtering and paging combine."""

from urllib.parse import urlencode

from django import template
from django.contrib.humanize.templatetags.humanize import intcomma
from django.http import QueryDict
from django.utils.translation import gettext as _

register = template.Library()

# Parameters that say how a list is shown rather than what it holds: clearing the filters keeps them.
VIEW_PARAMS = ("sort", "page_size")


def _params(context, *dropped: str) -> QueryDict:
    params = context["request"].GET.copy()
    for name in ("page", *dropped):
        params.pop(name, None)
    return params


@register.filter
def list_count(paginator) -> str:
    """How many records the list holds, as its page prints it: "1.234", or "about 1.234" when the paginator only
    estimated it (the whole country's list, antqcore.pagination.EstimatedCountPaginator)."""
    text = intcomma(paginator.count)
    return _("about %(count)s") % {"count": text} if getattr(paginator, "estimated", False) else text


@register.inclusion_tag("partials/_sort_header.html", takes_context=True)
def sort_header(context, key: str, label: str, css: str = ""):
    """A <th> whose link sorts by `key` (a key of the view's sort_fields), ascending first, then the reverse."""
    current = context.get("sort", "")
    direction = "ascending" if current == key else "descending" if current == f"-{key}" else ""
    params = _params(context, "sort")
    params["sort"] = f"-{key}" if direction == "ascending" else key
    return {"label": label, "css": css, "direction": direction, "url": f"?{params.urlencode()}"}


@register.simple_tag(takes_context=True)
def page_url(context, number) -> str:
    params = _params(context)
    params["page"] = number
    return f"?{params.urlencode()}"


@register.simple_tag
def page_window(page):
    """The page numbers around the current one (two each side), "…" for the others: the first and the last have
    links of their own."""
    return page.paginator.get_elided_page_range(page.number, on_each_side=2, on_ends=0)


@register.simple_tag(takes_context=True)
def kept_params(context, *dropped: str) -> list[tuple[str, str]]:
    """The address's parameters but the page and `dropped`, as hidden fields of a GET form that sets them."""
    return [(name, value) for name, values in _params(context, *dropped).lists() for value in values]


def _view_pairs(context) -> list[tuple[str, str]]:
    return [(name, value) for name, value in kept_params(context) if name in VIEW_PARAMS]


@register.simple_tag(takes_context=True)
def view_params(context) -> list[tuple[str, str]]:
    """The sort and the page size, as hidden fields of the filter form: filtering keeps them."""
    return _view_pairs(context)


@register.simple_tag(takes_context=True)
def clear_filters_url(context) -> str:
    """The list without its filters (keeping the sort and the page size), or "" when no filter is set."""
    if not any(value for name, value in kept_params(context) if name not in VIEW_PARAMS):
        return ""
    return "?" + urlencode(_view_pairs(context))


@register.filter
def filter_input(field):
    """A filter's input (a date, a year) drawn by its own widget, with the bar's classes."""
    classes = [field.field.widget.attrs.get("class", ""), "form-control", "is-invalid" if field.errors else ""]
    return field.as_widget(attrs={"class": " ".join(c for c in classes if c)})


@register.filter
def with_labels(fields: dict, columns) -> list[tuple[str, object]]:
    """A record's values (by column name) beside their columns' headings, in the columns' order: the cells of a table
    that becomes cards on a phone."""
    return [(column.label, fields[column.name]) for column in columns]

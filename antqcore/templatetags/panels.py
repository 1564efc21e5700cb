from django import template
from django.template.loader import render_to_string
from django.utils.safestring import mark_safe

from antqcore.panels import record_panels_for

register = template.Library()


@register.simple_tag(takes_context=True)
def record_panels(context, record):
    """Every panel registered for the record's model, each rendered with what its context function gives for the
    record and the signed-in user. Nothing when the record is missing."""
    if record is None or not hasattr(record, "_meta"):
        return ""
    request = context.get("request")
    user = getattr(request, "user", None) or context.get("user")
    html = [render_to_string(panel.template, panel.context(record, user) | {"record": record}, request=request)
            for panel in record_panels_for(record._meta.label_lower)]
    return mark_safe("".join(html))  # noqa: S308  templates rendered with autoescape

"""What a page offers follows what the user may open (antqcore.permissions): a link the role cannot use is left out.

    {% url_if_allowed 'reports:create' as create_url %}{% if create_url %}<a href="{{ create_url }}">…</a>{% endif %}
    {% allowed_url late.url as register_url %}   (an address already built, with its query string)
"""

from django import template

from antqcore import permissions

register = template.Library()


def _user(context):
    request = context.get("request")
    return getattr(request, "user", None) or context.get("user")


@register.simple_tag(takes_context=True)
def url_if_allowed(context, url_name, *args):
    """The address of `url_name` with `args` when the signed-in user may open it, else ""."""
    return permissions.url_if_allowed(_user(context), url_name, *args)


@register.simple_tag(takes_context=True)
def allowed_url(context, url):
    """`url` itself when the signed-in user may open it, else ""."""
    return url if url and permissions.may_open_url(_user(context), url) else ""

from django.urls import reverse

from .navigation import nav_items


def navigation(request):
    path = request.path
    items = []
    for item in nav_items(getattr(request, "user", None)):
        url = reverse(item.url_name)
        active = path == url if url == "/" else path.startswith(url)
        items.append({"label": item.label, "url": url, "active": active})
    return {"nav_items": items}

"""Issue #20 part 2, on records of every registry (the demo's, in tests/reports/test_seed_pdf.py): every list of the
API writes the same JSON as DRF's own serialisation and renderer did before the fast path — the records, their
order, every field's value and type — for a province's staff and a district officer."""

import json

from django.core.cache import cache
from django.urls import reverse
from rest_framework import mixins
from rest_framework.renderers import JSONRenderer
from rest_framework.views import APIView

from antqcore.api.viewsets import ScopedViewSetMixin
from config.api_router import router
from tests.conftest import client_for


def list_urls() -> list[str]:
    return sorted(reverse(f"api:{basename}-list") for _prefix, viewset, basename in router.registry
                  if hasattr(viewset, "list"))


def _pages(users, urls, **params) -> dict:
    pages = {}
    for user in users:
        client = client_for(user)
        for url in urls:
            cache.clear()  # the per-user throttle: a client pages through every list here
            r = client.get(url, {"page_size": 50, **params})
            assert r.status_code == 200, (url, r.status_code, r.content[:300])
            # json.dumps of the parsed answer tells 1 from 1.0 and keeps the keys' order.
            pages[user.username, url] = json.dumps(r.json(), ensure_ascii=False)
    return pages


def assert_every_list_is_drfs(monkeypatch, users, *, least_rows: int = 20) -> list[str]:
    """Returns the list URLs that had records (the checks are worth something only where rows were written)."""
    urls = list_urls()
    fast = _pages(users, urls)
    with monkeypatch.context() as patch:
        patch.setattr(ScopedViewSetMixin, "list", mixins.ListModelMixin.list)
        patch.setattr(APIView, "renderer_classes", [JSONRenderer])
        drf = _pages(users, urls)
    differing = [key for key in fast if fast[key] != drf[key]]
    assert differing == [], differing[:5]
    return [url for url in urls if any(len(rows(json.loads(fast[user.username, url]))) >= least_rows for user in users)]


def rows(body) -> list:
    return body if isinstance(body, list) else body.get("results", [])

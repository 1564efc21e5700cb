"""The scoped bases cannot be bypassed by accident: get_queryset() applies the scope and a class that overrides it is
refused when it is defined; what is visible is widened through visible_q() only."""

import pytest
from django.views.generic import ListView

from antqcore.api.viewsets import ScopedModelViewSet, ScopedReadOnlyViewSet
from antqcore.views import ScopedViewMixin


class _OwnQueryset:
    def get_queryset(self):
        return []


@pytest.mark.parametrize("base", [ScopedModelViewSet, ScopedReadOnlyViewSet])
def test_a_viewset_overriding_get_queryset_is_refused(base):
    with pytest.raises(TypeError, match="visible_q"):
        type("LeakyViewSet", (base,), {"get_queryset": lambda self: []})


def test_a_web_view_overriding_get_queryset_is_refused():
    with pytest.raises(TypeError, match="get_base_queryset"):
        type("LeakyList", (ScopedViewMixin, ListView), {"get_queryset": lambda self: []})


def test_a_mixin_whose_get_queryset_would_run_first_is_refused_too():
    with pytest.raises(TypeError):
        type("LeakyList", (_OwnQueryset, ScopedViewMixin, ListView), {})


def test_widening_what_is_visible_goes_through_visible_q():
    view = type("WiderList", (ScopedViewMixin, ListView), {"visible_q": lambda self: None})
    assert view.get_queryset is ScopedViewMixin.get_queryset

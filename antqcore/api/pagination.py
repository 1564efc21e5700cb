import re

from django.utils.translation import gettext as _
from rest_framework.exceptions import ValidationError
from rest_framework.pagination import PageNumberPagination
from rest_framework.utils.urls import replace_query_param

from antqcore.pagination import KeysFirstPaginator


class StandardPagination(PageNumberPagination):
    """Pages of 50 records, `page_size` from 1 (more than 500 gives pages of 500). The `next` and `previous` links
    carry the page size actually used (a `page_size=1000` asked for pages of 500: the next link says 500, so a client
    following it reads every record once). A page or page size that is not a whole number from 1 — or given empty —
    answers 400 naming it; a page past the last answers 404 with the API's error body. Pages are read keys first
(antqcore.pagination); `count` is always exact."""

    django_paginator_class = KeysFirstPaginator
    page_size = 50
    page_size_query_param = "page_size"
    max_page_size = 500

    def _whole_number(self, request, name: str) -> int | None:
        value = request.query_params.get(name)
        if value is None:
            return None
        if not re.fullmatch(r"[0-9]{1,9}", value) or int(value) < 1:
            raise ValidationError({name: [_("Enter a whole number from 1.")]})
        return int(value)

    def get_page_size(self, request):
        size = self._whole_number(request, self.page_size_query_param)
        return self.page_size if size is None else min(size, self.max_page_size)

    def paginate_queryset(self, queryset, request, view=None):
        self._whole_number(request, self.page_query_param)
        return super().paginate_queryset(queryset, request, view)

    def _with_page_size(self, url: str | None) -> str | None:
        if url is None or self.page_size_query_param not in self.request.query_params:
            return url
        return replace_query_param(url, self.page_size_query_param, self.page.paginator.per_page)

    def get_next_link(self):
        return self._with_page_size(super().get_next_link())

    def get_previous_link(self):
        return self._with_page_size(super().get_previous_link())

    def get_schema_operation_parameters(self, view):
        parameters = super().get_schema_operation_parameters(view)
        for parameter in parameters:
            parameter["schema"] = {"type": "integer", "minimum": 1}
        return parameters

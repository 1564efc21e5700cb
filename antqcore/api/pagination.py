from rest_framework.pagination import PageNumberPagination
from rest_framework.utils.urls import replace_query_param


class StandardPagination(PageNumberPagination):
    """Pages of 50 records, `page_size` up to 500. The `next` and `previous` links carry the page size actually used
    (a `page_size=1000` asked for pages of 500: the next link says 500, so a client following it reads every record
    once); a page past the last answers 404 with the API's error body."""

    page_size = 50
    page_size_query_param = "page_size"
    max_page_size = 500

    def _with_page_size(self, url: str | None) -> str | None:
        if url is None or self.page_size_query_param not in self.request.query_params:
            return url
        return replace_query_param(url, self.page_size_query_param, self.page.paginator.per_page)

    def get_next_link(self):
        return self._with_page_size(super().get_next_link())

    def get_previous_link(self):
        return self._with_page_size(super().get_previous_link())

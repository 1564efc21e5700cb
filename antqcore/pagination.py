"""Pages of a list that cost little however long the list (issue #20 part 2); used by the web lists
(antqcore.views.ListPageMixin) and the API (antqcore.api.pagination.StandardPagination).

`KeysFirstPaginator` reads a page past the first few hundred rows in two steps: the primary keys of the page in the
list's order — a narrow query the database sorts and skips through without carrying every column of every joined
table — then those records with their joins. At 100.000 units the admin's last page fell from 320 ms to 43 ms this
way, the province's filtered pages by a third (benchmarks/README.md). A queryset it cannot read so (DISTINCT, a
union, a values() list) is paged as Django does.

`EstimatedCountPaginator` also counts a list of the whole country without counting it: above
`settings.ANTQ_LIST_ESTIMATE_ABOVE` rows by PostgreSQL's own estimate (EXPLAIN), shown as "about N". Below it, and
on any other database, the count is exact. Past the true end (an estimate too high), the last page of the true count
is shown.
"""

import json

from django.conf import settings
from django.core.paginator import Paginator
from django.db import connections
from django.db.models import QuerySet
from django.utils.functional import cached_property


def _keys_first(queryset) -> bool:
    query = getattr(queryset, "query", None)
    return (isinstance(queryset, QuerySet) and not query.distinct and not query.combinator
            and queryset._fields is None and not query.is_sliced)


class KeysFirstPaginator(Paginator):
    # The first pages are read in one query: skipping a few hundred rows costs the database little, and a second
    # query costs the application more than it saves there (about 0,7 ms of a 10 ms page).
    keys_first_from = 500

    def page(self, number):
        if not _keys_first(self.object_list):
            return super().page(number)
        number = self.validate_number(number)
        bottom = (number - 1) * self.per_page
        if bottom < self.keys_first_from:
            return super().page(number)
        top = bottom + self.per_page
        if top + self.orphans >= self.count:
            top = self.count
        keys = list(self.object_list.values_list("pk", flat=True)[bottom:top])
        rows = {row.pk: row for row in self.object_list.order_by().filter(pk__in=keys)} if keys else {}
        # A record deleted between the two reads is left out, not an error.
        return self._get_page([rows[key] for key in keys if key in rows], number, self)


def planner_estimate(queryset) -> int | None:
    """PostgreSQL's estimate of how many rows `queryset` has (from its statistics: no row is read), or None."""
    connection = connections[queryset.db]
    if connection.vendor != "postgresql":
        return None
    sql, params = queryset.order_by().values("pk").query.sql_with_params()
    with connection.cursor() as cursor:
        cursor.execute(f"EXPLAIN (FORMAT JSON) {sql}", params)
        plan = cursor.fetchone()[0]
    plan = json.loads(plan) if isinstance(plan, str) else plan
    return int(plan[0]["Plan"]["Plan Rows"])


class EstimatedCountPaginator(KeysFirstPaginator):
    """`estimated` says whether `count` is PostgreSQL's estimate ("about N") rather than a count."""

    estimated = False

    @cached_property
    def count(self):
        above = settings.ANTQ_LIST_ESTIMATE_ABOVE
        if isinstance(self.object_list, QuerySet):
            estimate = planner_estimate(self.object_list)
            if estimate is not None and estimate > above:
                self.estimated = True
                return estimate
        return super().count

    def page(self, number):
        page = super().page(number)
        if self.estimated and not page.object_list and page.number > 1:
            # The estimate ran past the end: count for real and show the true last page.
            self.estimated = False
            self.__dict__["count"] = self.object_list.count()
            self.__dict__.pop("num_pages", None)
            return super().page(min(page.number, self.num_pages))
        return page

"""Committing a checked sheet: every row or none."""

from collections.abc import Callable

from django.core.exceptions import PermissionDenied
from django.db import transaction

from ..scoping import user_can_write
from .reading import ImportResult, RowResult


class ImportRejected(Exception):
    """Nothing was written; `result` holds the errors by row."""

    def __init__(self, result: ImportResult):
        super().__init__(result.error_lines())
        self.result = result


def commit_all(*, result: ImportResult, user, write_row: Callable[[RowResult], None]) -> int:
    """Writes every row of a checked sheet, or none. `write_row` saves one row through the registry's services
    and adds what they refuse to `row.errors`; the first failure anywhere rolls the whole import back. Returns the
    number of rows written; raises ImportRejected with the errors by row."""
    if not user_can_write(user):
        raise PermissionDenied
    if not result.ok:
        raise ImportRejected(result)
    with transaction.atomic():
        for row in result.rows:
            write_row(row)
        if not result.ok:
            raise ImportRejected(result)  # leaving the atomic block by an exception undoes every row
    return len(result.rows)

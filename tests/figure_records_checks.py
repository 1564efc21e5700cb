"""What every registry's records test checks: for each figure, the value figures_compute gives is the one its
records make (their number for a count, their sum and "more than" for a sum)."""

from decimal import Decimal

from django.db.models import Sum

from antqcore.stats import (
    figure_from_records,
    figure_get,
    figure_keys,
    figure_record_ids,
    figure_records,
    figures_compute,
    is_more_than,
)


def assert_figures_are_their_records(keys, *, area, start, end, one_by_one: bool = True) -> None:
    """`one_by_one`: each figure computed alone (keys=[key]); otherwise all in one computation, for a registry of
    many figures whose one aggregate gives them all alike."""
    together = {} if one_by_one else figures_compute(area=area, start=start, end=end, keys=list(keys))
    for key in keys:
        computed = together[key] if key in together else figures_compute(area=area, start=start, end=end,
                                                                          keys=[key])[key]
        from_records = figure_from_records(key, area=area, start=start, end=end)
        assert computed == from_records, (key, area.code, start, end)
        assert is_more_than(computed) == is_more_than(from_records), key
        if figure_get(key).source.measure is None:
            assert computed == figure_records(key, area=area, start=start, end=end).count(), key


def assert_every_figure_is_its_records(*, area, start, end, kept: dict | None = None) -> dict:
    """Every registered figure of `area` over [start, end] equals what its records make, read directly: their number,
    the sum of their field (with "more than"), or for a derived figure its function of them; and the records a report
    keeps (`kept`, by default figure_record_ids) are those records. Returns the figures."""
    figures = figures_compute(area=area, start=start, end=end)
    kept = kept if kept is not None else figure_record_ids(area=area, start=start, end=end)
    for key in figure_keys():
        source = figure_get(key).source
        records = figure_records(key, area=area, start=start, end=end)
        if source.derive is not None:
            expected = figure_from_records(key, area=area, start=start, end=end)
        elif source.measure is None:
            expected = records.count()
        else:
            total = Decimal(records.aggregate(total=Sum(source.measure))["total"] or 0)
            expected = int(total) if total == int(total) else float(total)
            more = bool(source.more_than) and records.filter(**{source.more_than: True}).exists()
            assert is_more_than(figures[key]) == more, key
        assert figures[key] == expected, key
        assert kept[key] == {"model": records.model._meta.label,
                             "ids": sorted(set(records.values_list("pk", flat=True)))}, key
    return figures

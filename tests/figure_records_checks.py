"""What every registry's records test checks: for each figure, the value figures_compute gives is the one its
records make (their number for a count, their sum and "more than" for a sum)."""

from antqcore.stats import figure_from_records, figure_get, figure_records, figures_compute, is_more_than


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

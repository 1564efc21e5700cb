from antqcore.compute_cache import compute_cache, shared_selector

calls = []


@shared_selector
def counted(*, area, start):
    calls.append((area, start))
    return len(calls)


def test_a_shared_selector_runs_once_per_arguments_within_a_computation():
    calls.clear()
    with compute_cache():
        assert counted(area="24", start=1) == counted(area="24", start=1) == 1
        assert counted(area="24", start=2) == 2
    assert len(calls) == 2


def test_nothing_is_cached_outside_a_computation_so_new_records_count_at_once():
    calls.clear()
    assert counted(area="24", start=1) == 1
    assert counted(area="24", start=1) == 2
    with compute_cache():
        counted(area="24", start=1)
    with compute_cache():
        counted(area="24", start=1)
    assert len(calls) == 4

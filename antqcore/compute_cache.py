"""A cache that lives for one `figures_compute` call. Figures of one registry often read the same aggregate (nine
incident figures come from one query); inside a computation a selector decorated with `shared_selector` runs once
per arguments, and an area's coverage is looked up once. Outside a computation nothing is cached, so a record
written a moment ago is always counted by the next request."""

import contextlib
import functools
from contextvars import ContextVar

_cache: ContextVar[dict | None] = ContextVar("antq_compute_cache", default=None)


@contextlib.contextmanager
def compute_cache():
    if _cache.get() is not None:  # nested: share the outer cache
        yield
        return
    token = _cache.set({})
    try:
        yield
    finally:
        _cache.reset(token)


def _hashable(value):
    pk = getattr(value, "pk", None)
    return (type(value).__name__, pk) if pk is not None else value


def cached(key: tuple, compute):
    cache = _cache.get()
    if cache is None:
        return compute()
    if key not in cache:
        cache[key] = compute()
    return cache[key]


def shared_selector(func):
    """Runs `func(**kwargs)` once per distinct keyword arguments within one computation."""

    @functools.wraps(func)
    def wrapper(**kwargs):
        key = (func.__module__, func.__qualname__, tuple(sorted((k, _hashable(v)) for k, v in kwargs.items())))
        return cached(key, lambda: func(**kwargs))

    return wrapper

import datetime

from django.db.models import QuerySet

from .models import Area, AreaLevel


class AreaNotFound(LookupError):
    pass


def area_resolve(*, code: str, on: datetime.date) -> Area:
    """The area that bore `code` on `on`. Codes are reused across the 2025 reform (24 was Bắc Giang and is now
    the merged Bắc Ninh), so a code alone is ambiguous. Province codes have 2 digits, district codes 3 and
    commune codes 5, so the length tells the level."""
    code = code.strip()
    level = {2: AreaLevel.PROVINCE, 3: AreaLevel.DISTRICT, 5: AreaLevel.COMMUNE}.get(len(code))
    candidates = Area.objects.valid_on(on).filter(code=code)
    if level:
        candidates = candidates.filter(level=level)
    area = candidates.select_related("parent").first()
    if area is None:
        raise AreaNotFound(code)
    return area


def area_list(*, level: str | None = None, parent: Area | None = None, on: datetime.date | None = None,
              search: str | None = None) -> QuerySet[Area]:
    qs = Area.objects.select_related("parent")
    if on is not None:
        qs = qs.valid_on(on)
    if level:
        qs = qs.filter(level=level)
    if parent is not None:
        qs = qs.filter(path__startswith=parent.path + ".")
    if search:
        qs = qs.filter(name__icontains=search)
    return qs.order_by("path")


def area_descendants_count(*, area: Area, level: str, on: datetime.date) -> int:
    return Area.objects.valid_on(on).filter(level=level, path__startswith=area.path + ".").count()

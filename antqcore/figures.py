from django.utils.translation import gettext_lazy as _

from .models import Area, AreaLevel
from .records import register_record_links
from .selectors import area_descendants, area_map_note
from .stats import Column, Source, register_figure


def map_note(area, start, end) -> str | None:
    """Before 30/06/2025, in a province without history (antqcore/data/history/README.md), the areas counted are
    those of the map of 30/06/2025: the figure says so (the stats API's `notes`), its value stays what it counts."""
    return area_map_note(area, end)


COLUMNS = (Column("code", _("Official code"), lambda a: a.code), Column("kind", _("Kind"), lambda a: a.kind))


def _descendants(level):
    return lambda area, start, end: area_descendants(area=area, level=level, on=end)


register_figure("context.districts", _("District-level units"), note=map_note, source=Source(
    _descendants(AreaLevel.DISTRICT), area_field=None, columns=COLUMNS,
    rule=_("District-level units (districts, towns, cities) of the area on the map of the period's last day.")))
register_figure("context.communes", _("Communes, wards and townships"), note=map_note, source=Source(
    _descendants(AreaLevel.COMMUNE), area_field=None, columns=COLUMNS,
    rule=_("Communes, wards and townships of the area on the map of the period's last day.")))
register_record_links(Area, api="api:area-detail")

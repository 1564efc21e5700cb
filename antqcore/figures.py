from django.utils.translation import gettext_lazy as _

from .models import AreaLevel
from .selectors import area_descendants_count, area_map_note
from .stats import register_figure


def map_note(area, start, end) -> str | None:
    """Before 30/06/2025, in a province without history (antqcore/data/history/README.md), the areas counted are
    those of the map of 30/06/2025: the figure says so (the stats API's `notes`), its value stays what it counts."""
    return area_map_note(area, end)


@register_figure("context.districts", _("District-level units"), note=map_note)
def context_districts(area, start, end):
    return area_descendants_count(area=area, level=AreaLevel.DISTRICT, on=end)


@register_figure("context.communes", _("Communes, wards and townships"), note=map_note)
def context_communes(area, start, end):
    return area_descendants_count(area=area, level=AreaLevel.COMMUNE, on=end)

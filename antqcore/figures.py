from django.utils.translation import gettext_lazy as _

from .models import AreaLevel
from .selectors import area_descendants_count
from .stats import register_figure


@register_figure("context.districts", _("District-level units"))
def context_districts(area, start, end):
    return area_descendants_count(area=area, level=AreaLevel.DISTRICT, on=end)


@register_figure("context.communes", _("Communes, wards and townships"))
def context_communes(area, start, end):
    return area_descendants_count(area=area, level=AreaLevel.COMMUNE, on=end)

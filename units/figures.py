from django.utils.translation import gettext_lazy as _

from antqcore.stats import register_figure

from . import selectors
from .models import IndustrialZone


@register_figure("context.units", _("Agencies, enterprises and schools"))
def context_units(area, start, end):
    return selectors.units_existing(area=area, on=end).count()


@register_figure("context.industrial_zones", _("Industrial zones"))
def context_industrial_zones(area, start, end):
    return selectors.zones_existing(area=area, on=end, kind=IndustrialZone.Kind.ZONE).count()


@register_figure("context.industrial_clusters", _("Industrial clusters"))
def context_industrial_clusters(area, start, end):
    return selectors.zones_existing(area=area, on=end, kind=IndustrialZone.Kind.CLUSTER).count()


@register_figure("context.investment_projects", _("Investment projects attracted to zones and clusters"))
def context_investment_projects(area, start, end):
    return selectors.investment_projects(area=area, on=end)


@register_figure("context.enterprises_operating", _("Enterprises operating in zones and clusters"))
def context_enterprises_operating(area, start, end):
    return selectors.zone_enterprises(area=area, on=end).count()


@register_figure("context.workers", _("Workers of those enterprises"))
def context_workers(area, start, end):
    return selectors.zone_workers(area=area, on=end)


def _guards(part):
    def figure(area, start, end):
        return selectors.guard_totals(area=area, on=end)[part]

    return figure


for key, part, label in [
    ("guards.total", "total", _("Security guards in units")),
    ("guards.official", "official", _("Guards on the official staff")),
    ("guards.long_term", "long_term", _("Guards on long-term contracts")),
    ("guards.short_term", "short_term", _("Guards on short-term contracts")),
    ("guards.bodyguards", "bodyguards", _("Bodyguards and hired guards")),
]:
    register_figure(key, label)(_guards(part))


@register_figure("fire.teams_new", _("Unit fire teams newly established"))
def fire_teams_new(area, start, end):
    return selectors.fire_teams_new(area=area, start=start, end=end)


@register_figure("fire.teams_consolidated", _("Unit fire teams consolidated"))
def fire_teams_consolidated(area, start, end):
    return selectors.fire_teams_consolidated(area=area, start=start, end=end)

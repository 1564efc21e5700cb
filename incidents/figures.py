"""The registry's figures. All nine come from one aggregate query (selectors.incident_counts); each figure function
keeps its own number of it. incident_counts is a shared selector (antqcore.compute_cache): inside one computation the
query runs once for the nine figures, and a figure asked alone costs that one query."""

from django.utils.translation import gettext_lazy as _

from antqcore.stats import register_figure

from .selectors import incident_counts

FIGURES = {
    "incidents.strikes": ("strikes", _("Strikes and work slowdowns")),
    "incidents.fires": ("fires", _("Fires and explosions")),
    "incidents.thefts": ("thefts", _("Property thefts")),
    "incidents.violations": ("violations", _("Law violations in agencies, enterprises and schools")),
    "incidents.violations_by_members": ("violations_by_members", _(
        "Law violations involving cadres, civil servants, public employees, workers or students")),
    "enforcement.cases_verified": ("cases_verified", _("Security and order cases verified")),
    "enforcement.defendants_prosecuted": ("defendants_prosecuted", _("Defendants proposed for prosecution")),
    "enforcement.economic_cases": ("economic_cases", _("Economic, smuggling and corruption cases")),
    "enforcement.economic_subjects": ("economic_subjects", _(
        "People involved in economic, smuggling and corruption cases")),
}


def _figure(name: str):
    return lambda area, start, end: incident_counts(area=area, start=start, end=end)[name]


for _key, (_name, _label) in FIGURES.items():
    register_figure(_key, _label)(_figure(_name))

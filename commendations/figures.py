"""The register's figures (seed section 2.7). Each picks its number from the one aggregate of
`selectors.commendation_figures`, counted over the decision date and the area the commendation is counted in."""

from django.utils.translation import gettext_lazy as _

from antqcore.stats import register_figure

from . import selectors

LABELS = {
    "collective": _("Commendations to collectives by the Ministry, the provincial Chairman and the police Director"),
    "individual": _("Commendations to individuals by the Ministry, the provincial Chairman and the police Director"),
    "ministry_flag": _("Emulation flags of the Ministry of Public Security to collectives"),
    "province_flag": _("Emulation flags of the provincial People's Committee Chairman to collectives"),
    "ministry_merit_collective": _("Certificates of merit of the Ministry of Public Security to collectives"),
    "province_merit_collective": _("Certificates of merit of the provincial Chairman to collectives"),
    "province_merit_individual": _("Certificates of merit of the provincial Chairman to individuals"),
    "police_director_collective": _("Certificates of commendation of the provincial police Director to collectives"),
    "police_director_individual": _("Certificates of commendation of the provincial police Director to individuals"),
    "medal_individual": _("“Protecting National Security” medals to individuals"),
}


def _figure(key: str):
    def figure(area, start, end) -> int:
        return selectors.commendation_figures(area=area, start=start, end=end)[key]

    return figure


for _key in selectors.FIGURE_FILTERS:
    register_figure(f"commendations.{_key}", LABELS[_key])(_figure(_key))

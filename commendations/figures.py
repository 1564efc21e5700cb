"""The register's figures (seed section 2.7). Each counts the commendations decided in the period and counted inside
the area (selectors.commendations_in_period) that its filter (selectors.FIGURE_FILTERS) picks. They are registered
as one group (antqcore.stats.register_group): one aggregate query gives the ten numbers, and a figure's records are
the same commendations filtered by its part."""

from django.urls import reverse
from django.utils.http import urlencode
from django.utils.translation import gettext_lazy as _

from antqcore.models import AreaLevel
from antqcore.records import register_record_links
from antqcore.stats import Column, Part, register_group

from .models import AwardForm, Commendation, Grantor, RecipientKind
from .selectors import FIGURE_FILTERS, commendations_in_period

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
RULES = {
    "collective": _("Commendations of any form but the medal granted to collectives by the Minister of Public "
                    "Security, the provincial People's Committee Chairman or the provincial police Director, whose "
                    "decision date lies in the period, counted in the area."),
    "individual": _("Commendations of any form but the medal granted to individuals by the Minister of Public "
                    "Security, the provincial People's Committee Chairman or the provincial police Director, whose "
                    "decision date lies in the period, counted in the area."),
    "ministry_flag": _("Emulation flags granted to collectives by the Minister of Public Security, whose decision "
                       "date lies in the period, counted in the area."),
    "province_flag": _("Emulation flags granted to collectives by the provincial People's Committee Chairman, whose "
                       "decision date lies in the period, counted in the area."),
    "ministry_merit_collective": _("Certificates of merit granted to collectives by the Minister of Public Security, "
                                   "whose decision date lies in the period, counted in the area."),
    "province_merit_collective": _("Certificates of merit granted to collectives by the provincial People's "
                                   "Committee Chairman, whose decision date lies in the period, counted in the "
                                   "area."),
    "province_merit_individual": _("Certificates of merit granted to individuals by the provincial People's "
                                   "Committee Chairman, whose decision date lies in the period, counted in the "
                                   "area."),
    "police_director_collective": _("Certificates of commendation granted to collectives by the provincial police "
                                    "Director, whose decision date lies in the period, counted in the area."),
    "police_director_individual": _("Certificates of commendation granted to individuals by the provincial police "
                                    "Director, whose decision date lies in the period, counted in the area."),
    "medal_individual": _("“Protecting National Security” medals granted to individuals, whose decision date lies "
                          "in the period, counted in the area."),
}
PARTS = {f"commendations.{key}": Part(LABELS[key], RULES[key], q) for key, q in FIGURE_FILTERS.items()}

F, G, R = AwardForm, Grantor, RecipientKind
# The list's own filters for a figure (forms.CommendationFilterForm); it cannot pick several grantors, nor leave the
# medal out: the movement's totals list the recipients of every form and grantor.
LIST_FILTERS = {
    "collective": {"recipient_kind": R.COLLECTIVE},
    "individual": {"recipient_kind": R.INDIVIDUAL},
    "ministry_flag": {"form": F.EMULATION_FLAG, "grantor": G.MINISTRY, "recipient_kind": R.COLLECTIVE},
    "province_flag": {"form": F.EMULATION_FLAG, "grantor": G.PROVINCE_CHAIRMAN, "recipient_kind": R.COLLECTIVE},
    "ministry_merit_collective": {"form": F.CERTIFICATE_OF_MERIT, "grantor": G.MINISTRY,
                                  "recipient_kind": R.COLLECTIVE},
    "province_merit_collective": {"form": F.CERTIFICATE_OF_MERIT, "grantor": G.PROVINCE_CHAIRMAN,
                                  "recipient_kind": R.COLLECTIVE},
    "province_merit_individual": {"form": F.CERTIFICATE_OF_MERIT, "grantor": G.PROVINCE_CHAIRMAN,
                                  "recipient_kind": R.INDIVIDUAL},
    "police_director_collective": {"form": F.CERTIFICATE_OF_COMMENDATION, "grantor": G.POLICE_DIRECTOR,
                                   "recipient_kind": R.COLLECTIVE},
    "police_director_individual": {"form": F.CERTIFICATE_OF_COMMENDATION, "grantor": G.POLICE_DIRECTOR,
                                   "recipient_kind": R.INDIVIDUAL},
    "medal_individual": {"form": F.MEDAL, "recipient_kind": R.INDIVIDUAL},
}


def list_url(key, area, start, end) -> str:
    """The commendations list filtered as far as it can: form, grantor and recipient, the province or district, and
    the year when the period lies within one (the list has no date range)."""
    params = {name: str(value) for name, value in LIST_FILTERS[key.removeprefix("commendations.")].items()}
    if area.level in (AreaLevel.PROVINCE, AreaLevel.DISTRICT):
        params["area"] = area.pk
    if start.year == end.year:
        params["year"] = start.year
    return f"{reverse('commendations:list')}?{urlencode(params)}"


COLUMNS = (
    Column("decision_date", _("Decision date"), lambda c: c.decision_date),
    Column("decision_number", _("Decision number"), lambda c: c.decision_number),
    Column("form", _("Form"), lambda c: c.form_label),
    Column("grantor", _("Granted by"), lambda c: c.grantor_label),
    Column("recipient", _("Recipient"), lambda c: c.recipient_name),
    Column("area", _("Area"), lambda c: c.area.name),
)

register_group(PARTS, base=commendations_in_period, area_field="area", list_url=list_url, columns=COLUMNS)
register_record_links(Commendation, web="commendations:detail", api="api:commendation-detail")

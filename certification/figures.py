"""The registry's figures, each with the participations it counts (a unit once a campaign): the recognitions decided
in the period by level and scheme, the registrations not recognized, and two derived figures, the longest run of
recognized years and the coverage of a campaign, computed from the recognitions they rest on."""

from django.urls import reverse
from django.utils.http import urlencode
from django.utils.translation import gettext_lazy as _

from antqcore.records import register_record_links
from antqcore.stats import Column, Source, register_figure
from units.figures import area_params

from . import selectors
from .models import Level, Participation, Status

LABELS = {
    (Level.PROVINCE, selectors.ANTT_SAFE): _("Units recognized “Safe in security and order” by the province"),
    (Level.DISTRICT, selectors.ANTT_SAFE): _("Units recognized “Safe in security and order” by a district"),
    (Level.PROVINCE, selectors.DRUG_FREE): _("Units recognized drug-free by the province"),
    (Level.DISTRICT, selectors.DRUG_FREE): _("Units recognized drug-free by a district"),
}
RULES = {
    (Level.PROVINCE, selectors.ANTT_SAFE): _(
        "Recognitions “Safe in security and order” by the provincial People's Committee whose decision is dated in "
        "the period, of units whose commune lies in the area (a unit once a campaign)."),
    (Level.DISTRICT, selectors.ANTT_SAFE): _(
        "Recognitions “Safe in security and order” by a district People's Committee whose decision is dated in the "
        "period, of units whose commune lies in the area (a unit once a campaign)."),
    (Level.PROVINCE, selectors.DRUG_FREE): _(
        "Recognitions “Drug-free” by the provincial People's Committee whose decision is dated in the period, of "
        "units whose commune lies in the area (a unit once a campaign)."),
    (Level.DISTRICT, selectors.DRUG_FREE): _(
        "Recognitions “Drug-free” by a district People's Committee whose decision is dated in the period, of units "
        "whose commune lies in the area (a unit once a campaign)."),
}
AREA_FIELD = "unit__commune"
COLUMNS = (
    Column("commune", _("Commune"), lambda p: p.unit.commune.name),
    Column("campaign", _("Campaign"), lambda p: str(p.campaign)),
    Column("status", _("Status"), lambda p: p.get_status_display()),
    Column("decision", _("Decision"), lambda p: str(p.decision) if p.decision_id else ""),
)


def _board_url(records, status=""):
    """The campaign board, filtered by status and area, when the records are of one campaign (the board shows one)."""
    def url(area, start, end):
        campaigns = list(records(area, start, end).order_by().values_list("campaign", flat=True).distinct()[:2])
        if len(campaigns) != 1:
            return None
        params = {**({"status": status} if status else {}), **area_params(area)}
        return f"{reverse('certification:board', kwargs={'pk': campaigns[0]})}?{urlencode(params)}"

    return url


# Every figure counts units' recognitions by the units' communes: a unit moved reads as a write to both registries.
READS = ("units",)


def _source(records, rule, status="", **kwargs):
    return Source(records, rule=rule, area_field=AREA_FIELD, list_url=_board_url(records, status), columns=COLUMNS,
                  **kwargs)


def _recognitions(level, scheme):
    return lambda area, start, end: selectors.recognitions(area=area, start=start, end=end, scheme=scheme, level=level)


for (_level, _scheme), _label in LABELS.items():
    register_figure(f"certification.{_level}.{_scheme}", _label, reads=READS, source=_source(
        _recognitions(_level, _scheme), RULES[_level, _scheme], Status.RECOGNIZED))


register_figure("certification.longest_streak_years", _("Longest run of consecutive recognized years"), reads=READS,
                source=_source(
    lambda area, start, end: selectors.recognized_up_to(area=area, end=end),
    _("The longest run of consecutive campaign years in which one unit whose commune lies in the area was recognized "
      "“Safe in security and order”, from the recognitions whose decision is dated up to the period's last day."),
    Status.RECOGNIZED,
    derive=lambda records, area, start, end: selectors.longest_streak(records)))
register_figure("certification.registered_not_recognized", _("Registered but not recognized"), reads=READS,
                source=_source(
    lambda area, start, end: selectors.registered_not_recognized(area=area, start=start, end=end),
    _("Registrations for a campaign whose evaluation window ended in the period that did not end in recognition, of "
      "units whose commune lies in the area.")))
register_figure("certification.coverage_percent", _("Recognized units among eligible units (%)"), reads=READS,
                source=_source(
    lambda area, start, end: selectors.coverage_recognized(area=area, start=start, end=end),
    _("The units recognized “Safe in security and order” in the last campaign whose evaluation window ended in the "
      "period, in percent of the units of the area in the registry at the end of that window."),
    Status.RECOGNIZED,
    derive=lambda records, area, start, end: selectors.coverage_percent(records, area=area, start=start, end=end)))

register_record_links(Participation, web="certification:participation",
                      api="api:certification-participation-detail")

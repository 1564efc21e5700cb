from django.utils.translation import gettext_lazy as _

from antqcore.stats import register_figure

from . import selectors
from .models import Level

LABELS = {
    (Level.PROVINCE, selectors.ANTT_SAFE): _("Units recognized “Safe in security and order” by the province"),
    (Level.DISTRICT, selectors.ANTT_SAFE): _("Units recognized “Safe in security and order” by a district"),
    (Level.PROVINCE, selectors.DRUG_FREE): _("Units recognized drug-free by the province"),
    (Level.DISTRICT, selectors.DRUG_FREE): _("Units recognized drug-free by a district"),
}


def _recognitions(level, scheme):
    def figure(area, start, end):
        return selectors.recognitions(area=area, start=start, end=end, scheme=scheme, level=level)

    return figure


for (_level, _scheme), _label in LABELS.items():
    register_figure(f"certification.{_level}.{_scheme}", _label)(_recognitions(_level, _scheme))


@register_figure("certification.longest_streak_years", _("Longest run of consecutive recognized years"))
def longest_streak(area, start, end):
    return selectors.longest_streak(area=area, end=end)


@register_figure("certification.registered_not_recognized", _("Registered but not recognized"))
def registered_not_recognized(area, start, end):
    return selectors.registered_not_recognized(area=area, start=start, end=end)


@register_figure("certification.coverage_percent", _("Recognized units among eligible units (%)"))
def coverage_percent(area, start, end):
    return selectors.coverage_percent(area=area, start=start, end=end)

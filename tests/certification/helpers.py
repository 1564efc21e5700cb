import datetime

from certification.models import Council, Scheme
from certification.selectors import criteria_for
from certification.services import (
    campaign_open,
    decision_record,
    participation_appraise,
    participation_assess,
    participation_register,
    participation_submit,
)
from tests.conftest import area


def campaign(year: int = 2019, scheme: str = "antt_safe"):
    from certification.models import Campaign

    existing = Campaign.objects.filter(scheme__code=scheme, year=year).first()
    return existing or campaign_open(scheme=Scheme.objects.get(code=scheme), year=year, actor=None)


def council():
    return Council.objects.get_or_create(name="Hội đồng thẩm định tỉnh", defaults={
        "members": "Đồng chí A, Phó Giám đốc Công an tỉnh", "area": area("24")})[0]


def all_met(participation) -> dict:
    return {c.pk: {"met": True, "note": ""} for c in criteria_for(campaign=participation.campaign,
                                                                   unit=participation.unit)}


def walk_to_appraised(unit, year: int = 2019, scheme: str = "antt_safe", actor=None):
    p = participation_register(campaign=campaign(year, scheme), unit=unit, actor=actor,
                               on=datetime.date(year, 2, 1))
    p = participation_assess(participation=p, actor=actor, answers=all_met(p), on=datetime.date(year, 10, 1))
    p = participation_submit(participation=p, actor=actor, on=datetime.date(year, 10, 15))
    return participation_appraise(participation=p, actor=actor, council=council(),
                                  meeting_on=datetime.date(year, 11, 25), recommends=True)


def recognize(participations, level=None, date=None, year=2019, number="100/QĐ-UBND", actor=None,
              override_reasons=None, issuing_area=None):
    """A decision of the province's chairman, or of the level or issuing area given (by its own chairman: the
    service names them)."""
    participations = participations if isinstance(participations, list) else [participations]
    level = level or ("" if issuing_area is not None else "province")
    return decision_record(campaign=participations[0].campaign, level=level, authority="",
                           number=number, date=date or datetime.date(year, 12, 20), area=issuing_area,
                           participations=participations, recognized=True, actor=actor,
                           override_reasons=override_reasons)

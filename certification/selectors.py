"""Every read of the certification registry, including its figures."""

import datetime
from dataclasses import dataclass

from django.db import connection
from django.db.models import Count, F, Q, QuerySet

from antqcore.models import Area
from antqcore.selectors import area_q
from units.models import Unit

from .crosscheck import IncidentHit, incidents_for
from .models import Campaign, CriteriaSet, Criterion, CriterionKind, Participation, Status

ANTT_SAFE, DRUG_FREE = "antt_safe", "drug_free"


def criteria_sets_for(*, campaign: Campaign, unit: Unit) -> QuerySet[CriteriaSet]:
    """The criteria sets in force at the end of the campaign's window for this kind of unit: national ones and
    the additions of the unit's province."""
    day = campaign.window_end
    sets = CriteriaSet.objects.filter(scheme=campaign.scheme).filter(
        Q(valid_from__isnull=True) | Q(valid_from__lte=day), Q(valid_to__isnull=True) | Q(valid_to__gte=day)
    )
    province_path = ".".join(unit.commune.path.split(".")[:2])
    own = Q(area__isnull=True) | Q(area__path=province_path)
    return sets.filter(own).order_by("area_id", "name")


def criteria_for(*, campaign: Campaign, unit: Unit) -> list[Criterion]:
    sets = [s for s in criteria_sets_for(campaign=campaign, unit=unit) if unit.kind in s.unit_kinds]
    return list(Criterion.objects.filter(criteria_set__in=sets).select_related("criteria_set")
                .order_by("criteria_set__area_id", "criteria_set__name", "order"))


@dataclass(frozen=True)
class Breach:
    criterion: Criterion
    incident: IncidentHit


def participation_breaches(*, participation: Participation) -> list[Breach]:
    """Incidents inside the evaluation window that match a "must not occur" criterion of the campaign."""
    campaign = participation.campaign
    forbidden = [c for c in criteria_for(campaign=campaign, unit=participation.unit)
                 if c.kind == CriterionKind.MUST_NOT_OCCUR and c.incident_types]
    breaches = []
    for hit in incidents_for(participation.unit, campaign.window_start, campaign.window_end):
        for criterion in forbidden:
            if hit.type_code in criterion.incident_types and (hit.serious or not criterion.serious_only):
                breaches.append(Breach(criterion, hit))
    return breaches


def participation_list(*, campaign: Campaign | None = None, status: str = "", area: Area | None = None,
                       search: str = "") -> QuerySet[Participation]:
    qs = Participation.objects.select_related("unit__commune__parent", "campaign__scheme", "decision")
    if campaign is not None:
        qs = qs.filter(campaign=campaign)
    if status:
        qs = qs.filter(status=status)
    if area is not None:
        qs = qs.filter(area_q(area, "unit__commune"))
    if search:
        from units.models import search_key

        for word in search_key(search).split():
            qs = qs.filter(unit__search_text__contains=word)
    return qs.order_by("unit__name", "id")


def campaign_current(*, scheme_code: str, on: datetime.date) -> Campaign | None:
    """The campaign of a scheme under way on `on`: the one whose evaluation window holds the day (from 16/11 the
    next year's), else that day's year's, whose dossiers may still be due; None when neither was opened (an older
    campaign is not current)."""
    return (Campaign.objects.filter(scheme__code=scheme_code, window_start__lte=on, year__gte=on.year)
            .select_related("scheme").order_by("-year").first())


def campaign_board(*, campaign: Campaign, participations: QuerySet[Participation], today: datetime.date) -> dict:
    """Counts by status and by district for a campaign (participations already cut to the user's scope)."""
    by_status = dict(participations.values_list("status").annotate(n=Count("id")))
    by_district = list(
        participations.values("unit__commune__parent__name")
        .annotate(total=Count("id"),
                  recognized=Count("id", filter=Q(status=Status.RECOGNIZED)),
                  pending=Count("id", filter=Q(status__in=[Status.REGISTERED, Status.ASSESSED, Status.SUBMITTED,
                                                          Status.APPRAISED])))
        .order_by("unit__commune__parent__name")
    )
    late = participations.none()
    if today > campaign.submission_deadline:
        late = participations.filter(status__in=[Status.REGISTERED, Status.ASSESSED])
    return {"by_status": by_status, "by_district": by_district, "late": late}


# --- Figures -------------------------------------------------------------------------------------------------------

def recognitions(*, area: Area, start: datetime.date, end: datetime.date, scheme: str, level: str
                 ) -> QuerySet[Participation]:
    """Recognitions ("lượt": a unit once a campaign) decided inside the period at a level."""
    return Participation.objects.filter(
        area_q(area, "unit__commune"), status=Status.RECOGNIZED, campaign__scheme__code=scheme,
        decision__level=level, decision__date__range=(start, end),
    )


def recognized_up_to(*, area: Area, end: datetime.date, scheme: str = ANTT_SAFE) -> QuerySet[Participation]:
    """The recognitions of the scheme decided up to `end`: those the longest run is made of."""
    return Participation.objects.filter(
        area_q(area, "unit__commune"), status=Status.RECOGNIZED, campaign__scheme__code=scheme,
        decision__date__lte=end,
    )


def longest_streak(recognized: QuerySet[Participation]) -> int:
    """The longest run of consecutive campaign years a unit was recognized, among `recognized` (gaps and islands:
    year minus its rank is constant along a run)."""
    years = recognized.order_by().annotate(u=F("unit_id"), y=F("campaign__year")).values("u", "y")
    inner_sql, params = years.query.sql_with_params()
    sql = f"""
        SELECT COALESCE(MAX(run), 0) FROM (
            SELECT COUNT(*) AS run FROM (
                SELECT u, y - ROW_NUMBER() OVER (PARTITION BY u ORDER BY y) AS grp
                FROM (SELECT DISTINCT r.u, r.y FROM ({inner_sql}) AS r) AS years
            ) AS ranked GROUP BY u, grp
        ) AS runs"""
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        return cursor.fetchone()[0]


def registered_not_recognized(*, area: Area, start: datetime.date, end: datetime.date) -> QuerySet[Participation]:
    """Units that registered for a campaign whose window ended inside the period and were not recognized."""
    return Participation.objects.filter(
        area_q(area, "unit__commune"), campaign__window_end__range=(start, end)
    ).exclude(status=Status.RECOGNIZED)


def coverage_campaign(*, start: datetime.date, end: datetime.date, scheme: str = ANTT_SAFE) -> Campaign | None:
    """The campaign the coverage is of: the last of the scheme whose window ended in the period."""
    return (Campaign.objects.filter(scheme__code=scheme, window_end__range=(start, end))
            .order_by("-window_end").first())


def coverage_recognized(*, area: Area, start: datetime.date, end: datetime.date, scheme: str = ANTT_SAFE
                        ) -> QuerySet[Participation]:
    """The recognized participations of the area in the coverage's campaign (none without a campaign)."""
    campaign = coverage_campaign(start=start, end=end, scheme=scheme)
    if campaign is None:
        return Participation.objects.none()
    return Participation.objects.filter(area_q(area, "unit__commune"), campaign=campaign, status=Status.RECOGNIZED)


def coverage_percent(recognized: QuerySet[Participation], *, area: Area, start: datetime.date, end: datetime.date,
                     scheme: str = ANTT_SAFE) -> float:
    """`recognized` ÷ eligible units, in percent, for the coverage's campaign. Eligible: the units of the area
    existing at the end of that window."""
    campaign = coverage_campaign(start=start, end=end, scheme=scheme)
    if campaign is None:
        return 0.0
    eligible = Unit.objects.existing_on(campaign.window_end).filter(area_q(area, "commune")).count()
    if not eligible:
        return 0.0
    return round(100 * recognized.count() / eligible, 2)

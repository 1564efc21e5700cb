"""Every read of the commendations register: the list and its counts, the medal holder a new medal would repeat, and
the records the figures of the statistics registry count (commendations_in_period)."""

import datetime

from django.db.models import Count, Q, QuerySet

from antqcore.models import Area, User
from antqcore.scoping import scope_q
from antqcore.selectors import area_q
from units.models import search_key

from .models import AwardForm, Commendation, Grantor, RecipientKind

# The seed counts what the Ministry, the provincial People's Committee Chairman and the provincial police Director
# gave, except the medal, which it counts apart; district and commune chairmen's commendations are "many" besides.
MOVEMENT = Q(grantor__in=[Grantor.MINISTRY, Grantor.PROVINCE_CHAIRMAN, Grantor.POLICE_DIRECTOR]) & ~Q(
    form=AwardForm.MEDAL)
COLLECTIVE = Q(recipient_kind=RecipientKind.COLLECTIVE)
INDIVIDUAL = Q(recipient_kind=RecipientKind.INDIVIDUAL)
FIGURE_FILTERS: dict[str, Q] = {
    "collective": MOVEMENT & COLLECTIVE,
    "individual": MOVEMENT & INDIVIDUAL,
    "ministry_flag": COLLECTIVE & Q(form=AwardForm.EMULATION_FLAG, grantor=Grantor.MINISTRY),
    "province_flag": COLLECTIVE & Q(form=AwardForm.EMULATION_FLAG, grantor=Grantor.PROVINCE_CHAIRMAN),
    "ministry_merit_collective": COLLECTIVE & Q(form=AwardForm.CERTIFICATE_OF_MERIT, grantor=Grantor.MINISTRY),
    "province_merit_collective": COLLECTIVE & Q(form=AwardForm.CERTIFICATE_OF_MERIT,
                                                grantor=Grantor.PROVINCE_CHAIRMAN),
    "province_merit_individual": INDIVIDUAL & Q(form=AwardForm.CERTIFICATE_OF_MERIT,
                                                grantor=Grantor.PROVINCE_CHAIRMAN),
    "police_director_collective": COLLECTIVE & Q(form=AwardForm.CERTIFICATE_OF_COMMENDATION,
                                                 grantor=Grantor.POLICE_DIRECTOR),
    "police_director_individual": INDIVIDUAL & Q(form=AwardForm.CERTIFICATE_OF_COMMENDATION,
                                                 grantor=Grantor.POLICE_DIRECTOR),
    "medal_individual": INDIVIDUAL & Q(form=AwardForm.MEDAL),
}


def commendations_in_period(area: Area, start: datetime.date, end: datetime.date) -> QuerySet[Commendation]:
    """The commendations decided in [start, end] and counted inside `area` (on any map): the records of the
    register's figures (commendations.figures), each of which keeps the part FIGURE_FILTERS picks."""
    return (Commendation.objects.filter(area_q(area, "area"), decision_date__range=(start, end))
            .select_related("unit", "area"))


def commendations_visible(*, user: User) -> QuerySet[Commendation]:
    """The commendations of the user's scope, for what is not a scoped view (a unit's tab, an import, the years a
    filter offers)."""
    return Commendation.objects.filter(scope_q(user, "area"))


def commendation_list(*, base: QuerySet[Commendation] | None = None, search: str = "", form: str = "",
                      grantor: str = "", recipient_kind: str = "", occasion: str = "", area: Area | None = None,
                      year: int | None = None, unit=None) -> QuerySet[Commendation]:
    qs = (Commendation.objects.all() if base is None else base).select_related("unit", "area__parent")
    for word in search_key(search).split():
        qs = qs.filter(search_text__contains=word)
    if form:
        qs = qs.filter(form=form)
    if grantor:
        qs = qs.filter(grantor=grantor)
    if recipient_kind:
        qs = qs.filter(recipient_kind=recipient_kind)
    if occasion:
        qs = qs.filter(occasion=occasion)
    if area is not None:
        qs = qs.filter(area_q(area, "area"))
    if year:
        qs = qs.filter(decision_date__year=year)
    if unit is not None:
        qs = qs.filter(unit=unit)
    return qs.order_by("-decision_date", "-id")


def commendation_counts(qs: QuerySet[Commendation]) -> dict[str, int]:
    """The counts strip of a (filtered) list: in all, collective, individual, and by form; one query."""
    counts = {"total": Count("id"), "collective": Count("id", filter=COLLECTIVE),
              "individual": Count("id", filter=INDIVIDUAL)}
    counts |= {form.value: Count("id", filter=Q(form=form)) for form in AwardForm}
    return qs.order_by().aggregate(**counts)


def commendation_breakdown(qs: QuerySet[Commendation]) -> list[dict]:
    """How many of `qs` by form × grantor × recipient kind, with the labels; one query."""
    forms, grantors, kinds = dict(AwardForm.choices), dict(Grantor.choices), dict(RecipientKind.choices)
    rows = qs.order_by().values("form", "grantor", "recipient_kind").annotate(n=Count("id"))
    order = {value: i for i, value in enumerate([*forms, *grantors, *kinds])}
    return [row | {"form_label": forms.get(row["form"], row["form"]),
                   "grantor_label": grantors.get(row["grantor"], row["grantor"]),
                   "recipient_kind_label": kinds.get(row["recipient_kind"], row["recipient_kind"])}
            for row in sorted(rows, key=lambda r: (order.get(r["form"], 99), order.get(r["grantor"], 99),
                                                   order.get(r["recipient_kind"], 99)))]


def medal_holder(*, name_key: str, citizen_id: str = "", exclude_pk: int | None = None) -> Commendation | None:
    """The first medal of the person a new medal names, if any. With a citizen ID: a medal under that ID, or one
    recorded without an ID under the same name and birth year. Without one: any medal under the same name and
    birth year (with an ID or not)."""
    if citizen_id:
        same_person = Q(person_key=f"id:{citizen_id}") | Q(person_key=name_key)
    else:
        same_person = Q(name_key=name_key)
    medals = Commendation.objects.filter(same_person, form=AwardForm.MEDAL)
    if exclude_pk is not None:
        medals = medals.exclude(pk=exclude_pk)
    return medals.order_by("decision_date", "id").first()


def decision_years(qs: QuerySet[Commendation]) -> list[int]:
    """The years that have decisions, newest first (the year filter's choices)."""
    return [d.year for d in qs.order_by().dates("decision_date", "year", order="DESC")]

"""Every read of the models registry, including whether a model is formalistic and the registry's figures."""

import datetime

from dateutil.relativedelta import relativedelta
from django.db.models import (
    BooleanField,
    Case,
    Count,
    ExpressionWrapper,
    OuterRef,
    Q,
    QuerySet,
    Subquery,
    Value,
    When,
)
from django.utils import timezone
from django.utils.translation import gettext as _

from antqcore.models import Area, User
from antqcore.scoping import scope_q
from antqcore.selectors import area_q
from units.models import Unit, UnitSubtype

from .models import Activity, MovementModel, PilotSelection, RegistryConfig


def formalistic_cutoff(on: datetime.date) -> datetime.date:
    return on - relativedelta(months=RegistryConfig.current().formalistic_months)


def maintained_on(qs: QuerySet[MovementModel], on: datetime.date) -> QuerySet[MovementModel]:
    """Models established by `on` and not eliminated by then."""
    return qs.filter(established_on__lte=on).exclude(eliminated_on__lte=on)


def with_formalism(qs: QuerySet[MovementModel], on: datetime.date) -> QuerySet[MovementModel]:
    """Annotate each model with its last briefing or report up to `on` and the three signs of a paper-only model:
    no operating regulation, no launch, no briefing or report in the last N months (for models older than that).
    A model eliminated by `on` shows none: it has ended, it is not kept on paper (its briefings stopped with it)."""
    cutoff = formalistic_cutoff(on)
    # A subquery a row (the (model, date) index), not a join grouped by model: a list page sorts and cuts its rows
    # first and looks up the last activity of its 50 only, where the grouped join aggregated every model of the
    # scope first (#20: a province's models list at national scale).
    last = Activity.objects.filter(model=OuterRef("pk"), date__lte=on).order_by("-date").values("date")[:1]
    qs = qs.annotate(last_activity=Subquery(last))
    no_regulation = Q(regulation_on__isnull=True) | Q(regulation_on__gt=on)
    no_launch = Q(launched_on__isnull=True) | Q(launched_on__gt=on)
    silent = Q(established_on__lt=cutoff) & (Q(last_activity__isnull=True) | Q(last_activity__lt=cutoff))
    not_eliminated = Q(eliminated_on__isnull=True) | Q(eliminated_on__gt=on)

    def flag(condition):
        return Case(When(not_eliminated & condition, then=Value(True)), default=Value(False),
                    output_field=BooleanField())

    return qs.annotate(
        no_regulation=flag(no_regulation), no_launch=flag(no_launch), silent=flag(silent),
        formalistic=ExpressionWrapper(flag(no_regulation | no_launch | silent), output_field=BooleanField()),
    )


def model_list(*, base: QuerySet[MovementModel] | None = None, on: datetime.date | None = None, search: str = "",
               type_code: str = "", status: str = "", area: Area | None = None, formalistic: bool | None = None,
               pilot: bool | None = None) -> QuerySet[MovementModel]:
    on = on or timezone.localdate()
    qs = (MovementModel.objects.all() if base is None else base).select_related("type", "area__parent", "host_unit")
    if search:
        from units.models import search_key

        for word in search_key(search).split():
            qs = qs.filter(Q(search_text__contains=word) | Q(host_unit__search_text__contains=word))
    if type_code:
        qs = qs.filter(type__code=type_code)
    if status:
        qs = qs.filter(status=status)
    if area is not None:
        qs = qs.filter(area_q(area, "area"))
    if pilot is not None:
        qs = qs.filter(is_pilot=pilot)
    qs = with_formalism(qs, on)
    if formalistic is not None:
        qs = qs.filter(formalistic=formalistic)
    return qs.order_by("name", "id")


def unit_models(*, unit: Unit, user: User) -> QuerySet[MovementModel]:
    """The models a unit hosts or takes part in, of those the user sees, annotated as model_list does."""
    hosted_or_joined = Q(host_unit=unit) | Q(pk__in=unit.movement_models.values("pk"))
    return model_list(base=MovementModel.objects.filter(hosted_or_joined, scope_q(user, "area")))


def model_in_scope(*, user: User, pk: int) -> MovementModel | None:
    """The model `pk` when the user sees it (an import names models by number: one outside the area is "missing")."""
    return (MovementModel.objects.filter(scope_q(user, "area"), pk=pk)
            .select_related("area", "partner_commune", "host_unit").prefetch_related("participants").first())


def formalistic_reasons_of(model: MovementModel, months: int) -> list[str]:
    """Why a model annotated by `with_formalism` counts as formalistic, in words (no query; for lists)."""
    reasons = []
    if model.no_regulation:
        reasons.append(_("no operating regulation"))
    if model.no_launch:
        reasons.append(_("no launch ceremony"))
    if model.silent:
        if model.last_activity:
            reasons.append(_("no briefing or report for %(months)s months (last on %(date)s)")
                           % {"months": months, "date": model.last_activity.strftime("%d/%m/%Y")})
        else:
            reasons.append(_("no briefing or report recorded"))
    return reasons


def formalistic_reasons(model: MovementModel, on: datetime.date | None = None) -> list[str]:
    """Why a model counts as formalistic on `on`, in words; empty when it does not."""
    annotated = with_formalism(MovementModel.objects.filter(pk=model.pk), on or timezone.localdate()).get()
    return formalistic_reasons_of(annotated, RegistryConfig.current().formalistic_months)


def model_bulletin(*, models: QuerySet[MovementModel], year: int, quarter: int
                   ) -> tuple[datetime.date, datetime.date, dict[str, QuerySet[MovementModel]]]:
    """The quarterly bulletin: models built in the quarter (new, or replicated from another model) and models made
    pilot in it, among `models` (already cut to the reader's scope)."""
    start = datetime.date(year, 3 * quarter - 2, 1)
    end = datetime.date(year + (quarter == 4), (3 * quarter) % 12 + 1, 1) - datetime.timedelta(days=1)
    established = models.filter(established_on__range=(start, end))
    return start, end, {
        "new": established.filter(replicated_from__isnull=True),
        "replicated": established.filter(replicated_from__isnull=False),
        "pilot": models.filter(is_pilot=True, pilot_since__range=(start, end)).order_by("pilot_since", "name"),
    }


def model_activities(model: MovementModel) -> QuerySet[Activity]:
    return model.activities.order_by("-date", "-id")


# --- Figures -------------------------------------------------------------------------------------------------------

def models_in(area: Area) -> QuerySet[MovementModel]:
    return MovementModel.objects.filter(area_q(area, "area"))


def models_maintained(*, area: Area, end: datetime.date, type_code: str) -> QuerySet[MovementModel]:
    return maintained_on(models_in(area), end).filter(type__code=type_code)


def new_pilots(*, area: Area, start: datetime.date, end: datetime.date, type_code: str = ""
               ) -> QuerySet[MovementModel]:
    qs = models_in(area).filter(is_pilot=True, pilot_since__range=(start, end))
    return qs.filter(type__code=type_code) if type_code else qs


def eliminated(*, area: Area, start: datetime.date, end: datetime.date) -> QuerySet[MovementModel]:
    return models_in(area).filter(eliminated_on__range=(start, end))


def models_formalistic(*, area: Area, end: datetime.date) -> QuerySet[MovementModel]:
    return with_formalism(maintained_on(models_in(area), end), end).filter(formalistic=True)


def participating_units(*, area: Area, end: datetime.date, kind: str = "", type_code: str = "",
                        fdi_only: bool = False) -> QuerySet[Unit]:
    """Units taking part in the models maintained at the end of the period, each once."""
    models = maintained_on(models_in(area), end)
    if type_code:
        models = models.filter(type__code=type_code)
    units = Unit.objects.filter(pk__in=Unit.objects.filter(movement_models__in=models).values("pk"))
    if kind:
        units = units.filter(kind=kind)
    if fdi_only:
        units = units.filter(subtype=UnitSubtype.FDI_ENTERPRISE)
    return units


def pilot_units(*, area: Area, start: datetime.date, end: datetime.date) -> QuerySet[Unit]:
    """Units selected as pilot sites in the period, each once."""
    selected = PilotSelection.objects.filter(area_q(area, "unit__commune"), selected_on__range=(start, end))
    return Unit.objects.filter(pk__in=selected.values("unit"))


def type_counts(*, area: Area, end: datetime.date) -> list[dict]:
    return list(maintained_on(models_in(area), end).values("type__name").annotate(n=Count("id")).order_by("type__name"))

"""Every write of the periodic tallies. The entry grid, the Excel import and the API all save through tally_save,
so the scope, the data set, the period and the validation rules are checked in one place."""

import datetime
import re
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.formats import number_format
from django.utils.translation import gettext as _

from antqcore.excel.cells import to_decimal
from antqcore.models import Area, AreaLevel, User
from antqcore.scoping import Ref, area_in_scope, ensure_area_in_scope, references_check
from antqcore.text import search_key

from .catalogue import KindSpec, kind_specs
from .models import Indicator, ReportingBody, TallyValue
from .periods import period_starting
from .selectors import body_can_write

# Errors about the grid as a whole use these keys; the others are indicator codes.
GRID_FIELDS = ("body", "area", "period")
MORE_THAN_PREFIXES = ("tren", "hon", "more than", ">")
MAX_VALUE = Decimal(10) ** 16  # the column holds 18 digits, 2 of them decimals


@dataclass(frozen=True)
class Cell:
    """What a user typed for one indicator: None as value clears the cell."""

    value: Decimal | None
    more_than: bool = False
    note: str = ""


def value_parse(raw) -> tuple[Decimal, bool]:
    """A value as the seed writes it: 1.200, 1.500.000,5, "trên 80.000", "hơn 3.500", ">80000". Returns the number
    and whether it was written as "more than". Raises ValidationError."""
    if isinstance(raw, int | float | Decimal) and not isinstance(raw, bool):
        return Decimal(str(raw)), False
    text = " ".join(str(raw).split())
    key = search_key(text)
    more_than = False
    for prefix in MORE_THAN_PREFIXES:
        if key.startswith(prefix):
            more_than, text = True, text[len(prefix):].strip()
            break
    if not re.fullmatch(r"-?[\d., ]+", text):
        raise ValidationError(_("Give a number, such as 1.200 or “trên 80.000”."))
    if re.fullmatch(r"-?\d{1,3}(,\d{3})+", text.replace(" ", "")):
        text = text.replace(",", "")  # 80,000 written the English way: a count, not 80 with three decimals
    try:
        return to_decimal(text), more_than
    except (ValidationError, InvalidOperation):
        raise ValidationError(_("Give a number, such as 1.200 or “trên 80.000”.")) from None


def value_display(value: Decimal | int | float | None, more_than: bool = False) -> str:
    """1.200, 1.500,5 or "trên 80.000" as the user's language writes it."""
    if value is None:
        return ""
    number = Decimal(value)
    number = number.quantize(Decimal(1)) if number == number.to_integral_value() else number.normalize()
    text = number_format(number, force_grouping=True)
    return _("more than %(number)s") % {"number": text} if more_than else text


def tally_check(*, body: ReportingBody, area: Area, period_type: str, period_start: datetime.date,
                cells: dict[str, Cell]) -> dict[str, list[str]]:
    """The rules on a grid, every problem at once: {indicator code or grid field: [messages]}. Reads what the grid
    already holds for the not_below rule."""
    errors: dict[str, list[str]] = {}
    if not body.active:
        errors["body"] = [_("%(body)s no longer reports.") % {"body": body.name}]
    if not (area.path == body.area.path or area.path.startswith(body.area.path + ".")):
        errors["area"] = [_("%(area)s is not within the area of %(body)s (%(body_area)s).")
                          % {"area": area.name, "body": body.name, "body_area": body.area.name}]
    if period_type != body.period_type:
        errors["period"] = [_("%(body)s reports by %(type)s.")
                            % {"body": body.name, "type": body.get_period_type_display().lower()}]
    else:
        try:
            period_starting(period_type, period_start)
        except ValidationError as exc:
            errors["period"] = exc.messages
    indicators = {i.code: i for i in body.indicators.select_related("not_below")}
    for code, cell in cells.items():
        indicator = indicators.get(code)
        if indicator is None:
            errors[code] = [_("“%(code)s” is not an indicator that %(body)s reports.") % {"code": code,
                                                                                          "body": body.name}]
        elif cell.value is not None and cell.value < 0:
            errors[code] = [_("%(indicator)s cannot be negative.") % {"indicator": indicator.name}]
        elif cell.value is not None and (cell.value >= MAX_VALUE or cell.value != cell.value.quantize(Decimal("0.01"))):
            errors[code] = [_("%(indicator)s: give a number below 10^16 with at most two decimals.")
                            % {"indicator": indicator.name}]
    if errors:
        return errors
    # Participants not fewer than sessions: the grid as it will be (what is saved, overridden by what is typed).
    stored = {v.indicator.code: v.value for v in TallyValue.objects.filter(
        body=body, area=area, period_type=period_type, period_start=period_start).select_related("indicator")}
    after = stored | {code: cell.value for code, cell in cells.items()}
    for code, value in after.items():
        indicator = indicators.get(code)
        below = indicator.not_below if indicator else None
        if value is None or below is None or after.get(below.code) is None:
            continue
        if code not in cells and below.code not in cells:
            continue  # neither was touched: not this save's business
        if value < after[below.code]:
            errors.setdefault(code, []).append(
                _("%(indicator)s (%(value)s) cannot be fewer than %(other)s (%(other_value)s).")
                % {"indicator": indicator.name, "value": value_display(value), "other": below.name,
                   "other_value": value_display(after[below.code])})
    return errors


def body_ensure_writable(*, actor: User, body: ReportingBody, area: Area | None = None) -> None:
    """Only a writer whose scope holds the body's area (and the area the values are for) enters its figures."""
    if not (body_can_write(user=actor, body=body) and area_in_scope(actor, area or body.area)):
        raise PermissionDenied(_("You can only enter the figures of bodies in your area."))


@transaction.atomic
def tally_save(*, body: ReportingBody, area: Area | None = None, period_type: str, period_start: datetime.date,
               values: dict[str, tuple[Decimal | None, bool, str] | Cell], actor: User) -> dict[str, int]:
    """Saves a body's grid for one area (the body's own by default) and one period, all or nothing: one cell per
    indicator code, upserted; a cell whose value is None is cleared. Refuses (PermissionDenied) a user who may not
    write for the body's area; raises ValidationError({code or grid field: messages}) when any rule fails, saving
    nothing. Returns how many cells were saved, cleared and left unchanged."""
    area = area or body.area
    body_ensure_writable(actor=actor, body=body, area=area)
    cells = {code: value if isinstance(value, Cell) else Cell(*value) for code, value in values.items()}
    errors = tally_check(body=body, area=area, period_type=period_type, period_start=period_start, cells=cells)
    if errors:
        raise ValidationError(errors)
    period = period_starting(period_type, period_start)
    indicators = {i.code: i for i in body.indicators.all()}
    existing = {v.indicator_id: v for v in TallyValue.objects.select_for_update().filter(
        body=body, area=area, period_type=period_type, period_start=period.start)}
    done = {"saved": 0, "cleared": 0, "unchanged": 0}
    for code, cell in cells.items():
        indicator = indicators[code]
        current = existing.get(indicator.pk)
        if cell.value is None:
            if current is not None:
                current.delete()
                done["cleared"] += 1
            continue
        note = (cell.note or "").strip()[:255]
        if current is not None and (current.value, current.more_than, current.note) == (cell.value, cell.more_than,
                                                                                         note):
            done["unchanged"] += 1
            continue
        if current is None:
            current = TallyValue(indicator=indicator, body=body, area=area, period_type=period_type,
                                 period_start=period.start, period_end=period.end)
        current.value, current.more_than, current.note, current.entered_by = cell.value, cell.more_than, note, actor
        current.save()
        done["saved"] += 1
    return done


# --- A province's bodies ---------------------------------------------------------------------------------------------

def kind_areas(*, province: Area, level: str) -> list[Area]:
    """The areas a kind of `level` has a body on in `province`: the province; its districts (a province of the old
    map, on its last day or today); its communes when they belong to the province directly (a province of the new
    map). The communes of an old province report through their district's bodies: a body of one of them is made in
    the admin when it is needed."""
    if level == "province":
        return [province]
    day = min(timezone.localdate(), province.valid_to) if province.valid_to else timezone.localdate()
    return list(Area.objects.valid_on(day).filter(parent=province, level=level).order_by("path")) \
        if level in (AreaLevel.DISTRICT, AreaLevel.COMMUNE) else []


def kind_body_name(spec: KindSpec, area: Area) -> str:
    """The name of `area`'s body of a kind: {area} is the area's name as a sentence writes it ("tỉnh Hà Tĩnh",
    "huyện Yên Thế"), {short} its short name ("Hà Tĩnh")."""
    name = area.name
    if area.kind and name.startswith(area.kind):
        name = area.kind.lower() + name[len(area.kind):]
    return spec.name.replace("{area}", name).replace("{short}", area.short_name or area.name)


def kind_body_code(spec: KindSpec, area: Area) -> str:
    """The code of `area`'s body of a kind: the kind's code and the area's path (mttq-tinh-n-42, ca-l-42-436)."""
    return f"{spec.code}-{area.path.lower().replace('.', '-')}"


@transaction.atomic
def province_bodies_create(*, province: Area, actor: User | None = None,
                           dry_run: bool = False) -> list[ReportingBody]:
    """A province's reporting bodies from the catalogue's kinds (tallies/data/catalogue.yaml, `kinds`): for each
    kind, a body on each of its areas (kind_areas) that has no body of that kind yet, named and coded after the area,
    reporting the kind's data set by its period. Idempotent: a body of the kind on the area, active or not, made by
    this or in the admin, is left as it is. Returns the bodies created (with dry_run, the ones it would create,
    unsaved)."""
    if province.level != AreaLevel.PROVINCE:
        raise ValidationError(_("%(area)s is not a province.") % {"area": province.name})
    specs = kind_specs()
    indicators = {i.code: i for i in Indicator.objects.filter(code__in={c for s in specs for c in s.indicators})}
    existing = set(ReportingBody.objects.filter(Q(area=province) | Q(area__path__startswith=province.path + "."))
                   .values_list("kind", "area_id"))
    created = []
    areas_by_level = {level: kind_areas(province=province, level=level) for level in {s.level for s in specs}}
    for spec in specs:
        for area in areas_by_level[spec.level]:
            if (spec.kind, area.pk) in existing:
                continue
            body = ReportingBody(code=kind_body_code(spec, area), name=kind_body_name(spec, area), kind=spec.kind,
                                 area=area, period_type=spec.period)
            if ReportingBody.objects.filter(code=body.code).exists():
                continue  # the code is taken by a body staff made for another kind or area: left to them
            created.append(body)
            if dry_run:
                continue
            if actor is not None:
                body._history_user = actor
            body.save()
            body.indicators.set([indicators[code] for code in spec.indicators if code in indicators])
    return created


BODY_FIELDS = ("code", "name", "kind", "area", "period_type", "active")


def body_ensure_manageable(*, actor: User, area: Area | None) -> None:
    """Province staff and administrators keep their province's reporting bodies; the others only read them. A body's
    area, before and after the change, must lie in the actor's scope."""
    if not actor.is_province_level:
        raise PermissionDenied(_("Only province staff and administrators manage the reporting bodies."))
    ensure_area_in_scope(actor, area)


def _body_write(body: ReportingBody, data: dict, actor: User) -> ReportingBody:
    for field in BODY_FIELDS:
        if field in data:
            setattr(body, field, data[field])
    body_ensure_manageable(actor=actor, area=body.area)
    if "indicators" in data:
        references_check(actor, {"indicators": Ref(list(data["indicators"]), shared=True)}, model=ReportingBody,
                         instance=body)
    body.full_clean(exclude=["indicators"])
    body._history_user = actor
    body.save()
    if "indicators" in data:
        body.indicators.set(data["indicators"])
    return body


@transaction.atomic
def body_create(*, data: dict, actor: User) -> ReportingBody:
    """A reporting body of the actor's province: its code, name, kind, area, period and data set (`indicators`)."""
    return _body_write(ReportingBody(), data, actor)


@transaction.atomic
def body_update(*, body: ReportingBody, data: dict, actor: User) -> ReportingBody:
    """Change a body; fields absent from `data` keep their values. Neither where it was nor where it goes may lie
    outside the actor's scope."""
    body_ensure_manageable(actor=actor, area=body.area)
    return _body_write(body, data, actor)


@transaction.atomic
def body_delete(*, body: ReportingBody, actor: User) -> None:
    """Delete a body that has no values; one with values is still referenced by them (ProtectedError: 409)."""
    body_ensure_manageable(actor=actor, area=body.area)
    body._history_user = actor
    body.delete()


def tallies_province_setup(*, province: Area, dry_run: bool = False):
    """The tallies' step of `manage.py province_setup` (antqcore.provinces): the province's reporting bodies."""
    from antqcore.provinces import SetupResult

    created = province_bodies_create(province=province, dry_run=dry_run)
    if not created:
        return SetupResult(["Đơn vị báo cáo số liệu: tỉnh đã có đủ theo danh mục, không tạo thêm."])
    verb = "Sẽ tạo" if dry_run else "Đã tạo"
    by_level = {}
    for body in created:
        by_level.setdefault(body.area.level, []).append(body)
    lines = [f"{verb} {len(created)} đơn vị báo cáo số liệu:"]
    for body in by_level.pop(AreaLevel.PROVINCE, []):
        lines.append(f"  – {body.name} ({body.code})")
    labels = {AreaLevel.DISTRICT: "cấp huyện", AreaLevel.COMMUNE: "cấp xã"}
    for level, bodies in by_level.items():
        kinds = sorted({b.get_kind_display() for b in bodies})
        lines.append(f"  – {len(bodies)} đơn vị {labels.get(level, level)} ({', '.join(kinds)})")
    return SetupResult(lines)

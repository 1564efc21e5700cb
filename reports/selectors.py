"""Reads of the reports: the runs a user may see, a run's lineage (the previous report of the same type and area),
the comparison of two runs' frozen figures, the header a new report starts from, and the figures a run freezes
(computed through the statistics registry, never here)."""

import datetime
import decimal
from collections.abc import Callable
from dataclasses import dataclass

from django.db.models import Q, QuerySet
from django.utils.translation import gettext as _

from antqcore.models import Area, AreaEra, User
from antqcore.scoping import scope_q
from antqcore.selectors import last_day_of_old_map
from antqcore.stats import breakdown_areas, figure_get, figure_keys, figures_breakdown, figures_compute, is_more_than

from .models import PROFILE_FACTS, ProvinceProfile, ReportNarrative, ReportRun, ReportTemplate, RunStage, RunStatus

# The figures the Excel annex and the charts break down by sub-area and by year. Computing every figure for every
# district is ten times the cost of the report itself, so the breakdowns keep to the figures readers compare across
# districts and years: the registries' headline counts.
BREAKDOWN_KEYS = [
    "context.units",
    "certification.province.antt_safe",
    "certification.district.antt_safe",
    "models.self_managed",
    "models.formalistic",
    "incidents.strikes",
    "incidents.fires",
    "incidents.thefts",
    "incidents.violations",
    "commendations.collective",
    "commendations.individual",
    "inspections.standing_agency",
    "inspections.district_committees",
]


def report_list(*, user: User, kind: str = "", area: Area | None = None, status: str = "",
                stage: str = "") -> QuerySet[ReportRun]:
    """The runs the user may see, newest first."""
    qs = ReportRun.objects.filter(scope_q(user, "area")).select_related("template", "area", "created_by")
    if kind:
        qs = qs.filter(kind=kind)
    if area is not None:
        qs = qs.filter(area=area)
    if status:
        qs = qs.filter(status=status)
    if stage:
        qs = qs.filter(stage=stage)
    return qs.order_by("-queued_at", "-id")


def active_template(*, kind: str) -> ReportTemplate | None:
    return ReportTemplate.objects.filter(kind=kind, active=True).prefetch_related("sections").first()


def _lineage(kind: str, area: Area) -> QuerySet[ReportRun]:
    # The same place on another map (Bắc Giang 2019 and the same code's area of another era) is another lineage:
    # the area is the row, not the code.
    return ReportRun.objects.filter(kind=kind, area=area)


def latest_run(*, kind: str, area: Area, exclude: ReportRun | None = None) -> ReportRun | None:
    """The last report of this type and area: the one whose period ends last, its latest version, preferring a final
    one. A new report starts its narrative, signer and recipients from it."""
    qs = _lineage(kind, area)
    if exclude is not None:
        qs = qs.exclude(pk=exclude.pk)
    final_first = Q(stage=RunStage.FINAL)
    return (qs.order_by("-period_end", "-version", "-id").filter(final_first).first()
            or qs.order_by("-period_end", "-version", "-id").first())


def previous_run(run: ReportRun) -> ReportRun | None:
    """The report of the same type and area for the period before this one (ending before it starts): its final
    version if there is one, else its latest done version."""
    qs = (_lineage(run.kind, run.area).exclude(pk=run.pk).filter(period_end__lt=run.period_start)
          .filter(status=RunStatus.DONE).select_related("area"))
    candidates = list(qs.order_by("-period_end", "-version", "-id")[:20])
    if not candidates:
        return None
    last_end = candidates[0].period_end
    same_period = [c for c in candidates if c.period_end == last_end]
    return next((c for c in same_period if c.stage == RunStage.FINAL), same_period[0])


@dataclass(frozen=True)
class ComparedFigure:
    key: str
    label: str
    this: int | float | None
    previous: int | float | None
    changed: bool

    def __iter__(self):  # unpacks as (key, label, this, previous, changed)
        return iter((self.key, self.label, self.this, self.previous, self.changed))


def _label(key: str) -> str:
    try:
        return str(figure_get(key).label)
    except KeyError:
        return key


def compare_with_previous(run: ReportRun, previous: ReportRun | None = None) -> list[ComparedFigure]:
    """Every frozen figure of `run` beside the previous report's (or `previous`'s), in key order; `changed` marks the
    figures whose value differs (a figure missing on one side counts as changed)."""
    previous = previous if previous is not None else previous_run(run)
    before = previous.figures if previous is not None else {}
    keys = sorted(set(run.figures) | set(before))
    return [ComparedFigure(key=k, label=_label(k), this=run.figures.get(k), previous=before.get(k),
                           changed=previous is not None and run.figures.get(k) != before.get(k)) for k in keys]


def narrative_texts(run: ReportRun) -> dict[str, str]:
    return dict(ReportNarrative.objects.filter(run=run).values_list("section_key", "text"))


# --- What a new report starts from ------------------------------------------------------------------------------------

HEADER_FIELDS = ["issuer_parent", "issuer", "number", "place", "issued_on", "title", "subtitle", "signer_authority",
                 "signer_title", "signer_name", "recipients"]
# The committee as the seed names itself ("Ban Chỉ đạo phòng chống tội phạm, tệ nạn xã hội và xây dựng phong trào
# toàn dân bảo vệ ANTQ tỉnh"); the governing People's Committee sits above it in the header.
ISSUER = "BAN CHỈ ĐẠO PHÒNG CHỐNG TỘI PHẠM, TỆ NẠN XÃ HỘI VÀ XÂY DỰNG PHONG TRÀO TOÀN DÂN BẢO VỆ ANTQ"
RECIPIENTS = {
    "province": ["Bộ Công an;", "Cục XDPTBVANTQ, Bộ Công an;", "TT Tỉnh ủy, TT HĐND tỉnh;", "Công an tỉnh;",
                 "Lưu: VT, NC."],
    "district": ["Ban Chỉ đạo tỉnh;", "Công an tỉnh;", "TT Huyện ủy, TT HĐND {kind};", "Lưu: VT."],
    "commune": ["Ban Chỉ đạo cấp trên;", "Công an cấp trên;", "Đảng ủy, HĐND {kind};", "Lưu: VT."],
}


def _governing_council(area: Area) -> str:
    return f"UBND {area.kind} {area.short_name}".upper()


def report_header_defaults(*, template_kind: str, area: Area) -> dict:
    """The header, number and signature a new report of this type and area starts with: who signs and who receives
    it come from the last report of the same type and area, everything else from the area (Decree 30/2020: the
    place is the name of the area where the issuing body sits)."""
    defaults = {
        "issuer_parent": _governing_council(area),
        "issuer": ISSUER,
        "number": "",  # given when the document is registered; the document prints "Số:      /BC-BCĐ" until then
        "place": area.short_name,
        "issued_on": None,
        "signer_authority": "TRƯỞNG BAN",
        "signer_title": f"PHÓ CHỦ TỊCH UBND {area.kind.upper()}",
        "signer_name": "",
        "recipients": "\n".join(line.format(kind=area.kind.lower()) for line in RECIPIENTS[area.level]),
    }
    if area.level == "province":  # the province's own names, where its profile gives them
        profile = profile_on(area=area, day=area.valid_to or datetime.date.max)
        if profile is not None and profile.committee_name.strip():
            defaults["issuer"] = profile.committee_name.strip()
        if profile is not None and profile.place_name.strip():
            defaults["place"] = profile.place_name.strip()
    last = latest_run(kind=template_kind, area=area)
    if last is not None:
        for name in ("issuer_parent", "issuer", "signer_authority", "signer_title", "signer_name", "recipients"):
            if getattr(last, name):
                defaults[name] = getattr(last, name)
    return defaults


# --- The figures a run freezes --------------------------------------------------------------------------------------

def figure_groups(keys: list[str] | None = None) -> list[tuple[str, list[str]]]:
    """Figure keys by registry prefix ("incidents", "models"...), so that a generation can report progress."""
    groups: dict[str, list[str]] = {}
    for key in keys or figure_keys():
        groups.setdefault(key.split(".")[0], []).append(key)
    return sorted(groups.items())


def plain_figures(values: dict) -> tuple[dict[str, int | float], list[str]]:
    """Figures as JSON keeps them: plain numbers, and the keys known only as "more than"."""
    figures, more_than = {}, []
    for key, value in values.items():
        if is_more_than(value):
            more_than.append(key)
        if isinstance(value, int):
            figures[key] = int(value)
        elif isinstance(value, decimal.Decimal):
            figures[key] = int(value) if value == value.to_integral_value() else float(value)
        else:
            figures[key] = value
    return figures, sorted(more_than)


def year_segments(start: datetime.date, end: datetime.date) -> list[tuple[int, datetime.date, datetime.date]]:
    """The calendar years of a period, cut to it: 15/08/2014–31/12/2014, 2015, ..., 01/01/2019–30/09/2019."""
    return [(year, max(start, datetime.date(year, 1, 1)), min(end, datetime.date(year, 12, 31)))
            for year in range(start.year, end.year + 1)]


def former_areas_counted(area: Area, start: datetime.date) -> bool:
    """Whether a run breaks its figures down by the areas its area took over too: a period that begins before the
    reform, of an area of the new map that succeeded others (the new Bắc Ninh: the old Bắc Giang and Bắc Ninh)."""
    return start <= last_day_of_old_map() and area.era == AreaEra.REFORM_2025 and area.predecessors.exists()


def breakdowns_compute(*, area: Area, start: datetime.date, end: datetime.date, on: datetime.date,
                       keys: list[str] | None = None,
                       step: Callable[[], None] | None = None) -> dict:
    """The breakdown figures of a run, as frozen in ReportRun.breakdowns:

        {"keys": [...], "labels": {key: label},
         "by_area": [{"code", "name", "figures": {key: n}}, ...],     # the areas one level down, on the map of `on`:
                                                                      # districts, or communes after the reform
         "by_former": [{"code", "name", "figures"}, ...],             # the former provinces, for a period across the
                                                                      # reform (see former_areas_counted)
         "by_year": [{"year", "start", "end", "figures": {...}}, ...]}  # the calendar years, cut to the period

    `step` is called after each area and each year (progress and heartbeat)."""
    registered = set(figure_keys())
    keys = [k for k in (keys or BREAKDOWN_KEYS) if k in registered]
    result = {"keys": keys, "labels": {k: str(figure_get(k).label) for k in keys}, "by_area": [], "by_year": []}
    if not keys:
        return result

    def plain(rows):
        return [row | {"figures": plain_figures(row["figures"])[0]} for row in rows]

    result["by_area"] = plain(figures_breakdown(area=area, start=start, end=end, keys=keys, on=on, step=step))
    if former_areas_counted(area, start):
        result["by_former"] = plain(figures_breakdown(area=area, start=start, end=end, keys=keys, by="former",
                                                      step=step))
    for year, year_start, year_end in year_segments(start, end):
        figures, _more = plain_figures(figures_compute(area=area, start=year_start, end=year_end, keys=keys))
        result["by_year"].append({"year": year, "start": year_start.isoformat(), "end": year_end.isoformat(),
                                  "figures": figures})
        if step:
            step()
    return result


def breakdown_steps(area: Area, start: datetime.date, end: datetime.date, on: datetime.date) -> int:
    former = len(breakdown_areas(area=area, on=on, by="former")) if former_areas_counted(area, start) else 0
    return len(breakdown_areas(area=area, on=on)) + former + len(year_segments(start, end))


# --- The province's profile -------------------------------------------------------------------------------------------

def province_of(area: Area) -> Area:
    """The province an area belongs to (itself for a province)."""
    return area if area.level == "province" else (area.ancestors() or [area])[0]


def profile_on(*, area: Area, day: datetime.date) -> ProvinceProfile | None:
    """The profile of the area's province valid on `day`: the latest one starting on or before it."""
    return (ProvinceProfile.objects.filter(area=province_of(area), valid_from__lte=day)
            .order_by("-valid_from").first())


def profile_facts(profile: ProvinceProfile | None) -> dict[str, str]:
    """The facts a report text prints ({% profile "key" %}), blank ones left out."""
    if profile is None:
        return {}
    return {key: getattr(profile, key) for key in PROFILE_FACTS if (getattr(profile, key) or "").strip()}


# --- What changed in the records behind the figures ---------------------------------------------------------------

@dataclass
class RecordChange:
    """A record behind a figure that came (added), went (removed) or was edited between two versions of a report,
    with who changed it, when and why (the reason written for a change in a locked period, else the history's)."""

    kind: str  # "added", "removed", "edited"
    model: str  # "app.Model"
    record_id: int
    text: str
    url: str | None
    events: list[dict]  # [{"action", "user", "at", "reason"}], oldest first


@dataclass
class FigureRecordChanges:
    key: str
    added: list[RecordChange]
    removed: list[RecordChange]
    edited: list[RecordChange]

    @property
    def all(self) -> list[RecordChange]:
        return self.added + self.removed + self.edited


def records_kept(run: ReportRun) -> bool:
    return bool(run.records)


def record_changes(run: ReportRun, earlier: ReportRun) -> dict[str, FigureRecordChanges]:
    """For each figure both versions kept the records of, the records that came, went or were edited between the
    earlier version's figures and this one's (empty when either kept none: a report made before records were kept).
    A handful of queries whatever the number of figures: one per model for the history and the records, one for the
    reasons of changes in locked periods."""
    from django.apps import apps
    from django.utils import timezone

    from antqcore.records import record_links

    from .models import LockedChange

    if not records_kept(run) or not records_kept(earlier) or earlier.finished_at is None:
        return {}
    since, until = earlier.finished_at, run.finished_at or timezone.now()
    sets = {}
    touched: dict[str, set[int]] = {}
    for key in sorted(set(run.records) & set(earlier.records)):
        now, before = run.records[key], earlier.records[key]
        if now["model"] != before["model"]:
            continue
        model = now["model"]
        ids_now, ids_before = set(now["ids"]), set(before["ids"])
        sets[key] = (model, ids_now - ids_before, ids_before - ids_now, ids_now & ids_before)
        touched.setdefault(model, set()).update(ids_now ^ ids_before)

    # Edits: a history row ("~") of a record kept by both versions, made between them.
    edited: dict[str, set[int]] = {}
    events: dict[tuple[str, int], list[dict]] = {}
    last_seen: dict[tuple[str, int], object] = {}  # the latest history row read of a record
    for model_label in {entry[0] for entry in sets.values()}:
        model = apps.get_model(model_label)
        history = getattr(model, "history", None)
        common = set().union(*(c for m, _a, _r, c in sets.values() if m == model_label))
        candidates = common | touched.get(model_label, set())
        if history is None or not candidates:
            continue
        rows = (history.filter(id__in=candidates, history_date__gt=since, history_date__lte=until)
                .select_related("history_user").order_by("history_date", "history_id"))
        for row in rows:
            last_seen[(model_label, row.id)] = row
            if row.history_type == "~" and row.id in common:
                edited.setdefault(model_label, set()).add(row.id)
            events.setdefault((model_label, row.id), []).append({
                "action": {"+": "create", "~": "update", "-": "delete"}[row.history_type],
                "user": _user_name(row.history_user), "at": row.history_date,
                "reason": row.history_change_reason or ""})
        touched.setdefault(model_label, set()).update(edited.get(model_label, set()))

    # The whole reason of a change in a locked period (the history keeps 100 characters of it).
    wanted = {(m, str(i)) for m, ids in touched.items() for i in ids}
    types = {record_type for record_type, _pk in wanted}
    for locked in (LockedChange.objects.filter(at__gt=since, at__lte=until, record_type__in=types)
                   .select_related("user").order_by("at")):
        if (locked.record_type, locked.record_id) not in wanted:
            continue
        rows = events.setdefault((locked.record_type, int(locked.record_id)), [])
        # The history row of the same change (same action, the same moment) takes the whole reason.
        same = next((e for e in rows if e["action"] == locked.action
                     and abs((e["at"] - locked.at).total_seconds()) < 5), None)
        if same is not None:
            same["reason"] = locked.reason
        else:
            rows.append({"action": locked.action, "user": _user_name(locked.user), "at": locked.at,
                         "reason": locked.reason})

    texts: dict[tuple[str, int], tuple[str, str | None]] = {}
    for model_label, ids in touched.items():
        model = apps.get_model(model_label)
        for obj in model._default_manager.filter(pk__in=ids):
            texts[(model_label, obj.pk)] = (str(obj), record_links(obj)["url"])

    def change(kind, model_label, pk):
        if (model_label, pk) not in texts and (model_label, pk) in last_seen:  # deleted since: as it last was
            texts[(model_label, pk)] = (_("%(record)s (deleted)") % {"record": last_seen[(model_label, pk)].instance},
                                        None)
        text, url = texts.get((model_label, pk), (f"#{pk}", None))
        return RecordChange(kind=kind, model=model_label, record_id=pk, text=text, url=url,
                            events=events.get((model_label, pk), []))

    found = {}
    for key, (model_label, added, removed, common) in sets.items():
        result = FigureRecordChanges(
            key=key, added=[change("added", model_label, pk) for pk in sorted(added)],
            removed=[change("removed", model_label, pk) for pk in sorted(removed)],
            edited=[change("edited", model_label, pk) for pk in sorted(common & edited.get(model_label, set()))])
        if result.all:
            found[key] = result
    return found


def _user_name(user) -> str:
    if user is None:
        return ""
    return user.get_full_name() or user.get_username()

"""Reads of the coordination app: coordination agreements, inspections, the register of directive documents and the
citations that link any record to the documents it cites, and the records the figures count."""

import datetime
from dataclasses import dataclass

from django.apps import apps
from django.contrib.contenttypes.models import ContentType
from django.db.models import Count, Q, QuerySet
from django.urls import NoReverseMatch, reverse

from antqcore.models import Area
from antqcore.scoping import area_in_scope, paths_q, scope_paths, scope_q, user_can_write
from antqcore.selectors import area_q
from antqcore.text import search_key

from .models import (
    Agreement,
    Document,
    DocumentCitation,
    InspectingBody,
    Inspection,
    PoliceSide,
)

# --- Agreements ----------------------------------------------------------------------------------------------------


def agreements_in_force_q(day: datetime.date) -> Q:
    """In force on `day`: signed by then and not ended by then (the day it ended it no longer counts). Dates, not the
    status, decide, so that a past period counts what was in force then."""
    return Q(signed_on__lte=day) & (Q(ended_on__isnull=True) | Q(ended_on__gt=day))


def agreements_in_force(area: Area, start: datetime.date, end: datetime.date) -> QuerySet[Agreement]:
    """The agreements in force on the period's last day, counted inside `area` (on any map): the records of the
    coordination figures (coordination.figures). `start` is not read: what counts is what is in force at the end."""
    return Agreement.objects.filter(area_q(area, "area"), agreements_in_force_q(end)).select_related("area")


def agreement_list(*, base: QuerySet[Agreement] | None = None, kind: str = "", police_side: str = "",
                   status: str = "", in_force_on: datetime.date | None = None, area: Area | None = None,
                   search: str = "", partner_unit=None) -> QuerySet[Agreement]:
    qs = (Agreement.objects.all() if base is None else base).select_related("area__parent", "partner_unit",
                                                                            "replaced_by")
    if kind:
        qs = qs.filter(kind=kind)
    if police_side:
        qs = qs.filter(police_side=police_side)
    if status:
        qs = qs.filter(status=status)
    if in_force_on is not None:
        qs = qs.filter(agreements_in_force_q(in_force_on))
    if area is not None:
        qs = qs.filter(area_q(area, "area"))
    for word in search.split():
        qs = qs.filter(Q(number__icontains=word) | Q(partner_name__icontains=word) | Q(subject__icontains=word)
                       | Q(police_unit_name__icontains=word))
    if partner_unit is not None:
        qs = qs.filter(partner_unit=partner_unit)
    return qs.order_by("-signed_on", "-id")


def unit_agreements(*, user, unit) -> QuerySet[Agreement]:
    """The agreements of the user's scope that `unit` signed as the other party (the unit page's tab)."""
    return agreement_list(base=Agreement.objects.filter(scope_q(user, "area")), partner_unit=unit)


def agreement_counts(qs: QuerySet[Agreement], *, day: datetime.date) -> dict[str, int]:
    """The counts strip of a (filtered) list: how many, and how many of them are in force on `day`, in all and by
    police side; one query."""
    in_force = agreements_in_force_q(day)
    return qs.order_by().aggregate(
        listed=Count("id"), in_force=Count("id", filter=in_force),
        provincial=Count("id", filter=in_force & Q(police_side=PoliceSide.PROVINCIAL)),
        local=Count("id", filter=in_force & Q(police_side=PoliceSide.LOCAL)))


# --- Inspections ---------------------------------------------------------------------------------------------------

FIGURE_BODIES = {
    "district_committees": InspectingBody.DISTRICT_COMMITTEE,
    "standing_agency": InspectingBody.STANDING_AGENCY,
    "inter_agency": InspectingBody.INTER_AGENCY,
}


def inspections_in_period(area: Area, start: datetime.date, end: datetime.date) -> QuerySet[Inspection]:
    """The inspections made in [start, end] of units counted inside `area` (on any map): the records of the
    inspection figures (coordination.figures). A unit inspected twice counts twice (the seed counts "lượt")."""
    return (Inspection.objects.filter(area_q(area, "area"), inspected_on__range=(start, end))
            .select_related("unit", "area"))


def inspection_list(*, base: QuerySet[Inspection] | None = None, inspecting_body: str = "",
                    start: datetime.date | None = None, end: datetime.date | None = None, area: Area | None = None,
                    unit=None, follow_up_done: bool | None = None, search: str = "") -> QuerySet[Inspection]:
    qs = (Inspection.objects.all() if base is None else base).select_related("unit", "area__parent")
    if inspecting_body:
        qs = qs.filter(inspecting_body=inspecting_body)
    if start is not None:
        qs = qs.filter(inspected_on__gte=start)
    if end is not None:
        qs = qs.filter(inspected_on__lte=end)
    if area is not None:
        qs = qs.filter(area_q(area, "area"))
    if unit is not None:
        qs = qs.filter(unit=unit)
    if follow_up_done is not None:
        qs = qs.filter(follow_up_done=follow_up_done)
    for word in search.split():
        qs = qs.filter(Q(unit__name__icontains=word) | Q(subject__icontains=word))
    return qs.order_by("-inspected_on", "-id")


def unit_inspections(*, user, unit) -> QuerySet[Inspection]:
    """The inspections of `unit` counted in the user's scope (the unit page's tab)."""
    return inspection_list(base=Inspection.objects.filter(scope_q(user, "area")), unit=unit)


def inspection_counts(qs: QuerySet[Inspection]) -> dict[str, int]:
    """The counts strip of a (filtered) list: in all, by body, follow-up pending; one query."""
    counts = {"total": Count("id"), "pending": Count("id", filter=Q(follow_up_done=False))}
    counts |= {key: Count("id", filter=Q(inspecting_body=body)) for key, body in FIGURE_BODIES.items()}
    return qs.order_by().aggregate(**counts)


# --- Documents -----------------------------------------------------------------------------------------------------


def documents_visible_q(user) -> Q:
    """The documents a user reads: those issued inside the scope and those issued above it (the Ministry's and the
    province's documents apply to every district)."""
    paths = scope_paths(user)
    if paths is None:
        return Q()
    above = sorted({".".join(p.split(".")[:i]) for p in paths for i in range(2, len(p.split(".")))})
    return paths_q(paths, "area") | Q(area__path__in=above)


def document_writable(*, user, document: Document) -> bool:
    """Whether the user may change the document: a writer whose scope holds its area (the services refuse the
    others, with the reason: services.document_ensure_writable)."""
    return user_can_write(user) and area_in_scope(user, document.area)


def document_list(*, base: QuerySet[Document] | None = None, doc_type: str = "", issuer: str = "",
                  year: int | None = None, search: str = "") -> QuerySet[Document]:
    qs = (Document.objects.all() if base is None else base).select_related("area")
    if doc_type:
        qs = qs.filter(doc_type=doc_type)
    if issuer:
        qs = qs.filter(issuer__icontains=issuer.strip())
    if year:
        qs = qs.filter(issued_on__year=year)
    for word in search_key(search).split():  # accents aside: "ke hoach" finds "Kế hoạch"
        qs = qs.filter(search_text__contains=word)
    return qs.annotate(citation_count=Count("citations")).order_by("-issued_on", "number")


def document_years(qs: QuerySet[Document]) -> list[int]:
    return [d.year for d in qs.order_by().dates("issued_on", "year", order="DESC")]


def document_issuers(qs: QuerySet[Document]) -> list[str]:
    return list(qs.order_by("issuer").values_list("issuer", flat=True).distinct())


def document_by_number(*, number: str, user) -> list[Document]:
    """The visible documents bearing `number` (spaces and case aside); several when one number was reused on
    different dates."""
    wanted = " ".join(number.split())
    if not wanted:
        return []
    return list(Document.objects.filter(documents_visible_q(user), number__iexact=wanted)
                .order_by("-issued_on"))


# --- Citations -----------------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class CitingKind:
    """A kind of record that may cite documents: where its area is (for the scope) and its detail page.
    `record_type` names the kind in the API and in the panel's URLs: "app_label.model" as it was when the API was
    published, so the agreements and inspections keep "activities.…" from before the split of #14."""

    label: str  # the model's label_lower: "commendations.commendation"
    scope_field: str
    url_name: str
    record_type: str = ""

    def __post_init__(self):
        if not self.record_type:
            object.__setattr__(self, "record_type", self.label)


CITING_KINDS = {k.label: k for k in [
    CitingKind("certification.decision", "area", "certification:decision"),
    CitingKind("models_registry.movementmodel", "area", "models_registry:detail"),
    CitingKind("commendations.commendation", "area", "commendations:detail"),
    CitingKind("coordination.agreement", "area", "coordination:agreement_detail", "activities.agreement"),
    CitingKind("coordination.inspection", "area", "coordination:inspection_detail", "activities.inspection"),
]}
CITING_TYPES = {k.record_type: k for k in CITING_KINDS.values()}  # a kind by the name the API and URLs give


def citing_kind_of(record) -> CitingKind | None:
    return CITING_KINDS.get(record._meta.label_lower)


def citing_record(*, user, record_type: str, pk):
    """The record of kind `record_type` (as the API and the panel's addresses name it) and id `pk`, when it lies in
    the user's scope; None when there is no such record there or the kind does not cite."""
    kind = CITING_TYPES.get(record_type)
    if kind is None:
        return None
    model = apps.get_model(kind.label)
    return model.objects.filter(scope_q(user, kind.scope_field), pk=pk).first()


def record_url(record) -> str:
    """The record's page: its get_absolute_url when it has one, else the detail page its kind names."""
    if hasattr(record, "get_absolute_url"):
        return record.get_absolute_url()
    kind = citing_kind_of(record)
    if kind is None:
        return ""
    try:
        return reverse(kind.url_name, args=[record.pk])
    except NoReverseMatch:
        return ""


def record_area(record) -> Area | None:
    kind = citing_kind_of(record)
    value = record
    for part in (kind.scope_field if kind else "area").split("__"):
        value = getattr(value, part, None)
    return value


def record_documents(record) -> QuerySet[Document]:
    """The documents a record cites, oldest first."""
    content_type = ContentType.objects.get_for_model(record)
    return (Document.objects.filter(citations__content_type=content_type, citations__object_id=record.pk)
            .select_related("area").order_by("issued_on", "number"))


CITING_SHOWN = 50  # the document page lists this many records of a kind; the API lists them all


def documents_cited_by(records) -> dict[int, list[Document]]:
    """The documents each of `records` (of one model) cites, by record id, oldest first; one query."""
    records = list(records)
    if not records:
        return {}
    content_type = ContentType.objects.get_for_model(records[0])
    cited: dict[int, list[Document]] = {r.pk: [] for r in records}
    citations = (DocumentCitation.objects.filter(content_type=content_type, object_id__in=list(cited))
                 .select_related("document").order_by("document__issued_on", "document__number"))
    for citation in citations:
        cited[citation.object_id].append(citation.document)
    return cited


def document_citing_records(*, document: Document, user) -> list[dict]:
    """Everything citing `document` that the user may see, grouped by kind of record: [{"label", "records":
    [{"record", "url"}]}]. One query for the citations and one per kind of record."""
    citations = list(document.citations.select_related("content_type").order_by("content_type_id", "object_id"))
    ids_by_type: dict[ContentType, list[int]] = {}
    for citation in citations:
        ids_by_type.setdefault(citation.content_type, []).append(citation.object_id)
    groups = []
    for content_type, ids in ids_by_type.items():
        model = content_type.model_class()
        kind = CITING_KINDS.get(model._meta.label_lower) if model is not None else None
        if kind is None:
            continue
        records = model.objects.filter(scope_q(user, kind.scope_field), pk__in=ids).order_by("pk")
        rows = [{"record": r, "url": record_url(r)} for r in records]
        if rows:
            groups.append({"label": model._meta.verbose_name_plural, "kind": kind.record_type, "records": rows,
                           "more": max(0, len(rows) - CITING_SHOWN)})
    return sorted(groups, key=lambda g: str(g["label"]))


def document_citation_count(document: Document) -> int:
    return document.citations.count()


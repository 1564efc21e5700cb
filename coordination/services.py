"""Writes of the coordination app: coordination agreements, inspections, directive documents and citations. The pages,
the API and the admin come here, so the rules and the scope hold whichever way a record arrives. Every write takes
the acting user as `actor`: it refuses viewers and areas outside the actor's scope (PermissionDenied), and bad input
with the reasons by field (ValidationError), changing nothing."""

import datetime
from typing import Any

from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.db.models.fields.files import FieldFile
from django.utils import timezone
from django.utils.translation import gettext as _

from antqcore.models import Area, AreaLevel
from antqcore.scoping import Ref, area_in_scope, ensure_area_in_scope, references_check, user_can_write
from antqcore.uploads import upload_problem

from .models import Agreement, AgreementStatus, Document, DocumentCitation, Inspection, PoliceSide
from .selectors import citing_kind_of, document_by_number, document_writable, documents_visible_q, record_area

AGREEMENT_FIELDS = ["kind", "number", "signed_on", "police_side", "area", "police_unit_name", "partner_name",
                    "partner_unit", "subject", "status", "ended_on", "replaced_by", "review_dates"]
INSPECTION_FIELDS = ["inspected_on", "inspecting_body", "unit", "subject", "findings", "recommendations",
                     "follow_up_done", "follow_up_note"]
DOCUMENT_FIELDS = ["doc_type", "number", "issued_on", "issuer", "subject", "file", "area"]
ONE_LINE_FIELDS = {"number", "police_unit_name", "partner_name", "issuer"}


def _ensure_can_write(actor) -> None:
    if not user_can_write(actor):
        raise PermissionDenied(_("Your role does not allow changes."))


def _tidy(data: dict[str, Any], fields: list[str]) -> dict[str, Any]:
    data = {k: v for k, v in data.items() if k in fields}
    for field, value in data.items():
        if isinstance(value, str):
            data[field] = " ".join(value.split()) if field in ONE_LINE_FIELDS else value.strip()
    return data


def _complete(model, fields: list[str], data: dict[str, Any], instance=None) -> dict[str, Any]:
    """The record as it will be: the instance's values (or the defaults) overlaid with what `data` changes."""
    if instance is not None:
        current = {f: getattr(instance, f) for f in fields}
    else:
        current = {f: model._meta.get_field(f).get_default() for f in fields}
    return current | _tidy(data, fields)


def _in_area(inner: Area, outer: Area) -> bool:
    return any(inner.path == p or inner.path.startswith(p + ".") for p in outer.coverage_paths())


def _province_of(area: Area) -> Area:
    return (area.ancestors() or [area])[0]


def _date(value) -> datetime.date:
    if isinstance(value, datetime.date):
        return value
    return datetime.date.fromisoformat(str(value))


# --- Agreements ----------------------------------------------------------------------------------------------------


def agreement_normalise(data: dict[str, Any]) -> dict[str, Any]:
    """The partner's name from the unit when only the unit was given; the area from the partner unit when none was
    chosen (a local police unit's agreement in the unit's district, the provincial police's in the province); the
    review dates as sorted ISO dates."""
    data = dict(data)
    unit = data.get("partner_unit")
    if unit is not None and not data.get("partner_name"):
        data["partner_name"] = unit.name
    if data.get("area") is None and unit is not None:
        commune = unit.commune
        if data.get("police_side") == PoliceSide.PROVINCIAL:
            data["area"] = _province_of(commune)
        elif data.get("police_side") == PoliceSide.LOCAL:
            data["area"] = commune.parent if commune.parent and commune.parent.level == AreaLevel.DISTRICT else commune
    return data


def _review_dates(value, errors: dict[str, str]) -> list[str]:
    try:
        return sorted({_date(d).isoformat() for d in (value or [])})
    except (TypeError, ValueError):
        errors["review_dates"] = _("Review dates must be dates (dd/mm/yyyy).")
        return []


def agreement_check_rules(*, data: dict[str, Any], instance: Agreement | None = None) -> None:
    """Every rule of an agreement, all problems at once; `data` is normalised and complete."""
    errors: dict[str, str] = {}
    signed, ended, status = data.get("signed_on"), data.get("ended_on"), data.get("status")
    area, side, unit = data.get("area"), data.get("police_side"), data.get("partner_unit")
    if not data.get("number"):
        errors["number"] = _("Give the number and symbol of the agreement.")
    if not data.get("partner_name") and unit is None:
        errors["partner_name"] = _("Give the other party: a department, an organisation or a unit.")
    if not data.get("subject"):
        errors["subject"] = _("Give the subject of the agreement.")
    if signed and signed > timezone.localdate():
        errors["signed_on"] = _("The signing date cannot be in the future.")
    if status == AgreementStatus.IN_FORCE:
        if ended:
            errors["ended_on"] = _("An agreement in force has no end date: choose “expired” or “replaced” to give "
                                   "one.")
    elif status in (AgreementStatus.EXPIRED, AgreementStatus.REPLACED):
        if not ended:
            errors["ended_on"] = _("Give the day the agreement expired or was replaced.")
        elif signed and ended < signed:
            errors["ended_on"] = _("The end date cannot be before the signing date.")
    replaced_by = data.get("replaced_by")
    if replaced_by is not None:
        if status != AgreementStatus.REPLACED:
            errors["replaced_by"] = _("Only a replaced agreement names the agreement that replaced it.")
        elif instance is not None and replaced_by.pk == instance.pk:
            errors["replaced_by"] = _("An agreement cannot replace itself.")
    if area is None:
        errors["area"] = _("Give the area where the agreement is counted.")
    elif side == PoliceSide.PROVINCIAL and area.level != AreaLevel.PROVINCE:
        errors["area"] = _("An agreement signed by the provincial police is counted in the province: choose the "
                           "province.")
    elif side == PoliceSide.LOCAL and area.level == AreaLevel.PROVINCE:
        errors["area"] = _("An agreement signed by a local police unit is counted in its district or commune.")
    if unit is not None:
        if unit.deleted_at and (instance is None or instance.partner_unit_id != unit.pk):
            errors["partner_unit"] = _("This unit was deleted from the registry.")
        elif area is not None and "area" not in errors and not _in_area(unit.commune, area):
            errors["partner_unit"] = _("The unit lies outside the agreement's area (%(area)s).") % {"area": area.name}
    reviews = _review_dates(data.get("review_dates"), errors)
    if signed and reviews and "review_dates" not in errors and reviews[0] < signed.isoformat():
        errors["review_dates"] = _("A review cannot be before the signing date.")
    if errors:
        raise ValidationError(errors)


def _agreement_references_check(actor, data: dict[str, Any], instance: Agreement | None = None) -> None:
    """The partner unit and the agreement that replaced this one must be of the actor's scope (what the agreement
    already names may stay)."""
    references_check(actor, {"partner_unit": Ref(data.get("partner_unit"), "commune"),
                             "replaced_by": Ref(data.get("replaced_by"), "area", label=_("replacing agreement"))},
                     model=Agreement, instance=instance)


def _agreement_save(agreement: Agreement, data: dict[str, Any]) -> Agreement:
    for field in AGREEMENT_FIELDS:
        setattr(agreement, field, data[field])
    agreement.review_dates = _review_dates(data["review_dates"], {})
    agreement.save()
    return agreement


@transaction.atomic
def agreement_create(*, actor, data: dict[str, Any]) -> Agreement:
    _ensure_can_write(actor)
    full = agreement_normalise(_complete(Agreement, AGREEMENT_FIELDS, data))
    if full.get("area") is not None:
        ensure_area_in_scope(actor, full["area"])
    agreement_check_rules(data=full)
    _agreement_references_check(actor, full)
    return _agreement_save(Agreement(), full)


@transaction.atomic
def agreement_update(*, actor, agreement: Agreement, data: dict[str, Any]) -> Agreement:
    _ensure_can_write(actor)
    ensure_area_in_scope(actor, agreement.area)
    full = agreement_normalise(_complete(Agreement, AGREEMENT_FIELDS, data, agreement))
    if full.get("area") is not None:
        ensure_area_in_scope(actor, full["area"])
    agreement_check_rules(data=full, instance=agreement)
    _agreement_references_check(actor, full, agreement)
    return _agreement_save(agreement, full)


@transaction.atomic
def agreement_delete(*, actor, agreement: Agreement) -> None:
    """Delete; the agreements it replaced keep their status and lose the link, its citations go with it, and the
    history keeps the deleted row."""
    _ensure_can_write(actor)
    ensure_area_in_scope(actor, agreement.area)
    agreement.delete()


# --- Inspections ---------------------------------------------------------------------------------------------------


def inspection_check_rules(*, data: dict[str, Any], instance: Inspection | None = None) -> None:
    errors: dict[str, str] = {}
    unit, day = data.get("unit"), data.get("inspected_on")
    if unit is None:
        errors["unit"] = _("Choose the unit inspected.")
    elif unit.deleted_at and (instance is None or instance.unit_id != unit.pk):
        errors["unit"] = _("This unit was deleted from the registry.")
    if day is None:
        errors["inspected_on"] = _("Give the date of the inspection.")
    elif day > timezone.localdate():
        errors["inspected_on"] = _("The date of an inspection cannot be in the future.")
    elif unit is not None and unit.started_on and day < unit.started_on:
        errors["inspected_on"] = _("The unit was not operating yet on that day (it started on %(date)s).") % {
            "date": unit.started_on.strftime("%d/%m/%Y")}
    if not data.get("subject"):
        errors["subject"] = _("Give the subject of the inspection.")
    if errors:
        raise ValidationError(errors)


def _inspection_save(inspection: Inspection, data: dict[str, Any]) -> Inspection:
    for field in INSPECTION_FIELDS:
        setattr(inspection, field, data[field])
    # Counted where the unit was when inspected: its commune as the registry holds it.
    inspection.area = data["unit"].commune
    inspection.save()
    return inspection


@transaction.atomic
def inspection_create(*, actor, data: dict[str, Any]) -> Inspection:
    _ensure_can_write(actor)
    full = _complete(Inspection, INSPECTION_FIELDS, data)
    if full.get("unit") is not None:
        ensure_area_in_scope(actor, full["unit"].commune)
    inspection_check_rules(data=full)
    return _inspection_save(Inspection(), full)


@transaction.atomic
def inspection_update(*, actor, inspection: Inspection, data: dict[str, Any]) -> Inspection:
    _ensure_can_write(actor)
    ensure_area_in_scope(actor, inspection.area)
    full = _complete(Inspection, INSPECTION_FIELDS, data, inspection)
    if full.get("unit") is not None:
        ensure_area_in_scope(actor, full["unit"].commune)
    inspection_check_rules(data=full, instance=inspection)
    return _inspection_save(inspection, full)


@transaction.atomic
def inspection_delete(*, actor, inspection: Inspection) -> None:
    _ensure_can_write(actor)
    ensure_area_in_scope(actor, inspection.area)
    inspection.delete()


# --- Documents -----------------------------------------------------------------------------------------------------


def document_file_errors(file) -> str | None:
    """Why an uploaded file is refused, or None (the rule of the field: antqcore.uploads)."""
    return upload_problem("document_file", file) if file else None


def _duplicate_message(number: str, issued_on: datetime.date) -> str:
    return _("Document No. %(number)s of %(date)s is already in the register.") % {
        "number": number, "date": issued_on.strftime("%d/%m/%Y")}


def document_check_rules(*, data: dict[str, Any], instance: Document | None = None) -> None:
    errors: dict[str, str] = {}
    number, issued = data.get("number"), data.get("issued_on")
    if not number:
        errors["number"] = _("Give the number and symbol of the document.")
    if issued is None:
        errors["issued_on"] = _("Give the date of issue.")
    elif issued > timezone.localdate():
        errors["issued_on"] = _("The date of issue cannot be in the future.")
    if not data.get("issuer"):
        errors["issuer"] = _("Give the issuing body.")
    if not data.get("subject"):
        errors["subject"] = _("Give the subject of the document.")
    if data.get("area") is None:
        errors["area"] = _("Give the area of the issuer.")
    if not data.get("doc_type"):
        errors["doc_type"] = _("Choose the type of document.")
    file = data.get("file")
    if file and not isinstance(file, FieldFile):  # a new upload; a stored file was checked when uploaded
        problem = document_file_errors(file)
        if problem:
            errors["file"] = problem
    if number and issued and "number" not in errors:
        same = Document.objects.filter(number__iexact=number, issued_on=issued)
        if instance is not None:
            same = same.exclude(pk=instance.pk)
        if same.exists():
            errors["number"] = _duplicate_message(number, issued)
    if errors:
        raise ValidationError(errors)


def _document_save(document: Document, data: dict[str, Any]) -> Document:
    for field in DOCUMENT_FIELDS:
        setattr(document, field, data[field])
    if data["file"] in (False, None):  # the form's "clear" box, or null from the API
        document.file = ""
    try:
        with transaction.atomic():
            document.save()
    except IntegrityError:  # the same number and date recorded by someone else meanwhile
        raise ValidationError({"number": _duplicate_message(document.number, document.issued_on)}) from None
    return document


@transaction.atomic
def document_create(*, actor, data: dict[str, Any]) -> Document:
    _ensure_can_write(actor)
    full = _complete(Document, DOCUMENT_FIELDS, data)
    if full.get("area") is None and actor.scope_area_id:
        full["area"] = actor.scope_area
    if full.get("area") is not None:
        ensure_area_in_scope(actor, full["area"])
    document_check_rules(data=full)
    return _document_save(Document(), full)


def document_ensure_writable(*, actor, document: Document) -> None:
    """Documents are read in the scope and above it (the Ministry's, the province's), but changed only by a writer
    whose scope holds the document's area."""
    _ensure_can_write(actor)
    if not document_writable(user=actor, document=document):
        raise PermissionDenied(_("This document was issued outside your area: you can read it, not change it."))


@transaction.atomic
def document_update(*, actor, document: Document, data: dict[str, Any]) -> Document:
    document_ensure_writable(actor=actor, document=document)
    full = _complete(Document, DOCUMENT_FIELDS, data, document)
    if full.get("area") is not None:
        ensure_area_in_scope(actor, full["area"])
    document_check_rules(data=full, instance=document)
    return _document_save(document, full)


@transaction.atomic
def document_delete(*, actor, document: Document) -> None:
    """Refused while a record cites it: the citing records would lose their legal basis without a word."""
    document_ensure_writable(actor=actor, document=document)
    cited = document.citations.count()
    if cited:
        raise ValidationError(_("This document is cited by %(n)s records: remove those citations first.")
                              % {"n": cited})
    document.delete()


# --- Citations -----------------------------------------------------------------------------------------------------


def _ensure_can_cite(actor, record) -> None:
    _ensure_can_write(actor)
    if citing_kind_of(record) is None:
        raise ValidationError(_("Records of this kind do not cite documents."))
    if not area_in_scope(actor, record_area(record)):
        raise PermissionDenied(_("This record is outside your area."))


def document_cite(*, actor, document: Document, record) -> tuple[DocumentCitation, bool]:
    """`record` cites `document`; citing it again changes nothing. Returns the citation and whether it is new."""
    _ensure_can_cite(actor, record)
    if not Document.objects.filter(documents_visible_q(actor), pk=document.pk).exists():
        raise PermissionDenied(_("This document is outside your area."))
    content_type = ContentType.objects.get_for_model(record)
    return DocumentCitation.objects.get_or_create(document=document, content_type=content_type, object_id=record.pk)


def document_cite_by_number(*, actor, record, number: str,
                            issued_on: datetime.date | None = None) -> tuple[Document, bool]:
    """`record` cites the document a user names by its number (spaces and case aside) among those the actor reads,
    and by its date of issue when several bear that number. Refused with the reason (ValidationError) when none or
    several match. Returns the document and whether the citation is new."""
    _ensure_can_cite(actor, record)
    found = [d for d in document_by_number(number=number, user=actor) if issued_on is None or d.issued_on == issued_on]
    if not found:
        raise ValidationError(_("No document No. %(number)s in the register: add it to the register first.")
                              % {"number": number})
    if len(found) > 1:
        raise ValidationError(_("Several documents bear No. %(number)s (%(dates)s): give the date of issue too.")
                              % {"number": number, "dates": ", ".join(d.issued_on.strftime("%d/%m/%Y") for d in found)})
    _citation, created = document_cite(actor=actor, document=found[0], record=record)
    return found[0], created


def document_uncite(*, actor, document: Document, record) -> bool:
    """`record` no longer cites `document`; True when a citation was removed (uncite twice changes nothing)."""
    _ensure_can_cite(actor, record)
    content_type = ContentType.objects.get_for_model(record)
    deleted, _rows = DocumentCitation.objects.filter(document=document, content_type=content_type,
                                                     object_id=record.pk).delete()
    return bool(deleted)


def citations_of_deleted_record(*, record) -> None:
    """A cited record was deleted: its citations go (called on post_delete of every kind that cites)."""
    content_type = ContentType.objects.get_for_model(record)
    DocumentCitation.objects.filter(content_type=content_type, object_id=record.pk).delete()

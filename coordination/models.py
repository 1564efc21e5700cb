"""Coordination and its records: coordination agreements between the police and other bodies, inspections of units,
and the register of directive documents that any record may cite."""

from django.contrib.contenttypes.fields import GenericForeignKey
from django.contrib.contenttypes.models import ContentType
from django.db import models
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from antqcore.models import Area
from antqcore.text import search_key
from antqcore.uploads import ProtectedFileField, UploadNameField
from units.models import Unit

# --- Directive documents -------------------------------------------------------------------------------------------


class DocumentType(models.TextChoices):
    DIRECTIVE = "directive", _("Directive")
    PLAN = "plan", _("Plan")
    DISPATCH = "dispatch", _("Official dispatch")
    GUIDANCE = "guidance", _("Guidance")
    RESOLUTION = "resolution", _("Resolution")
    DECISION = "decision", _("Decision")
    CIRCULAR = "circular", _("Circular")
    DECREE = "decree", _("Decree")
    PROGRAMME = "programme", _("Programme")
    REGULATION = "regulation", _("Regulation")
    REPORT = "report", _("Report")
    OTHER = "other", _("Other")


class Document(models.Model):
    doc_type = models.CharField(_("type"), max_length=20, choices=DocumentType.choices)
    number = models.CharField(_("number and symbol"), max_length=100)  # "07/CT-BCA-V28"
    issued_on = models.DateField(_("date of issue"))
    issuer = models.CharField(_("issued by"), max_length=255)
    subject = models.TextField(_("subject"))
    file = ProtectedFileField(_("file"), blank=True, rule="document_file", download_view="coordination:document_file",
                              name_field="file_name")
    file_name = UploadNameField(_("file name"), file_field="file")
    area = models.ForeignKey(Area, verbose_name=_("area"), on_delete=models.PROTECT, related_name="+",
                             help_text=_("The area of the issuer (the province for central and provincial "
                                         "documents)."))
    # The number and subject accent-free, for the searches ("ke hoach 12/kh" finds "Kế hoạch 12/KH-UBND").
    search_text = models.TextField(editable=False, default="")
    history = HistoricalRecords(excluded_fields=["search_text"])

    class Meta:
        verbose_name = _("document")
        verbose_name_plural = _("documents")
        ordering = ["-issued_on", "number"]
        constraints = [models.UniqueConstraint(fields=["number", "issued_on"], name="coordination_document_unique")]

    def __str__(self):
        return f"{self.get_doc_type_display()} {self.number} ({self.issued_on:%d/%m/%Y})"

    def save(self, *args, **kwargs):
        self.keep_search_text()
        update_fields = kwargs.get("update_fields")
        if update_fields is not None:
            kwargs["update_fields"] = {*update_fields, "search_text"}
        super().save(*args, **kwargs)

    def keep_search_text(self) -> None:
        """Also called by the demos, which bulk-create their documents without save()."""
        self.search_text = search_key(f"{self.number} {self.subject}")


class DocumentCitation(models.Model):
    """A record of any registry (a certification decision, a model's establishment decision, a commendation, an
    agreement...) citing a document. Generic, so that the lower registries need not know this one."""

    document = models.ForeignKey(Document, verbose_name=_("document"), on_delete=models.CASCADE,
                                 related_name="citations")
    content_type = models.ForeignKey(ContentType, on_delete=models.CASCADE)
    object_id = models.PositiveBigIntegerField()
    record = GenericForeignKey("content_type", "object_id")

    class Meta:
        verbose_name = _("citation")
        verbose_name_plural = _("citations")
        constraints = [models.UniqueConstraint(fields=["document", "content_type", "object_id"],
                                               name="coordination_citation_unique")]
        indexes = [models.Index(fields=["content_type", "object_id"], name="coordination_citation_record")]

    def __str__(self):
        return f"{self.record} → {self.document}"


# --- Coordination agreements ---------------------------------------------------------------------------------------


class AgreementKind(models.TextChoices):
    REGULATION = "regulation", _("Coordination regulation")
    PROGRAMME = "programme", _("Coordination programme")
    PLAN = "plan", _("Coordination plan")


class PoliceSide(models.TextChoices):
    PROVINCIAL = "provincial", _("Provincial police")
    LOCAL = "local", _("Local police unit")


class AgreementStatus(models.TextChoices):
    IN_FORCE = "in_force", _("In force")
    EXPIRED = "expired", _("Expired")
    REPLACED = "replaced", _("Replaced")


class Agreement(models.Model):
    kind = models.CharField(_("kind"), max_length=20, choices=AgreementKind.choices)
    number = models.CharField(_("number and symbol"), max_length=100)
    signed_on = models.DateField(_("signed on"))
    police_side = models.CharField(_("police side"), max_length=12, choices=PoliceSide.choices)
    # The area the agreement is counted in: the province for the provincial police, the local unit's district or
    # commune otherwise.
    area = models.ForeignKey(Area, verbose_name=_("area"), on_delete=models.PROTECT, related_name="+")
    police_unit_name = models.CharField(_("police unit"), max_length=255, blank=True)
    partner_name = models.CharField(_("other party"), max_length=255)
    partner_unit = models.ForeignKey(Unit, verbose_name=_("other party (unit of the registry)"), null=True,
                                     blank=True, on_delete=models.PROTECT, related_name="agreements")
    subject = models.TextField(_("subject"))
    status = models.CharField(_("status"), max_length=12, choices=AgreementStatus.choices,
                              default=AgreementStatus.IN_FORCE)
    ended_on = models.DateField(_("ended on"), null=True, blank=True,
                                help_text=_("The day it expired or was replaced."))
    replaced_by = models.ForeignKey("self", verbose_name=_("replaced by"), null=True, blank=True,
                                    on_delete=models.SET_NULL, related_name="replaces")
    review_dates = models.JSONField(_("review dates"), default=list, blank=True)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("coordination agreement")
        verbose_name_plural = _("coordination agreements")
        ordering = ["-signed_on", "number"]

    def __str__(self):
        return f"{self.get_kind_display()} {self.number}"


# --- Inspections ---------------------------------------------------------------------------------------------------


class InspectingBody(models.TextChoices):
    DISTRICT_COMMITTEE = "district_committee", _("District steering committee")
    STANDING_AGENCY = "standing_agency", _("Standing agency (provincial police)")
    INTER_AGENCY = "inter_agency", _("Inter-agency team")


class Inspection(models.Model):
    inspected_on = models.DateField(_("date"))
    inspecting_body = models.CharField(_("inspecting body"), max_length=30, choices=InspectingBody.choices)
    unit = models.ForeignKey(Unit, verbose_name=_("unit inspected"), on_delete=models.PROTECT,
                             related_name="inspections")
    area = models.ForeignKey(Area, verbose_name=_("area"), on_delete=models.PROTECT, related_name="+")
    subject = models.CharField(_("subject"), max_length=255)
    findings = models.TextField(_("findings"), blank=True)
    recommendations = models.TextField(_("recommendations"), blank=True)
    follow_up_done = models.BooleanField(_("follow-up done"), default=False)
    follow_up_note = models.TextField(_("follow-up"), blank=True)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("inspection")
        verbose_name_plural = _("inspections")
        ordering = ["-inspected_on", "-id"]
        indexes = [models.Index(fields=["inspected_on"], name="coordination_inspection_date")]

    def __str__(self):
        return f"{self.unit} ({self.inspected_on:%d/%m/%Y})"

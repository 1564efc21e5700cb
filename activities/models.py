"""Movement activities.

Periodic tallies, in the manner of DHIS2's aggregate data sets: a catalogue of indicators and of the bodies that
report them; a body reports, for an area and a period (month, quarter or year), one value per indicator of its data
set. The catalogue is data (activities/data/catalogue.yaml), loaded by a migration and editable in the admin.

Records: coordination agreements between the police and other bodies, inspections of units, and the register of
directive documents that the other records cite."""

from django.conf import settings
from django.contrib.contenttypes.fields import GenericForeignKey
from django.contrib.contenttypes.models import ContentType
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from antqcore.models import Area
from antqcore.uploads import ProtectedFileField, UploadNameField
from units.models import Unit

# --- Tallies -------------------------------------------------------------------------------------------------------


class IndicatorCategory(models.TextChoices):
    PROPAGANDA = "propaganda", _("Propaganda")
    MEDIA = "media", _("Media")
    TRAINING = "training", _("Training")
    FIRE_SAFETY = "fire_safety", _("Fire safety")
    ENFORCEMENT = "enforcement", _("Enforcement")
    TIPS = "tips", _("Tips from the public")
    OTHER = "other", _("Other")


class Indicator(models.Model):
    code = models.SlugField(_("code"), max_length=60, unique=True)
    name = models.CharField(_("name"), max_length=255)
    unit_of_measure = models.CharField(_("unit of measure"), max_length=60)
    category = models.CharField(_("category"), max_length=20, choices=IndicatorCategory.choices)
    description = models.TextField(_("description"), blank=True)
    order = models.PositiveIntegerField(_("order"), default=0)
    active = models.BooleanField(_("active"), default=True)
    # Validation: a value of this indicator may not be below the same body's value of `not_below` for the same
    # area and period (participants not fewer than sessions).
    not_below = models.ForeignKey("self", verbose_name=_("not below"), null=True, blank=True,
                                  on_delete=models.SET_NULL, related_name="+")
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("indicator")
        verbose_name_plural = _("indicators")
        ordering = ["category", "order", "code"]

    def __str__(self):
        return self.name


class BodyKind(models.TextChoices):
    FATHERLAND_FRONT = "fatherland_front", _("Fatherland Front committee")
    YOUTH_UNION = "youth_union", _("Youth Union")
    LABOUR_FEDERATION = "labour_federation", _("Labour Federation")
    DEPARTMENT = "department", _("Provincial department")
    DISTRICT_COMMITTEE = "district_committee", _("District steering committee")
    POLICE = "police", _("Police unit")
    MEDIA = "media", _("Media")
    OTHER = "other", _("Other body")


class PeriodType(models.TextChoices):
    MONTH = "month", _("Month")
    QUARTER = "quarter", _("Quarter")
    YEAR = "year", _("Year")


class ReportingBody(models.Model):
    code = models.SlugField(_("code"), max_length=60, unique=True)
    name = models.CharField(_("name"), max_length=255)
    kind = models.CharField(_("kind"), max_length=30, choices=BodyKind.choices)
    # The area the body reports for: the province for a provincial body, its district for a district body. A user
    # enters a body's values only when this area is within their scope.
    area = models.ForeignKey(Area, verbose_name=_("area"), on_delete=models.PROTECT, related_name="+")
    indicators = models.ManyToManyField(Indicator, verbose_name=_("indicators reported (data set)"),
                                        related_name="bodies", blank=True)
    period_type = models.CharField(_("reporting period"), max_length=10, choices=PeriodType.choices,
                                   default=PeriodType.QUARTER)
    active = models.BooleanField(_("active"), default=True)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("reporting body")
        verbose_name_plural = _("reporting bodies")
        ordering = ["kind", "name"]

    def __str__(self):
        return self.name


class TallyValue(models.Model):
    """One indicator's value reported by one body for one area and one period. A value written "more than N" (the
    seed's "trên 80.000") keeps that qualifier and is printed with it."""

    indicator = models.ForeignKey(Indicator, verbose_name=_("indicator"), on_delete=models.PROTECT,
                                  related_name="values")
    body = models.ForeignKey(ReportingBody, verbose_name=_("reporting body"), on_delete=models.PROTECT,
                             related_name="values")
    area = models.ForeignKey(Area, verbose_name=_("area"), on_delete=models.PROTECT, related_name="+")
    period_type = models.CharField(_("period type"), max_length=10, choices=PeriodType.choices)
    period_start = models.DateField(_("period start"))
    period_end = models.DateField(_("period end"))
    value = models.DecimalField(_("value"), max_digits=18, decimal_places=2)
    more_than = models.BooleanField(_("more than"), default=False,
                                    help_text=_("The value was reported as “more than” this number."))
    note = models.CharField(_("note"), max_length=255, blank=True)
    entered_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("entered by"), null=True, blank=True,
                                   on_delete=models.SET_NULL, related_name="+")
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("tally value")
        verbose_name_plural = _("tally values")
        constraints = [
            models.UniqueConstraint(fields=["indicator", "body", "area", "period_start", "period_end"],
                                    name="activities_one_value_per_cell"),
            models.CheckConstraint(condition=Q(value__gte=0), name="activities_value_not_negative"),
            models.CheckConstraint(condition=Q(period_end__gte=models.F("period_start")),
                                   name="activities_period_ordered"),
        ]
        indexes = [models.Index(fields=["indicator", "period_end"], name="activities_value_ind_end")]

    def __str__(self):
        return f"{self.indicator.code} {self.body.code} {self.period_start}–{self.period_end}: {self.value}"


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
    file = ProtectedFileField(_("file"), blank=True, rule="document_file", download_view="activities:document_file",
                              name_field="file_name")
    file_name = UploadNameField(_("file name"), file_field="file")
    area = models.ForeignKey(Area, verbose_name=_("area"), on_delete=models.PROTECT, related_name="+",
                             help_text=_("The area of the issuer (the province for central and provincial "
                                         "documents)."))
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("document")
        verbose_name_plural = _("documents")
        ordering = ["-issued_on", "number"]
        constraints = [models.UniqueConstraint(fields=["number", "issued_on"], name="activities_document_unique")]

    def __str__(self):
        return f"{self.get_doc_type_display()} {self.number} ({self.issued_on:%d/%m/%Y})"


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
                                               name="activities_citation_unique")]
        indexes = [models.Index(fields=["content_type", "object_id"], name="activities_citation_record")]

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
        indexes = [models.Index(fields=["inspected_on"], name="activities_inspection_date")]

    def __str__(self):
        return f"{self.unit} ({self.inspected_on:%d/%m/%Y})"

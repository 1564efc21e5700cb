"""The annual recognitions of units: "An toàn về ANTT" and "Không có tệ nạn ma túy".

Criteria are data with validity dates and a legal basis (Circular 23/2012/TT-BCA until 09/02/2022, Circular
124/2021/TT-BCA from 10/02/2022, a province's own additions), never code. A campaign (a scheme and a year) takes
the criteria sets in force at the end of its evaluation window. Each unit's way through a campaign is a
Participation whose status only services move, one step at a time."""

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from antqcore.models import Area
from antqcore.uploads import ProtectedFileField, UploadNameField
from units.models import Unit, UnitKind


class Scheme(models.Model):
    code = models.SlugField(_("code"), max_length=30, unique=True)
    name = models.CharField(_("name"), max_length=150)
    history = HistoricalRecords()  # also how a reload of data/criteria.yaml knows what staff changed

    class Meta:
        verbose_name = _("recognition scheme")
        verbose_name_plural = _("recognition schemes")
        ordering = ["id"]

    def __str__(self):
        return self.name


class CriteriaSet(models.Model):
    scheme = models.ForeignKey(Scheme, verbose_name=_("scheme"), on_delete=models.PROTECT, related_name="criteria_sets")
    name = models.CharField(_("name"), max_length=200)
    legal_basis = models.CharField(_("legal basis"), max_length=300)
    valid_from = models.DateField(_("valid from"), null=True, blank=True)
    valid_to = models.DateField(_("valid to"), null=True, blank=True)
    # Which unit kinds it applies to, e.g. ["agency", "enterprise"] or ["school"].
    unit_kinds = models.JSONField(_("unit kinds"), default=list)
    # A province's own additions apply to units of that province only; national sets have no area.
    area = models.ForeignKey(Area, verbose_name=_("province (own additions)"), null=True, blank=True,
                             on_delete=models.PROTECT, related_name="+")
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("criteria set")
        verbose_name_plural = _("criteria sets")
        ordering = ["scheme", "valid_from", "name"]

    def __str__(self):
        return self.name


class CriterionKind(models.TextChoices):
    REQUIREMENT = "requirement", _("Requirement")
    MUST_NOT_OCCUR = "must_not_occur", _("Must not occur")


class Criterion(models.Model):
    criteria_set = models.ForeignKey(CriteriaSet, on_delete=models.CASCADE, related_name="criteria")
    order = models.PositiveSmallIntegerField(_("order"))
    code = models.CharField(_("code"), max_length=20)
    text = models.TextField(_("text"))
    kind = models.CharField(_("kind"), max_length=20, choices=CriterionKind.choices)
    # For "must not occur" items: incident type codes that breach it (the incident registry's taxonomy).
    incident_types = models.JSONField(_("incident types"), default=list, blank=True)
    # Fires, explosions and work accidents breach an item only when serious.
    serious_only = models.BooleanField(_("only serious incidents"), default=False)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("criterion")
        verbose_name_plural = _("criteria")
        ordering = ["criteria_set", "order"]
        constraints = [models.UniqueConstraint(fields=["criteria_set", "code"], name="criterion_unique_code")]

    def __str__(self):
        return f"{self.code}. {self.text[:80]}"


class Campaign(models.Model):
    scheme = models.ForeignKey(Scheme, verbose_name=_("scheme"), on_delete=models.PROTECT, related_name="campaigns")
    year = models.PositiveSmallIntegerField(_("year"))
    window_start = models.DateField(_("evaluation window from"))
    window_end = models.DateField(_("evaluation window to"))
    registration_deadline = models.DateField(_("registration deadline"))
    submission_deadline = models.DateField(_("dossier deadline"))
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("campaign")
        verbose_name_plural = _("campaigns")
        ordering = ["-year", "scheme"]
        constraints = [models.UniqueConstraint(fields=["scheme", "year"], name="campaign_unique_year")]

    def __str__(self):
        return f"{self.scheme} {self.year}"


class Council(models.Model):
    """An appraisal council (Hội đồng thẩm định, xét duyệt) and one of its meetings."""

    name = models.CharField(_("name"), max_length=200)
    established_by = models.CharField(_("established by (decision)"), max_length=200, blank=True)
    members = models.TextField(_("members"), help_text=_("One member per line: name, position"))
    area = models.ForeignKey(Area, verbose_name=_("area"), on_delete=models.PROTECT, related_name="+")
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("appraisal council")
        verbose_name_plural = _("appraisal councils")

    def __str__(self):
        return self.name


class Level(models.TextChoices):
    PROVINCE = "province", _("Province")
    DISTRICT = "district", _("District")
    COMMUNE = "commune", _("Commune")


class Decision(models.Model):
    """A decision of a People's Committee chairman recognising (or not) one or many units at once."""

    campaign = models.ForeignKey(Campaign, verbose_name=_("campaign"), on_delete=models.PROTECT,
                                 related_name="decisions")
    level = models.CharField(_("level"), max_length=10, choices=Level.choices)
    authority = models.CharField(_("deciding authority"), max_length=200)
    number = models.CharField(_("decision number"), max_length=50)
    date = models.DateField(_("decision date"))
    signer = models.CharField(_("signer"), max_length=120, blank=True)
    area = models.ForeignKey(Area, verbose_name=_("area"), on_delete=models.PROTECT, related_name="+")
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("decision")
        verbose_name_plural = _("decisions")
        ordering = ["-date", "number"]

    def __str__(self):
        return f"{self.number} ({self.date:%d/%m/%Y})"


class Status(models.TextChoices):
    REGISTERED = "registered", _("Registered")
    ASSESSED = "assessed", _("Self-assessed")
    SUBMITTED = "submitted", _("Dossier submitted")
    APPRAISED = "appraised", _("Appraised")
    RECOGNIZED = "recognized", _("Recognized")
    NOT_RECOGNIZED = "not_recognized", _("Not recognized")
    REVOKED = "revoked", _("Revoked")


class Participation(models.Model):
    """A unit's way through one campaign: registration → self-assessment → submission → appraisal → decision."""

    campaign = models.ForeignKey(Campaign, verbose_name=_("campaign"), on_delete=models.PROTECT,
                                 related_name="participations")
    unit = models.ForeignKey(Unit, verbose_name=_("unit"), on_delete=models.PROTECT, related_name="participations")
    status = models.CharField(_("status"), max_length=20, choices=Status.choices, default=Status.REGISTERED)
    registered_on = models.DateField(_("registered on"))
    assessed_on = models.DateField(_("self-assessed on"), null=True, blank=True)
    submitted_on = models.DateField(_("submitted on"), null=True, blank=True)
    # Appraisal
    council = models.ForeignKey(Council, verbose_name=_("council"), null=True, blank=True, on_delete=models.PROTECT)
    council_meeting_on = models.DateField(_("council meeting"), null=True, blank=True)
    council_recommends = models.BooleanField(_("council recommends recognition"), null=True, blank=True)
    council_note = models.TextField(_("council note"), blank=True)
    # Decision
    decision = models.ForeignKey(Decision, verbose_name=_("decision"), null=True, blank=True,
                                 on_delete=models.PROTECT, related_name="participations")
    certificate_number = models.CharField(_("certificate number"), max_length=50, blank=True)
    override_reason = models.TextField(_("reason for overriding incidents"), blank=True)
    # Revocation
    revoked_on = models.DateField(_("revoked on"), null=True, blank=True)
    revocation_reason = models.TextField(_("revocation reason"), blank=True)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("participation")
        verbose_name_plural = _("participations")
        ordering = ["campaign", "unit__name"]
        constraints = [models.UniqueConstraint(fields=["campaign", "unit"], name="participation_once_per_campaign")]
        indexes = [models.Index(fields=["status"])]

    def __str__(self):
        return f"{self.unit} — {self.campaign}"


class Answer(models.Model):
    """A unit's self-assessment of one criterion."""

    participation = models.ForeignKey(Participation, on_delete=models.CASCADE, related_name="answers")
    criterion = models.ForeignKey(Criterion, on_delete=models.PROTECT, related_name="+")
    met = models.BooleanField(_("met"))
    note = models.TextField(_("note"), blank=True)
    attachment = ProtectedFileField(_("attachment"), blank=True, rule="certification_attachment",
                                    download_view="certification:attachment", name_field="attachment_name")
    attachment_name = UploadNameField(_("file name"), file_field="attachment")
    history = HistoricalRecords()

    class Meta:
        constraints = [models.UniqueConstraint(fields=["participation", "criterion"], name="answer_once")]

    def __str__(self):
        return f"{self.criterion.code}: {self.met}"


class StepLog(models.Model):
    """One workflow step: who moved which participation from which status to which, when it was entered (`at`) and
    the date the step bears (`on`: the registration, self-assessment or submission day, the council's meeting, the
    decision's or the revocation's date). A step of an archive entered with its past date is `from_archive`."""

    participation = models.ForeignKey(Participation, on_delete=models.CASCADE, related_name="steps")
    from_status = models.CharField(max_length=20, choices=Status.choices, blank=True)
    to_status = models.CharField(max_length=20, choices=Status.choices)
    actor = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    at = models.DateTimeField(_("entered at"), default=timezone.now)
    on = models.DateField(_("step date"), null=True, blank=True)  # null on the steps logged before it was kept
    from_archive = models.BooleanField(_("entered from the archive"), default=False)
    note = models.TextField(blank=True)

    class Meta:
        ordering = ["at", "id"]

    def __str__(self):
        return f"{self.participation}: {self.from_status} → {self.to_status}"


class Criticism(models.Model):
    """A written criticism (phê bình, nhắc nhở) of a unit that did not comply."""

    unit = models.ForeignKey(Unit, verbose_name=_("unit"), on_delete=models.PROTECT, related_name="criticisms")
    campaign = models.ForeignKey(Campaign, verbose_name=_("campaign"), null=True, blank=True, on_delete=models.PROTECT)
    date = models.DateField(_("date"))
    document_number = models.CharField(_("document number"), max_length=50, blank=True)
    issuer = models.CharField(_("issuer"), max_length=200)
    content = models.TextField(_("content"))
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("criticism")
        verbose_name_plural = _("criticisms")
        ordering = ["-date"]

    def __str__(self):
        return f"{self.unit} {self.date:%d/%m/%Y}"


ELIGIBLE_KINDS = [UnitKind.AGENCY, UnitKind.ENTERPRISE, UnitKind.SCHOOL]

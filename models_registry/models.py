"""Mass-organization models doing security work (mô hình tổ chức quần chúng): self-management teams, security
clusters, linkage models between a commune government and units, "safe school / hospital / company" models...

A model lives through build (decision, members, operating regulation, launch) → operation (briefings, reports)
→ reviews → replication or elimination. Whether a model is "formalistic" (exists on paper only) is never stored:
selectors derive it from the records, so it clears itself when the records change."""

from django.db import models
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from antqcore.models import Area
from antqcore.uploads import ProtectedFileField, UploadNameField
from units.models import Unit


class ModelType(models.Model):
    code = models.SlugField(_("code"), max_length=40, unique=True)
    name = models.CharField(_("name"), max_length=200)
    order = models.PositiveSmallIntegerField(_("order"), default=100)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("model type")
        verbose_name_plural = _("model types")
        ordering = ["order", "name"]

    def __str__(self):
        return self.name


class Rating(models.Model):
    """A step of the review scale (configurable): e.g. good, fair, average, weak."""

    name = models.CharField(_("name"), max_length=60, unique=True)
    order = models.PositiveSmallIntegerField(_("order"), default=100)
    is_weak = models.BooleanField(_("counts as weak"), default=False)
    history = HistoricalRecords()  # also how a reload of data/reference.yaml knows what staff changed

    class Meta:
        verbose_name = _("rating")
        verbose_name_plural = _("rating scale")
        ordering = ["order"]

    def __str__(self):
        return self.name


class RegistryConfig(models.Model):
    """Settings of the registry, editable in the admin (one row)."""

    formalistic_months = models.PositiveSmallIntegerField(
        _("months without a briefing or report before a model counts as formalistic"), default=6)

    class Meta:
        verbose_name = _("models registry settings")
        verbose_name_plural = _("models registry settings")

    def __str__(self):
        return str(self._meta.verbose_name)

    @classmethod
    def current(cls) -> "RegistryConfig":
        return cls.objects.order_by("pk").first() or cls()


class ModelStatus(models.TextChoices):
    ACTIVE = "active", _("Active")
    CONSOLIDATING = "consolidating", _("Being consolidated")
    ELIMINATED = "eliminated", _("Eliminated")


class MovementModel(models.Model):
    name = models.CharField(_("name"), max_length=255)
    type = models.ForeignKey(ModelType, verbose_name=_("type"), on_delete=models.PROTECT, related_name="models")
    area = models.ForeignKey(Area, verbose_name=_("area"), on_delete=models.PROTECT, related_name="+",
                             help_text=_("The commune (or district) where the model operates"))
    host_unit = models.ForeignKey(Unit, verbose_name=_("host unit"), null=True, blank=True,
                                  on_delete=models.PROTECT, related_name="hosted_models")
    participants = models.ManyToManyField(Unit, verbose_name=_("participating units"), blank=True,
                                          related_name="movement_models")
    partner_commune = models.ForeignKey(Area, verbose_name=_("partner commune government"), null=True, blank=True,
                                        on_delete=models.PROTECT, related_name="+")
    is_pilot = models.BooleanField(_("pilot model"), default=False)
    pilot_plan = models.CharField(_("plan that made it a pilot"), max_length=200, blank=True)
    pilot_since = models.DateField(_("pilot since"), null=True, blank=True)
    established_on = models.DateField(_("established on"))
    decision_number = models.CharField(_("establishment decision number"), max_length=60, blank=True)
    decision_issuer = models.CharField(_("decision issued by"), max_length=200, blank=True)
    members_count = models.PositiveIntegerField(_("members"), default=0)
    members_list = models.TextField(_("member names and roles"), blank=True)
    regulation_on = models.DateField(_("operating regulation issued on"), null=True, blank=True,
                                     help_text=_("Empty while the model has no operating regulation"))
    regulation_file = ProtectedFileField(_("operating regulation file"), blank=True, rule="model_regulation",
                                         download_view="models_registry:regulation",
                                         name_field="regulation_file_name")
    regulation_file_name = UploadNameField(_("file name"), file_field="regulation_file")
    launched_on = models.DateField(_("launch ceremony"), null=True, blank=True)
    briefing_every_months = models.PositiveSmallIntegerField(_("briefing every (months)"), default=3)
    replication_sites = models.PositiveIntegerField(_("replication sites"), default=0)
    replication_teams = models.PositiveIntegerField(_("replication teams"), default=0)
    replicated_from = models.ForeignKey("self", verbose_name=_("replicated from"), null=True, blank=True,
                                        on_delete=models.SET_NULL, related_name="replicas")
    status = models.CharField(_("status"), max_length=20, choices=ModelStatus.choices, default=ModelStatus.ACTIVE)
    eliminated_on = models.DateField(_("eliminated on"), null=True, blank=True)
    elimination_reason = models.TextField(_("elimination reason"), blank=True)
    search_text = models.TextField(editable=False, default="")  # accent-free name, kept by the services
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)
    history = HistoricalRecords(m2m_fields=[participants], excluded_fields=["search_text", "updated_at"])

    class Meta:
        verbose_name = _("mass-organization model")
        verbose_name_plural = _("mass-organization models")
        ordering = ["name", "id"]

    def __str__(self):
        return self.name


class Activity(models.Model):
    """A briefing (giao ban) or a report of a model."""

    class Kind(models.TextChoices):
        BRIEFING = "briefing", _("Briefing")
        REPORT = "report", _("Report")

    model = models.ForeignKey(MovementModel, on_delete=models.CASCADE, related_name="activities")
    kind = models.CharField(_("kind"), max_length=10, choices=Kind.choices, default=Kind.BRIEFING)
    date = models.DateField(_("date"))
    note = models.TextField(_("note"), blank=True)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("briefing or report")
        verbose_name_plural = _("briefings and reports")
        ordering = ["-date", "-id"]
        indexes = [models.Index(fields=["model", "date"])]

    def __str__(self):
        return f"{self.model} {self.date:%d/%m/%Y}"


class Review(models.Model):
    model = models.ForeignKey(MovementModel, on_delete=models.CASCADE, related_name="reviews")
    date = models.DateField(_("date"))
    rating = models.ForeignKey(Rating, verbose_name=_("rating"), on_delete=models.PROTECT)
    reviewer = models.CharField(_("reviewed by"), max_length=200, blank=True)
    notes = models.TextField(_("notes"), blank=True)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("review")
        verbose_name_plural = _("reviews")
        ordering = ["-date", "-id"]

    def __str__(self):
        return f"{self.model} {self.date:%d/%m/%Y}: {self.rating}"


class PilotSelection(models.Model):
    """A unit chosen as a pilot site of the movement by a plan (e.g. 13 units under Plan 61/KH-CAT-PV28, 2015)."""

    unit = models.ForeignKey(Unit, verbose_name=_("unit"), on_delete=models.PROTECT, related_name="pilot_selections")
    plan = models.CharField(_("plan"), max_length=200)
    selected_on = models.DateField(_("selected on"))
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("pilot unit")
        verbose_name_plural = _("pilot units")
        ordering = ["-selected_on"]
        constraints = [models.UniqueConstraint(fields=["unit", "plan"], name="pilot_selection_once_per_plan")]

    def __str__(self):
        return f"{self.unit} ({self.plan})"

import datetime

from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from antqcore.models import Area
from antqcore.text import search_key  # noqa: F401  (units.models.search_key is imported across the apps)


class UnitKind(models.TextChoices):
    AGENCY = "agency", _("Agency")
    ENTERPRISE = "enterprise", _("Enterprise")
    SCHOOL = "school", _("School")


class UnitSubtype(models.TextChoices):
    STATE_AGENCY = "state_agency", _("State agency")
    PUBLIC_SERVICE = "public_service", _("Public service unit")
    HOSPITAL = "hospital", _("Hospital or health facility")
    BANK = "bank", _("Bank or treasury")
    STATE_ENTERPRISE = "state_enterprise", _("State-owned enterprise")
    PRIVATE_ENTERPRISE = "private_enterprise", _("Private enterprise")
    FDI_ENTERPRISE = "fdi_enterprise", _("Foreign-invested (FDI) enterprise")
    HIGHER_EDUCATION = "higher_education", _("University, college or vocational school")
    UPPER_SECONDARY = "upper_secondary", _("Upper-secondary school")
    LOWER_SECONDARY = "lower_secondary", _("Lower-secondary school")
    OTHER = "other", _("Other")


# Which subtypes belong to which kind; forms, imports and the API check it.
SUBTYPES_BY_KIND = {
    UnitKind.AGENCY: {UnitSubtype.STATE_AGENCY, UnitSubtype.PUBLIC_SERVICE, UnitSubtype.HOSPITAL, UnitSubtype.BANK,
                      UnitSubtype.OTHER},
    UnitKind.ENTERPRISE: {UnitSubtype.STATE_ENTERPRISE, UnitSubtype.PRIVATE_ENTERPRISE, UnitSubtype.FDI_ENTERPRISE,
                          UnitSubtype.BANK, UnitSubtype.OTHER},
    UnitKind.SCHOOL: {UnitSubtype.HIGHER_EDUCATION, UnitSubtype.UPPER_SECONDARY, UnitSubtype.LOWER_SECONDARY,
                      UnitSubtype.OTHER},
}


class ManagingLevel(models.TextChoices):
    PROVINCE = "province", _("Province")
    DISTRICT = "district", _("District")
    COMMUNE = "commune", _("Commune")


class UnitStatus(models.TextChoices):
    ACTIVE = "active", _("Active")
    SUSPENDED = "suspended", _("Suspended")
    DISSOLVED = "dissolved", _("Dissolved")


class IndustrialZone(models.Model):
    class Kind(models.TextChoices):
        ZONE = "zone", _("Industrial zone")
        CLUSTER = "cluster", _("Industrial cluster")

    name = models.CharField(_("name"), max_length=200)
    kind = models.CharField(_("kind"), max_length=10, choices=Kind.choices)
    area = models.ForeignKey(Area, verbose_name=_("area"), on_delete=models.PROTECT, related_name="+",
                             help_text=_("The district or commune where it lies"))
    established_on = models.DateField(_("established on"), null=True, blank=True)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("industrial zone or cluster")
        verbose_name_plural = _("industrial zones and clusters")
        ordering = ["kind", "name"]
        constraints = [models.UniqueConstraint(fields=["name", "kind"], name="zone_unique_name")]

    def __str__(self):
        return self.name


class ZoneInvestment(models.Model):
    """Investment projects a zone attracted in a year (from the zone management board's figures)."""

    zone = models.ForeignKey(IndustrialZone, on_delete=models.CASCADE, related_name="investments")
    year = models.PositiveSmallIntegerField(_("year"))
    projects = models.PositiveIntegerField(_("investment projects"))
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("investment projects of a year")
        verbose_name_plural = _("investment projects")
        ordering = ["zone", "year"]
        constraints = [models.UniqueConstraint(fields=["zone", "year"], name="zone_investment_unique_year")]

    def __str__(self):
        return f"{self.zone} {self.year}: {self.projects}"


class UnitQuerySet(models.QuerySet):
    def alive(self):
        """Not deleted from the registry (a soft delete keeps the row for history and figures)."""
        return self.filter(deleted_at__isnull=True)

    def existing_on(self, day: datetime.date):
        """In the registry on `day`: started by then and not dissolved before it."""
        return self.alive().filter(Q(started_on__isnull=True) | Q(started_on__lte=day)).filter(
            Q(dissolved_on__isnull=True) | Q(dissolved_on__gt=day)
        )


class Unit(models.Model):
    """An agency, enterprise or school (CQDNNT) of the province."""

    name = models.CharField(_("name"), max_length=255)
    kind = models.CharField(_("kind"), max_length=20, choices=UnitKind.choices)
    subtype = models.CharField(_("subtype"), max_length=30, choices=UnitSubtype.choices)
    investor_country = models.CharField(_("investor country"), max_length=80, blank=True,
                                        help_text=_("For foreign-invested enterprises"))
    tax_code = models.CharField(_("tax or registration code"), max_length=20, blank=True)
    commune = models.ForeignKey(Area, verbose_name=_("commune"), on_delete=models.PROTECT, related_name="+",
                                help_text=_("The commune where the unit was when recorded"))
    address = models.CharField(_("address"), max_length=255, blank=True)
    managing_level = models.CharField(_("managing level"), max_length=10, choices=ManagingLevel.choices)
    managing_body = models.CharField(_("managing body"), max_length=200, blank=True)
    staff_count = models.PositiveIntegerField(_("staff"), default=0)
    worker_count = models.PositiveIntegerField(_("workers"), default=0)
    student_count = models.PositiveIntegerField(_("students"), default=0)
    headcount_year = models.PositiveSmallIntegerField(_("headcount year"), null=True, blank=True)
    has_party_organisation = models.BooleanField(_("has a Party organisation"), default=False)
    zone = models.ForeignKey(IndustrialZone, verbose_name=_("industrial zone or cluster"), null=True, blank=True,
                             on_delete=models.PROTECT, related_name="units")
    status = models.CharField(_("status"), max_length=10, choices=UnitStatus.choices, default=UnitStatus.ACTIVE)
    started_on = models.DateField(_("operating since"), null=True, blank=True)
    dissolved_on = models.DateField(_("dissolved on"), null=True, blank=True)
    contact_person = models.CharField(_("contact person"), max_length=120, blank=True)
    phone = models.CharField(_("phone"), max_length=40, blank=True)
    email = models.EmailField(_("email"), blank=True)
    # Accent-free forms kept by unit_save: name_key for the duplicate rule, search_text for the search box.
    name_key = models.CharField(max_length=255, editable=False, default="")
    search_text = models.TextField(editable=False, default="")
    version = models.PositiveIntegerField(default=1, editable=False)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True, db_index=True)
    deleted_at = models.DateTimeField(null=True, blank=True, editable=False)
    history = HistoricalRecords(excluded_fields=["name_key", "search_text", "updated_at"])

    objects = UnitQuerySet.as_manager()

    class Meta:
        verbose_name = _("unit")
        verbose_name_plural = _("units")
        ordering = ["name", "id"]
        constraints = [
            models.UniqueConstraint(fields=["tax_code"], condition=Q(deleted_at__isnull=True) & ~Q(tax_code=""),
                                    name="unit_unique_tax_code"),
            models.UniqueConstraint(fields=["commune", "name_key"], condition=Q(deleted_at__isnull=True),
                                    name="unit_unique_name_in_commune"),
        ]
        indexes = [
            models.Index(fields=["kind", "subtype"]),
            models.Index(fields=["status"]),
            # The lists are ordered by name: a partial index on the live rows serves "ORDER BY name, id LIMIT n".
            models.Index(fields=["name", "id"], condition=Q(deleted_at__isnull=True), name="unit_alive_by_name"),
            # A subtype's units in name order (fdi=true, kind+subtype): the walk reads only that subtype's live rows
            # (benchmarks/README.md: the admin's fdi page 72 → 33 ms p95 at 100.000 units).
            models.Index(fields=["subtype", "name", "id"], condition=Q(deleted_at__isnull=True),
                         name="unit_alive_by_subtype_name"),
        ]

    def __str__(self):
        return self.name

    @property
    def is_fdi(self) -> bool:
        return self.subtype == UnitSubtype.FDI_ENTERPRISE


class GuardForce(models.Model):
    """A unit's own security guards in a year (Decree 06/2013/NĐ-CP)."""

    class Form(models.TextChoices):
        TEAM = "team", _("Guard team")
        GROUP = "group", _("Guard group")
        SECTION = "section", _("Guard section or department")
        NONE = "none", _("No organised force")

    class Staffing(models.TextChoices):
        OWN = "own", _("Own staff")
        HIRED = "hired", _("Hired guard service")
        BOTH = "both", _("Own staff and hired service")

    unit = models.ForeignKey(Unit, on_delete=models.CASCADE, related_name="guard_forces")
    year = models.PositiveSmallIntegerField(_("year"))
    organisation_form = models.CharField(_("organisation form"), max_length=10, choices=Form.choices,
                                         default=Form.TEAM)
    staffing = models.CharField(_("staffing"), max_length=10, choices=Staffing.choices, default=Staffing.OWN)
    official_staff = models.PositiveIntegerField(_("official staff"), default=0)
    long_term = models.PositiveIntegerField(_("long-term contract"), default=0)
    short_term = models.PositiveIntegerField(_("short-term contract"), default=0)
    bodyguards = models.PositiveIntegerField(_("bodyguards and hired guards"), default=0)
    trained = models.PositiveIntegerField(_("trained"), default=0)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("guard force")
        verbose_name_plural = _("guard forces")
        ordering = ["unit", "-year"]
        constraints = [models.UniqueConstraint(fields=["unit", "year"], name="guard_force_unique_year")]

    def __str__(self):
        return f"{self.unit} {self.year}"

    @property
    def total(self) -> int:
        return self.official_staff + self.long_term + self.short_term + self.bodyguards


class FireTeam(models.Model):
    """A unit's fire-fighting team (đội PCCC cơ sở)."""

    unit = models.OneToOneField(Unit, on_delete=models.CASCADE, related_name="fire_team")
    established_on = models.DateField(_("established on"))
    members = models.PositiveIntegerField(_("members"), default=0)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("fire team")
        verbose_name_plural = _("fire teams")

    def __str__(self):
        return f"{self.unit}"


class FireTeamConsolidation(models.Model):
    """A consolidation (củng cố, kiện toàn) of a fire team: new members, new leader, re-trained."""

    team = models.ForeignKey(FireTeam, on_delete=models.CASCADE, related_name="consolidations")
    date = models.DateField(_("date"))
    members = models.PositiveIntegerField(_("members after"), default=0)
    note = models.CharField(_("note"), max_length=255, blank=True)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("fire team consolidation")
        verbose_name_plural = _("fire team consolidations")
        ordering = ["-date"]

    def __str__(self):
        return f"{self.team} {self.date}"

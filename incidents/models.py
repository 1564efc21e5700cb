"""Incidents and cases in agencies, enterprises and schools (vụ việc, vụ án): strikes, fires, thefts, violations,
criminal cases... recorded by the district officers the day they happen.

The taxonomy is data (IncidentType, loaded from data/types.yaml and edited in the admin), and so are the rules that
make an incident "serious". The flag is stored so that lists and the certification cross-check read it directly;
the services compute it, and recompute a whole type in one UPDATE when its rules change."""

from django.conf import settings
from django.db import models
from django.db.models import Case, Q, Value, When
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from antqcore.models import Area
from units.models import Unit

# People involved, by category: the first four are the units' own people (cán bộ, công chức, viên chức, người lao
# động, học sinh, sinh viên), the last one people from outside.
MEMBER_FIELDS = ["cadres", "public_employees", "workers", "students"]
PEOPLE_FIELDS = [*MEMBER_FIELDS, "outsiders"]


class IncidentType(models.Model):
    code = models.SlugField(_("code"), max_length=40, unique=True)
    name = models.CharField(_("name"), max_length=200)
    order = models.PositiveSmallIntegerField(_("order"), default=100)
    active = models.BooleanField(_("active"), default=True, help_text=_("Inactive types are not offered for new "
                                                                        "incidents; recorded ones keep them."))
    # The seriousness rules: an incident is serious when any rule that is set holds; empty = not used.
    serious_deaths = models.PositiveIntegerField(_("serious from this many deaths"), null=True, blank=True)
    serious_injuries = models.PositiveIntegerField(_("serious from this many injuries"), null=True, blank=True)
    serious_damage_vnd = models.PositiveBigIntegerField(_("serious from this damage (VND)"), null=True, blank=True)
    serious_when_prosecuted = models.BooleanField(_("serious when prosecuted"), default=False)
    serious_always = models.BooleanField(_("always serious"), default=False)
    history = HistoricalRecords()

    RULE_FIELDS = ["serious_deaths", "serious_injuries", "serious_damage_vnd", "serious_when_prosecuted",
                   "serious_always"]

    class Meta:
        verbose_name = _("incident type")
        verbose_name_plural = _("incident types")
        ordering = ["order", "name"]

    def __str__(self):
        return self.name

    def serious_rules(self) -> list[tuple[str, int | bool]]:
        """(incident field, threshold) pairs: the incident is serious when any field reaches its threshold. The one
        definition both `serious_q` (for the database) and `is_serious` (for a record in hand) read."""
        if self.serious_always:
            return [("always", True)]
        rules: list[tuple[str, int | bool]] = [
            (field, getattr(self, f"serious_{field}")) for field in ("deaths", "injuries", "damage_vnd")
            if getattr(self, f"serious_{field}") is not None]
        if self.serious_when_prosecuted:
            rules.append(("prosecuted", True))
        return rules

    def serious_q(self) -> Q:
        q = Q(pk__in=[])
        for field, threshold in self.serious_rules():
            if field == "always":
                return ~Q(pk__in=[])
            q |= Q(**{field: True}) if threshold is True else Q(**{f"{field}__gte": threshold})
        return q

    def serious_expression(self) -> Case:
        return Case(When(self.serious_q(), then=Value(True)), default=Value(False), output_field=models.BooleanField())

    def is_serious(self, incident: "Incident") -> bool:
        for field, threshold in self.serious_rules():
            if field == "always":
                return True
            value = getattr(incident, field)
            if (value is True) if threshold is True else (value or 0) >= threshold:
                return True
        return False


class IncidentQuerySet(models.QuerySet):
    def alive(self):
        """Not deleted (a soft delete keeps the row and its history)."""
        return self.filter(deleted_at__isnull=True)


class Incident(models.Model):
    type = models.ForeignKey(IncidentType, verbose_name=_("type"), on_delete=models.PROTECT, related_name="incidents")
    occurred_at = models.DateTimeField(_("date and time"))
    unit = models.ForeignKey(Unit, verbose_name=_("unit"), null=True, blank=True, on_delete=models.PROTECT,
                             related_name="incidents")
    # The figures filter by area and date: the composite index below serves them, so no index of its own.
    area = models.ForeignKey(Area, verbose_name=_("area"), on_delete=models.PROTECT, related_name="+",
                             db_index=False, help_text=_("The commune (or district) where it happened, as it was "
                                                         "then; by default the unit's commune"))
    description = models.TextField(_("description"), blank=True)
    cadres = models.PositiveIntegerField(_("cadres and civil servants"), default=0)
    public_employees = models.PositiveIntegerField(_("public employees"), default=0)
    workers = models.PositiveIntegerField(_("workers"), default=0)
    students = models.PositiveIntegerField(_("students"), default=0)
    outsiders = models.PositiveIntegerField(_("outsiders"), default=0)
    deaths = models.PositiveIntegerField(_("deaths"), default=0)
    injuries = models.PositiveIntegerField(_("injuries"), default=0)
    damage_vnd = models.PositiveBigIntegerField(_("damage (VND)"), default=0)
    reported = models.BooleanField(_("reported"), default=True)
    verified = models.BooleanField(_("verified"), default=False)
    prosecuted = models.BooleanField(_("prosecuted"), default=False)
    defendants = models.PositiveIntegerField(_("defendants"), default=0)
    fined = models.BooleanField(_("administrative fine"), default=False)
    fine_vnd = models.PositiveBigIntegerField(_("fine (VND)"), default=0)
    from_public_tip = models.BooleanField(_("from a tip from the public"), default=False)
    serious = models.BooleanField(_("serious"), default=False, editable=False)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("recorded by"), null=True, blank=True,
                                   on_delete=models.SET_NULL, related_name="+", editable=False)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)
    deleted_at = models.DateTimeField(null=True, blank=True, editable=False)
    history = HistoricalRecords(excluded_fields=["updated_at"])

    objects = IncidentQuerySet.as_manager()

    class Meta:
        verbose_name = _("incident")
        verbose_name_plural = _("incidents")
        ordering = ["-occurred_at", "-id"]
        indexes = [
            # The figures: incidents of an area's communes in a period. Covering the columns the aggregate reads lets
            # PostgreSQL answer from the index alone (benchmarks/README.md: 3x faster than fetching each row).
            models.Index(fields=["area", "occurred_at"], name="incident_area_occurred_cover",
                         include=["id", "type", "verified", "prosecuted", "defendants", *PEOPLE_FIELDS],
                         condition=Q(deleted_at__isnull=True)),
            models.Index(fields=["-occurred_at", "-id"], name="incident_latest_first"),
        ]

    def __str__(self):
        if not (self.type_id and self.occurred_at):
            return str(self.pk)
        return f"{self.type} {timezone.localtime(self.occurred_at):%d/%m/%Y}"

    @property
    def people_total(self) -> int:
        return sum(getattr(self, f) for f in PEOPLE_FIELDS)

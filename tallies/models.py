"""Periodic tallies, in the manner of DHIS2's aggregate data sets: a catalogue of indicators and of the bodies that
report them; a body reports, for an area and a period (month, quarter or year), one value per indicator of its data
set. The catalogue is data (tallies/data/catalogue.yaml), loaded by `manage.py load_catalogue` and editable in the
admin."""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from antqcore.models import Area


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
    """What a reporting body is. The catalogue's figures are defined on kinds, never on bodies' codes, so that a
    figure counts the same bodies in every province; the catalogue's `kinds` say which kinds a province has, at which
    level, and how its body of that kind is named (tallies.services.province_bodies_create)."""

    FATHERLAND_FRONT = "fatherland_front", _("Provincial Fatherland Front committee")
    YOUTH_UNION = "youth_union", _("Provincial Youth Union")
    LABOUR_FEDERATION = "labour_federation", _("Provincial Labour Federation")
    DEPARTMENT_LABOUR = "department_labour", _("Department of Labour, Invalids and Social Affairs")
    DEPARTMENT_EDUCATION = "department_education", _("Department of Education and Training")
    DEPARTMENT_HEALTH = "department_health", _("Department of Health")
    DEPARTMENT = "department", _("Provincial department")
    PROVINCIAL_POLICE = "provincial_police", _("Provincial police")
    FIRE_POLICE = "fire_police", _("Provincial fire and rescue police")
    POLICE = "police", _("District police unit")
    COMMUNE_POLICE = "commune_police", _("Commune police")
    DISTRICT_COMMITTEE = "district_committee", _("District steering committee")
    COMMUNE_COMMITTEE = "commune_committee", _("Commune steering committee")
    NEWSPAPER = "newspaper", _("Provincial newspaper")
    BROADCASTER = "broadcaster", _("Provincial radio and television")
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
                                    name="tallies_one_value_per_cell"),
            models.CheckConstraint(condition=Q(value__gte=0), name="tallies_value_not_negative"),
            models.CheckConstraint(condition=Q(period_end__gte=models.F("period_start")),
                                   name="tallies_period_ordered"),
        ]
        indexes = [models.Index(fields=["indicator", "period_end"], name="tallies_value_ind_end")]

    def __str__(self):
        return f"{self.indicator.code} {self.body.code} {self.period_start}–{self.period_end}: {self.value}"

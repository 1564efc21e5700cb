"""Commendations given in the movement (khen thưởng): a form (emulation flag, certificate of merit, certificate of
commendation, the "Bảo vệ an ninh Tổ quốc" medal...) granted by an authority to a collective (a unit or another
organisation) or an individual, by a decision with a number and a date.

The medal goes to a person once in a lifetime. The person is recognised by a key kept by the services (the citizen ID
when given, otherwise the accent-free name and the birth year), and a partial unique constraint on that key among
medals makes sure that two requests racing each other cannot both record one."""

from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from antqcore.models import Area
from units.models import Unit


class AwardForm(models.TextChoices):
    EMULATION_FLAG = "emulation_flag", _("Emulation flag")
    CERTIFICATE_OF_MERIT = "certificate_of_merit", _("Certificate of merit")
    CERTIFICATE_OF_COMMENDATION = "certificate_of_commendation", _("Certificate of commendation")
    MEDAL = "medal", _("“Protecting National Security” medal")
    OTHER = "other", _("Other form")


class Grantor(models.TextChoices):
    MINISTRY = "ministry", _("Ministry of Public Security (the Minister)")
    PROVINCE_CHAIRMAN = "province_chairman", _("Chairman of the provincial People's Committee")
    POLICE_DIRECTOR = "police_director", _("Director of the provincial police")
    DISTRICT_CHAIRMAN = "district_chairman", _("Chairman of the district People's Committee")
    COMMUNE_CHAIRMAN = "commune_chairman", _("Chairman of the commune People's Committee")
    OTHER = "other", _("Other authority")


class RecipientKind(models.TextChoices):
    COLLECTIVE = "collective", _("Collective")
    INDIVIDUAL = "individual", _("Individual")


class Occasion(models.TextChoices):
    ANNUAL = "annual", _("Annual review")
    AUGUST_19 = "august_19", _("19 August festival")
    THEMATIC = "thematic", _("Thematic review")
    EXCEPTIONAL = "exceptional", _("Exceptional achievement")


class Commendation(models.Model):
    form = models.CharField(_("form of commendation"), max_length=30, choices=AwardForm.choices)
    other_form = models.CharField(_("name of the other form"), max_length=200, blank=True)
    grantor = models.CharField(_("granted by"), max_length=30, choices=Grantor.choices)
    other_grantor = models.CharField(_("name of the other authority"), max_length=200, blank=True)
    recipient_kind = models.CharField(_("recipient"), max_length=12, choices=RecipientKind.choices)
    # A collective is a unit of the registry or another organisation named in words; an individual may work in a
    # unit of the registry or elsewhere (workplace).
    unit = models.ForeignKey(Unit, verbose_name=_("unit"), null=True, blank=True, on_delete=models.PROTECT,
                             related_name="commendations")
    organisation_name = models.CharField(_("collective (organisation) name"), max_length=255, blank=True)
    person_name = models.CharField(_("full name"), max_length=120, blank=True)
    birth_year = models.PositiveSmallIntegerField(_("birth year"), null=True, blank=True)
    citizen_id = models.CharField(_("citizen ID number"), max_length=20, blank=True)
    position = models.CharField(_("position"), max_length=200, blank=True)
    workplace = models.CharField(_("workplace"), max_length=255, blank=True,
                                 help_text=_("Where the person works, when it is not a unit of the registry"))
    area = models.ForeignKey(Area, verbose_name=_("area"), on_delete=models.PROTECT, related_name="+",
                             help_text=_("Where the commendation is counted: the unit's commune, or the area chosen"))
    decision_number = models.CharField(_("decision number"), max_length=60)
    decision_date = models.DateField(_("decision date"))
    occasion = models.CharField(_("occasion"), max_length=12, choices=Occasion.choices, default=Occasion.ANNUAL)
    reason = models.TextField(_("reason"), blank=True)
    # Kept by the services: who the person is for the once-per-person rule (the citizen ID when given, otherwise
    # name_key: the accent-free name and the birth year), and the accent-free search text.
    person_key = models.CharField(max_length=160, editable=False, default="")
    name_key = models.CharField(max_length=160, editable=False, default="")
    search_text = models.TextField(editable=False, default="")
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)
    history = HistoricalRecords(excluded_fields=["person_key", "name_key", "search_text", "updated_at"])

    class Meta:
        verbose_name = _("commendation")
        verbose_name_plural = _("commendations")
        ordering = ["-decision_date", "-id"]
        constraints = [
            models.UniqueConstraint(fields=["person_key"], condition=Q(form="medal"),
                                    name="commendation_medal_once_per_person"),
            models.CheckConstraint(condition=~Q(form="medal") | Q(recipient_kind="individual"),
                                   name="commendation_medal_to_individuals",
                                   violation_error_message=_("The medal is given to individuals only.")),
        ]
        indexes = [
            models.Index(fields=["decision_date"]),
            models.Index(fields=["form", "grantor", "recipient_kind"]),
            models.Index(fields=["name_key"], condition=Q(form="medal"), name="commendation_medal_name_key"),
        ]

    def __str__(self):
        return f"{self.get_form_display()} — {self.recipient_name} ({self.decision_number})"

    @property
    def recipient_name(self) -> str:
        if self.recipient_kind == RecipientKind.INDIVIDUAL:
            return self.person_name
        return self.organisation_name or (self.unit.name if self.unit_id else "")

    @property
    def form_label(self) -> str:
        return self.other_form if self.form == AwardForm.OTHER and self.other_form else self.get_form_display()

    @property
    def grantor_label(self) -> str:
        return (self.other_grantor if self.grantor == Grantor.OTHER and self.other_grantor
                else self.get_grantor_display())

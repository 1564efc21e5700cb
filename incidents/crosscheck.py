"""The incident source of certification's cross-check (registered in IncidentsConfig.ready()): the incidents
recorded for a unit inside an evaluation window."""

import datetime

from django.urls import reverse
from django.utils import timezone

from certification.crosscheck import IncidentHit

from .models import Incident
from .selectors import period_bounds


def incident_hits(unit, start: datetime.date, end: datetime.date) -> list[IncidentHit]:
    low, high = period_bounds(start, end)
    incidents = (Incident.objects.alive().filter(unit=unit, occurred_at__gte=low, occurred_at__lt=high)
                 .select_related("type").order_by("occurred_at", "id"))
    return [IncidentHit(date=timezone.localdate(i.occurred_at), type_code=i.type.code, type_label=i.type.name,
                        description=i.description, serious=i.serious, url=reverse("incidents:detail", args=[i.pk]))
            for i in incidents]

import datetime

from django.utils import timezone

from antqcore.models import Role, User
from incidents.models import Incident, IncidentType
from incidents.services import incident_create

TZ = timezone.get_current_timezone()


def at(day: str, time: str = "10:00") -> datetime.datetime:
    """A local date and time, as the officer typed it."""
    return datetime.datetime.fromisoformat(f"{day}T{time}").replace(tzinfo=TZ)


def recorder() -> User:
    """Someone who may write everywhere, for incidents a test only needs to exist."""
    return User.objects.filter(username="incidents-admin").first() or User.objects.create_user(
        "incidents-admin", password="x", role=Role.ADMIN)


def make_incident(type_code: str = "theft", *, user: User | None = None, **data) -> Incident:
    defaults = {"type": IncidentType.objects.get(code=type_code), "occurred_at": at("2019-06-03"),
                "description": "Trộm cắp linh kiện điện tử"}
    return incident_create(data=defaults | data, actor=user or recorder())

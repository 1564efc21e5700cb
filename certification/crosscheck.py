"""The cross-check of a unit's incidents against the "must not occur" criteria.

The incident registry registers a source here (from its AppConfig.ready()); certification never imports it. A
source returns the incidents recorded for a unit inside a window."""

import datetime
from collections.abc import Callable
from dataclasses import dataclass


@dataclass(frozen=True)
class IncidentHit:
    date: datetime.date
    type_code: str
    type_label: str
    description: str
    serious: bool
    url: str = ""


IncidentSource = Callable[[object, datetime.date, datetime.date], list[IncidentHit]]
_sources: dict[str, IncidentSource] = {}


def register_incident_source(name: str, source: IncidentSource) -> None:
    _sources[name] = source


def unregister_incident_source(name: str) -> None:
    _sources.pop(name, None)


def incidents_for(unit, start: datetime.date, end: datetime.date) -> list[IncidentHit]:
    hits: list[IncidentHit] = []
    for source in _sources.values():
        hits.extend(source(unit, start, end))
    return sorted(hits, key=lambda h: h.date)

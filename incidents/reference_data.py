"""The incident types and their seriousness rules, data/types.yaml: loaded by the migration 0002 and by
`manage.py load_incident_types` through antqcore.dataload (which keeps what staff changed in the admin unless
--reset). The codes are what the certification criteria and the figures name, so they are fixed once created."""

from pathlib import Path

from antqcore.dataload import (
    Collection,
    DataSpec,
    Field,
    LoadResult,
    boolean,
    datafile_load,
    datafile_read,
    integer,
    text,
)

DATA_FILE = Path(__file__).parent / "data" / "types.yaml"

INCIDENT_TYPES = DataSpec(name="incident types", files=(DATA_FILE,), collections=(Collection(
    model="incidents.IncidentType", what="incident type", source="incident_types", key=("code",),
    fields=(Field("code", required=True, convert=text), Field("name", required=True, convert=text),
            Field("order", required=True, convert=integer), Field("serious_deaths", convert=integer),
            Field("serious_injuries", convert=integer), Field("serious_damage_vnd", convert=integer),
            Field("serious_when_prosecuted", default=False, convert=boolean),
            Field("serious_always", default=False, convert=boolean)),
),))


def incident_types_data() -> list[dict]:
    """The types as the file lists them."""
    return list(datafile_read(DATA_FILE).data["incident_types"])


def incident_types_load(*, apps=None, reset: bool = False, dry_run: bool = False) -> LoadResult:
    """`apps`: a data migration's registry. See antqcore.dataload for what is created, updated and kept."""
    return datafile_load(INCIDENT_TYPES, apps=apps, reset=reset, dry_run=dry_run)

"""The incident types and their seriousness rules, data/types.yaml: loaded by the migration 0002 and by
`manage.py load_incident_types` through antqcore.dataload (which keeps what staff changed in the admin unless
--reset). The codes are what the certification criteria and the figures name, so they are fixed once created."""

from pathlib import Path

from antqcore import dataload
from antqcore.dataload import Field

DATA_FILE = Path(__file__).parent / "data" / "types.yaml"
THRESHOLDS = ("serious_deaths", "serious_injuries", "serious_damage_vnd")  # whole numbers, empty = not used
FLAGS = ("serious_when_prosecuted", "serious_always")

INCIDENT_TYPES = dataload.DataSpec(name="incident types", files=(DATA_FILE,), collections=(dataload.Collection(
    model="incidents.IncidentType", what="incident type", source="incident_types", key=("code",),
    fields=(Field("code", required=True, convert=dataload.text), Field("name", required=True, convert=dataload.text),
            Field("order", required=True, convert=dataload.integer),
            *(Field(key, convert=dataload.integer) for key in THRESHOLDS),
            *(Field(key, default=False, convert=dataload.boolean) for key in FLAGS)),
),))


def incident_types_data() -> list[dict]:
    """The types as the file lists them."""
    return list(dataload.datafile_read(DATA_FILE).data["incident_types"])


def incident_types_load(*, apps=None, reset: bool = False, dry_run: bool = False) -> dataload.LoadResult:
    """`apps`: a data migration's registry. See antqcore.dataload for what is created, updated and kept."""
    return dataload.datafile_load(INCIDENT_TYPES, apps=apps, reset=reset, dry_run=dry_run)

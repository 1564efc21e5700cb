"""The recognition schemes and the criteria sets shipped with the system, data/criteria.yaml: loaded by the
migration 0002 and by `manage.py load_criteria` through antqcore.dataload. A set is found by its scheme and name, a
criterion by its code within its set; a province's own sets (those with an area) are not the file's and are left
alone. The incident types a "must not occur" criterion names must exist (in the database or the incidents
registry's data file)."""

from pathlib import Path

from antqcore.dataload import (
    Collection,
    DataSpec,
    Field,
    LoadResult,
    Ref,
    boolean,
    datafile_load,
    date,
    names,
    text,
)

DATA_FILE = Path(__file__).parent / "data" / "criteria.yaml"

CRITERIA = Collection(
    model="certification.Criterion", what="criterion", source="criteria", parent="criteria_set", key=("code",),
    position=("order", 1),
    fields=(Field("code", required=True, convert=text), Field("text", required=True, convert=text),
            Field("kind", required=True),
            Field("incident_types", default=list, convert=names, ref=Ref("incidents.IncidentType")),
            Field("serious_only", default=False, convert=boolean)),
)
CRITERIA_FILE = DataSpec(name="criteria", files=(DATA_FILE,), collections=(
    Collection(model="certification.Scheme", what="scheme", source="schemes", key=("code",),
               fields=(Field("code", required=True, convert=text), Field("name", required=True, convert=text))),
    Collection(
        model="certification.CriteriaSet", what="criteria set", source="criteria_sets", key=("scheme", "name"),
        label=("name",), scope=lambda data: {"area": None}, children=(CRITERIA,),
        fields=(Field("scheme", required=True, convert=text, ref=Ref("certification.Scheme")),
                Field("name", required=True, convert=text), Field("legal_basis", required=True, convert=text),
                Field("unit_kinds", required=True, convert=names, ref=Ref("units.Unit", key="kind", choices=True)),
                Field("valid_from", convert=date), Field("valid_to", convert=date)),
    ),
))


def criteria_load(*, apps=None, reset: bool = False, dry_run: bool = False) -> LoadResult:
    """`apps`: a data migration's registry. See antqcore.dataload for what is created, updated and kept."""
    return datafile_load(CRITERIA_FILE, apps=apps, reset=reset, dry_run=dry_run)

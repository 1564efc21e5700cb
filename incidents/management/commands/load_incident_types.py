from antqcore.dataload import DataLoadCommand, LoadResult
from incidents.models import IncidentType
from incidents.reference_data import DATA_FILE, incident_types_load
from incidents.services import incident_type_rules_apply


class Command(DataLoadCommand):
    help = (f"Load the incident types and their seriousness rules from incidents/data/{DATA_FILE.name}: creates the "
            "missing types and gives the others the file's values, except those staff changed in the admin (unless "
            "--reset); deletes nothing. The incidents of an updated type follow its rules again.")

    def load(self, *, reset: bool, dry_run: bool, **options) -> LoadResult:
        result = incident_types_load(reset=reset, dry_run=dry_run)
        if not dry_run:
            for incident_type in IncidentType.objects.filter(code__in=result.updated):
                incident_type_rules_apply(incident_type=incident_type)
        return result

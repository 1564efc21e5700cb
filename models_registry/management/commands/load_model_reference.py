from antqcore.dataload import DataLoadCommand, LoadResult
from models_registry.reference_data import reference_load


class Command(DataLoadCommand):
    help = ("Load the model types and the rating scale from models_registry/data/reference.yaml: creates what is "
            "missing and gives the rest the file's values, except what staff changed in the admin (unless --reset); "
            "deletes nothing.")

    def load(self, *, reset: bool, dry_run: bool, **options) -> LoadResult:
        return reference_load(reset=reset, dry_run=dry_run)

from antqcore.dataload import DataLoadCommand, LoadResult
from reports.template_data import KINDS, report_templates_load


class Command(DataLoadCommand):
    help = (f"Load the default report templates ({', '.join(KINDS)}) from reports/data/templates/: creates the "
            "templates and sections that are missing (a section by its key), updates those nobody edited, keeps "
            "those province staff changed or deleted (unless --reset), deletes nothing.")
    show_unchanged = True  # staff rewrite many sections: the count says the others were left as they were

    def add_arguments(self, parser):
        super().add_arguments(parser)
        parser.add_argument("--kind", action="append", choices=KINDS, help="Only this template type (repeatable).")

    def load(self, *, reset: bool, dry_run: bool, kind=None, **options) -> LoadResult:
        return report_templates_load(kinds=kind, reset=reset, dry_run=dry_run)

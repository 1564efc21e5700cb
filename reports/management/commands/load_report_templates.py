from django.core.management.base import BaseCommand
from django.db import transaction

from reports.models import ReportSection, ReportTemplate
from reports.template_data import KINDS, report_templates_load


class Command(BaseCommand):
    help = (f"Load the default report templates ({', '.join(KINDS)}) from reports/data/templates/. "
            "Idempotent: creates the templates and sections that are missing (a section by its key), updates those "
            "nobody edited, keeps those province staff changed or deleted (unless --reset), deletes nothing.")

    def add_arguments(self, parser):
        parser.add_argument("--dry-run", action="store_true", help="Show what would change, change nothing.")
        parser.add_argument("--reset", action="store_true",
                            help="Put the files' text back, also where staff changed it.")
        parser.add_argument("--kind", action="append", choices=KINDS, help="Only this template type (repeatable).")

    @transaction.atomic
    def handle(self, *args, dry_run=False, reset=False, kind=None, **options):
        result = report_templates_load(
            template_model=ReportTemplate, section_model=ReportSection,
            template_history_model=ReportTemplate.history.model, section_history_model=ReportSection.history.model,
            kinds=kind, reset=reset, dry_run=dry_run)
        prefix = "Would have " if dry_run else ""
        self.stdout.write(f"{prefix}created: {', '.join(result.created) or '-'}")
        self.stdout.write(f"{prefix}updated: {', '.join(result.updated) or '-'}")
        self.stdout.write(f"kept (changed by staff; --reset to overwrite): {', '.join(result.kept) or '-'}")
        self.stdout.write(f"unchanged: {len(result.unchanged)}")

from django.core.management.base import BaseCommand
from django.db import transaction

from antqcore.models import Area
from tallies.catalogue import DATA_FILE, catalogue_load
from tallies.models import Indicator, ReportingBody


class Command(BaseCommand):
    help = (f"Load the tallies' catalogue (indicators, reporting bodies and their data sets) from {DATA_FILE.name}. "
            "Idempotent: creates what is missing and gives existing indicators and bodies (found by code) the file's "
            "values again; deletes nothing, and keeps the indicators the admin added to a body's data set. Run it "
            "after `load_areas`: a body whose area is not loaded is skipped.")

    def add_arguments(self, parser):
        parser.add_argument("--dry-run", action="store_true", help="Show what would change, change nothing.")

    @transaction.atomic
    def handle(self, *args, dry_run=False, **options):
        done = catalogue_load(indicator_model=Indicator, body_model=ReportingBody, area_model=Area, dry_run=dry_run)
        prefix = "Would have " if dry_run else ""
        self.stdout.write(f"{prefix}created: {', '.join(done['created']) or '-'}")
        self.stdout.write(f"{prefix}updated: {', '.join(done['updated']) or '-'}")
        if done["skipped"]:
            self.stdout.write(f"skipped (area not loaded, run load_areas first): {', '.join(done['skipped'])}")

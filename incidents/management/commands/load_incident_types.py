from django.core.management.base import BaseCommand
from django.db import transaction

from incidents.models import IncidentType
from incidents.reference_data import DATA_FILE, incident_types_load
from incidents.services import incident_type_rules_apply


class Command(BaseCommand):
    help = (f"Load the incident types and their seriousness rules from {DATA_FILE.name}. Idempotent: creates the "
            "missing types; types already there keep what the admin made of them unless --reset.")

    def add_arguments(self, parser):
        parser.add_argument("--reset", action="store_true",
                            help="Give existing types the file's name, order and rules again (and recompute the "
                                 "serious flag of their incidents).")
        parser.add_argument("--dry-run", action="store_true", help="Show what would change, change nothing.")

    @transaction.atomic
    def handle(self, *args, reset=False, dry_run=False, **options):
        done = incident_types_load(type_model=IncidentType, reset=reset, dry_run=dry_run)
        if not dry_run:
            for incident_type in IncidentType.objects.filter(code__in=done["updated"]):
                incident_type_rules_apply(incident_type=incident_type)
        prefix = "Would have " if dry_run else ""
        self.stdout.write(f"{prefix}created: {', '.join(done['created']) or '-'}")
        self.stdout.write(f"{prefix}updated: {', '.join(done['updated']) or '-'}")

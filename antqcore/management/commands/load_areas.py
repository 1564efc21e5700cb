from django.core.management.base import BaseCommand, CommandError

from antqcore.areas_source import HistoryError
from antqcore.services import areas_load


class Command(BaseCommand):
    help = (
        "Load Vietnam's provinces, districts and communes of both maps (before and after 01/07/2025) from the "
        "vietnamadminunits package, with their successions, and the earlier areas of the provinces that have a "
        "history file in antqcore/data/history/ (Bắc Giang's map of 2019) or loaded by load_area_history (kept in "
        "MEDIA_ROOT/area_history/). Safe to run again: it only adds or updates."
    )

    def add_arguments(self, parser):
        parser.add_argument("--province", action="append", dest="provinces", metavar="CODE",
                            help="Only this province code (both maps); repeatable. Default: the whole country.")
        parser.add_argument("--dry-run", action="store_true", help="Report what would change, write nothing.")

    def handle(self, *args, provinces=None, dry_run=False, **options):
        try:
            result = areas_load(province_codes=set(provinces) if provinces else None, dry_run=dry_run)
        except HistoryError as exc:
            raise CommandError(f"Nothing was loaded: {exc}") from exc
        prefix = "Would create" if dry_run else "Created"
        self.stdout.write(
            f"{prefix} {result.created} areas, updated {result.updated}, "
            f"added {result.successions_created} succession links."
        )
        if result.unmatched:
            self.stdout.write(f"{len(result.unmatched)} conversion entries name no known area (package data), "
                              f"e.g. {result.unmatched[0]}")

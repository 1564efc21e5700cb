from django.core.management.base import BaseCommand, CommandError

from antqcore.area_history import area_history_load
from antqcore.areas_source import HistoryError


class Command(BaseCommand):
    help = (
        "Check and load one province's history supplement (the areas of its maps before mid-2025: a manifest "
        "<province>_<name>.json and its list of communes next to it, as described in antqcore/data/history/README.md) "
        "and report what it changed: areas added, ended, renamed, successions linked. Every mistake of the files is "
        "reported with its file and line, and nothing is loaded then. Safe to run again: a second run changes nothing."
    )

    def add_arguments(self, parser):
        parser.add_argument("file", help="The manifest, e.g. 42_ha_tinh.json")
        parser.add_argument("--dry-run", action="store_true", help="Check and report what would change, write nothing.")

    def handle(self, *args, file, dry_run=False, **options):
        try:
            load = area_history_load(file, dry_run=dry_run)
        except HistoryError as exc:
            raise CommandError(f"Nothing was loaded: {len(exc.problems)} problem(s):\n" + "\n".join(exc.problems)
                               ) from exc
        self.stdout.write("\n".join(load.lines))

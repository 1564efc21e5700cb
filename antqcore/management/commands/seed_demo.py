from django.core.management.base import BaseCommand, CommandError

from antqcore.demo import DEMO_ACCOUNTS, DEMO_PASSWORD, demo_accounts_seed, demo_seeders
from antqcore.models import Area, User


class Command(BaseCommand):
    help = (
        "Seed the demo: the accounts of Bắc Giang 2019 (tinh, vietyen, xem, admin) and of today's Bắc Ninh (bacninh, "
        "phuong, xa, xembn), and the registries' demo records. Refused under production settings. Does nothing "
        "when the database already has users, unless --force."
    )

    def add_arguments(self, parser):
        parser.add_argument("--force", action="store_true", help="Seed even if the database has users.")
        parser.add_argument("--dry-run", action="store_true", help="Say what would be seeded, write nothing.")

    def handle(self, *args, force=False, dry_run=False, **options):
        if not Area.objects.exists():
            raise CommandError("No areas: run `manage.py load_areas` first.")
        if User.objects.exists() and not force:
            self.stdout.write("The database already has users: demo data not seeded (use --force).")
            return
        if dry_run:
            self.stdout.write("Would seed: " + ", ".join(a[0] for a in DEMO_ACCOUNTS) + "; "
                              + ", ".join(name for name, _seeder in demo_seeders()))
            return
        demo_accounts_seed()
        for name, seeder in demo_seeders():
            self.stdout.write(f"Demo data: {name}: {seeder()}")
        self.stdout.write(f"Demo accounts (password {DEMO_PASSWORD}): " + ", ".join(a[0] for a in DEMO_ACCOUNTS))

import datetime

from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _

from antqcore.backup import BackupError, backup_restore


class Command(BaseCommand):
    help = (
        "Restore an archive of `manage.py backup` into the configured database (DATABASE_URL), which must be empty, "
        "and MEDIA_ROOT. Every member is first checked against the manifest's SHA-256 (a damaged or altered archive "
        "restores nothing); after the restore every table is counted again and every file checked, and any "
        "difference fails. Stop web, worker and beat first."
    )

    def add_arguments(self, parser):
        parser.add_argument("archive", metavar="ARCHIVE", help="The antq-backup-….tar.gz file.")
        parser.add_argument("--force", action="store_true",
                            help="Replace a database that holds data (and different files of the same names in "
                                 "MEDIA_ROOT); the database's current contents are first saved to a new archive "
                                 "(antq-before-restore-….tar.gz in ANTQ_BACKUP_DIR).")
        parser.add_argument("--dry-run", action="store_true",
                            help="Check the archive against its manifest and say what would be restored; change "
                                 "nothing.")

    def handle(self, *args, archive, force=False, dry_run=False, **options):
        try:
            result = backup_restore(archive=archive, force=force, dry_run=dry_run)
        except BackupError as exc:
            raise CommandError(str(exc)) from exc
        try:
            created = datetime.datetime.fromisoformat(result.created_at).strftime("%d/%m/%Y %H:%M:%S")
        except ValueError:
            created = result.created_at
        summary = {"path": result.archive, "created": created, "tables": len(result.tables),
                   "rows": result.rows, "files": result.files}
        if dry_run:
            self.stdout.write(_("Archive %(path)s (made %(created)s): every member matches its manifest; "
                                "%(tables)s tables, %(rows)s rows, %(files)s stored files.") % summary)
            if result.target_empty:
                self.stdout.write(_("The database is empty: the archive can be restored into it."))
            else:
                self.stdout.write(_("The database holds data: a restore needs --force (its contents are first saved "
                                    "to a new archive)."))
            if result.media_conflicts:
                self.stdout.write(_("MEDIA_ROOT holds different files under %(count)s of the archive's names: a "
                                    "restore needs --force.") % {"count": len(result.media_conflicts)})
            self.stdout.write(_("Dry run: nothing was restored."))
            return
        if result.safety_archive:
            self.stdout.write(_("The database's previous contents were saved to %(path)s.")
                              % {"path": result.safety_archive})
        self.stdout.write(_("Restored %(path)s: %(tables)s tables, %(rows)s rows and %(files)s stored files, each "
                            "equal to the manifest.") % summary)
        if result.migrations_to_apply:
            self.stdout.write(_("This version has %(count)s migrations the archive had not applied (e.g. %(name)s): "
                                "run `manage.py migrate`.")
                              % {"count": len(result.migrations_to_apply), "name": result.migrations_to_apply[0]})

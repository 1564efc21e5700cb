from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _

from antqcore.backup import BackupError, backup_create, backup_retention_apply, human_size


class Command(BaseCommand):
    help = (
        "Write one backup archive, antq-backup-YYYYmmdd-HHMMSS.tar.gz, into ANTQ_BACKUP_DIR (var/backups): a "
        "consistent dump of the database (pg_dump custom format on PostgreSQL, the online backup API on SQLite), every "
        "stored file of MEDIA_ROOT, and a manifest (version, migrations, the rows of every table, the SHA-256 of every "
        "file). The archive takes its name only once complete; a <archive>.sha256 file is written beside it. Restore "
        "it with `manage.py restore ARCHIVE`."
    )

    def add_arguments(self, parser):
        parser.add_argument("--output", metavar="DIR", help="Write the archive into DIR instead of ANTQ_BACKUP_DIR.")
        parser.add_argument("--dry-run", action="store_true",
                            help="Say what the archive would hold (tables, rows, files), write nothing.")
        parser.add_argument("--prune", action="store_true",
                            help="After the archive is written, delete the archives of that folder past the retention "
                                 "rule (ANTQ_BACKUP_KEEP_DAILY, ANTQ_BACKUP_KEEP_MONTHLY), as the nightly backup does.")

    def handle(self, *args, output=None, dry_run=False, prune=False, **options):
        try:
            result = backup_create(output_dir=output, dry_run=dry_run)
        except BackupError as exc:
            raise CommandError(str(exc)) from exc
        summary = {"path": result.path, "size": human_size(result.media_bytes if dry_run else result.size),
                   "tables": len(result.tables), "rows": result.rows, "files": result.files}
        if dry_run:
            self.stdout.write(_("Dry run: would write %(path)s with %(tables)s tables (%(rows)s rows) and %(files)s "
                                "stored files (%(size)s). Nothing was written.") % summary)
        else:
            self.stdout.write(_("Backup written: %(path)s (%(size)s; %(tables)s tables, %(rows)s rows; %(files)s "
                                "stored files).") % summary)
            self.stdout.write(f"SHA-256: {result.sha256}")
        if result.missing_media:
            self.stderr.write(_("Warning: %(count)s files named by records are missing from MEDIA_ROOT (e.g. "
                                "%(name)s): the archive holds the records without them.")
                              % {"count": len(result.missing_media), "name": result.missing_media[0]})
        if prune:
            for path in backup_retention_apply(directory=result.path.parent, dry_run=dry_run):
                self.stdout.write(_("Deleted by the retention rule: %(path)s") % {"path": path})

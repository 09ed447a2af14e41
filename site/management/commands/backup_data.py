"""Back up the database and the uploaded media into one archive (``make backup``)."""

from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.db import connections

from practice_site.backups import BackupError, create_backup, prune_backups


def default_backup_dir() -> Path:
    return Path(getattr(settings, "BACKUP_DIR", settings.BASE_DIR / "var" / "backups"))


class Command(BaseCommand):
    help = (
        "Write var/backups/practice-<UTC time>.tar.gz holding a consistent copy of the database "
        "(SQLite online backup, or pg_dump on PostgreSQL) and the files in MEDIA_ROOT. Safe while "
        "the site is serving visitors."
    )
    requires_system_checks = []

    def add_arguments(self, parser):
        parser.add_argument(
            "--output-dir",
            type=Path,
            help="Folder for the archive (default: BACKUP_DIR, or var/backups).",
        )
        parser.add_argument("--no-media", action="store_true", help="Leave the uploaded media out.")
        parser.add_argument(
            "--keep",
            type=int,
            metavar="N",
            help="Afterwards delete all but the N newest archives in the folder.",
        )
        parser.add_argument("--database", default="default", help="Database alias.")

    def handle(self, *args, **options):
        if options["keep"] is not None and options["keep"] < 1:
            raise CommandError("--keep must be 1 or more")
        output_dir = options["output_dir"] or default_backup_dir()
        media_root = None if options["no_media"] else Path(settings.MEDIA_ROOT)
        database = connections[options["database"]].settings_dict
        try:
            report = create_backup(database, media_root, output_dir)
        except BackupError as exc:
            raise CommandError(str(exc)) from None
        self.stdout.write(
            self.style.SUCCESS(
                f"Backed up the {report.engine} database and {report.media_files} media files "
                f"to {report.path} ({report.size / 1_048_576:.1f} MB)."
            )
        )
        if options["keep"]:
            for removed in prune_backups(output_dir, options["keep"]):
                self.stdout.write(f"Deleted old backup {removed.name}.")

"""Put a backup made by ``backup_data`` back (``make restore FILE=...``)."""

from pathlib import Path

from django.conf import settings
from django.core.cache import cache
from django.core.management.base import BaseCommand, CommandError
from django.db import connections

from practice_site.backups import BackupError, read_manifest, restore_backup


class Command(BaseCommand):
    help = (
        "Replace the database's content and the files in MEDIA_ROOT with those in a backup "
        "archive made by backup_data. Everything written since that backup is lost; the command "
        "asks first unless --noinput is given."
    )
    requires_system_checks = []

    def add_arguments(self, parser):
        parser.add_argument("archive", type=Path, help="The .tar.gz made by backup_data.")
        parser.add_argument(
            "--noinput",
            "--no-input",
            action="store_false",
            dest="interactive",
            help="Do not ask for confirmation.",
        )
        parser.add_argument("--no-media", action="store_true", help="Restore the database only.")
        parser.add_argument("--database", default="default", help="Database alias.")

    def handle(self, *args, **options):
        archive = options["archive"]
        database = connections[options["database"]].settings_dict
        try:
            manifest = read_manifest(archive)
        except BackupError as exc:
            raise CommandError(str(exc)) from None
        target = database["NAME"]
        if options["interactive"]:
            answer = input(
                f"This replaces everything in the database {target!r}"
                + (
                    f" and in {settings.MEDIA_ROOT}"
                    if manifest.get("media") and not options["no_media"]
                    else ""
                )
                + f" with the backup taken {manifest.get('created')}.\n"
                "Type 'yes' to continue: "
            )
            if answer.strip().lower() != "yes":
                raise CommandError("Restore cancelled; nothing was changed.")
        # This process's own connection must not hold the database while it is replaced.
        connections.close_all()
        try:
            report = restore_backup(
                archive,
                database,
                Path(settings.MEDIA_ROOT),
                restore_media=not options["no_media"],
            )
        except BackupError as exc:
            raise CommandError(str(exc)) from None
        try:
            # Cached pages and fragments describe the replaced content.
            cache.clear()
        except Exception as exc:  # noqa: BLE001 - a cache outage must not fail a finished restore
            self.stderr.write(f"Could not clear the cache ({exc}); clear it before serving.")
        media = "" if report.media_files is None else f" and {report.media_files} media files"
        self.stdout.write(
            self.style.SUCCESS(
                f"Restored the {report.engine} database{media} from the backup taken "
                f"{report.created}. Run `manage.py fixtree` to check the page tree, and "
                "`manage.py update_index` if search runs on Elasticsearch/OpenSearch."
            )
        )

"""manage.py restore: an archive from `manage.py backup` into an empty database (see khcn/core/backup.py)."""

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError, CommandParser

from khcn.core.backup import BackupError, backup_restore


class Command(BaseCommand):
    help = (
        "Restore a backup archive into the configured database and media folder. Refuses a database "
        "that already has tables unless --force."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("archive", help="The .tar archive written by manage.py backup.")
        parser.add_argument("--force", action="store_true", help="Overwrite a database or media folder with data.")

    def handle(self, *args: object, **options: object) -> None:
        archive = Path(str(options["archive"]))
        if not archive.is_file():
            raise CommandError(f"No such archive: {archive}")
        try:
            restored = backup_restore(archive=archive, force=bool(options["force"]))
        except BackupError as error:
            raise CommandError(str(error)) from error
        self.stdout.write(f"Restored {restored.tables} tables, {restored.rows} rows, {restored.files} media files.")

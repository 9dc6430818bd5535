"""manage.py backup: the database and the uploaded files in one archive (see khcn/core/backup.py)."""

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils import timezone

from khcn.core.backup import BackupError, backup_create


class Command(BaseCommand):
    help = "Write the database (pg_dump or SQLite's online backup) and the media files into one .tar archive."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "output", nargs="?", default=None, help="The archive to write (default: var/backups/khcn-<time>.tar)."
        )

    def handle(self, *args: object, **options: object) -> None:
        output = Path(str(options["output"] or f"var/backups/khcn-{timezone.now():%Y%m%d-%H%M%S}.tar"))
        try:
            manifest = backup_create(output=output)
        except BackupError as error:
            raise CommandError(str(error)) from error
        rows = sum(manifest["tables"].values())
        self.stdout.write(
            f"{output}: {len(manifest['tables'])} tables, {rows} rows, {len(manifest['media'])} media files."
        )

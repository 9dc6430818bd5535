from datetime import date

from django.conf import settings
from django.core.management.base import BaseCommand, CommandParser

from khcn.geo.services import units_import_registry


class Command(BaseCommand):
    help = (
        "Import administrative units and their 2025 successions from the vietnamadminunits "
        "package. Idempotent: a second run reports no change."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--province",
            default=None,
            help="Official code of the post-2025 province to import (default: KHCN_PROVINCE_CODE).",
        )
        parser.add_argument("--all", action="store_true", help="Import the whole country.")
        parser.add_argument("--reform-date", default=None, help="Override the reform date.")

    def handle(self, *args: object, **options: object) -> None:
        code = None if options["all"] else (options["province"] or settings.KHCN_PROVINCE_CODE)
        reform = date.fromisoformat(str(options["reform_date"])) if options["reform_date"] else None
        where = "the whole country" if code is None else f"province {code}"
        self.stdout.write(f"Importing administrative units ({where})...")
        report = units_import_registry(
            province_code=code,  # type: ignore[arg-type]
            reform_date=reform,
            progress=self._progress,
        )
        for line in report.lines():
            self.stdout.write(line)
        if report.changed:
            self.stdout.write(self.style.SUCCESS(f"{report.changed} rows changed."))
        else:
            self.stdout.write(self.style.SUCCESS("No change: the registry is up to date."))

    def _progress(self, line: str) -> None:
        self.stdout.write(line)
        self.stdout.flush()

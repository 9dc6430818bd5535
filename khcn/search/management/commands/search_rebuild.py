"""`manage.py search_rebuild [--kind K]`: rebuild the search index from the records."""

from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from khcn.core.searchable import source_list
from khcn.search.index import BATCH, index_rebuild


class Command(BaseCommand):
    help = "Rebuild the search index (every kind, or one) from the records, in batches."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--kind", choices=[s.kind for s in source_list()], help="Only this kind of record.")
        parser.add_argument("--batch", type=int, default=BATCH, help="Rows read and written per batch.")

    def handle(self, *args: Any, **options: Any) -> None:
        if not 1 <= options["batch"] <= 100_000:
            raise CommandError("--batch must be between 1 and 100000.")
        done = index_rebuild(kind=options["kind"], batch=options["batch"])
        for kind, count in done.items():
            self.stdout.write(f"{kind}: {count}")

from datetime import date

from django.core.management.base import BaseCommand, CommandParser

from khcn.products.reminders import products_alerts_send


class Command(BaseCommand):
    help = (
        "Tell the Department's officers and the communes' officers about stalled IP dossiers, marks due "
        "for renewal and OCOP ratings expiring (each once per state); run once a day from a timer."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--date", default=None, help="Pretend today is this date (YYYY-MM-DD).")

    def handle(self, *args: object, **options: object) -> None:
        today = date.fromisoformat(str(options["date"])) if options["date"] else None
        sent = products_alerts_send(today=today)
        self.stdout.write(f"{sent} records alerted.")

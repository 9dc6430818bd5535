from datetime import date

from django.core.management.base import BaseCommand, CommandParser

from khcn.meetings.reminders import followup_reminders_send


class Command(BaseCommand):
    help = (
        "E-mail everyone who must act on an overdue follow-up item (unit officers, the officers of "
        "the Department division); run once a day from a timer."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--date", default=None, help="Pretend today is this date (YYYY-MM-DD).")

    def handle(self, *args: object, **options: object) -> None:
        today = date.fromisoformat(str(options["date"])) if options["date"] else None
        sent, items = followup_reminders_send(today=today)
        self.stdout.write(f"{sent} people reminded of {items} overdue items.")

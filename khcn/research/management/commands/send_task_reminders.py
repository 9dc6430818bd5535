from datetime import date

from django.core.management.base import BaseCommand, CommandParser

from khcn.research.reminders import task_reminders_send


class Command(BaseCommand):
    help = (
        "E-mail the principal investigators and host organisations about overdue milestones and "
        "results not registered in time; run once a day from a timer."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--date", default=None, help="Pretend today is this date (YYYY-MM-DD).")

    def handle(self, *args: object, **options: object) -> None:
        today = date.fromisoformat(str(options["date"])) if options["date"] else None
        sent, milestones, registrations = task_reminders_send(today=today)
        self.stdout.write(f"{sent} people reminded of {milestones} late milestones and {registrations} registrations.")

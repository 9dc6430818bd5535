from datetime import date

from django.core.management.base import BaseCommand, CommandParser

from khcn.accounts.models import User
from khcn.reporting.reminders import reminders_due


class Command(BaseCommand):
    help = "Send today's report reminders by the reminder rules (run once a day from a timer)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--date", default=None, help="Pretend today is this date (YYYY-MM-DD).")

    def handle(self, *args: object, **options: object) -> None:
        today = date.fromisoformat(str(options["date"])) if options["date"] else date.today()
        # The job acts for the whole deployment, like a superuser would.
        system = User(username="system", is_superuser=True, is_active=True)
        count = reminders_due(today=today, user=system)
        self.stdout.write(f"{count} units reminded.")

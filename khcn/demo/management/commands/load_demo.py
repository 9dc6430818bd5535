from django.core.management import call_command
from django.core.management.base import BaseCommand

from khcn.accounts.models import User
from khcn.demo.accounts import demo_load
from khcn.demo.meetings import meetings_demo_load
from khcn.demo.programs import program_demo_load
from khcn.demo.reporting import reporting_demo_load
from khcn.demo.research import research_demo_load, research_execution_demo_load
from khcn.geo.selectors import province_get


class Command(BaseCommand):
    help = (
        "Load the demo data: organisations, one account per role, Programme 07-CTr/TU and the "
        "seed districts' reports, the July 2024 working sessions, the 2025 call for task proposals "
        "(imports the unit registry first if needed). Safe to run twice."
    )

    def handle(self, *args: object, **options: object) -> None:
        if province_get() is None:
            call_command("import_units", stdout=self.stderr)
        lines = demo_load()
        previous, current = program_demo_load()
        reporting_demo_load(
            previous=previous,
            current=current,
            officer=User.objects.get(username="chuyenvien"),
            leader=User.objects.get(username="lanhdao"),
        )
        meetings_demo_load(period=current, officer=User.objects.get(username="chuyenvien"))
        officer = User.objects.get(username="chuyenvien")
        research_demo_load(officer=officer)
        lines[-1:-1] = research_execution_demo_load(officer=officer)  # before the superuser's line
        for line in lines:
            self.stdout.write(line)

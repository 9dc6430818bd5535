from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandError
from django.utils.formats import date_format

from khcn.accounts.models import User
from khcn.demo.accounts import demo_load
from khcn.demo.clock import today
from khcn.demo.meetings import meetings_current_demo_load, meetings_demo_load
from khcn.demo.programs import program_demo_load
from khcn.demo.reporting import reporting_demo_load
from khcn.demo.research import (
    EARLIEST_LOAD_DAY,
    research_demo_load,
    research_execution_demo_load,
    research_open_call_load,
)
from khcn.geo.selectors import province_get


class Command(BaseCommand):
    help = (
        "Load the demo data: organisations, one account per role, Programme 07-CTr/TU and the "
        "seed districts' reports, the July 2024 working sessions, the 2025 call for task proposals "
        "and its plan under way; and, from the day it runs, the period open for today's communes, "
        "the call for next year's plan and a round of sessions with the communes "
        "(imports the unit registry first if needed). Safe to run twice."
    )

    def handle(self, *args: object, **options: object) -> None:
        if today() < EARLIEST_LOAD_DAY:
            raise CommandError(
                f"The demo's history runs to {date_format(EARLIEST_LOAD_DAY, 'SHORT_DATE_FORMAT')}; "
                "load it on that day or later."
            )
        if province_get() is None:
            call_command("import_units", stdout=self.stderr)
        lines = demo_load()
        officer = User.objects.get(username="chuyenvien")
        periods = program_demo_load()
        reporting_demo_load(
            previous=periods.year_2023,
            current=periods.first_half_2024,
            officer=officer,
            leader=User.objects.get(username="lanhdao"),
        )
        meetings_demo_load(period=periods.first_half_2024, officer=officer)
        research_demo_load(officer=officer)
        lines[-1:-1] = research_execution_demo_load(officer=officer)  # before the superuser's line
        call = research_open_call_load(officer=officer)
        meetings_current_demo_load(
            period=periods.open, plan_year=call.plan_year, call_closes_on=call.closes_on, officer=officer
        )
        for line in lines:
            self.stdout.write(line)

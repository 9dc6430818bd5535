from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandError
from django.utils.formats import date_format

from khcn.accounts.models import User
from khcn.demo.accounts import demo_load
from khcn.demo.appraisal import appraisal_demo_load
from khcn.demo.citywork import citywork_demo_load
from khcn.demo.clock import today
from khcn.demo.enforcement import enforcement_demo_load
from khcn.demo.enterprises import enterprises_demo_load
from khcn.demo.experts import experts_demo_load
from khcn.demo.fund import fund_demo_load
from khcn.demo.initiatives import initiatives_demo_load
from khcn.demo.ipstats import ipstats_demo_load
from khcn.demo.meetings import meetings_current_demo_load, meetings_demo_load
from khcn.demo.metrology import metrology_demo_load
from khcn.demo.products import products_demo_load
from khcn.demo.programs import program_demo_load
from khcn.demo.quality import quality_demo_load
from khcn.demo.radiation import radiation_demo_load
from khcn.demo.reporting import reporting_demo_load
from khcn.demo.research import (
    EARLIEST_LOAD_DAY,
    programme_demo_load,
    research_demo_load,
    research_execution_demo_load,
    research_open_call_load,
    selffunded_demo_load,
)
from khcn.geo.selectors import province_get


class Command(BaseCommand):
    help = (
        "Load the demo data: organisations, one account per role, Programme 07-CTr/TU and the "
        "seed districts' reports, the July 2024 working sessions, the 2025 call for task proposals "
        "and its plan under way; and, from the day it runs, the period open for today's communes, "
        "the call for next year's plan and a round of sessions with the communes; the local "
        "products, their marks, OCOP ratings and traced batches; "
        "experts, technologies, demands and connections; initiatives "
        "(imports the unit registry first if needed). Safe to run twice."
    )

    def handle(self, *args: object, **options: object) -> None:
        if today() < EARLIEST_LOAD_DAY:
            raise CommandError(
                f"The demo's history runs to {date_format(EARLIEST_LOAD_DAY, 'SHORT_DATE_FORMAT')}; "
                "load it on that day or later."
            )
        # The accounts go to stdout (`make run` keeps them in a file); what the command is doing
        # goes to stderr, so a first start that takes minutes says so on the terminal.
        if province_get() is None:
            self._step("Importing the unit registry (about a minute on a first start)")
            call_command("import_units", stdout=self.stderr)
        self._step("Organisations and demo accounts")
        lines = demo_load()
        officer = User.objects.get(username="chuyenvien")
        self._step("Programme 07-CTr/TU, its indicators and periods")
        periods = program_demo_load()
        self._step("The seed districts' reports")
        reporting_demo_load(
            previous=periods.year_2023,
            current=periods.first_half_2024,
            officer=officer,
            leader=User.objects.get(username="lanhdao"),
        )
        self._step("The July 2024 working sessions and their follow-ups")
        meetings_demo_load(period=periods.first_half_2024, officer=officer)
        self._step("The 2025 call for task proposals, its councils and plan")
        research_demo_load(officer=officer)
        lines[-1:-1] = research_execution_demo_load(officer=officer)  # before the superuser's line
        self._step("Today's open call and round of sessions with the communes")
        call = research_open_call_load(officer=officer)
        meetings_current_demo_load(
            period=periods.open, plan_year=call.plan_year, call_closes_on=call.closes_on, officer=officer
        )
        self._step("Local products: Mê Linh's marks, Phúc Thọ's traced products, OCOP ratings")
        products_demo_load(officer=officer)
        self._step("Experts, ready technologies, the seeds' demands and their connections")
        experts_demo_load(officer=officer)
        self._step("ISO 9001 in the local administrations, and the courses")
        quality_demo_load(officer=officer)
        self._step("Initiatives: Phúc Thọ's three from the seeds and some of today's communes")
        initiatives_demo_load(officer=officer)
        self._step("The Department's session with the city's Party Secretary, its requests and directives")
        citywork_demo_load(officer=officer)
        self._step("The S&T development fund: calls, grants and loans, disbursement, repayments")
        fund_demo_load(officer=officer)
        self._step("S&T enterprises: certificates, incentives, changes, a revocation")
        enterprises_demo_load(officer=officer)
        self._step("IP statistics of the province: applications and grants by year and kind")
        ipstats_demo_load(officer=officer)
        self._step("Tasks without state budget and Programme 20-CT/TU")
        selffunded_demo_load(officer=officer)
        programme_demo_load(officer=officer)
        self._step("Technology appraisals of investment projects")
        appraisal_demo_load(officer=officer)
        self._step("Standards and metrology: instruments, verifications, announcements, laboratories")
        metrology_demo_load(officer=officer)
        self._step("Radiation safety: facilities, sources, licences, incidents")
        radiation_demo_load(officer=officer)
        self._step("Inspections and sanction decisions")
        enforcement_demo_load(officer=officer)
        self._step("Demo loaded")
        for line in lines:
            self.stdout.write(line)

    def _step(self, text: str) -> None:
        self.stderr.write(f"==> {text}", style_func=lambda line: line)
        self.stderr.flush()

"""The background worker: django-tasks-db's db_worker, plus the minute tick of the job schedule."""

import logging
import threading

from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandParser
from django.db import close_old_connections

from khcn.core.jobs import jobs_tick

logger = logging.getLogger(__name__)


def _tick_forever(every: float, stop: threading.Event) -> None:
    while not stop.is_set():
        try:
            jobs_tick()
        except Exception:  # a locked or unreachable database: try again at the next tick
            logger.exception("The job schedule tick failed")
        finally:
            close_old_connections()
        stop.wait(every)


class Command(BaseCommand):
    help = (
        "Run queued background jobs (imports, e-mails, reminders) and, every minute, create the day's "
        "scheduled reminders and re-queue jobs whose worker died. Stop with Ctrl+C or SIGTERM."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--tick", type=float, default=60, help="Seconds between schedule ticks.")
        parser.add_argument("--batch", action="store_true", help="Tick once, run what is queued, then stop.")

    def handle(self, *args: object, **options: object) -> None:
        if options["batch"]:
            jobs_tick()
            call_command("db_worker", batch=True, reload=False, startup_delay=False, verbosity=0)
            return
        stop = threading.Event()
        ticker = threading.Thread(target=_tick_forever, args=(float(str(options["tick"])), stop), daemon=True)
        ticker.start()
        try:
            call_command("db_worker", reload=False, interval=1, verbosity=int(str(options["verbosity"])))
        finally:
            stop.set()

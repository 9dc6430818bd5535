"""Delete audit rows older than the retention period; run daily on a timer."""

from datetime import timedelta
from typing import Any

from django.conf import settings
from django.core.management.base import BaseCommand, CommandParser
from django.utils import timezone

from khcn.audit.services import audit_purge


class Command(BaseCommand):
    help = "Delete audit log rows older than KHCN_AUDIT_RETENTION_DAYS (or --days)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--days", type=int, default=None, help="keep this many days instead of the setting")

    def handle(self, *args: Any, days: int | None, **options: Any) -> None:
        days = settings.KHCN_AUDIT_RETENTION_DAYS if days is None else days
        if days < 1:
            self.stderr.write("The retention period must be at least one day.")
            return
        deleted = audit_purge(before=timezone.now() - timedelta(days=days))
        self.stdout.write(f"Deleted {deleted} audit rows older than {days} days.")

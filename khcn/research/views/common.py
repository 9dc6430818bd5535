"""What the research pages share: reading a date and a loaded version from a post."""

from datetime import date

from django.http import HttpRequest


def parse_date(value: str) -> date | None:
    try:
        return date.fromisoformat(value)
    except ValueError:
        return None


def posted_version(request: HttpRequest) -> int:
    try:
        return int(request.POST.get("loaded_version", "0") or 0)
    except ValueError:
        return 0

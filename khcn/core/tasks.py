"""Tasks every app uses: sending e-mail off the request and off the scheduled job."""

from typing import Any

from django.core.mail import send_mass_mail
from django.db import transaction
from django_tasks import task


@task()
def mail_send(*, messages: list[list[Any]]) -> int:
    """Send the (subject, body, from, recipients) messages; returns how many went out."""
    return send_mass_mail([tuple(m) for m in messages], fail_silently=True)  # type: ignore[arg-type]


def mail_queue(messages: list[tuple[str, str, Any, list[str]]]) -> None:
    """Queue the messages on commit: e-mail never holds up a request or a job's transaction."""
    if not messages:
        return
    payload = [[subject, body, sender, list(to)] for subject, body, sender, to in messages]
    transaction.on_commit(lambda: mail_send.enqueue(messages=payload))

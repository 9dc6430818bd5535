"""Writes of programmes of tasks: the programme, its board, the tasks it groups.

A city S&T programme (Programme 20-CT/TU of 13/02/2018, the city's key S&T research
programme, seed 004) groups research tasks that keep their own lifecycle in `research`; the
Department, as the board's standing body, keeps the programme. Department staff only.
"""

from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from khcn.core.concurrency import locked_current
from khcn.core.history import attribute_to
from khcn.core.text import nfc
from khcn.research.models import ProgrammeBoardMember, ResearchTask, TaskProgramme

FIELDS = (
    "code",
    "name",
    "issued_by",
    "document",
    "issued_on",
    "start_year",
    "end_year",
    "objectives",
    "budget_million",
    "standing_body",
)
YEARS_ORDER = "years_order"
IN_ANOTHER = "in_another_programme"


def _require(user: Any) -> None:
    if not user.has_perm("research.manage_programmes"):
        raise PermissionDenied


def _clean(programme: TaskProgramme) -> None:
    for name in ("code", "name", "issued_by", "document", "objectives", "standing_body"):
        setattr(
            programme,
            name,
            " ".join(nfc(getattr(programme, name) or "").split())
            if name != "objectives"
            else nfc(programme.objectives or "").strip(),
        )
    if programme.start_year and programme.end_year and programme.end_year < programme.start_year:
        raise ValidationError(
            {"end_year": ValidationError(_("The last year cannot be before the first."), code=YEARS_ORDER)}
        )


def programme_create(*, user: Any, **fields: Any) -> TaskProgramme:
    """Record a programme of tasks."""
    _require(user)
    programme = TaskProgramme(**{k: v for k, v in fields.items() if k in FIELDS})
    _clean(programme)
    programme.created_by = user
    programme.updated_by = user
    with transaction.atomic():
        attribute_to(programme, user)
        programme.full_clean()
        programme.save()
    return programme


def programme_update(*, user: Any, programme: TaskProgramme, expected_version: int | None) -> TaskProgramme:
    with transaction.atomic():
        current = locked_current(programme, expected_version=expected_version)
        _require(user)
        programme.is_demo = current.is_demo
        _clean(programme)
        programme.version = current.version + 1
        programme.updated_by = user
        attribute_to(programme, user)
        programme.full_clean()
        programme.save()
    return programme


def board_member_add(
    *, user: Any, programme: TaskProgramme, name: str, position: str, role: str
) -> ProgrammeBoardMember:
    """Add a member to the programme's board."""
    _require(user)
    member = ProgrammeBoardMember(
        programme=programme, name=nfc(name).strip(), position=nfc(position).strip(), role=role
    )
    with transaction.atomic():
        attribute_to(member, user)
        member.full_clean()
        member.save()
    return member


def board_member_remove(*, user: Any, member: ProgrammeBoardMember) -> None:
    _require(user)
    with transaction.atomic():
        attribute_to(member, user)
        member.delete()


def programme_task_add(*, user: Any, programme: TaskProgramme, task: ResearchTask) -> ResearchTask:
    """Make a research task one of the programme's (a task belongs to one programme at most)."""
    _require(user)
    with transaction.atomic():
        current = locked_current(task, expected_version=None)
        if current.programme_id and current.programme_id != programme.pk:
            raise ValidationError(
                {"task": ValidationError(_("This task already belongs to another programme."), code=IN_ANOTHER)}
            )
        current.programme = programme
        current.version += 1
        current.updated_by = user
        attribute_to(current, user)
        current.save()
    return current


def programme_task_remove(*, user: Any, programme: TaskProgramme, task: ResearchTask) -> None:
    """Take a task out of the programme (the task itself is kept)."""
    _require(user)
    with transaction.atomic():
        current = locked_current(task, expected_version=None)
        if current.programme_id != programme.pk:
            raise ValidationError(_("This task is not one of the programme's."))
        current.programme = None
        current.version += 1
        current.updated_by = user
        attribute_to(current, user)
        current.save()

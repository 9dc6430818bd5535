"""`happened_at` dates what a block writes; the demo stays on top of the apps and after its history."""

import ast
from datetime import date, timedelta
from io import StringIO
from pathlib import Path

import pytest
from django.core.management import CommandError, call_command
from django.utils import timezone

from khcn.demo.clock import happened_at, moment
from khcn.demo.research import EARLIEST_LOAD_DAY
from khcn.meetings.models import Meeting
from khcn.meetings.tests.factories import MeetingFactory
from khcn.programs.tests.factories import ProgramFactory

pytestmark = pytest.mark.django_db


def test_a_block_dates_the_rows_and_history_it_writes(time_machine):
    time_machine.move_to(moment(date(2026, 12, 3), 10), tick=True)
    when = moment(date(2024, 7, 19), 8)
    with happened_at(when):
        program = ProgramFactory(issued_on=date(2021, 3, 17))
        program.name = "Chương trình đã sửa"
        program.save()
    program.refresh_from_db()
    assert program.created_at == program.updated_at == when
    assert [h.history_date for h in program.history.all()] == [when, when]
    assert program.history.earliest().created_at == when, "the snapshot's own stamps too"
    later = ProgramFactory()  # outside a block: the real time
    assert later.created_at.date() == date(2026, 12, 3)
    assert later.history.get().history_date.date() == date(2026, 12, 3)


def test_a_block_leaves_given_dates_alone_and_refuses_the_future(time_machine):
    time_machine.move_to(moment(date(2026, 12, 3), 10), tick=True)
    with happened_at(None):
        untouched = ProgramFactory()
    assert untouched.created_at.date() == date(2026, 12, 3)
    with pytest.raises(ValueError), happened_at(timezone.now() + timedelta(days=1)):
        pass
    ahead = moment(date(2026, 12, 15), 8)
    with happened_at(moment(date(2026, 11, 26))):
        meeting = MeetingFactory(starts_at=ahead)
    meeting = Meeting.objects.get(pk=meeting.pk)
    assert meeting.starts_at == ahead and meeting.created_at.date() == date(2026, 11, 26)


def test_only_the_demos_own_tests_import_it():
    root = Path(__file__).resolve().parents[3]
    offenders = []
    sources = [
        path for folder in ("khcn", "bench", "scripts", "config") for path in root.joinpath(folder).rglob("*.py")
    ]
    for path in sources:
        if "khcn/demo" in path.as_posix():
            continue
        text = path.read_text(encoding="utf-8")
        if "khcn.demo" not in text and "demo" not in text:
            continue  # (parsing every file takes seconds; an import names the package)
        for node in ast.walk(ast.parse(text)):
            names = [a.name for a in node.names] if isinstance(node, ast.Import) else []
            if isinstance(node, ast.ImportFrom) and node.module:
                names = [node.module]
            if any(name == "khcn.demo" or name.startswith("khcn.demo.") for name in names):
                offenders.append(path.relative_to(root).as_posix())
    assert offenders == []


def test_the_demo_refuses_a_day_before_its_history_ends(time_machine):
    time_machine.move_to(moment(EARLIEST_LOAD_DAY - timedelta(days=1)), tick=True)
    with pytest.raises(CommandError, match="01/07/2026"):
        call_command("load_demo", stdout=StringIO())

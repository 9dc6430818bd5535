"""Connections: closing the request they answer, scope, dates and files."""

from datetime import date

import pytest
import time_machine
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile

from khcn.experts.models import Connection, DemandStatus, Outcome
from khcn.experts.services.connections import connection_create, connection_file_add, connection_update
from khcn.experts.tests.factories import (
    ConnectionFactory,
    DemandFactory,
    ExpertFactory,
    TechnologyFactory,
)
from khcn.meetings.models import FollowUpStatus
from khcn.meetings.tests.factories import FollowUpFactory

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("_today")]

PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


@pytest.fixture
def _today():  # type: ignore[no-untyped-def]
    with time_machine.travel(date(2026, 6, 1), tick=False):
        yield


def test_connection_that_answers_a_demand_marks_it_answered(dept_officer, ward_a):
    demand = DemandFactory.create(unit=ward_a)
    connection = connection_create(
        user=dept_officer,
        demand=demand,
        expert=ExpertFactory.create(),
        introduced_on=date(2026, 5, 2),
        outcome=Outcome.CONTRACT,
        outcome_on=date(2026, 5, 20),
        closes_request=True,
    )
    demand.refresh_from_db()
    assert demand.status == DemandStatus.ANSWERED
    assert connection.unit == ward_a
    assert demand.history.first().history_user == dept_officer


def test_first_connection_puts_an_open_demand_in_connecting(dept_officer, ward_a):
    demand = DemandFactory.create(unit=ward_a)
    connection_create(
        user=dept_officer, demand=demand, technology=TechnologyFactory.create(), introduced_on=date(2026, 5, 2)
    )
    demand.refresh_from_db()
    assert demand.status == DemandStatus.CONNECTING


def test_connection_closes_followup_through_the_meetings_service(dept_officer, ward_a):
    item = FollowUpFactory.create(unit=ward_a)
    connection = connection_create(
        user=dept_officer,
        followup=item,
        expert=ExpertFactory.create(full_name="Nguyễn Văn Thử"),
        introduced_on=date(2026, 5, 2),
        outcome=Outcome.SITE_VISIT,
        outcome_on=date(2026, 5, 9),
        closes_request=True,
    )
    item.refresh_from_db()
    assert item.status == FollowUpStatus.DONE
    assert item.closed_at is not None
    assert "Nguyễn Văn Thử" in item.resolution
    assert item.resolution_url.endswith(f"/experts/connections/{connection.pk}/")
    assert item.responses.count() == 1


def test_answering_a_demand_made_from_an_item_closes_the_item_too(dept_officer, ward_a):
    item = FollowUpFactory.create(unit=ward_a)
    demand = DemandFactory.create(unit=ward_a, followup=item)
    connection_create(
        user=dept_officer,
        demand=demand,
        expert=ExpertFactory.create(full_name="Trần Thị Kết"),
        technology=TechnologyFactory.create(title="Đệm lót sinh học"),
        introduced_on=date(2026, 5, 2),
        outcome=Outcome.TRANSFERRED,
        outcome_on=date(2026, 5, 20),
        closes_request=True,
    )
    item.refresh_from_db()
    demand.refresh_from_db()
    assert demand.status == DemandStatus.ANSWERED
    assert item.status == FollowUpStatus.DONE
    assert "Trần Thị Kết" in item.resolution and "Đệm lót sinh học" in item.resolution


def test_a_connection_that_does_not_answer_leaves_the_item_open(dept_officer, ward_a):
    item = FollowUpFactory.create(unit=ward_a)
    demand = DemandFactory.create(unit=ward_a, followup=item)
    connection_create(user=dept_officer, demand=demand, expert=ExpertFactory.create(), introduced_on=date(2026, 5, 2))
    item.refresh_from_db()
    assert item.status not in (FollowUpStatus.DONE,)
    assert item.responses.count() == 0


def test_a_failed_close_leaves_nothing_behind(dept_officer, ward_a, monkeypatch):
    item = FollowUpFactory.create(unit=ward_a)

    def fail(**kwargs):  # type: ignore[no-untyped-def]
        raise ValidationError("boom")

    monkeypatch.setattr("khcn.meetings.services.item_respond", fail)
    with pytest.raises(ValidationError):
        connection_create(
            user=dept_officer,
            followup=item,
            expert=ExpertFactory.create(),
            introduced_on=date(2026, 5, 2),
            outcome=Outcome.MEETING,
            closes_request=True,
        )
    assert not Connection.objects.exists()


def test_pending_outcome_cannot_answer_the_request(dept_officer, ward_a):
    demand = DemandFactory.create(unit=ward_a)
    with pytest.raises(ValidationError) as info:
        connection_create(
            user=dept_officer,
            demand=demand,
            expert=ExpertFactory.create(),
            introduced_on=date(2026, 5, 2),
            closes_request=True,
        )
    assert "closes_request" in info.value.message_dict
    demand.refresh_from_db()
    assert demand.status == DemandStatus.OPEN


def test_outcome_before_introduction_is_refused(dept_officer, ward_a):
    with pytest.raises(ValidationError) as info:
        connection_create(
            user=dept_officer,
            demand=DemandFactory.create(unit=ward_a),
            expert=ExpertFactory.create(),
            introduced_on=date(2026, 5, 2),
            outcome=Outcome.MEETING,
            outcome_on=date(2026, 5, 1),
        )
    assert "outcome_on" in info.value.message_dict


def test_commune_officer_cannot_record_connections(officer_a, ward_a):
    with pytest.raises(PermissionDenied):
        connection_create(
            user=officer_a,
            demand=DemandFactory.create(unit=ward_a),
            expert=ExpertFactory.create(),
            introduced_on=date(2026, 5, 2),
        )


def test_editing_later_to_answer_closes_the_demand_and_a_stale_edit_is_refused(dept_officer, ward_a):
    demand = DemandFactory.create(unit=ward_a)
    connection = connection_create(
        user=dept_officer, demand=demand, expert=ExpertFactory.create(), introduced_on=date(2026, 5, 2)
    )
    loaded = connection.version
    connection.outcome, connection.outcome_on, connection.closes_request = Outcome.MEETING, date(2026, 5, 6), True
    connection_update(user=dept_officer, connection=connection, expected_version=loaded)
    demand.refresh_from_db()
    assert demand.status == DemandStatus.ANSWERED
    connection.note = "late"
    with pytest.raises(ValidationError) as info:
        connection_update(user=dept_officer, connection=connection, expected_version=loaded)
    assert info.value.code == "stale"


def test_connection_files_keep_only_documents_and_photos(dept_officer, ward_a):
    connection = ConnectionFactory.create(demand=DemandFactory.create(unit=ward_a))
    stored = connection_file_add(
        user=dept_officer, connection=connection, upload=SimpleUploadedFile("bien-ban.pdf", PDF), caption="Biên bản"
    )
    assert stored.file.name.endswith(".pdf")
    with pytest.raises(ValidationError):
        connection_file_add(user=dept_officer, connection=connection, upload=SimpleUploadedFile("x.odt", b"PK"))

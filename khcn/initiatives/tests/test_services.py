"""The application's rules: owners in scope, author shares, and the workflow's moves."""

from datetime import date
from decimal import Decimal
from typing import Any

import pytest
import time_machine
from django.core.exceptions import PermissionDenied, ValidationError

from khcn.initiatives import services
from khcn.initiatives.models import InitiativeAuthor, InitiativeStatus
from khcn.initiatives.tests.factories import AuthorFactory, InitiativeFactory

pytestmark = pytest.mark.django_db
TODAY = "2026-09-15 09:00+07:00"


def _authors(*shares: str) -> list[dict[str, Any]]:
    return [
        {"full_name": f"Tác giả {i}", "position": "", "workplace": "", "share": Decimal(s)}
        for i, s in enumerate(shares)
    ]


def test_shares_not_totalling_100_are_refused_in_vietnamese(officer_a, ward_a) -> None:
    from django.utils import translation

    initiative = InitiativeFactory.build(unit=ward_a)
    with translation.override("vi"), pytest.raises(ValidationError) as caught:
        services.initiative_create(user=officer_a, initiative=initiative, authors=_authors("60", "30"))
    assert caught.value.code == services.SHARES_TOTAL
    assert "phải bằng 100%" in caught.value.messages[0] and "90" in caught.value.messages[0]
    assert not InitiativeAuthor.objects.exists()


def test_shares_totalling_100_are_saved_in_order(officer_a, ward_a) -> None:
    initiative = InitiativeFactory.build(unit=ward_a)
    saved = services.initiative_create(user=officer_a, initiative=initiative, authors=_authors("66.67", "33.33"))
    assert [a.share for a in saved.authors.all()] == [Decimal("66.67"), Decimal("33.33")]
    assert saved.events.get().action == "create"


@pytest.mark.parametrize("share", ["0", "100.01", "-5"])
def test_a_share_outside_its_bounds_is_refused(officer_a, ward_a, share) -> None:
    initiative = InitiativeFactory.create(unit=ward_a)
    author = InitiativeAuthor(initiative=initiative, full_name="A", share=Decimal(share))
    with pytest.raises(ValidationError) as caught:
        author.full_clean()
    assert "share" in caught.value.message_dict


def test_an_officer_cannot_file_for_another_ward(officer_a, ward_b) -> None:
    initiative = InitiativeFactory.build(unit=ward_b)
    with pytest.raises((ValidationError, PermissionDenied)):
        services.initiative_create(user=officer_a, initiative=initiative, authors=_authors("100"))


def test_an_owner_is_required(officer_a) -> None:
    initiative = InitiativeFactory.build()
    with pytest.raises(ValidationError) as caught:
        services.initiative_create(user=officer_a, initiative=initiative, authors=[])
    assert caught.value.code == services.OWNER_REQUIRED


@time_machine.travel(TODAY, tick=False)
def test_workflow_from_draft_to_the_city_round(officer_a, ward_a) -> None:
    initiative = InitiativeFactory.create(unit=ward_a)
    AuthorFactory.create(initiative=initiative)
    initiative = services.initiative_submit(user=officer_a, initiative=initiative)
    assert initiative.status == InitiativeStatus.SUBMITTED and initiative.submitted_at is not None
    decision = services.initiative_recognise(
        user=officer_a,
        initiative=initiative,
        recognised=True,
        decision_number="12/QĐ-UBND",
        decision_date=date(2026, 9, 10),
        signer="Chủ tịch UBND xã",
    )
    initiative.refresh_from_db()
    assert decision.recognised and initiative.status == InitiativeStatus.BASE_RECOGNISED
    services.initiative_city_submit(user=officer_a, initiative=initiative, year=2026)
    initiative.refresh_from_db()
    assert initiative.status == InitiativeStatus.CITY_SUBMITTED and initiative.city_round_year == 2026
    assert [e.action for e in initiative.events.all()] == ["submit", "recognise", "city_submit"]


@time_machine.travel(TODAY, tick=False)
def test_moves_out_of_order_are_refused(officer_a, ward_a) -> None:
    initiative = InitiativeFactory.create(unit=ward_a)
    AuthorFactory.create(initiative=initiative)
    with pytest.raises(ValidationError):
        services.initiative_city_submit(user=officer_a, initiative=initiative, year=2026)
    with pytest.raises(ValidationError):
        services.initiative_recognise(
            user=officer_a,
            initiative=initiative,
            recognised=True,
            decision_number="1",
            decision_date=date(2026, 9, 1),
            signer="X",
        )
    services.initiative_submit(user=officer_a, initiative=initiative)
    with pytest.raises(ValidationError):
        services.initiative_submit(user=officer_a, initiative=initiative)
    initiative.title = "Đổi tên"
    with pytest.raises(ValidationError):
        services.initiative_update(
            user=officer_a, initiative=initiative, expected_version=None, authors=_authors("100")
        )


@time_machine.travel(TODAY, tick=False)
def test_submit_needs_complete_fields_and_authors(officer_a, ward_a) -> None:
    initiative = InitiativeFactory.create(unit=ward_a, effects="")
    with pytest.raises(ValidationError) as caught:
        services.initiative_submit(user=officer_a, initiative=initiative)
    assert caught.value.code == services.MISSING
    initiative.effects = "Tiết kiệm thời gian."
    initiative.save()
    with pytest.raises(ValidationError) as caught:
        services.initiative_submit(user=officer_a, initiative=initiative)
    assert caught.value.code == services.AUTHORS_REQUIRED


@time_machine.travel(TODAY, tick=False)
def test_not_recognised_needs_reasons_and_ends_the_way(officer_a, ward_a) -> None:
    initiative = InitiativeFactory.create(unit=ward_a, status=InitiativeStatus.SUBMITTED)
    kwargs: dict[str, Any] = {"decision_number": "3/QĐ", "decision_date": date(2026, 9, 1), "signer": "Chủ tịch"}
    with pytest.raises(ValidationError):
        services.initiative_recognise(user=officer_a, initiative=initiative, recognised=False, **kwargs)
    services.initiative_recognise(
        user=officer_a, initiative=initiative, recognised=False, reasons="Chưa mới.", **kwargs
    )
    initiative.refresh_from_db()
    assert initiative.status == InitiativeStatus.BASE_NOT_RECOGNISED
    with pytest.raises(ValidationError):
        services.initiative_city_submit(user=officer_a, initiative=initiative, year=2026)


@time_machine.travel(TODAY, tick=False)
def test_another_wards_officer_cannot_recognise_but_the_department_can(officer_b, dept_officer, ward_a) -> None:
    initiative = InitiativeFactory.create(unit=ward_a, status=InitiativeStatus.SUBMITTED)
    kwargs: dict[str, Any] = {
        "recognised": True,
        "decision_number": "5/QĐ",
        "decision_date": date(2026, 9, 1),
        "signer": "Giám đốc",
    }
    with pytest.raises(PermissionDenied):
        services.initiative_recognise(user=officer_b, initiative=initiative, **kwargs)
    services.initiative_recognise(user=dept_officer, initiative=initiative, **kwargs)
    initiative.refresh_from_db()
    assert initiative.status == InitiativeStatus.BASE_RECOGNISED


@time_machine.travel(TODAY, tick=False)
def test_city_round_only_this_or_next_year_and_not_for_base_scope(officer_a, ward_a) -> None:
    initiative = InitiativeFactory.create(unit=ward_a, status=InitiativeStatus.BASE_RECOGNISED)
    with pytest.raises(ValidationError) as caught:
        services.initiative_city_submit(user=officer_a, initiative=initiative, year=2025)
    assert caught.value.message_dict["year"]
    initiative.influence_scope = "base"
    initiative.save()
    with pytest.raises(ValidationError) as caught:
        services.initiative_city_submit(user=officer_a, initiative=initiative, year=2027)
    assert caught.value.code == services.SCOPE_TOO_NARROW

"""IP dossiers: creating one writes its first event; moves follow the workflow table, with
clear Vietnamese refusals; filing and grant need their numbers; marks are protected ten years
from filing and can be renewed."""

from datetime import date

import pytest
import time_machine
from django.core.exceptions import PermissionDenied, ValidationError

from khcn.core.concurrency import StaleObjectError
from khcn.products.ip_workflow import IP_MOVES, can_move, next_stages
from khcn.products.models import IpKind, IpStage
from khcn.products.services import ip as services
from khcn.products.tests.factories import ProductFactory
from khcn.products.tests.factories_ip import dossier

pytestmark = pytest.mark.django_db
TODAY = date(2026, 3, 10)


def _code(error: pytest.ExceptionInfo[ValidationError], field: str) -> str:
    return str(error.value.error_dict[field][0].code)


def test_workflow_table_moves_forward_refuses_and_withdraws():
    assert next_stages(IpStage.SURVEY) == [IpStage.DOSSIER, IpStage.WITHDRAWN]
    assert next_stages(IpStage.PUBLISHED) == [IpStage.SUBSTANTIVE_EXAM, IpStage.REFUSED, IpStage.WITHDRAWN]
    assert can_move(IpStage.FORMAL_EXAM, IpStage.REFUSED)
    assert not can_move(IpStage.FILED, IpStage.REFUSED)
    assert not can_move(IpStage.SURVEY, IpStage.FILED)  # no skipping a stage
    for closed in (IpStage.GRANTED, IpStage.REFUSED, IpStage.WITHDRAWN):
        assert IP_MOVES[closed] == frozenset()


def test_create_writes_the_first_event(dept_officer, ward_a):
    product = ProductFactory.create(unit=ward_a)
    with time_machine.travel(TODAY):
        asset = services.ip_asset_create(
            user=dept_officer,
            name="  Gà  Mía Sơn Tây ",
            kind=IpKind.COLLECTIVE_MARK,
            unit=ward_a,
            owner_name="Hội chăn nuôi gà Mía",
            stage_since=date(2026, 2, 1),
            products=[product],
            note="Khảo sát vùng nuôi.",
        )
    assert asset.name == "Gà Mía Sơn Tây"
    event = asset.events.get()
    assert (event.stage, event.on, event.note, event.actor) == (
        IpStage.SURVEY,
        date(2026, 2, 1),
        "Khảo sát vùng nuôi.",
        dept_officer,
    )
    assert list(asset.products.all()) == [product]
    assert asset.history.get().history_user == dept_officer


def test_only_department_staff_open_and_move_dossiers(officer_a, dept_officer, ward_a):
    with pytest.raises(PermissionDenied):
        services.ip_asset_create(
            user=officer_a,
            name="Nhãn hiệu",
            kind=IpKind.COLLECTIVE_MARK,
            unit=ward_a,
            owner_name="UBND xã",
            stage_since=date(2026, 1, 1),
        )
    asset = dossier(user=dept_officer, unit=ward_a)
    with pytest.raises(PermissionDenied):
        services.ip_move(user=officer_a, asset=asset, to_stage=IpStage.DOSSIER, on=date(2024, 2, 1))


def test_products_must_be_in_scope(dept_officer, officer_b, ward_a, ward_b):
    other = ProductFactory.create(unit=ward_b)
    from khcn.products.tests.factories import IpAssetFactory

    # A Department officer covers every commune: a product of ward B is fine for them.
    asset = dossier(user=dept_officer, unit=ward_a, products=[other])
    assert asset.products.get() == other
    with pytest.raises(ValidationError) as error:
        services._check_products(officer_b, [ProductFactory.create(unit=ward_a)])
    assert _code(error, "products") == "out_of_scope"
    assert IpAssetFactory._meta.model is type(asset)


def test_move_forward_sets_stage_and_dates(dept_officer, ward_a):
    asset = dossier(user=dept_officer, unit=ward_a, to=IpStage.DOSSIER)
    with time_machine.travel(TODAY):
        asset = services.ip_move(
            user=dept_officer,
            asset=asset,
            to_stage=IpStage.FILED,
            on=date(2024, 6, 3),
            application_number="4-2024-00001",
            note="Nộp trực tuyến.",
        )
    assert (asset.stage, asset.stage_since, asset.filed_on, asset.application_number) == (
        IpStage.FILED,
        date(2024, 6, 3),
        date(2024, 6, 3),
        "4-2024-00001",
    )
    assert [e.stage for e in asset.events.all()] == [IpStage.SURVEY, IpStage.DOSSIER, IpStage.FILED]


def test_filing_needs_the_application_number(dept_officer, ward_a):
    asset = dossier(user=dept_officer, unit=ward_a, to=IpStage.DOSSIER)
    with time_machine.travel(TODAY), pytest.raises(ValidationError) as error:
        services.ip_move(user=dept_officer, asset=asset, to_stage=IpStage.FILED, on=date(2024, 6, 3))
    assert _code(error, "application_number") == services.APPLICATION_NUMBER_REQUIRED
    assert "Nhập số đơn" in error.value.messages[0]


def test_grant_needs_the_certificate_number_and_sets_protection(dept_officer, ward_a):
    asset = dossier(user=dept_officer, unit=ward_a, to=IpStage.SUBSTANTIVE_EXAM)
    with time_machine.travel(TODAY):
        with pytest.raises(ValidationError) as error:
            services.ip_move(user=dept_officer, asset=asset, to_stage=IpStage.GRANTED, on=date(2025, 5, 15))
        assert _code(error, "certificate_number") == services.CERTIFICATE_NUMBER_REQUIRED
        asset = services.ip_move(
            user=dept_officer, asset=asset, to_stage=IpStage.GRANTED, on=date(2025, 5, 15), certificate_number="512"
        )
    assert asset.granted_on == date(2025, 5, 15)
    assert asset.expires_on == date(2034, 6, 3)  # ten years from filing, not from the grant


def test_a_geographical_indication_has_no_end(dept_officer, ward_a):
    asset = dossier(user=dept_officer, unit=ward_a, to=IpStage.GRANTED, kind=IpKind.GEOGRAPHICAL_INDICATION)
    assert asset.stage == IpStage.GRANTED
    assert asset.expires_on is None
    with time_machine.travel(TODAY), pytest.raises(ValidationError) as error:
        services.ip_renew(user=dept_officer, asset=asset, on=TODAY)
    assert error.value.code == services.NOT_RENEWABLE


@pytest.mark.parametrize(
    ("here", "there"),
    [(IpStage.SURVEY, IpStage.FILED), (IpStage.FILED, IpStage.REFUSED), (IpStage.GRANTED, IpStage.WITHDRAWN)],
)
def test_moves_outside_the_table_are_refused_in_vietnamese(dept_officer, ward_a, here, there):
    asset = dossier(user=dept_officer, unit=ward_a, to=here)
    with time_machine.travel(TODAY), pytest.raises(ValidationError) as error:
        services.ip_move(
            user=dept_officer, asset=asset, to_stage=there, on=TODAY, application_number="1", certificate_number="1"
        )
    assert _code(error, "to_stage") == services.MOVE_NOT_ALLOWED
    assert error.value.messages[0].startswith("Hồ sơ đang ở giai đoạn")


def test_refuse_and_withdraw_end_the_dossier(dept_officer, ward_a):
    asset = dossier(user=dept_officer, unit=ward_a, to=IpStage.PUBLISHED)
    with time_machine.travel(TODAY):
        refused = services.ip_move(
            user=dept_officer, asset=asset, to_stage=IpStage.REFUSED, on=date(2025, 1, 5), note="Thiếu bản đồ."
        )
    assert refused.stage == IpStage.REFUSED and not refused.is_open
    other = dossier(user=dept_officer, unit=ward_a, to=IpStage.SURVEY, name="Chè Ba Vì")
    with time_machine.travel(TODAY):
        withdrawn = services.ip_move(user=dept_officer, asset=other, to_stage=IpStage.WITHDRAWN, on=TODAY)
    assert withdrawn.stage == IpStage.WITHDRAWN


def test_dates_never_before_the_previous_stage_nor_in_the_future(dept_officer, ward_a):
    asset = dossier(user=dept_officer, unit=ward_a, to=IpStage.FILED)
    with time_machine.travel(TODAY):
        with pytest.raises(ValidationError) as error:
            services.ip_move(user=dept_officer, asset=asset, to_stage=IpStage.FORMAL_EXAM, on=date(2024, 6, 2))
        assert _code(error, "on") == services.DATE_BEFORE_PREVIOUS
        assert "03/06/2024" in error.value.messages[0]
        with pytest.raises(ValidationError) as error:
            services.ip_move(user=dept_officer, asset=asset, to_stage=IpStage.FORMAL_EXAM, on=date(2026, 3, 11))
        assert _code(error, "on") == services.DATE_IN_FUTURE
        # The same day as the previous stage is fine.
        moved = services.ip_move(user=dept_officer, asset=asset, to_stage=IpStage.FORMAL_EXAM, on=date(2024, 6, 3))
    assert moved.stage == IpStage.FORMAL_EXAM


def test_a_stale_move_is_refused(dept_officer, ward_a):
    asset = dossier(user=dept_officer, unit=ward_a)
    loaded = asset.version
    with time_machine.travel(TODAY):
        services.ip_move(user=dept_officer, asset=asset, to_stage=IpStage.DOSSIER, on=date(2024, 2, 1))
        with pytest.raises(StaleObjectError):
            services.ip_move(
                user=dept_officer, asset=asset, to_stage=IpStage.WITHDRAWN, on=TODAY, expected_version=loaded
            )


def test_renew_extends_a_mark_by_the_term_with_an_event(dept_officer, ward_a):
    asset = dossier(user=dept_officer, unit=ward_a, to=IpStage.GRANTED)
    assert asset.expires_on == date(2034, 6, 3)
    with time_machine.travel(date(2034, 1, 10)):
        renewed = services.ip_renew(user=dept_officer, asset=asset, on=date(2034, 1, 10), note="Đã nộp phí.")
    assert renewed.expires_on == date(2044, 6, 3)
    event = renewed.events.order_by("-pk").first()
    assert event is not None and event.stage == IpStage.GRANTED
    assert "03/06/2034" in event.note and "03/06/2044" in event.note and "Đã nộp phí." in event.note


def test_update_keeps_the_stage_fields_and_refuses_stale_copies(dept_officer, ward_a):
    asset = dossier(user=dept_officer, unit=ward_a, to=IpStage.FILED)
    asset.name = "Bưởi đỏ Mê Linh"
    asset.stage = IpStage.GRANTED  # a form cannot move the stage
    services.ip_asset_update(user=dept_officer, asset=asset, expected_version=asset.version)
    asset.refresh_from_db()
    assert (asset.name, asset.stage) == ("Bưởi đỏ Mê Linh", IpStage.FILED)
    with pytest.raises(StaleObjectError):
        services.ip_asset_update(user=dept_officer, asset=asset, expected_version=asset.version - 1)

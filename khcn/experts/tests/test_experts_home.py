"""The home-page cards of experts, offers, demands and connections (experts/home.py): the right
rows per role, nothing of another commune, the "see all" links' filters, constant queries.

On 1 June 2026: ward A (Mê Linh) and ward B (Quang Minh) each have demands and connections;
one profile and one offer wait for the Department; the expert's offer leaves the catalogue in
20 days (the notice is 30)."""

import re
from datetime import date, datetime, timedelta
from typing import Any
from zoneinfo import ZoneInfo

import pytest
from django.core.cache import cache
from django.db import connection as db
from django.test.utils import CaptureQueriesContext

from khcn.experts.models import (
    Connection,
    Demand,
    DemandStatus,
    Expert,
    OfferStatus,
    Outcome,
    ProfileStatus,
    Technology,
)

pytestmark = pytest.mark.django_db

HANOI = ZoneInfo("Asia/Ho_Chi_Minh")
NOW = datetime(2026, 6, 1, 9, 0, tzinfo=HANOI)
TODAY = NOW.date()


def _demand(unit: Any, title: str, **fields: Any) -> Demand:
    return Demand.objects.create(unit=unit, title=title, problem=title, **fields)


def _offer(title: str, **fields: Any) -> Technology:
    return Technology.objects.create(title=title, summary=title, field="agricultural", maturity=7, **fields)


def _connect(demand: Demand, expert: Expert, introduced_on: date) -> Connection:
    return Connection.objects.create(
        demand=demand, unit=demand.unit, expert=expert, introduced_on=introduced_on, outcome=Outcome.MEETING
    )


@pytest.fixture
def work(ward_a, ward_b, expert, time_machine):  # type: ignore[no-untyped-def]
    time_machine.move_to(NOW - timedelta(days=40), tick=False)
    old_a = _demand(ward_a, "Giống lúa chịu hạn cho Mê Linh", deadline=date(2026, 6, 11))
    time_machine.move_to(NOW - timedelta(days=10), tick=False)
    new_a = _demand(ward_a, "Sơ chế rau an toàn Mê Linh")
    open_b = _demand(ward_b, "Xử lý rác làng nghề Quang Minh")
    connected_a = _demand(ward_a, "Chế biến hoa khô Mê Linh", status=DemandStatus.CONNECTING)
    connected_b = _demand(ward_b, "Nuôi cá Quang Minh", status=DemandStatus.CONNECTING)
    _demand(ward_a, "Đã xong ở Mê Linh", status=DemandStatus.ANSWERED)
    time_machine.move_to(NOW, tick=False)
    scientist = Expert.objects.create(full_name="Phạm Văn Lúa", field="agricultural", status=ProfileStatus.VALIDATED)
    _connect(connected_a, scientist, TODAY - timedelta(days=5))
    _connect(connected_b, scientist, TODAY - timedelta(days=3))
    _connect(connected_a, scientist, TODAY - timedelta(days=45))  # not recent
    Expert.objects.create(full_name="Đỗ Thị Chờ", field="agricultural", status=ProfileStatus.SUBMITTED)
    Expert.objects.create(full_name="Ngô Văn Nháp", field="agricultural", status=ProfileStatus.DRAFT)
    own = Expert.objects.create(user=expert, full_name="Trần Thị Hoa", field="agricultural")
    _offer("Đệm lót sinh học chờ thẩm định", status=OfferStatus.SUBMITTED, owner_expert=scientist)
    _offer(
        "Máy sấy hoa của chuyên gia", status=OfferStatus.PUBLISHED, owner_expert=own, expires_on=TODAY + timedelta(20)
    )
    _offer(
        "Phân vi sinh của chuyên gia", status=OfferStatus.PUBLISHED, owner_expert=own, expires_on=TODAY + timedelta(90)
    )
    _offer("Công nghệ của người khác", status=OfferStatus.PUBLISHED, owner_expert=scientist, expires_on=TODAY)
    return {"old_a": old_a, "new_a": new_a, "open_b": open_b, "own": own}


def _home(client: Any, user: Any) -> str:
    client.force_login(user)
    response = client.get("/")
    assert response.status_code == 200
    return response.content.decode()


def _card(html: str, key: str) -> str:
    match = re.search(rf'<section class="card h-100 work-card"[^>]*data-card="{key}">(.*?)</section>', html, re.S)
    return match.group(1) if match else ""


def _count(card: str) -> int:
    return int(re.search(r'work-count">(\d+)<', card).group(1))  # type: ignore[union-attr]


def _titles(card: str) -> list[str]:
    return re.findall(r'<a class="fw-semibold" href="[^"]*">([^<]*)</a>', card)


def test_department_officer_sees_profiles_offers_and_unconnected_demands(client, dept_officer, work, time_machine):
    time_machine.move_to(NOW, tick=False)
    html = _home(client, dept_officer)
    profiles = _card(html, "experts_to_validate")
    assert _count(profiles) == 1 and _titles(profiles) == ["Đỗ Thị Chờ"]
    assert "Chờ từ ngày 01/06/2026" in profiles and "/experts/people/?status=submitted" in profiles
    offers = _card(html, "technologies_to_review")
    assert _count(offers) == 1 and _titles(offers) == ["Đệm lót sinh học chờ thẩm định"]
    assert "/experts/technologies/?status=submitted" in offers
    demands = _card(html, "demands_unconnected")
    assert _count(demands) == 3  # every commune's, oldest first; none connected, none answered
    assert _titles(demands) == [
        "Giống lúa chịu hạn cho Mê Linh",
        "Sơ chế rau an toàn Mê Linh",
        "Xử lý rác làng nghề Quang Minh",
    ]
    assert "Còn 10 ngày" in demands and "Ghi nhận ngày 22/04/2026" in demands
    assert "/experts/demands/?state=unconnected" in demands
    for commune_card in ("unit_demands_open", "unit_connections_recent", "my_expert_profile"):
        assert f'data-card="{commune_card}"' not in html


def test_commune_officer_sees_own_open_demands_and_recent_connections(client, officer_a, work, time_machine):
    time_machine.move_to(NOW, tick=False)
    html = _home(client, officer_a)
    demands = _card(html, "unit_demands_open")
    assert _count(demands) == 3
    assert _titles(demands) == [
        "Giống lúa chịu hạn cho Mê Linh",
        "Sơ chế rau an toàn Mê Linh",
        "Chế biến hoa khô Mê Linh",
    ]
    assert "Đang kết nối" in demands and "/experts/demands/?state=open" in demands
    recent = _card(html, "unit_connections_recent")
    assert _count(recent) == 1  # the one of 45 days ago is not recent
    assert "Chế biến hoa khô Mê Linh · giới thiệu ngày 27/05/2026 · Đã gặp gỡ trao đổi" in recent
    assert "/experts/connections/?recent=30" in recent
    assert "Quang Minh" not in html
    for department_card in ("experts_to_validate", "technologies_to_review", "demands_unconnected"):
        assert f'data-card="{department_card}"' not in html


def test_other_commune_sees_only_its_own(client, officer_b, work, time_machine):
    time_machine.move_to(NOW, tick=False)
    html = _home(client, officer_b)
    assert _titles(_card(html, "unit_demands_open")) == ["Xử lý rác làng nghề Quang Minh", "Nuôi cá Quang Minh"]
    assert _count(_card(html, "unit_connections_recent")) == 1
    assert "Mê Linh" not in html


def test_expert_sees_draft_profile_and_offer_to_confirm(client, expert, work, time_machine):
    time_machine.move_to(NOW, tick=False)
    html = _home(client, expert)
    profile = _card(html, "my_expert_profile")
    assert _titles(profile) == ["Trần Thị Hoa"]
    assert "Bản nháp: hãy hoàn thiện và gửi Sở xác nhận." in profile and "/experts/people/me/" in profile
    offers = _card(html, "my_offers_to_confirm")
    assert _count(offers) == 1 and _titles(offers) == ["Máy sấy hoa của chuyên gia"]  # not another's, not in 90 days
    assert "Còn 20 ngày" in offers and "/experts/technologies/?expiring=soon" in offers


def test_validated_expert_has_no_profile_card(client, expert, work, time_machine):
    time_machine.move_to(NOW, tick=False)
    Expert.objects.filter(pk=work["own"].pk).update(status=ProfileStatus.VALIDATED)
    html = _home(client, expert)
    assert 'data-card="my_expert_profile"' not in html


def test_expert_without_profile_is_asked_to_fill_it_in(client, expert, time_machine):
    time_machine.move_to(NOW, tick=False)
    html = _home(client, expert)
    assert _titles(_card(html, "my_expert_profile")) == ["Điền hồ sơ chuyên gia của bạn"]
    assert "Không có công nghệ nào của bạn cần xác nhận lại." in html


def test_see_all_links_filter_the_lists(client, dept_officer, officer_a, work, time_machine):
    time_machine.move_to(NOW, tick=False)
    client.force_login(dept_officer)
    html = client.get("/experts/demands/?state=unconnected").content.decode()
    assert "Xử lý rác làng nghề Quang Minh" in html and "Chế biến hoa khô Mê Linh" not in html
    client.force_login(officer_a)
    html = client.get("/experts/demands/?state=open").content.decode()
    assert "Chế biến hoa khô Mê Linh" in html and "Đã xong ở Mê Linh" not in html
    html = client.get("/experts/connections/?recent=30").content.decode()
    assert html.count("27/05/2026") >= 1 and "17/04/2026" not in html


def _more(work: dict[str, Any], ward_a: Any, ward_b: Any) -> None:
    """Ten times the records, for the query count."""
    scientist = Expert.objects.create(full_name="Lý Văn Thêm", field="agricultural", status=ProfileStatus.VALIDATED)
    for n in range(10):
        for unit in (ward_a, ward_b):
            _demand(unit, f"Nhu cầu thêm {n}")
            _connect(_demand(unit, f"Đang kết nối {n}", status=DemandStatus.CONNECTING), scientist, TODAY)
        Expert.objects.create(full_name=f"Chờ xác nhận {n}", field="agricultural", status=ProfileStatus.SUBMITTED)
        _offer(f"Chờ thẩm định {n}", status=OfferStatus.SUBMITTED, owner_expert=scientist)
        _offer(f"Sắp hết hạn {n}", status=OfferStatus.PUBLISHED, owner_expert=work["own"], expires_on=TODAY)


@pytest.mark.parametrize("persona", ["officer_a", "dept_officer", "expert"])
def test_home_page_costs_the_same_queries_whatever_the_data(
    client, persona, work, ward_a, ward_b, request, time_machine
):
    time_machine.move_to(NOW, tick=False)
    client.force_login(request.getfixturevalue(persona))

    def count() -> int:
        cache.clear()
        with CaptureQueriesContext(db) as queries:
            assert client.get("/").status_code == 200
        return len(queries)

    client.get("/")  # the first request after signing in also refreshes the session
    small = count()
    _more(work, ward_a, ward_b)
    assert count() == small

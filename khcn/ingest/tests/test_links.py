"""Issue 17: products named linked to the catalogue, figures on the session's page, and units of
another province matched only when the text names that province."""

import io
import json
from datetime import date, datetime
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.core.management import call_command
from django.urls import reverse

from khcn.geo.models import AdminUnit, UnitLevel
from khcn.ingest.extract import extract
from khcn.ingest.models import SessionFigure, SessionProduct
from khcn.ingest.selectors import unit_directory
from khcn.ingest.tests.data import SEED_000
from khcn.ingest.tests.test_views import _post_data
from khcn.ingest.units import provinces_named
from khcn.meetings.models import Meeting
from khcn.products.tests.factories import ProductFactory

pytestmark = pytest.mark.django_db
HANOI = ZoneInfo("Asia/Ho_Chi_Minh")


@pytest.fixture(autouse=True)
def _today():
    with time_machine.travel(datetime(2026, 9, 15, 9, tzinfo=HANOI), tick=False):
        yield


def _former(name: str, level: str) -> AdminUnit:
    return AdminUnit.objects.get(name=name, level=level, path__startswith="p01/", valid_to__isnull=False)


# -- products named, linked to the catalogue --------------------------------------------------


@pytest.fixture
def pomelo(ward_a):
    """Đông Cao's red pomelo in the catalogue: its commune today, the former commune before."""
    return ProductFactory.create(
        name="Bưởi đỏ Đông Cao", unit=ward_a, former_unit=_former("Tráng Việt", UnitLevel.COMMUNE)
    )


def test_a_product_named_is_proposed_as_the_catalogues_product_and_confirmed(client, dept_officer, ward_b, pomelo):
    # The same name in a commune the article does not name is not proposed.
    elsewhere = ProductFactory.create(name="Bưởi đỏ Đông Cao", unit=ward_b)
    client.force_login(dept_officer)
    draft = client.post(reverse("ingest:start"), {"text": SEED_000.read_text(encoding="utf-8")})
    rows = {f.initial["name"]: f for f in draft.context["products"].forms}
    assert rows["bưởi đỏ Đông Cao"].initial["product"] == pomelo.pk
    assert rows["bưởi đỏ Đông Cao"].initial["candidates"] == str(pomelo.pk)
    assert rows["hoa đào Phù Trì"].initial["product"] is None
    page = draft.content.decode()
    assert f'<option value="{pomelo.pk}" selected>Bưởi đỏ Đông Cao — {pomelo.unit.full_name}</option>' in page
    assert f'<option value="{elsewhere.pk}">Bưởi đỏ' not in page

    response = client.post(reverse("ingest:confirm"), _post_data(draft))
    assert response.status_code == 302, response.content.decode()[:2000]
    meeting = Meeting.objects.get()
    named = list(SessionProduct.objects.filter(meeting=meeting).values_list("name", "product"))
    assert ("bưởi đỏ Đông Cao", pomelo.pk) in named and ("hoa đào Phù Trì", None) in named
    assert len(named) == 5
    # The session's page links the product to the catalogue's page.
    session_page = client.get(meeting.get_absolute_url()).content.decode()
    assert f'<a href="{pomelo.get_absolute_url()}">Bưởi đỏ Đông Cao</a>' in session_page


def test_a_product_outside_the_proposed_candidates_is_refused(client, dept_officer, ward_b, pomelo):
    elsewhere = ProductFactory.create(name="Bưởi đỏ Đông Cao", unit=ward_b)
    client.force_login(dept_officer)
    draft = client.post(reverse("ingest:start"), {"text": SEED_000.read_text(encoding="utf-8")})
    body = _post_data(draft)
    index = next(i for i, f in enumerate(draft.context["products"].forms) if f.initial["product"] == pomelo.pk)
    body[f"products-{index}-product"] = elsewhere.pk  # a product the draft did not propose
    response = client.post(reverse("ingest:confirm"), body)
    assert response.status_code == 422
    assert not Meeting.objects.exists() and not SessionProduct.objects.exists()
    assert "Bưởi đỏ Đông Cao" in response.content.decode()  # what was typed is kept


# -- figures on the session's page ------------------------------------------------------------


def test_the_session_page_shows_the_figures_confirmed_with_their_sentences(client, dept_officer, officer_a):
    client.force_login(dept_officer)
    draft = client.post(reverse("ingest:start"), {"text": SEED_000.read_text(encoding="utf-8")})
    client.post(reverse("ingest:confirm"), _post_data(draft))
    meeting = Meeting.objects.get()
    figure = SessionFigure.objects.get(meeting=meeting, value="5/18")
    page = client.get(meeting.get_absolute_url()).content.decode()
    assert "Số liệu được nêu tại buổi làm việc" in page
    assert '<span class="fw-semibold">5/18</span>' in page
    assert f"<q>{figure.source_text}</q>" in page
    # Someone who does not see the session sees none of it.
    client.force_login(officer_a)
    assert client.get(meeting.get_absolute_url()).status_code == 404


def test_a_session_without_an_import_shows_no_quoted_section(client, dept_officer, ward_a):
    from khcn.meetings.tests.factories import MeetingFactory

    meeting = MeetingFactory.create()
    client.force_login(dept_officer)
    page = client.get(meeting.get_absolute_url()).content.decode()
    assert "Số liệu được nêu tại buổi làm việc" not in page


# -- units of another province ----------------------------------------------------------------


@pytest.fixture
def bac_ninh(db):
    province = AdminUnit.objects.create(
        registry_key="T:27", code="27", name="Bắc Ninh", unit_type="tinh", level=UnitLevel.PROVINCE, path="p27"
    )
    tan_chi = AdminUnit.objects.create(
        registry_key="T:27-1",
        code="99901",
        name="Tân Chi",
        unit_type="xa",
        level=UnitLevel.COMMUNE,
        parent=province,
        path="p27/tan-chi",
        valid_from=date(2025, 7, 1),
    )
    me_linh = AdminUnit.objects.create(
        registry_key="T:27-2",
        code="99902",
        name="Mê Linh",
        unit_type="xa",
        level=UnitLevel.COMMUNE,
        parent=province,
        path="p27/me-linh",
        valid_from=date(2025, 7, 1),
    )
    return province, tan_chi, me_linh


def _matched(text: str) -> dict[str, int | None]:
    extraction = extract(text, directory=unit_directory(text))
    return {m.name: (m.unit.id if m.unit else None) for m in extraction.units}


def test_another_provinces_unit_is_matched_only_when_the_text_names_that_province(bac_ninh, ward_a):
    _province, tan_chi, _me_linh = bac_ninh
    alone = "Ngày 10/9/2026, Sở đã làm việc với xã Tân Chi về chuyển đổi số."
    assert _matched(alone) == {"Tân Chi": None}
    named = "Ngày 10/9/2026, Sở đã làm việc với xã Tân Chi, tỉnh Bắc Ninh về chuyển đổi số."
    assert _matched(named) == {"Tân Chi": tan_chi.pk}
    # Without diacritics, after the province's prefix.
    assert _matched("Ngay 10/9/2026, So lam viec voi xa Tan Chi, tinh Bac Ninh.") == {"Tan Chi": tan_chi.pk}


def test_a_name_the_home_province_has_stays_its_unit(bac_ninh, ward_a):
    text = "Ngày 10/9/2026, đoàn của tỉnh Bắc Ninh đã thăm xã Mê Linh."
    assert _matched(text) == {"Mê Linh": ward_a.pk}


def test_provinces_named_needs_capitals_and_the_same_marks():
    provinces = [(27, "Bắc Ninh"), (1, "Hà Nội")]
    assert provinces_named("Đoàn công tác tỉnh Bắc Ninh đến thăm.", provinces) == {27}
    assert provinces_named("Sản phẩm được bán tại Bắc Ninh.", provinces) == {27}
    assert provinces_named("Gió bắc ninh nhẹ.", provinces) == set()
    assert provinces_named("Đoàn công tác đến Bac Ninh.", provinces) == set()
    assert provinces_named("Doan cong tac den Bac Ninh.", provinces) == {27}
    assert provinces_named("Đoàn đến tỉnh Bac Ninh.", provinces) == {27}


def test_the_json_output_keeps_its_shape_with_another_province(bac_ninh, tmp_path):
    path = tmp_path / "bai.txt"
    path.write_text("Ngày 10/9/2026, Sở đã làm việc với xã Tân Chi, tỉnh Bắc Ninh.", encoding="utf-8")
    out = io.StringIO()
    call_command("ingest_text", str(path), "--json", stdout=out)
    data = json.loads(out.getvalue())
    assert list(data) == [
        "date", "place", "units", "people", "figures", "products", "requests", "directives", "difficulties",
    ]  # fmt: skip
    assert data["units"] == ["Tân Chi"]
    out = io.StringIO()
    call_command("ingest_text", str(path), "--json", "--registry", stdout=out)
    assert json.loads(out.getvalue())["matched_units"] == [{"name": "Tân Chi", "unit": "Xã Tân Chi"}]

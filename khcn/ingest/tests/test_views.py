"""The officer's pages: who may open them, the upload checks, the draft, the confirm."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from khcn.accounts.tests.test_write_scope import _ingest_confirm_body
from khcn.geo.models import AdminUnit, UnitLevel
from khcn.ingest.models import SessionFigure
from khcn.ingest.tests.data import SEED_000
from khcn.meetings.models import Attendee, FollowUp, Meeting

pytestmark = pytest.mark.django_db


def _former_district(name: str) -> AdminUnit:
    return AdminUnit.objects.get(name=name, level=UnitLevel.DISTRICT, path__startswith="p01/")


def test_a_commune_officer_is_refused(client, officer_a, ward_a):
    client.force_login(officer_a)
    assert client.get(reverse("ingest:start")).status_code == 403
    response = client.post(reverse("ingest:confirm"), _ingest_confirm_body(ward_a))
    assert response.status_code == 403
    assert not Meeting.objects.exists()


def test_a_bad_upload_is_rejected_with_a_message(client, dept_officer):
    client.force_login(dept_officer)
    exe = SimpleUploadedFile("bai-viet.pdf", b"MZ\x90\x00 not a pdf at all", content_type="application/pdf")
    response = client.post(reverse("ingest:start"), {"file": exe})
    assert response.status_code == 422
    assert "không phải tệp .pdf" in response.content.decode()
    image = SimpleUploadedFile("anh.png", b"\x89PNG\r\n\x1a\n", content_type="image/png")
    response = client.post(reverse("ingest:start"), {"file": image})
    assert "Hãy tải lên tệp .txt, .docx hoặc .pdf." in response.content.decode()


def test_pasting_seed_000_proposes_a_draft_and_saves_nothing(client, dept_officer):
    client.force_login(dept_officer)
    response = client.post(reverse("ingest:start"), {"text": SEED_000.read_text(encoding="utf-8")})
    assert response.status_code == 200
    page = response.content.decode()
    assert 'value="trụ sở UBND huyện Mê Linh"' in page
    assert "19/07/2024 08:00" in page
    # The four former districts are matched in the registry and ticked for the session.
    draft_units = response.context["units"]
    chosen = [f.initial["unit"] for f in draft_units.forms if f.initial["include"]]
    assert sorted(chosen) == sorted(_former_district(n).pk for n in ("Mê Linh", "Đông Anh", "Sóc Sơn", "Gia Lâm"))
    assert "Nguyễn Quốc Hà" in page and "Phó Giám đốc Sở Khoa học và Công nghệ Thành phố" in page
    assert "Câu gốc:" in page
    assert not Meeting.objects.exists() and not FollowUp.objects.exists()


def test_a_failed_confirm_keeps_what_the_officer_typed(client, dept_officer, ward_a):
    client.force_login(dept_officer)
    body = _ingest_confirm_body(ward_a) | {"place": "Hội trường tầng 2 (đã sửa)", "starts_at": "32/13/2024"}
    response = client.post(reverse("ingest:confirm"), body)
    assert response.status_code == 422
    page = response.content.decode()
    assert 'value="Hội trường tầng 2 (đã sửa)"' in page
    assert "Đề nghị Sở hỗ trợ tập huấn" in page
    assert not Meeting.objects.exists()


def test_confirm_creates_the_records_with_their_source_sentences(client, dept_officer, ward_a):
    client.force_login(dept_officer)
    response = client.post(reverse("ingest:confirm"), _ingest_confirm_body(ward_a))
    meeting = Meeting.objects.get()
    assert response.status_code == 302 and response["Location"] == reverse("ingest:session_result", args=[meeting.pk])
    assert list(meeting.cluster.values_list("unit", flat=True)) == [ward_a.pk]
    item = FollowUp.objects.get()
    assert (item.kind, item.unit, item.meeting, item.topic) == ("request", ward_a, meeting, "training")
    assert item.source_text == "Huyện đề nghị Sở hỗ trợ tập huấn; tỷ lệ hồ sơ đúng hạn đạt 100%."
    figure = SessionFigure.objects.get()
    assert (figure.value, figure.unit, figure.source_text) == ("100%", ward_a, item.source_text)
    page = client.get(response["Location"]).content.decode()
    assert "100%" in page and item.source_text in page


def test_confirm_refuses_a_unit_outside_the_officers_scope(client, officer_a, ward_a, ward_b):
    from khcn.accounts.roles import Role
    from khcn.accounts.tests.factories import RoleGrantFactory

    # A Department officer whose grant covers ward A only.
    RoleGrantFactory.create(user=officer_a, role=Role.DEPARTMENT_OFFICER, unit=ward_a)
    client.force_login(officer_a)
    response = client.post(reverse("ingest:confirm"), _ingest_confirm_body(ward_b))
    assert response.status_code == 422
    assert not Meeting.objects.exists() and not FollowUp.objects.exists() and not Attendee.objects.exists()


def test_the_whole_seed_000_draft_confirms_as_proposed(client, dept_officer):
    client.force_login(dept_officer)
    draft = client.post(reverse("ingest:start"), {"text": SEED_000.read_text(encoding="utf-8")})
    body = _post_data(draft)
    response = client.post(reverse("ingest:confirm"), body)
    assert response.status_code == 302, response.content.decode()[:3000]
    meeting = Meeting.objects.get()
    assert meeting.cluster.count() == 4
    assert {a.name for a in meeting.attendees.all()} >= {"Nguyễn Quốc Hà", "Lê Văn Khương", "Nguyễn Thị Thanh Tám"}
    assert SessionFigure.objects.filter(meeting=meeting, value="5/18").exists()
    requests = FollowUp.objects.filter(meeting=meeting, kind="request")
    assert requests.count() == 3 and {r.unit.name for r in requests} == {"Mê Linh"}
    assert all(r.source_text.startswith("Do vậy, Huyện mong muốn") for r in requests)
    # A directive to "các Huyện" becomes one item per unit of the session.
    assert FollowUp.objects.filter(meeting=meeting, kind="directive").count() == 5 * 4
    assert "bưởi đỏ Đông Cao" in meeting.minutes


def _post_data(response) -> dict:  # type: ignore[no-untyped-def]
    """The values a browser would post back from the draft page's forms, as proposed."""
    data: dict = {}
    context = response.context
    prefixes = ("units", "people", "figures", "items", "products")
    forms = [context["form"]] + [f for name in prefixes for f in context[name].forms]
    for name in prefixes:
        management = context[name].management_form
        for field in management:
            data[field.html_name] = field.value()
    for form in forms:
        for field in form:
            value = field.value()
            if value is None or value is False:
                continue
            if value is True:
                value = "on"
            if hasattr(value, "strftime"):
                value = value.strftime("%d/%m/%Y %H:%M")
            data[field.html_name] = value
    return data


def test_the_draft_page_costs_a_bounded_number_of_queries(client, dept_officer, django_assert_max_num_queries):
    client.force_login(dept_officer)
    text = SEED_000.read_text(encoding="utf-8")
    # The unit selects share one read of the units (19 queries when written).
    with django_assert_max_num_queries(25):
        response = client.post(reverse("ingest:start"), {"text": text})
    assert response.status_code == 200

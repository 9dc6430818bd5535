"""The pages: scope on every page and export, the form with its authors, the workflow pages,
the duplicate screen, the public list and the statistics."""

from datetime import date
from io import BytesIO

import pytest
import time_machine
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from openpyxl import load_workbook

from khcn.core.text import fold
from khcn.initiatives.models import Initiative, InitiativeFile, InitiativeStatus
from khcn.initiatives.tests.factories import AuthorFactory, InitiativeFactory, recognised_initiative
from khcn.research.tests.factories import ResearchTaskFactory

pytestmark = pytest.mark.django_db
TODAY = "2026-09-15 09:00+07:00"


def _pages(initiative: Initiative) -> list[str]:
    return [
        reverse(name, args=[initiative.pk])
        for name in (
            "initiatives:initiative_detail",
            "initiatives:initiative_edit",
            "initiatives:initiative_submit",
            "initiatives:initiative_recognise",
            "initiatives:initiative_city_submit",
        )
    ]


def test_another_wards_officer_gets_404_on_every_page(client, officer_b, ward_a) -> None:
    initiative = InitiativeFactory.create(unit=ward_a)
    client.force_login(officer_b)
    for url in _pages(initiative):
        assert client.get(url).status_code == 404, url
        assert client.post(url, {}).status_code == 404, url
    item = InitiativeFile.objects.create(initiative=initiative, file="initiatives/x.pdf", name="x.pdf")
    assert client.get(reverse("initiatives:initiative_file", args=[item.pk])).status_code == 404
    assert client.post(reverse("initiatives:initiative_file_delete", args=[item.pk])).status_code == 404
    assert InitiativeFile.objects.filter(pk=item.pk).exists()


def test_list_and_export_show_only_rows_in_scope(client, officer_a, ward_a, ward_b) -> None:
    InitiativeFactory.create(unit=ward_a, title="Ứng dụng mã QR tại bộ phận một cửa")
    InitiativeFactory.create(unit=ward_b, title="Sáng kiến của xã khác")
    client.force_login(officer_a)
    page = client.get(reverse("initiatives:initiative_list")).content.decode()
    assert "Ứng dụng mã QR" in page and "xã khác" not in page
    export = client.get(reverse("initiatives:initiative_list") + "?export=xlsx")
    cells = [c.value for row in load_workbook(BytesIO(export.content)).worksheets[0].iter_rows() for c in row]
    assert "Ứng dụng mã QR tại bộ phận một cửa" in cells
    assert not any("xã khác" in str(c) for c in cells)


def test_list_searches_folded_and_filters(client, officer_a, ward_a) -> None:
    InitiativeFactory.create(unit=ward_a, title="Ứng dụng Google biểu mẫu trong báo cáo")
    InitiativeFactory.create(unit=ward_a, title="Sắp xếp quầy tiếp dân")
    client.force_login(officer_a)
    page = client.get(reverse("initiatives:initiative_list") + "?q=bieu+mau").content.decode()
    assert "Google biểu mẫu" in page and "quầy tiếp dân" not in page
    assert client.get(reverse("initiatives:initiative_list") + "?year=99999").status_code == 400


def test_export_is_formula_safe(client, dept_officer, ward_a) -> None:
    InitiativeFactory.create(unit=ward_a, title='=HYPERLINK("http://x")')
    client.force_login(dept_officer)
    export = client.get(reverse("initiatives:initiative_list") + "?export=xlsx")
    hit = [
        c
        for row in load_workbook(BytesIO(export.content)).worksheets[0].iter_rows()
        for c in row
        if c.value == '=HYPERLINK("http://x")'
    ]
    assert hit and all(c.data_type == "s" and c.quotePrefix for c in hit)


def _body(unit, **extra):  # type: ignore[no-untyped-def]
    body = {
        "unit": unit.pk,
        "title": "Thực hiện thủ tục hộ tịch không chờ, không giấy hẹn",
        "field": "administration",
        "problem": "Người dân phải quay lại nhiều lần.",
        "influence_scope": "city",
        "authors-TOTAL_FORMS": "2",
        "authors-INITIAL_FORMS": "0",
        "authors-MIN_NUM_FORMS": "0",
        "authors-MAX_NUM_FORMS": "1000",
        "authors-0-full_name": "Nguyễn Văn An",
        "authors-0-share": "70",
        "authors-1-full_name": "Trần Thị Bình",
        "authors-1-share": "30",
    }
    return body | extra


def test_create_with_authors_and_keep_input_when_shares_are_wrong(client, officer_a, ward_a) -> None:
    client.force_login(officer_a)
    url = reverse("initiatives:initiative_create")
    refused = client.post(url, _body(ward_a, **{"authors-1-share": "20"}))
    assert refused.status_code == 422
    text = refused.content.decode()
    assert "Trần Thị Bình" in text and "không chờ, không giấy hẹn" in text
    assert not Initiative.objects.exists()
    saved = client.post(url, _body(ward_a))
    assert saved.status_code == 302
    initiative = Initiative.objects.get()
    assert [a.full_name for a in initiative.authors.all()] == ["Nguyễn Văn An", "Trần Thị Bình"]


def test_create_refuses_another_ward(client, officer_a, ward_b) -> None:
    client.force_login(officer_a)
    assert client.post(reverse("initiatives:initiative_create"), _body(ward_b)).status_code == 422
    assert not Initiative.objects.exists()


@time_machine.travel(TODAY, tick=False)
def test_workflow_pages(client, officer_a, ward_a) -> None:
    initiative = InitiativeFactory.create(unit=ward_a)
    AuthorFactory.create(initiative=initiative)
    client.force_login(officer_a)
    assert (
        client.post(reverse("initiatives:initiative_submit", args=[initiative.pk]), {"loaded_version": 1}).status_code
        == 302
    )
    decision = {
        "decision": "yes",
        "decision_number": "15/QĐ-UBND",
        "decision_date": "10/09/2026",
        "signer": "Chủ tịch UBND xã",
        "loaded_version": 2,
    }
    assert client.post(reverse("initiatives:initiative_recognise", args=[initiative.pk]), decision).status_code == 302
    response = client.post(
        reverse("initiatives:initiative_city_submit", args=[initiative.pk]), {"year": 2026, "loaded_version": 3}
    )
    assert response.status_code == 302
    initiative.refresh_from_db()
    assert initiative.status == InitiativeStatus.CITY_SUBMITTED
    detail = client.get(initiative.get_absolute_url()).content.decode()
    assert "15/QĐ-UBND" in detail


@time_machine.travel(TODAY, tick=False)
def test_stale_decision_is_refused(client, officer_a, ward_a) -> None:
    initiative = InitiativeFactory.create(unit=ward_a, status=InitiativeStatus.SUBMITTED, version=3)
    client.force_login(officer_a)
    body = {
        "decision": "yes",
        "decision_number": "1",
        "decision_date": "10/09/2026",
        "signer": "X",
        "loaded_version": 2,
    }
    assert client.post(reverse("initiatives:initiative_recognise", args=[initiative.pk]), body).status_code == 422
    initiative.refresh_from_db()
    assert initiative.status == InitiativeStatus.SUBMITTED


def test_evidence_file_is_checked_and_served_in_scope(client, officer_a, officer_b, ward_a) -> None:
    initiative = InitiativeFactory.create(unit=ward_a)
    client.force_login(officer_a)
    url = reverse("initiatives:initiative_file_add", args=[initiative.pk])
    fake = SimpleUploadedFile("bao-cao.pdf", b"MZ not a pdf", content_type="application/pdf")
    assert client.post(url, {"file-file": fake}).status_code == 422
    pdf = SimpleUploadedFile(
        "bao-cao.pdf", b"%PDF-1.4\n%\xe2\xe3\n1 0 obj<<>>endobj\n%%EOF", content_type="application/pdf"
    )
    assert client.post(url, {"file-file": pdf, "file-caption": "Báo cáo hiệu quả"}).status_code == 302
    item = initiative.files.get()
    download = client.get(reverse("initiatives:initiative_file", args=[item.pk]))
    assert download.status_code == 200 and download["Content-Disposition"].startswith("attachment")
    client.force_login(officer_b)
    assert client.get(reverse("initiatives:initiative_file", args=[item.pk])).status_code == 404


def test_detail_shows_a_near_duplicate_initiative_and_task(client, dept_officer, ward_a, ward_b) -> None:
    earlier = recognised_initiative(
        unit=ward_b, title="Ứng dụng mã QR code nâng cao chất lượng dịch vụ công trực tuyến"
    )
    ResearchTaskFactory.create(title="Ứng dụng mã QR nâng cao chất lượng dịch vụ công trực tuyến cấp xã")
    InitiativeFactory.create(unit=ward_b, title="Trồng rau an toàn trong nhà lưới")
    initiative = InitiativeFactory.create(
        unit=ward_a, title="Ứng dụng mã Qrcode nâng cao chất lượng dịch vụ công trực tuyến"
    )
    client.force_login(dept_officer)
    page = client.get(initiative.get_absolute_url()).content.decode()
    assert earlier.title in page
    assert "cấp xã" in page
    assert "Trồng rau an toàn" not in page


def test_duplicates_of_another_ward_stay_hidden_unless_recognised(client, officer_a, ward_a, ward_b) -> None:
    InitiativeFactory.create(unit=ward_b, title="Ứng dụng Google biểu mẫu tổng hợp số liệu báo cáo trực tuyến")
    initiative = InitiativeFactory.create(unit=ward_a, title="Ứng dụng Google biểu mẫu tổng hợp số liệu báo cáo")
    client.force_login(officer_a)
    page = client.get(initiative.get_absolute_url()).content.decode()
    assert "số liệu báo cáo trực tuyến" not in page


def test_public_list_shows_only_recognised_and_searches_folded(client, ward_a) -> None:
    recognised_initiative(unit=ward_a, title="Ứng dụng mã QR tại bộ phận một cửa")
    InitiativeFactory.create(unit=ward_a, title="Bản nháp chưa nộp")
    InitiativeFactory.create(unit=ward_a, title="Đã nộp chờ xét", status=InitiativeStatus.SUBMITTED)
    page = client.get(reverse("initiatives:recognised_list")).content.decode()
    assert "Ứng dụng mã QR" in page and "Bản nháp" not in page and "chờ xét" not in page
    found = client.get(reverse("initiatives:recognised_list") + "?q=ma+qr").content.decode()
    assert "Ứng dụng mã QR" in found
    missed = client.get(reverse("initiatives:recognised_list") + "?q=khong+co").content.decode()
    assert "Ứng dụng mã QR" not in missed
    by_unit = client.get(reverse("initiatives:recognised_list"), {"q": fold(ward_a.name)}).content.decode()
    assert "Ứng dụng mã QR" in by_unit  # the unit's name typed without diacritics


def test_statistics_count_in_scope_and_list_people(client, officer_a, ward_a, ward_b) -> None:
    mine = recognised_initiative(unit=ward_a, title="Ứng dụng mã QR tại bộ phận một cửa")
    AuthorFactory.create(initiative=InitiativeFactory.create(unit=ward_a), full_name="Người chưa được công nhận")
    recognised_initiative(unit=ward_b, title="Sáng kiến của xã Quang Minh")
    client.force_login(officer_a)
    response = client.get(reverse("initiatives:initiative_statistics"))
    page = response.content.decode()
    stats = response.context["stats"]
    assert (stats.total, stats.recognised) == (2, 1)
    assert [(row["owner"], row["total"], row["recognised"]) for row in stats.by_unit] == [(ward_a.full_name, 2, 1)]
    assert mine.authors.get().full_name in page
    assert "Người chưa được công nhận" not in page and "Quang Minh" not in page


def test_experts_and_the_public_cannot_open_the_list(client, expert, public_user) -> None:
    for user in (expert, public_user):
        client.force_login(user)
        assert client.get(reverse("initiatives:initiative_list")).status_code == 403
        assert client.get(reverse("initiatives:initiative_statistics")).status_code == 403


def test_decision_dates_are_shown_day_first(client, dept_officer, ward_a) -> None:
    initiative = recognised_initiative(unit=ward_a)
    client.force_login(dept_officer)
    assert "01/06/2026" in client.get(initiative.get_absolute_url()).content.decode()
    assert date(2026, 6, 1) == initiative.base_recognition.decision_date


def test_pages_read_in_vietnamese(client, officer_a, ward_a) -> None:
    recognised_initiative(unit=ward_a)
    client.force_login(officer_a)
    stats = client.get(reverse("initiatives:initiative_statistics"), HTTP_ACCEPT_LANGUAGE="vi").content.decode()
    assert "Thống kê sáng kiến" in stats and "tỷ lệ 100%" in stats
    listing = client.get(reverse("initiatives:initiative_list")).content.decode()
    assert "Lĩnh vực áp dụng" in listing and "Được công nhận cấp cơ sở" in listing


def test_forms_render_for_the_owning_units_officer(client, officer_a, ward_a) -> None:
    draft = InitiativeFactory.create(unit=ward_a)
    submitted = InitiativeFactory.create(unit=ward_a, status=InitiativeStatus.SUBMITTED)
    recognised = recognised_initiative(unit=ward_a)
    client.force_login(officer_a)
    pages = [
        reverse("initiatives:initiative_create"),
        reverse("initiatives:initiative_edit", args=[draft.pk]),
        reverse("initiatives:initiative_submit", args=[draft.pk]),
        reverse("initiatives:initiative_recognise", args=[submitted.pk]),
        reverse("initiatives:initiative_city_submit", args=[recognised.pk]),
    ]
    for url in pages:
        response = client.get(url)
        assert response.status_code == 200, url
        assert 'name="csrfmiddlewaretoken"' in response.content.decode(), url


def test_list_answers_its_table_to_htmx(client, officer_a, ward_a) -> None:
    InitiativeFactory.create(unit=ward_a, title="Ứng dụng mã QR tại bộ phận một cửa")
    client.force_login(officer_a)
    response = client.get(
        reverse("initiatives:initiative_list"), HTTP_HX_REQUEST="true", HTTP_HX_TARGET="initiative-table"
    )
    text = response.content.decode()
    assert "Ứng dụng mã QR" in text and "<html" not in text

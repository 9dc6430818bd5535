"""The pages of IP dossiers and OCOP ratings: lists (filters, export, HTMX, fixed query
count), a dossier's timeline, its form, stage moves with confirmation, documents, the product
page's partials, the menu and the home cards; and scope: ward A never sees ward B's."""

from datetime import date
from decimal import Decimal
from io import BytesIO

import pytest
import time_machine
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from openpyxl import load_workbook

from khcn.accounts.scoping import scope_for
from khcn.core.home_cards import cards_for
from khcn.core.navigation import nav_for
from khcn.products.models import IpDocument, IpStage, OcopRating
from khcn.products.services import ip as ip_services
from khcn.products.services.ocop import ocop_rating_create
from khcn.products.tests.factories import ProductFactory
from khcn.products.tests.factories_ip import dossier

pytestmark = pytest.mark.django_db
TODAY = date(2026, 3, 10)
PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


@pytest.fixture
def two_wards(dept_officer, ward_a, ward_b):
    """A dossier and a rating in each ward."""
    product_a = ProductFactory.create(unit=ward_a, name="Bưởi đỏ Mê Linh")
    product_b = ProductFactory.create(unit=ward_b, name="Rau an toàn Quang Minh")
    asset_a = dossier(user=dept_officer, unit=ward_a, to=IpStage.FILED, name="Bưởi đỏ Mê Linh", products=[product_a])
    asset_b = dossier(user=dept_officer, unit=ward_b, to=IpStage.GRANTED, name="Rau Quang Minh", products=[product_b])
    with time_machine.travel(TODAY):
        rating_a = ocop_rating_create(
            user=dept_officer,
            product=product_a,
            stars=4,
            score=Decimal("80"),
            rating_year=2023,
            decision_number="11/QĐ-UBND",
            decision_date=date(2023, 5, 1),
        )
        rating_b = ocop_rating_create(
            user=dept_officer,
            product=product_b,
            stars=3,
            score=Decimal("60"),
            rating_year=2024,
            decision_number="22/QĐ-UBND",
            decision_date=date(2024, 5, 1),
        )
    return {"a": asset_a, "b": asset_b, "rating_a": rating_a, "rating_b": rating_b, "pa": product_a, "pb": product_b}


def _names(response) -> str:
    return response.content.decode()


def _sheet(response) -> str:
    return str(list(load_workbook(BytesIO(response.content)).worksheets[0].values))


def test_ip_list_filters_searches_and_exports(client, dept_officer, two_wards, ward_b):
    client.force_login(dept_officer)
    url = reverse("products:ip_list")
    with time_machine.travel(TODAY):
        page = client.get(url)
        assert page.status_code == 200
        assert "Bưởi đỏ Mê Linh" in _names(page) and "Rau Quang Minh" in _names(page)
        assert "chậm tiến độ" in _names(page)  # filed in June 2024, well past the 30 days
        stage = client.get(url, {"stage": IpStage.GRANTED})
        assert "Rau Quang Minh" in _names(stage) and "Bưởi đỏ Mê Linh" not in _names(stage)
        stalled = client.get(url, {"alert": "stalled"})
        assert "Bưởi đỏ Mê Linh" in _names(stalled) and "Rau Quang Minh" not in _names(stalled)
        assert "Rau Quang Minh" in _names(client.get(url, {"unit": ward_b.pk}))
        assert "Rau Quang Minh" in _names(client.get(url, {"q": "512345"}))  # the certificate number
        partial = client.get(url, {"kind": "collective_mark"}, HTTP_HX_REQUEST="true", HTTP_HX_TARGET="ip-table")
        assert "<html" not in _names(partial) and "Bưởi đỏ Mê Linh" in _names(partial)
        export = client.get(url, {"export": "xlsx", "stage": IpStage.FILED})
        assert client.get(url, {"stage": "nonsense"}).status_code == 400
    sheet = load_workbook(BytesIO(export.content)).active
    rows = list(sheet.iter_rows(min_row=3, values_only=True))
    assert [r[0] for r in rows] == ["Bưởi đỏ Mê Linh"]


def test_ip_list_empty_state(client, dept_officer):
    client.force_login(dept_officer)
    page = client.get(reverse("products:ip_list"))
    assert "Chưa có hồ sơ nào" in _names(page) and reverse("products:ip_create") in _names(page)


def test_list_queries_do_not_grow(client, dept_officer, ward_a, django_assert_max_num_queries):
    client.force_login(dept_officer)
    for i in range(2):
        dossier(user=dept_officer, unit=ward_a, name=f"Nhãn hiệu {i}")
        ocop_rating_create(
            user=dept_officer,
            product=ProductFactory.create(unit=ward_a),
            stars=3,
            score=Decimal("55"),
            rating_year=2024,
            decision_number=f"{i}/QĐ",
            decision_date=date(2024, 1, 2),
        )
    counts = {}
    for url in (reverse("products:ip_list"), reverse("products:ocop_list")):
        with django_assert_max_num_queries(30) as few:
            client.get(url)
        counts[url] = len(few.captured_queries)
    for i in range(2, 12):
        dossier(user=dept_officer, unit=ward_a, name=f"Nhãn hiệu {i}")
        ocop_rating_create(
            user=dept_officer,
            product=ProductFactory.create(unit=ward_a),
            stars=3,
            score=Decimal("55"),
            rating_year=2024,
            decision_number=f"{i}/QĐ",
            decision_date=date(2024, 1, 2),
        )
    for url, count in counts.items():
        with django_assert_max_num_queries(count):
            client.get(url)


def test_detail_shows_the_timeline_days_and_limit(client, dept_officer, ward_a):
    asset = dossier(user=dept_officer, unit=ward_a, to=IpStage.FILED)
    client.force_login(dept_officer)
    with time_machine.travel(date(2024, 7, 10)):
        page = _names(client.get(asset.get_absolute_url()))
    assert "Tiến trình hồ sơ" in page
    for text in ("02/01/2024", "01/03/2024", "03/06/2024", "Khảo sát", "Đang xây dựng hồ sơ", "Đã nộp đơn"):
        assert text in page
    assert "59 ngày ở giai đoạn này" in page  # survey: 2 January to 1 March 2024
    assert "30 ngày, đến 03/07/2024" in page  # the limit of the filing stage
    assert "quá thời hạn 30 ngày" in page  # 37 days on 10 July


def test_create_and_edit_a_dossier(client, dept_officer, ward_a):
    product = ProductFactory.create(unit=ward_a)
    with time_machine.travel(TODAY):
        client.force_login(dept_officer)
        response = client.post(
            reverse("products:ip_create"),
            {
                "name": "Hoa đào Phù Trì",
                "kind": "collective_mark",
                "unit": ward_a.pk,
                "owner_name": "HTX hoa đào",
                "products": [product.pk],
                "stage": "survey",
                "stage_since": "02/02/2026",
                "note": "Khảo sát.",
            },
        )
        assert response.status_code == 302
        asset = product.ip_assets.get()
        assert asset.events.get().on == date(2026, 2, 2)
        edit = reverse("products:ip_edit", args=[asset.pk])
        data = {
            "name": "Hoa đào Phù Trì Mê Linh",
            "kind": "collective_mark",
            "unit": ward_a.pk,
            "owner_name": "HTX hoa đào",
            "products": [product.pk],
            "loaded_version": 1,
        }
        assert client.post(edit, data).status_code == 302
        stale = client.post(edit, {**data, "name": "Tên khác"})
    assert stale.status_code == 422 and "Giá trị người khác đã lưu" in _names(stale)
    asset.refresh_from_db()
    assert asset.name == "Hoa đào Phù Trì Mê Linh"


def test_officer_cannot_open_or_move_dossiers(client, officer_a, dept_officer, ward_a):
    asset = dossier(user=dept_officer, unit=ward_a)
    client.force_login(officer_a)
    assert client.get(reverse("products:ip_create")).status_code == 403
    page = _names(client.get(asset.get_absolute_url()))
    assert "Chuyển giai đoạn" not in page and "Đính kèm tài liệu" in page
    move = client.post(reverse("products:ip_move", args=[asset.pk]), {"to_stage": "dossier", "on": "01/02/2024"})
    assert move.status_code == 403


def test_move_and_refusal_is_asked_first(client, dept_officer, ward_a):
    asset = dossier(user=dept_officer, unit=ward_a, to=IpStage.FORMAL_EXAM)
    client.force_login(dept_officer)
    url = reverse("products:ip_move", args=[asset.pk])
    with time_machine.travel(TODAY):
        bad = client.post(url, {"to_stage": "published", "on": "01/01/2024", "loaded_version": asset.version})
        assert bad.status_code == 422 and "ngày của giai đoạn trước" in _names(bad)
        data = {"to_stage": "refused", "on": "05/03/2026", "note": "Trùng nhãn hiệu.", "loaded_version": asset.version}
        question = client.post(url, data)
        assert question.status_code == 200 and "Đóng hồ sơ?" in _names(question)
        asset.refresh_from_db()
        assert asset.stage == IpStage.FORMAL_EXAM
        assert client.post(url, {**data, "confirmed": "1"}).status_code == 302
    asset.refresh_from_db()
    assert asset.stage == IpStage.REFUSED


def test_documents_upload_and_download_within_scope(client, dept_officer, officer_a, officer_b, ward_a):
    asset = dossier(user=dept_officer, unit=ward_a, to=IpStage.DOSSIER)
    client.force_login(officer_a)
    upload = SimpleUploadedFile("to-khai.pdf", PDF, content_type="application/pdf")
    response = client.post(
        reverse("products:ip_document_add", args=[asset.pk]), {"stage": "dossier", "title": "Tờ khai", "file": upload}
    )
    assert response.status_code == 302
    document = IpDocument.objects.get()
    fake = SimpleUploadedFile("virus.pdf", b"MZ not a pdf", content_type="application/pdf")
    refused = client.post(reverse("products:ip_document_add", args=[asset.pk]), {"stage": "dossier", "file": fake})
    assert refused.status_code == 422
    url = reverse("products:ip_document_file", args=[asset.pk, document.pk])
    assert "Tờ khai" in _names(client.get(asset.get_absolute_url()))
    download = client.get(url)
    assert download.status_code == 200 and download["Content-Disposition"].startswith("attachment")
    client.force_login(officer_b)
    assert client.get(url).status_code == 404


def test_ocop_list_filters_and_exports(client, dept_officer, two_wards, ward_a):
    client.force_login(dept_officer)
    url = reverse("products:ocop_list")
    with time_machine.travel(TODAY):
        page = _names(client.get(url))
        assert "Bưởi đỏ Mê Linh" in page and "Rau an toàn Quang Minh" in page
        assert "Rau an toàn" not in _names(client.get(url, {"stars": 4}))
        assert "Rau an toàn" not in _names(client.get(url, {"year": 2023}))
        assert "Rau an toàn" not in _names(client.get(url, {"unit": ward_a.pk}))
        expiring = _names(client.get(url, {"validity": "expiring"}))  # 4★ ends 1 May 2026
        assert "Bưởi đỏ Mê Linh" in expiring and "Rau an toàn" not in expiring
        export = client.get(url, {"export": "xlsx"})
    rows = list(load_workbook(BytesIO(export.content)).active.iter_rows(min_row=3, values_only=True))
    assert sorted(r[0] for r in rows) == ["Bưởi đỏ Mê Linh", "Rau an toàn Quang Minh"]


def test_ocop_add_from_the_product(client, dept_officer, officer_a, ward_a):
    product = ProductFactory.create(unit=ward_a)
    url = reverse("products:ocop_add", args=[product.pk])
    client.force_login(officer_a)
    assert client.get(url).status_code == 403
    client.force_login(dept_officer)
    data = {"stars": 5, "score": "85", "rating_year": 2025, "decision_number": "9/QĐ", "decision_date": "10/06/2025"}
    with time_machine.travel(TODAY):
        bad = client.post(url, data)
        assert bad.status_code == 422 and "tương ứng 4 sao" in _names(bad)
        assert client.post(url, {**data, "stars": 4}).status_code == 302
        rating = OcopRating.objects.get()
        assert rating.valid_until == date(2028, 6, 10)
        assert client.get(reverse("products:ocop_edit", args=[rating.pk])).status_code == 200


def test_product_page_partials_list_marks_and_ratings(client, dept_officer, two_wards):
    client.force_login(dept_officer)
    with time_machine.travel(TODAY):
        page = _names(client.get(two_wards["pb"].get_absolute_url()))
    assert "Rau Quang Minh" in page and "Văn bằng số 512345" in page and two_wards["b"].get_absolute_url() in page
    assert "22/QĐ-UBND" in page and reverse("products:ocop_add", args=[two_wards["pb"].pk]) in page


@pytest.mark.parametrize("kind", ["page", "export", "api"])
def test_ward_a_never_sees_ward_b(client, officer_a, two_wards, kind):
    client.force_login(officer_a)
    if kind == "page":
        ip = _names(client.get(reverse("products:ip_list")))
        ocop = _names(client.get(reverse("products:ocop_list")))
        assert client.get(two_wards["b"].get_absolute_url()).status_code == 404
        assert client.get(reverse("products:ocop_edit", args=[two_wards["rating_b"].pk])).status_code == 404
    elif kind == "export":
        ip = client.get(reverse("products:ip_list"), {"export": "xlsx"}).content.decode("latin-1")
        ip = str(
            list(
                load_workbook(
                    BytesIO(client.get(reverse("products:ip_list"), {"export": "xlsx"}).content)
                ).active.values
            )
        )
        ocop = str(
            list(
                load_workbook(
                    BytesIO(client.get(reverse("products:ocop_list"), {"export": "xlsx"}).content)
                ).active.values
            )
        )
    else:
        ip = str(client.get("/api/v1/ip-assets/").json())
        ocop = str(client.get("/api/v1/ocop-ratings/").json())
        assert client.get(f"/api/v1/ip-assets/{two_wards['b'].pk}/").status_code == 404
        assert client.get(f"/api/v1/ocop-ratings/{two_wards['rating_b'].pk}/").status_code == 404
    assert "Bưởi đỏ Mê Linh" in ip and "Rau Quang Minh" not in ip
    assert "Bưởi đỏ Mê Linh" in ocop and "Quang Minh" not in ocop


def test_menu_and_home_cards(dept_officer, officer_a, officer_b, two_wards):
    labels = [i["label"] for i in nav_for(officer_a)]
    assert "Marks and geographical indications" in [str(x) for x in labels] or "Nhãn hiệu, chỉ dẫn địa lý" in labels
    with time_machine.travel(TODAY):
        mine = {c["card"].key: c["data"] for c in cards_for(officer_a, scope_for(officer_a), TODAY)}
        theirs = {c["card"].key: c["data"] for c in cards_for(officer_b, scope_for(officer_b), TODAY)}
        dept = {c["card"].key: c["data"] for c in cards_for(dept_officer, scope_for(dept_officer), TODAY)}
    assert mine["ip_stalled"].count == 1 and mine["ip_stalled"].rows[0].title == "Bưởi đỏ Mê Linh"
    assert mine["ocop_expiring"].count == 1
    assert theirs["ip_stalled"].count == 0 and theirs["ocop_expiring"].count == 0
    assert dept["ip_stalled"].count == 1 and dept["ocop_expiring"].count == 1
    assert dept["ip_renewal"].count == 0  # Rau Quang Minh is protected until 2034


def test_api_creates_moves_and_checks_scope(client, dept_officer, officer_a, ward_a, ward_b):
    from conftest import make_user
    from khcn.accounts.roles import Role

    ward_a_staff = make_user("staff_a", Role.DEPARTMENT_OFFICER, unit=ward_a)
    product_b = ProductFactory.create(unit=ward_b)
    client.force_login(ward_a_staff)
    body = {
        "name": "Gạo nếp cái hoa vàng",
        "kind": "collective_mark",
        "unit": ward_b.pk,
        "owner_name": "HTX",
        "stage_since": "2026-01-05",
    }
    with time_machine.travel(TODAY):
        assert client.post("/api/v1/ip-assets/", body, content_type="application/json").status_code == 400
        bad_products = client.post(
            "/api/v1/ip-assets/",
            {**body, "unit": ward_a.pk, "products": [product_b.pk]},
            content_type="application/json",
        )
        assert bad_products.status_code == 400 and "products" in bad_products.json()["errors"]
        client.force_login(dept_officer)
        created = client.post("/api/v1/ip-assets/", body, content_type="application/json")
        assert created.status_code == 201, created.json()
        asset = created.json()
        assert [e["stage"] for e in asset["events"]] == ["survey"]
        skip = client.post(
            f"/api/v1/ip-assets/{asset['id']}/move/",
            {"to_stage": "filed", "on": "2026-02-01"},
            content_type="application/json",
        )
        assert skip.status_code == 400
        moved = client.post(
            f"/api/v1/ip-assets/{asset['id']}/move/",
            {"to_stage": "dossier", "on": "2026-02-01", "version": asset["version"]},
            content_type="application/json",
        )
        assert moved.status_code == 200 and moved.json()["stage"] == "dossier"
        stale = client.post(
            f"/api/v1/ip-assets/{asset['id']}/move/",
            {"to_stage": "withdrawn", "on": "2026-02-02", "version": asset["version"]},
            content_type="application/json",
        )
        assert stale.status_code == 409
        rating = client.post(
            "/api/v1/ocop-ratings/",
            {
                "product": product_b.pk,
                "stars": 4,
                "score": "72",
                "rating_year": 2025,
                "decision_number": "5/QĐ",
                "decision_date": "2025-06-01",
            },
            content_type="application/json",
        )
        assert rating.status_code == 201 and rating.json()["valid_until"] == "2028-06-01"
        client.force_login(officer_a)
        refused = client.post(
            "/api/v1/ocop-ratings/",
            {
                "product": product_b.pk,
                "stars": 4,
                "score": "72",
                "rating_year": 2025,
                "decision_number": "6/QĐ",
                "decision_date": "2025-06-01",
            },
            content_type="application/json",
        )
        assert refused.status_code == 400
    assert ip_services.MOVE_NOT_ALLOWED

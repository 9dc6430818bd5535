"""The register's pages, API, import and city figures."""

from datetime import date
from io import BytesIO

from django.db import connection
from django.test.utils import CaptureQueriesContext
from openpyxl import Workbook, load_workbook

from khcn.core import city_figures
from khcn.enterprises import excel
from khcn.enterprises.models import Certificate
from khcn.enterprises.tests.factories import CertificateFactory, IncentiveFactory

LIST = "/enterprises/certificates/"


def test_only_the_department_opens_the_register(client, officer_a, dept_officer, company_a):
    certificate = CertificateFactory.create(organisation=company_a)
    client.force_login(officer_a)
    assert client.get(LIST).status_code == 403
    assert client.get(certificate.get_absolute_url()).status_code in (403, 404)
    client.force_login(dept_officer)
    assert "empty-state" not in client.get(LIST).content.decode()


def test_empty_state(client, dept_officer):
    client.force_login(dept_officer)
    assert "empty-state" in client.get(LIST).content.decode()


def test_list_filters_and_export(client, dept_officer, company_a, company_b):
    kept = CertificateFactory.create(organisation=company_a, issued_on=date(2025, 1, 1))
    IncentiveFactory.create(certificate=kept)
    CertificateFactory.create(organisation=company_b, issued_on=date(2025, 2, 1), revoked_on=date(2026, 1, 1))
    client.force_login(dept_officer)
    assert [c.pk for c in client.get(LIST, {"state": "valid"}).context["table"].data] == [kept.pk]
    assert [c.pk for c in client.get(LIST, {"incentive": "tax_exemption"}).context["table"].data] == [kept.pk]
    assert len(client.get(LIST, {"q": "cam bien"}).context["table"].data) == 1
    assert len(client.get(LIST, {"valid_in": 2025}).context["table"].data) == 2
    assert len(client.get(LIST, {"valid_in": 2026}).context["table"].data) == 1
    assert client.get(LIST, {"valid_in": "1e30"}).status_code == 400
    sheet = load_workbook(BytesIO(client.get(LIST, {"export": "xlsx"}).content)).active
    rows = list(sheet.iter_rows(values_only=True))
    assert len(rows) == 4 and {r[0] for r in rows[2:]} == {
        kept.number,
        Certificate.objects.exclude(pk=kept.pk).get().number,
    }
    assert "Đã thu hồi 01/01/2026" in [r[-1] for r in rows[2:]]


def test_list_query_count_does_not_grow(client, dept_officer, company_a, django_assert_max_num_queries):
    client.force_login(dept_officer)
    for _i in range(3):
        IncentiveFactory.create(certificate__organisation=company_a)
    with CaptureQueriesContext(connection) as few:
        client.get(LIST)
    for _i in range(8):
        IncentiveFactory.create(certificate__organisation=company_a)
    with django_assert_max_num_queries(len(few)):
        client.get(LIST)


def test_revocation_is_asked_first(client, dept_officer, company_a):
    certificate = CertificateFactory.create(organisation=company_a)
    client.force_login(dept_officer)
    body = {"revoked_on": "01/09/2026", "reason": "Vi phạm", "loaded_version": 1}
    asked = client.post(f"{certificate.get_absolute_url()}revoke/", body)
    assert asked.status_code == 200 and 'name="confirmed"' in asked.content.decode()
    certificate.refresh_from_db()
    assert certificate.revoked_on is None
    assert client.post(f"{certificate.get_absolute_url()}revoke/", {**body, "confirmed": "1"}).status_code == 302
    certificate.refresh_from_db()
    assert certificate.revoked_on == date(2026, 9, 1)
    page = client.get(certificate.get_absolute_url())
    assert page.status_code == 200 and "Vi phạm" in page.content.decode()


def test_create_keeps_what_was_typed_on_error(client, dept_officer, company_a):
    CertificateFactory.create(organisation=company_a, number="07/2026/DNKHCN")
    client.force_login(dept_officer)
    body = {
        "number": "07/2026/DNKHCN",
        "issued_on": "02/03/2026",
        "organisation": company_a.pk,
        "results": "Kết quả mới",
    }
    page = client.post("/enterprises/certificates/new/", body)
    assert page.status_code == 422 and "Kết quả mới" in page.content.decode()
    assert client.post("/enterprises/certificates/new/", {**body, "number": "08/2026/DNKHCN"}).status_code == 302


def test_city_figures_link_to_what_they_count(client, dept_officer, company_a):
    CertificateFactory.create(organisation=company_a, issued_on=date(2026, 2, 1))
    CertificateFactory.create(organisation=company_a, issued_on=date(2025, 2, 1), revoked_on=date(2026, 3, 1))
    CertificateFactory.create(organisation=company_a, issued_on=date(2024, 1, 10))
    certified = city_figures.get("enterprises.certified")
    valid = city_figures.get("enterprises.valid_total")
    assert certified is not None and valid is not None
    client.force_login(dept_officer)
    for figure, year, expected in [(certified, 2026, 1), (valid, 2025, 2), (valid, 2026, 2), (valid, 2023, 0)]:
        assert figure.value(year) == expected
        assert len(client.get(figure.url(year)).context["table"].data) == expected


def test_api_lists_certificates_with_incentives(client, dept_officer, officer_a, company_a, company_b):
    IncentiveFactory.create(certificate__organisation=company_a)
    CertificateFactory.create(organisation=company_b, revoked_on=date(2026, 5, 1))
    client.force_login(dept_officer)
    body = client.get("/api/v1/enterprises/certificates/").json()
    assert body["count"] == 2
    assert client.get("/api/v1/enterprises/certificates/", {"revoked": "true"}).json()["count"] == 1
    client.force_login(officer_a)  # a unit officer: only the enterprises of their unit
    rows = client.get("/api/v1/enterprises/certificates/").json()["results"]
    assert [r["organisation"] for r in rows] == [company_a.pk]
    assert rows[0]["incentives"][0]["kind"] == "tax_exemption"


def _workbook(*rows: list) -> BytesIO:
    wb = Workbook()
    ws = wb.active
    assert ws is not None
    ws.title = excel.SHEET
    ws.append(excel.HEADERS)
    for row in rows:
        ws.append(row)
    out = BytesIO()
    wb.save(out)
    out.seek(0)
    out.name = "dn.xlsx"
    return out


def test_import_is_atomic_and_reports_every_bad_row(client, dept_officer, company_a, company_b):
    client.force_login(dept_officer)
    bad = _workbook(
        ["01/2026/DNKHCN", date(2026, 3, 2), "0109000101", "Sáng chế", "", ""],
        ["", "32/02/2026", "Không có", "", "", ""],
        ["01/2026/DNKHCN", date(2026, 3, 2), "0109000102", "Sáng chế", "", ""],
    )
    page = client.post("/enterprises/certificates/import/", {"file": bad})
    assert page.status_code == 422
    assert {(e.row, e.column) for e in page.context["result"].errors} == {
        (3, excel.HEADERS[0]),
        (3, excel.HEADERS[1]),
        (3, excel.HEADERS[2]),
        (3, excel.HEADERS[3]),
        (4, excel.HEADERS[0]),
    }
    assert Certificate.objects.count() == 0
    good = _workbook(
        ["01/2026/DNKHCN", date(2026, 3, 2), "0109000101", "Sáng chế", "Cảm biến", ""],
        ["02/2026/DNKHCN", "05/03/2026", company_b.name, "Giống lúa", "", ""],
    )
    assert client.post("/enterprises/certificates/import/", {"file": good}).status_code == 200
    assert Certificate.objects.count() == 2
    template = load_workbook(BytesIO(client.get("/enterprises/certificates/import/template/").content))[excel.SHEET]
    assert [c.value for c in template[1]] == excel.HEADERS

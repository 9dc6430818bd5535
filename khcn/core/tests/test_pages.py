from io import BytesIO

import pytest
from django.db import connections
from django.urls import reverse
from openpyxl import load_workbook

from khcn.geo.models import Organisation, OrganisationKind

pytestmark = pytest.mark.django_db


def test_healthz_reports_database_ok(client):
    response = client.get("/healthz")
    assert response.status_code == 200
    assert response.json()["database"] == "ok"


def test_healthz_answers_503_when_database_is_down(client, monkeypatch):
    def broken_cursor(*args, **kwargs):
        raise OSError("connection refused")

    monkeypatch.setattr(connections["default"], "cursor", broken_cursor)
    response = client.get("/healthz")
    assert response.status_code == 503
    assert response.json()["database"] == "unavailable"


def test_favicon_ico_leads_to_the_icon_for_anyone(client):
    response = client.get("/favicon.ico")
    assert response.status_code == 302
    assert response["Location"].endswith(".svg")
    assert "favicon" in response["Location"]


def test_every_page_links_its_icon(client):
    html = client.get("/").content.decode()
    assert '<link rel="icon" href="/static/img/favicon' in html


def test_pages_send_a_strict_content_security_policy(client):
    policy = client.get("/")["Content-Security-Policy"]
    assert "script-src 'self'" in policy
    assert "unsafe-inline" not in policy


def test_organisation_list_sorts_filters_and_pages(client, officer_a, ward_a):
    for i in range(30):
        Organisation.objects.create(name=f"Doanh nghiệp {i:02d}", kind=OrganisationKind.ENTERPRISE, unit=ward_a)
    Organisation.objects.create(name="Đài truyền thanh", kind=OrganisationKind.OTHER, unit=ward_a)
    client.force_login(officer_a)
    url = reverse("geo:organisation_list")
    first_page = client.get(url)
    table = first_page.context["table"]
    assert table.paginator.count == 31 and len(table.page.object_list) == 25
    desc = client.get(url + "?sort=-name").context["table"]
    assert desc.page.object_list.data[0].name == "Đài truyền thanh"  # đ sorts after d
    filtered = client.get(url + "?kind=other").context["table"]
    assert filtered.paginator.count == 1
    searched = client.get(url + "?q=dai truyen").context["table"]
    assert [o.name for o in searched.page.object_list.data] == ["Đài truyền thanh"]


def test_organisation_export_is_what_the_list_shows(client, dept_officer, ward_a):
    for i in range(30):
        Organisation.objects.create(name=f"Doanh nghiệp {i:02d}", kind=OrganisationKind.ENTERPRISE, unit=ward_a)
    Organisation.objects.create(name="Hợp tác xã A", kind=OrganisationKind.COOPERATIVE, unit=ward_a)
    client.force_login(dept_officer)
    response = client.get(reverse("geo:organisation_list") + "?kind=enterprise&sort=-name&export=xlsx")
    sheet = load_workbook(BytesIO(response.content)).active
    rows = list(sheet.iter_rows(min_row=3, values_only=True))
    assert len(rows) == 30  # every filtered row, not only the first page
    assert rows[0][0] == "Doanh nghiệp 29"
    assert sheet.cell(row=2, column=1).value == "Tên"


def test_organisation_list_query_count_does_not_grow(client, dept_officer, ward_a, django_assert_max_num_queries):
    client.force_login(dept_officer)
    for i in range(3):
        Organisation.objects.create(name=f"A{i}", kind=OrganisationKind.ENTERPRISE, unit=ward_a)
    client.get(reverse("geo:organisation_list"))
    for i in range(40):
        Organisation.objects.create(name=f"B{i}", kind=OrganisationKind.ENTERPRISE, unit=ward_a)
    with django_assert_max_num_queries(12):
        client.get(reverse("geo:organisation_list"))


def test_unit_tree_page_and_htmx_fragment(client, officer_a):
    client.force_login(officer_a)
    page = client.get(reverse("geo:unit_tree") + "?era=former")
    assert "Huyện Mê Linh" in page.content.decode()
    fragment = client.get(
        reverse("geo:unit_tree") + "?q=me+linh&era=former", headers={"HX-Request": "true", "HX-Target": "unit-results"}
    )
    body = fragment.content.decode()
    assert "<html" not in body
    assert "Huyện Mê Linh" in body and "Xã Mê Linh" in body


def test_unit_tree_query_count_is_constant(client, officer_a, django_assert_max_num_queries):
    client.force_login(officer_a)
    with django_assert_max_num_queries(11):
        client.get(reverse("geo:unit_tree"))
    with django_assert_max_num_queries(11):
        client.get(reverse("geo:unit_tree") + "?q=xa&era=former")


def test_unit_tree_export(client, officer_a):
    client.force_login(officer_a)
    response = client.get(reverse("geo:unit_tree") + "?era=former&export=xlsx")
    sheet = load_workbook(BytesIO(response.content)).active
    names = [r[1] for r in sheet.iter_rows(min_row=3, values_only=True)]
    assert len(names) == 30 and "Huyện Mê Linh" in names


def test_out_of_scope_page_is_a_friendly_404(client, officer_a, org_b):
    client.force_login(officer_a)
    response = client.get(reverse("geo:organisation_detail", args=[org_b.pk]))
    assert response.status_code == 404
    assert "Trang chủ" in response.content.decode() or "trang chủ" in response.content.decode()


def test_background_requests_get_401_when_the_session_expired(client):
    response = client.post("/reporting/reports/1/save/", headers={"HX-Request": "true"})
    assert response.status_code == 401
    plain = client.post("/reporting/reports/1/save/")
    assert plain.status_code == 302 and plain["Location"].startswith(reverse("accounts:login"))


def test_visitors_switch_language_with_a_link_that_stays_on_the_site(client):
    response = client.get(reverse("core:language"), {"language": "en", "next": "/research/results/?q=lúa"})
    assert response.status_code == 302 and response["Location"] == "/research/results/?q=l%C3%BAa"
    assert response.cookies["django_language"].value == "en"
    assert "Science, technology and innovation" in client.get("/").content.decode()
    away = client.get(reverse("core:language"), {"language": "vi", "next": "https://example.com/"})
    assert away["Location"] == "/"
    unknown = client.get(reverse("core:language"), {"language": "xx", "next": "/"})
    assert "django_language" not in unknown.cookies


def test_a_public_page_carries_no_csrf_token_and_sets_no_cookie(client, officer_a):
    page = client.get("/")
    assert "csrfmiddlewaretoken" not in page.content.decode() and not page.cookies
    assert f'action="{reverse("core:language")}" method="get"' in page.content.decode()
    client.force_login(officer_a)
    signed_in = client.get("/").content.decode()
    assert 'method="post" class="lang-switch"' in signed_in and "csrfmiddlewaretoken" in signed_in

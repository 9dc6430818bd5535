"""The search pages, the header box's suggestions and the API: scope, grouping, escaping, queries."""

import pytest
from django.urls import reverse

from khcn.geo.models import UnitLevel
from khcn.reporting.models import ReportSection
from khcn.reporting.tests.factories import ReportFactory
from khcn.search.forms import SearchForm, unit_choices
from khcn.search.tests.conftest import index_rows

pytestmark = pytest.mark.django_db

URL = reverse("search:search")


def test_results_are_grouped_by_kind_with_marked_words(client, dept_officer, ward_a, item):
    item(ward_a, "Xử lý ô nhiễm làng nghề")
    report = ReportFactory.create(unit=ward_a)
    ReportSection.objects.create(report=report, key="difficulties", text="Ô nhiễm làng nghề kéo dài")
    index_rows(report)
    client.force_login(dept_officer)
    response = client.get(URL, {"q": "o nhiem lang nghe"})
    assert response.status_code == 200
    body = response.content.decode()
    assert "Theo dõi kiến nghị" in body and "Báo cáo định kỳ" in body
    assert "<mark>ô</mark> <mark>nhiễm</mark> <mark>làng</mark> <mark>nghề</mark>" in body


def test_a_commune_officer_is_shown_nothing_of_another_commune(client, officer_a, dept_officer, ward_a, ward_b, item):
    item(ward_a, "Kiến nghị máy sấy nông sản của xã A")
    item(ward_b, "Kiến nghị máy sấy nông sản của xã B")
    client.force_login(officer_a)
    body = client.get(URL, {"q": "may say nong san"}).content.decode()
    assert "xã A" in body and "xã B" not in body
    client.force_login(dept_officer)
    body = client.get(URL, {"q": "may say nong san"}).content.decode()
    assert "xã A" in body and "xã B" in body


def test_snippets_escape_the_records_text(client, dept_officer, ward_a, item):
    item(ward_a, 'Đề nghị hỗ trợ\n<script>alert("x")</script> máy sấy nông sản')
    client.force_login(dept_officer)
    body = client.get(URL, {"q": "may say"}).content.decode()
    assert "<script>alert" not in body
    assert "&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt; <mark>máy</mark> <mark>sấy</mark>" in body


def test_the_results_page_costs_a_fixed_number_of_queries(
    client, dept_officer, ward_a, ward_b, item, django_assert_max_num_queries
):
    client.force_login(dept_officer)
    item(ward_a, "Chuyển đổi số cấp xã")
    client.get(URL, {"q": "chuyen doi so"})  # sessions, scope: warm
    with django_assert_max_num_queries(9) as few:
        client.get(URL, {"q": "chuyen doi so"})
    for n in range(15):
        item(ward_a if n % 2 else ward_b, f"Chuyển đổi số cấp xã lần {n}")
    with django_assert_max_num_queries(len(few.captured_queries)):
        response = client.get(URL, {"q": "chuyen doi so"})
    assert "16" in response.content.decode()


def test_the_results_page_costs_the_same_queries_whatever_the_kinds_found(
    client, dept_officer, ward_a, item, django_assert_max_num_queries
):
    client.force_login(dept_officer)
    item(ward_a, "Máy sấy nông sản")
    client.get(URL, {"q": "may say nong san"})  # sessions, scope: warm
    with django_assert_max_num_queries(9) as one_kind:
        client.get(URL, {"q": "may say nong san"})
    report = ReportFactory.create(unit=ward_a)
    ReportSection.objects.create(report=report, key="requests", text="Đề nghị hỗ trợ máy sấy nông sản")
    index_rows(report)
    # The two kinds' visibility is one query, not one per kind.
    with django_assert_max_num_queries(len(one_kind.captured_queries)):
        response = client.get(URL, {"q": "may say nong san"})
    body = response.content.decode()
    assert "Theo dõi kiến nghị" in body and "Báo cáo định kỳ" in body


def test_show_more_lists_one_kind_page_by_page(client, dept_officer, ward_a, item):
    for n in range(25):
        item(ward_a, f"Hỗ trợ chuyển đổi số đợt {n}")
    client.force_login(dept_officer)
    body = client.get(URL, {"q": "chuyen doi so"}).content.decode()
    assert "kind=meetings.followup" in body  # "Xem thêm"
    page = client.get(URL, {"q": "chuyen doi so", "kind": "meetings.followup"})
    assert page.context["page"].paginator.count == 25 and len(page.context["hits"]) == 20
    page2 = client.get(URL, {"q": "chuyen doi so", "kind": "meetings.followup", "page": 2})
    assert len(page2.context["hits"]) == 5


def test_an_empty_query_and_no_hit_show_an_empty_state(client, dept_officer):
    client.force_login(dept_officer)
    assert "empty-state" in client.get(URL).content.decode()
    assert "Không tìm thấy" in client.get(URL, {"q": "qqqqzzzz"}).content.decode()


def test_a_typo_offers_the_corrected_query(client, dept_officer, ward_a, item):
    item(ward_a, "Xử lý ô nhiễm làng nghề")
    client.force_login(dept_officer)
    body = client.get(URL, {"q": "o nhiam"}).content.decode()
    assert "Có phải bạn muốn tìm:" in body and "o nhiem" in body


def test_a_bad_filter_is_refused_without_an_error_page(client, dept_officer):
    client.force_login(dept_officer)
    response = client.get(URL, {"q": "x", "year": "99999", "kind": "nope"})
    assert response.status_code == 200
    assert "results" not in response.context


def test_suggestions_are_links_in_scope(client, officer_a, ward_a, ward_b, item):
    mine = item(ward_a, "Máy sấy nông sản xã A")
    item(ward_b, "Máy sấy nông sản xã B")
    client.force_login(officer_a)
    response = client.get(reverse("search:suggest"), {"q": "may s"}, headers={"HX-Request": "true"})
    body = response.content.decode()
    assert mine.get_absolute_url() in body and "xã B" not in body
    assert "<mark>Máy</mark> <mark>s</mark>ấy" in body  # the last word as typed so far


def test_the_api_answers_with_the_same_scope(client, officer_a, dept_officer, ward_a, ward_b, item):
    mine = item(ward_a, "Máy sấy nông sản xã A")
    item(ward_b, "Máy sấy nông sản xã B")
    client.force_login(officer_a)
    data = client.get("/api/v1/search/", {"q": "may say nong san"}).json()
    assert data["count"] == 1
    assert [(r["kind"], r["id"]) for r in data["results"]] == [("meetings.followup", mine.pk)]
    client.force_login(dept_officer)
    assert client.get("/api/v1/search/", {"q": "may say nong san"}).json()["count"] == 2
    assert client.get("/api/v1/search/", {"q": "x", "year": "1"}).status_code == 400


def test_anonymous_visitors_are_sent_to_sign_in(client):
    assert client.get(URL, {"q": "x"}).status_code == 302
    assert client.get("/api/v1/search/", {"q": "x"}).status_code in (401, 403)


def test_the_unit_filter_offers_the_users_own_units_and_the_districts_in_scope(
    officer_a, dept_officer, province, ward_a
):
    assert list(unit_choices(officer_a)) == [ward_a]
    offered = list(unit_choices(dept_officer))
    assert offered[0] == province and len(offered) > 1
    assert all(u.path.startswith(province.path) for u in offered)
    assert {u.level for u in offered} == {UnitLevel.PROVINCE, UnitLevel.DISTRICT}
    form = SearchForm({"q": "x"}, user=officer_a)
    assert [value for value, _label in form.fields["unit"].choices] == ["", ward_a.pk]


def test_the_units_offered_are_kept_per_scope(client, officer_a, dept_officer, province, ward_a, ward_b):
    """The unit filter's options are read once a minute per scope; each user still sees theirs."""

    def options(user) -> list[str]:  # type: ignore[no-untyped-def]
        client.force_login(user)
        body = client.get(URL, {"q": "x"}).content.decode()
        select = body.split('id="id_unit"', 1)[1].split("</select>", 1)[0]
        return [v for v in select.split('value="')[1:] if v][:50]

    officers = options(officer_a)
    department = options(dept_officer)
    assert [v.split('"')[0] for v in officers] == ["", str(ward_a.pk)]
    assert str(province.pk) in [v.split('"')[0] for v in department] and len(department) > 2
    assert options(officer_a) == officers and options(dept_officer) == department
    form = SearchForm({"q": "x", "unit": str(ward_b.pk)}, user=officer_a)
    assert not form.is_valid() and "unit" in form.errors  # still validated against the scope

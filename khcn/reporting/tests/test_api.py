import pytest

from khcn.reporting import services
from khcn.reporting.models import ReportStatus

pytestmark = pytest.mark.django_db


@pytest.fixture
def report_a(period, officer_a, ward_a):
    return services.report_open(period=period, unit=ward_a, user=officer_a)


@pytest.fixture
def report_b(period, officer_b, ward_b):
    return services.report_open(period=period, unit=ward_b, user=officer_b)


VALUES = {
    "A1": {"value": "1.200"},
    "A2": {"value": "1150"},
    "A3": {"value": "95,8"},
    "A4": {"value": "87"},
    "A5": {"numerator": "5", "denominator": "18"},
    "A6": {"value": "1"},
}


def test_api_lists_only_reports_in_scope(client, officer_a, report_a, report_b):
    client.force_login(officer_a)
    ids = [r["id"] for r in client.get("/api/v1/reports/").json()["results"]]
    assert ids == [report_a.pk]
    assert client.get(f"/api/v1/reports/{report_b.pk}/").status_code == 404
    write = client.post(
        f"/api/v1/reports/{report_b.pk}/save/", {"version": 1, "values": VALUES}, content_type="application/json"
    )
    assert write.status_code == 404


def test_api_write_validates_like_the_page(client, officer_a, report_a, indicators):
    client.force_login(officer_a)
    url = f"/api/v1/reports/{report_a.pk}/save/"
    bad = dict(VALUES, A5={"numerator": "20", "denominator": "18"})
    response = client.post(url, {"version": 1, "values": bad, "submit": True}, content_type="application/json")
    assert response.status_code == 400
    assert [e["code"] for e in response.json()["errors"]["A5"]] == ["ratio_order"]
    report_a.refresh_from_db()
    assert report_a.status == ReportStatus.DRAFT and report_a.version == 2  # valid values kept as draft
    ok = client.post(
        url,
        {"version": 2, "values": VALUES, "submit": True, "sections": {"requests": "Tập huấn chuyển đổi số"}},
        content_type="application/json",
    )
    assert ok.status_code == 200, ok.json()
    body = ok.json()
    assert body["status"] == "submitted"
    assert {v["indicator"]: v["display"] for v in body["values"]}["A5"] == "5/18"
    assert body["sections"]["requests"] == "Tập huấn chuyển đổi số"


def test_api_partial_write_keeps_other_values(client, officer_a, report_a, indicators):
    client.force_login(officer_a)
    url = f"/api/v1/reports/{report_a.pk}/save/"
    assert client.post(url, {"version": 1, "values": VALUES}, content_type="application/json").status_code == 200
    client.post("/i18n/setlang/", {"language": "en"})  # English UI must not change number reading
    partial = client.post(url, {"version": 2, "values": {"A4": {"value": "90"}}}, content_type="application/json")
    assert partial.status_code == 200
    values = {v["indicator"]: v for v in partial.json()["values"]}
    assert float(values["A1"]["number"]) == 1200 and float(values["A4"]["number"]) == 90


def test_api_stale_write_is_a_conflict(client, officer_a, dept_officer, report_a):
    url = f"/api/v1/reports/{report_a.pk}/save/"
    client.force_login(officer_a)
    assert client.post(url, {"version": 1, "values": VALUES}, content_type="application/json").status_code == 200
    # The same person saving again from the version they loaded is not a conflict…
    again = client.post(url, {"version": 1, "values": VALUES}, content_type="application/json")
    assert again.status_code == 200
    client.force_login(dept_officer)
    assert client.post(url, {"version": 3, "values": VALUES}, content_type="application/json").status_code == 200
    # …but a save by someone else in between is.
    client.force_login(officer_a)
    stale = client.post(url, {"version": 3, "values": VALUES}, content_type="application/json")
    assert stale.status_code == 409 and stale.json()["current_version"] == 4


def test_api_unknown_indicator_is_refused(client, officer_a, report_a):
    client.force_login(officer_a)
    response = client.post(
        f"/api/v1/reports/{report_a.pk}/save/",
        {"version": 1, "values": {"Z9": {"value": "1"}}},
        content_type="application/json",
    )
    assert response.status_code == 400


def test_api_review_needs_department_role(client, officer_a, dept_officer, report_a):
    client.force_login(officer_a)
    client.post(
        f"/api/v1/reports/{report_a.pk}/save/",
        {"version": 1, "values": VALUES, "submit": True},
        content_type="application/json",
    )
    url = f"/api/v1/reports/{report_a.pk}/review/"
    assert client.post(url, {"action": "approve"}, content_type="application/json").status_code == 403
    client.force_login(dept_officer)
    no_message = client.post(url, {"action": "return"}, content_type="application/json")
    assert no_message.status_code == 400 and no_message.json()["code"] == "message_required"
    assert client.post(url, {"action": "approve"}, content_type="application/json").json()["status"] == "approved"


@pytest.mark.parametrize(
    "body",
    [
        {"values": {"A1": {"value": "1" * 501}}},
        {"values": {"A1": {"value": "1", "explanation": "x" * 4001}}},
        {"sections": {"requests": "x" * 20001}},
    ],
)
def test_api_text_longer_than_its_column_is_refused_and_nothing_saved(client, officer_a, report_a, body):
    client.force_login(officer_a)
    response = client.post(
        f"/api/v1/reports/{report_a.pk}/save/", {"version": 1, **body}, content_type="application/json"
    )
    assert response.status_code == 400
    report_a.refresh_from_db()
    assert report_a.version == 1 and not report_a.values.exists()

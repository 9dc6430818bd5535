"""Every message an integrator reads from the API is Vietnamese (issue 12, #11).

Each kind of bad input is sent; every string in the answer must be Vietnamese (it has the
language's diacritics) and none may be one of DRF's or Django's English messages.
"""

import json
import re

import pytest
from django.test import Client

from khcn.meetings.models import Meeting

pytestmark = pytest.mark.django_db

VIETNAMESE = re.compile(r"[àáạảãâầấậẩẫăằắặẳẵèéẹẻẽêềếệểễìíịỉĩòóọỏõôồốộổỗơờớợởỡùúụủũưừứựửữỳýỵỷỹđ]", re.I)
ENGLISH = [
    "Ensure that",
    "A valid integer is required",
    "A valid number is required",
    "wrong format",
    "This field is required",
    "is not a valid choice",
    "JSON parse error",
    "CSRF Failed",
    "Bad Request",
    "Unknown",
    "Expected a list",
    "Authentication credentials",
    "Not a valid string",
    "Must be a valid boolean",
]


def _strings(body):  # type: ignore[no-untyped-def]
    if isinstance(body, dict):
        for value in body.values():
            yield from _strings(value)
    elif isinstance(body, list):
        for value in body:
            yield from _strings(value)
    elif isinstance(body, str):
        yield body


def assert_vietnamese(response, status: int) -> dict:  # type: ignore[no-untyped-def]
    assert response.status_code == status, response.content[:500]
    assert response["Content-Type"].startswith("application/json")
    body = response.json()
    messages = [s for key, s in _flat(body) if key != "code"]
    assert messages, body
    for message in messages:
        assert VIETNAMESE.search(message), message
        assert not any(english in message for english in ENGLISH), message
    return body


def _flat(body, key=None):  # type: ignore[no-untyped-def]
    if isinstance(body, dict):
        for k, value in body.items():
            yield from _flat(value, k)
    elif isinstance(body, list):
        for value in body:
            yield from _flat(value, key)
    elif isinstance(body, str):
        yield key, body


@pytest.fixture
def api(dept_officer) -> Client:  # type: ignore[no-untyped-def]
    client = Client()
    client.force_login(dept_officer)
    return client


def post(client, url, data):  # type: ignore[no-untyped-def]
    return client.post(url, json.dumps(data), content_type="application/json")


SESSION = {"title": "Làm việc với xã", "starts_at": "2026-12-10T08:00:00+07:00", "place": "Hội trường", "units": [1]}


@pytest.mark.parametrize(
    ("url", "payload", "fields"),
    [
        ("/api/v1/meetings/", {}, {"title", "starts_at", "place", "units"}),  # missing fields
        ("/api/v1/meetings/", {**SESSION, "units": "abc"}, {"units"}),  # wrong type
        ("/api/v1/meetings/", {**SESSION, "units": ["x"]}, {"units"}),  # not an integer
        ("/api/v1/meetings/", {**SESSION, "starts_at": "10/12/2026 8h"}, {"starts_at"}),  # bad datetime
        ("/api/v1/meetings/", {**SESSION, "title": "x" * 400}, {"title"}),  # too long
        ("/api/v1/meetings/", {**SESSION, "unknown": 1}, {"unknown"}),  # unknown field
        ("/api/v1/proposals/", {"call": 1, "title": "Đề tài", "budget_million": "1234567890123"}, {"budget_million"}),
        ("/api/v1/proposals/", {"call": "abc", "title": "Đề tài"}, {"call"}),
        ("/api/v1/followups/", {"kind": "request", "unit": 1, "text": "x", "due_on": "31/12/2026"}, {"due_on"}),
    ],
)
def test_bad_api_input_is_refused_in_vietnamese(api, url, payload, fields):
    body = assert_vietnamese(post(api, url, payload), 400)
    assert fields <= set(body), body


def test_an_unknown_choice_is_refused_in_vietnamese(api):
    assert_vietnamese(api.get("/api/v1/meetings/", {"status": "zzz"}), 400)


def test_bad_json_is_refused_in_vietnamese(api):
    response = api.post("/api/v1/meetings/", '{"title": ', content_type="application/json")
    assert_vietnamese(response, 400)


def test_a_missing_csrf_token_is_refused_in_vietnamese(dept_officer):
    client = Client(enforce_csrf_checks=True)
    client.force_login(dept_officer)
    body = assert_vietnamese(post(client, "/api/v1/meetings/", SESSION), 403)
    assert "CSRF" in body["detail"]


def test_the_csrf_failure_page_is_vietnamese(client):
    page = Client(enforce_csrf_checks=True).post("/accounts/login/", {"username": "a", "password": "b"})
    assert page.status_code == 403
    text = page.content.decode()
    assert "Biểu mẫu đã hết hạn" in text and "CSRF verification failed" not in text


@pytest.mark.parametrize("content_type", ["application/json", "application/x-www-form-urlencoded"])
def test_an_oversized_body_is_a_413_in_vietnamese(api, content_type):
    body = '{"title": "' + "x" * (6 * 1024 * 1024) + '"}'
    if content_type != "application/json":
        body = "title=" + "x" * (6 * 1024 * 1024)
    response = api.post("/api/v1/meetings/", body, content_type=content_type)
    assert_vietnamese(response, 413)


def test_not_signed_in_is_refused_in_vietnamese(client):
    # 401: the token scheme comes first and names itself in WWW-Authenticate.
    assert_vietnamese(client.get("/api/v1/meetings/"), 401)


def test_an_unknown_api_address_is_a_json_404_in_vietnamese(api):
    assert_vietnamese(api.get("/api/v1/no-such-thing/"), 404)


@pytest.mark.parametrize("round_id", [999999, 10**20])
def test_an_unknown_session_round_is_refused_not_dropped(api, ward_a, round_id):
    before = Meeting.objects.count()
    body = assert_vietnamese(post(api, "/api/v1/meetings/", {**SESSION, "units": [ward_a.pk], "round": round_id}), 400)
    assert set(body) == {"round"}
    assert Meeting.objects.count() == before


@pytest.mark.parametrize("starts_at", ["0222-08-28T00:00:00Z", "9999-01-01T00:00:00Z", "1900-01-01T08:00:00+07:00"])
def test_a_session_far_outside_the_years_kept_is_refused(api, ward_a, starts_at):
    """Found by Schemathesis: year 222 was stored and read back with Hà Nội's +07:06:30 of before 1906."""
    before = Meeting.objects.count()
    payload = {**SESSION, "units": [ward_a.pk], "starts_at": starts_at}
    body = assert_vietnamese(post(api, "/api/v1/meetings/", payload), 400)
    assert set(body) == {"starts_at"}
    assert Meeting.objects.count() == before


def test_an_unknown_division_is_refused_not_dropped(api, ward_a):
    payload = {"kind": "request", "unit": ward_a.pk, "text": "Đề nghị hỗ trợ", "assignee_office": 999999}
    body = assert_vietnamese(post(api, "/api/v1/followups/", payload), 400)
    assert set(body) == {"assignee_office"}


def test_messages_follow_the_second_language(api):
    api.cookies["django_language"] = "en"
    response = post(api, "/api/v1/meetings/", {})
    assert response.json()["title"] == ["This field is required."]


def test_every_request_body_refuses_unknown_fields():
    """Each write operation's request serializer is strict (khcn.core.drf.RejectUnknownFieldsMixin)."""
    from drf_spectacular.generators import SchemaGenerator

    from khcn.core.drf import RejectUnknownFieldsMixin

    generator = SchemaGenerator()
    generator._initialise_endpoints()
    checked = []
    for path, _regex, method, callback in generator.endpoints:
        if method not in ("POST", "PUT", "PATCH"):
            continue
        view = generator.create_view(callback, method)
        serializer = view.schema.get_request_serializer()
        if serializer is None:
            continue
        serializer = getattr(serializer, "child", serializer)
        cls = serializer if isinstance(serializer, type) else type(serializer)
        assert issubclass(cls, RejectUnknownFieldsMixin), (method, path, cls.__name__)
        checked.append((method, path))
    assert len(checked) >= 12, checked

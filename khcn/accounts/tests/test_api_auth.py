"""How the API authenticates (tokens, sessions, never HTTP Basic) and throttles its callers."""

import base64
from datetime import date

import pytest

from khcn.accounts import services
from khcn.accounts.models import ApiToken

pytestmark = pytest.mark.django_db

ORGS = "/api/v1/organisations/"


def bearer(secret: str, keyword: str = "Bearer") -> dict[str, str]:
    return {"HTTP_AUTHORIZATION": f"{keyword} {secret}"}


def _ids(response) -> list[int]:
    assert response.status_code == 200, response.content
    return sorted(row["id"] for row in response.json()["results"])


@pytest.mark.parametrize("keyword", ["Bearer", "Token", "bearer"])
def test_a_token_signs_the_request_in_as_its_user(client, officer_a, org_a, keyword):
    _token, secret = services.token_create(user=officer_a, name="Tích hợp")
    assert _ids(client.get(ORGS, **bearer(secret, keyword))) == [org_a.pk]


@pytest.mark.parametrize("persona", ["officer_a", "officer_b", "dept_officer"])
@pytest.mark.parametrize("path", [ORGS, "/api/v1/units/?level=commune", "/api/v1/followups/", "/api/v1/meetings/"])
def test_a_token_sees_exactly_what_its_user_sees(request, client, org_a, org_b, persona, path):
    user = request.getfixturevalue(persona)
    _token, secret = services.token_create(user=user, name="Tích hợp")
    with_token = client.get(path, **bearer(secret))
    client.force_login(user)
    with_session = client.get(path)
    assert with_token.status_code == with_session.status_code
    assert with_token.json() == with_session.json()


def test_a_token_cannot_reach_or_change_what_its_user_cannot(client, officer_a, org_b):
    _token, secret = services.token_create(user=officer_a, name="Tích hợp")
    assert client.get(f"{ORGS}{org_b.pk}/", **bearer(secret)).status_code == 404
    response = client.patch(
        f"{ORGS}{org_b.pk}/", {"name": "Đổi tên"}, content_type="application/json", **bearer(secret)
    )
    assert response.status_code == 404
    org_b.refresh_from_db()
    assert org_b.name != "Đổi tên"


def test_revoked_expired_and_deactivated_tokens_are_refused(client, officer_a, time_machine):
    time_machine.move_to("2026-11-24 09:00:00+07:00", tick=False)
    revoked, revoked_secret = services.token_create(user=officer_a, name="Cũ")
    services.token_revoke(user=officer_a, token=revoked)
    _expiring, expiring_secret = services.token_create(user=officer_a, name="Tạm", expires_on=date(2026, 11, 25))
    _live, live_secret = services.token_create(user=officer_a, name="Đang dùng")
    for secret in (revoked_secret, "khcn_12345678_" + "a" * 43, "not-a-token"):
        response = client.get(ORGS, **bearer(secret))
        assert response.status_code == 401
        assert response["WWW-Authenticate"].startswith("Bearer")
    assert client.get(ORGS, **bearer(expiring_secret)).status_code == 200
    time_machine.move_to("2026-11-26 00:00:01+07:00", tick=False)
    assert client.get(ORGS, **bearer(expiring_secret)).status_code == 401
    assert client.get(ORGS, **bearer(live_secret)).status_code == 200
    officer_a.is_active = False
    officer_a.save()
    assert client.get(ORGS, **bearer(live_secret)).status_code == 401


def test_http_basic_is_refused_without_checking_the_password(client, officer_a, monkeypatch):
    checked = []
    monkeypatch.setattr(type(officer_a), "check_password", lambda self, raw: checked.append(raw) or True)
    basic = base64.b64encode(b"officer_a:pw-officer_a").decode()
    response = client.get(ORGS, HTTP_AUTHORIZATION=f"Basic {basic}")
    assert response.status_code == 401
    assert checked == []


def test_last_use_is_written_at_most_once_a_minute(client, officer_a, time_machine):
    time_machine.move_to("2026-11-24 09:00:00+07:00", tick=False)
    token, secret = services.token_create(user=officer_a, name="Tích hợp")
    assert token.last_used_at is None
    client.get(ORGS, **bearer(secret))
    first = ApiToken.objects.get(pk=token.pk).last_used_at
    assert first is not None
    time_machine.shift(30)
    client.get(ORGS, **bearer(secret))
    assert ApiToken.objects.get(pk=token.pk).last_used_at == first
    time_machine.shift(31)
    client.get(ORGS, **bearer(secret))
    assert ApiToken.objects.get(pk=token.pk).last_used_at > first


def test_signed_in_callers_are_throttled_with_429_and_retry_after(client, officer_a, settings, time_machine):
    time_machine.move_to("2026-11-24 09:00:00+07:00", tick=False)
    settings.KHCN_API_USER_RATE = "3/minute"
    _token, secret = services.token_create(user=officer_a, name="Tích hợp")
    for _ in range(3):
        assert client.get(ORGS, **bearer(secret)).status_code == 200
    refused = client.get(ORGS, **bearer(secret))
    assert refused.status_code == 429
    assert refused["Retry-After"] == "60"
    assert "Quá nhiều yêu cầu" in refused.json()["detail"]
    # The session of the same person shares the count.
    client.force_login(officer_a)
    assert client.get(ORGS).status_code == 429
    time_machine.shift(61)
    assert client.get(ORGS, **bearer(secret)).status_code == 200


def test_each_person_has_their_own_count(client, officer_a, officer_b, settings, time_machine):
    time_machine.move_to("2026-11-24 09:00:00+07:00", tick=False)
    settings.KHCN_API_USER_RATE = "2/minute"
    _a, secret_a = services.token_create(user=officer_a, name="A")
    _b, secret_b = services.token_create(user=officer_b, name="B")
    for _ in range(2):
        client.get(ORGS, **bearer(secret_a))
    assert client.get(ORGS, **bearer(secret_a)).status_code == 429
    assert client.get(ORGS, **bearer(secret_b)).status_code == 200


def test_anonymous_callers_are_throttled_per_address(client, settings, time_machine):
    time_machine.move_to("2026-11-24 09:00:00+07:00", tick=False)
    settings.KHCN_API_ANON_RATE = "1/minute"
    assert client.get("/api/v1/openapi.json", REMOTE_ADDR="203.0.113.1").status_code == 200
    refused = client.get("/api/v1/openapi.json", REMOTE_ADDR="203.0.113.1")
    assert refused.status_code == 429 and int(refused["Retry-After"]) > 0
    assert client.get("/api/v1/openapi.json", REMOTE_ADDR="203.0.113.2").status_code == 200


def test_guessing_tokens_is_throttled_like_anonymous_traffic(client, settings, time_machine):
    time_machine.move_to("2026-11-24 09:00:00+07:00", tick=False)
    settings.KHCN_API_ANON_RATE = "5/minute"
    guesses = [client.get(ORGS, **bearer(f"khcn_{n:08x}_" + "a" * 43)).status_code for n in range(7)]
    assert guesses == [401] * 5 + [429] * 2


def test_the_schema_documents_token_authentication_and_not_basic(client):
    schema = client.get("/api/v1/openapi.json").json()
    schemes = schema["components"]["securitySchemes"]
    assert schemes["tokenAuth"]["scheme"] == "bearer"
    assert "basicAuth" not in schemes
    operation = schema["paths"]["/api/v1/organisations/"]["get"]
    assert {"tokenAuth": []} in operation["security"]

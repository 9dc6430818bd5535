"""API tokens: created and revoked by their owner on a page, stored as digests, shown once."""

import hashlib
from datetime import date

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from khcn.accounts import selectors, services
from khcn.accounts.models import ApiToken

pytestmark = pytest.mark.django_db


def test_only_the_digest_of_a_token_is_stored(officer_a):
    token, secret = services.token_create(user=officer_a, name="Hệ thống báo cáo xã")
    row = ApiToken.objects.get(pk=token.pk)
    assert secret.startswith(f"khcn_{row.prefix}_") and len(secret) == 5 + 8 + 1 + 43
    assert row.digest == hashlib.sha256(secret.encode()).hexdigest()
    stored = [str(value) for value in ApiToken.objects.filter(pk=token.pk).values().get().values()]
    assert not any(secret in value or secret[14:] in value for value in stored)


def test_a_token_resolves_to_its_user_only_with_the_whole_secret(officer_a):
    token, secret = services.token_create(user=officer_a, name="Tích hợp")
    assert selectors.token_get_by_secret(secret) == token
    tampered = secret[:-1] + ("A" if secret[-1] != "A" else "B")
    assert selectors.token_get_by_secret(tampered) is None
    assert selectors.token_get_by_secret("khcn_00000000_" + secret[14:]) is None
    assert selectors.token_get_by_secret(secret + "x") is None


def test_revoked_expired_and_deactivated_tokens_resolve_to_nothing(officer_a, officer_b, time_machine):
    time_machine.move_to("2026-11-24 09:00:00+07:00", tick=False)
    revoked, revoked_secret = services.token_create(user=officer_a, name="Cũ")
    services.token_revoke(user=officer_a, token=revoked)
    assert selectors.token_get_by_secret(revoked_secret) is None

    expiring, expiring_secret = services.token_create(user=officer_a, name="Tạm", expires_on=date(2026, 11, 30))
    time_machine.move_to("2026-11-30 23:59:00+07:00", tick=False)
    assert selectors.token_get_by_secret(expiring_secret) == expiring  # works through its last day
    time_machine.move_to("2026-12-01 00:00:01+07:00", tick=False)
    assert selectors.token_get_by_secret(expiring_secret) is None

    _token, secret_b = services.token_create(user=officer_b, name="Quang Minh")
    officer_b.is_active = False
    officer_b.save()
    assert selectors.token_get_by_secret(secret_b) is None


def test_expiry_must_be_after_today_and_tokens_are_capped(officer_a, time_machine):
    time_machine.move_to("2026-11-24 09:00:00+07:00", tick=False)
    with pytest.raises(ValidationError) as error:
        services.token_create(user=officer_a, name="Hôm nay", expires_on=date(2026, 11, 24))
    assert error.value.message_dict["expires_on"]
    for n in range(services.MAX_ACTIVE_TOKENS):
        services.token_create(user=officer_a, name=f"Token {n}")
    with pytest.raises(ValidationError) as error:
        services.token_create(user=officer_a, name="Một cái nữa")
    assert error.value.code == services.TOKEN_LIMIT


def test_nobody_revokes_another_persons_token(officer_a, officer_b, client):
    token, _secret = services.token_create(user=officer_a, name="Của Mê Linh")
    client.force_login(officer_b)
    assert client.get(reverse("accounts:token_revoke", args=[token.pk])).status_code == 404
    assert client.post(reverse("accounts:token_revoke", args=[token.pk])).status_code == 404
    token.refresh_from_db()
    assert token.revoked_at is None


def test_token_page_shows_the_secret_once_and_lists_only_ones_own(client, officer_a, officer_b):
    services.token_create(user=officer_b, name="Token của Quang Minh")
    client.force_login(officer_a)
    response = client.post(reverse("accounts:token_list"), {"name": "Phần mềm thống kê", "expires_on": ""})
    assert response.status_code == 200
    assert "no-store" in response["Cache-Control"]
    secret = response.context["secret"]
    page = response.content.decode()
    assert secret in page and "không hiển thị lại" in page
    again = client.get(reverse("accounts:token_list")).content.decode()
    assert "Phần mềm thống kê" in again and secret not in again and secret[14:] not in again
    assert "Token của Quang Minh" not in again


def test_token_page_refuses_a_bad_expiry_with_422(client, officer_a, time_machine):
    time_machine.move_to("2026-11-24 09:00:00+07:00", tick=False)
    client.force_login(officer_a)
    response = client.post(reverse("accounts:token_list"), {"name": "X", "expires_on": "2026-11-01"})
    assert response.status_code == 422
    assert not ApiToken.objects.exists()


def test_revoking_asks_first_then_revokes(client, officer_a):
    token, _secret = services.token_create(user=officer_a, name="Sắp thu hồi")
    client.force_login(officer_a)
    url = reverse("accounts:token_revoke", args=[token.pk])
    ask = client.get(url)
    assert ask.status_code == 200 and "Sắp thu hồi" in ask.content.decode()
    token.refresh_from_db()
    assert token.revoked_at is None
    assert client.post(url).status_code == 302
    token.refresh_from_db()
    assert token.revoked_at is not None
    assert client.post(url).status_code == 422  # already revoked


def test_anonymous_visitors_are_sent_to_sign_in(client):
    response = client.get(reverse("accounts:token_list"))
    assert response.status_code == 302 and response["Location"].startswith(reverse("accounts:login"))

"""Sign-in lockout: the username-and-address pair, and an address spraying many usernames."""

import pytest
from django.urls import reverse

from khcn.accounts.tests.factories import UserFactory
from khcn.core.http import client_ip

pytestmark = pytest.mark.django_db

IP1, IP2 = "203.0.113.10", "198.51.100.20"


def _sign_in(client, username, password, ip):
    return client.post(reverse("accounts:login"), {"username": username, "password": password}, REMOTE_ADDR=ip)


def test_wrong_passwords_lock_the_username_only_at_their_address(client, officer_a, settings):
    for _ in range(settings.AXES_FAILURE_LIMIT):
        _sign_in(client, "officer_a", "wrong", IP1)
    assert _sign_in(client, "officer_a", "pw-officer_a", IP1).status_code == 429
    # The owner, from their own office, is not locked out by someone else's guesses.
    response = _sign_in(client, "officer_a", "pw-officer_a", IP2)
    assert response.status_code == 302
    assert client.session["_auth_user_id"] == str(officer_a.pk)


def test_failures_below_the_limit_lock_nobody(client, officer_a, settings):
    for _ in range(settings.AXES_FAILURE_LIMIT - 1):
        _sign_in(client, "officer_a", "wrong", IP1)
    assert _sign_in(client, "officer_a", "pw-officer_a", IP1).status_code == 302


def test_one_address_spraying_many_usernames_is_locked(client, settings):
    settings.KHCN_LOGIN_ADDRESS_FAILURE_LIMIT = 8
    victim = UserFactory.create(username="victim")
    for n in range(settings.KHCN_LOGIN_ADDRESS_FAILURE_LIMIT):
        # One guess per username: no pair reaches its own limit.
        response = _sign_in(client, f"user{n}", "Mat-khau-2026", IP1)
    assert response.status_code == 429
    assert _sign_in(client, "victim", "pw-victim", IP1).status_code == 429
    # Other addresses are not slowed.
    assert _sign_in(client, "victim", "pw-victim", IP2).status_code == 302
    assert client.session["_auth_user_id"] == str(victim.pk)


def test_address_lock_ends_after_the_cool_off(client, settings, time_machine):
    time_machine.move_to("2026-11-24 09:00:00+07:00", tick=False)
    settings.KHCN_LOGIN_ADDRESS_FAILURE_LIMIT = 4
    UserFactory.create(username="victim")
    for n in range(4):
        _sign_in(client, f"user{n}", "Mat-khau-2026", IP1)
    assert _sign_in(client, "victim", "pw-victim", IP1).status_code == 429
    time_machine.shift(settings.AXES_COOLOFF_TIME.total_seconds() + 1)
    assert _sign_in(client, "victim", "pw-victim", IP1).status_code == 302


@pytest.mark.parametrize(
    ("proxies", "forwarded", "expected"),
    [
        (0, "1.2.3.4", "10.0.0.1"),  # served directly: the header is the client's to forge
        (1, "1.2.3.4", "1.2.3.4"),
        (1, "6.6.6.6, 1.2.3.4", "1.2.3.4"),  # the forged entry left of nginx's is ignored
        (2, "6.6.6.6, 1.2.3.4, 5.5.5.5", "1.2.3.4"),
        (2, "1.2.3.4", "10.0.0.1"),  # shorter than the proxy chain: not trusted
        (1, "not-an-address", "10.0.0.1"),
    ],
)
def test_client_address_behind_trusted_proxies(rf, settings, proxies, forwarded, expected):
    settings.KHCN_TRUSTED_PROXY_COUNT = proxies
    request = rf.get("/", REMOTE_ADDR="10.0.0.1", HTTP_X_FORWARDED_FOR=forwarded)
    assert client_ip(request) == expected


def test_lockout_keys_on_the_forwarded_address_behind_a_proxy(client, officer_a, settings):
    settings.KHCN_TRUSTED_PROXY_COUNT = 1
    for _ in range(settings.AXES_FAILURE_LIMIT):
        client.post(
            reverse("accounts:login"),
            {"username": "officer_a", "password": "wrong"},
            REMOTE_ADDR="10.0.0.1",
            HTTP_X_FORWARDED_FOR=IP1,
        )
    ok = client.post(
        reverse("accounts:login"),
        {"username": "officer_a", "password": "pw-officer_a"},
        REMOTE_ADDR="10.0.0.1",
        HTTP_X_FORWARDED_FOR=IP2,
    )
    assert ok.status_code == 302

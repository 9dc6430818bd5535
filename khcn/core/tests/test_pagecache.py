"""Kept pages (core.pagecache): served while nothing changed, never once something did.

The suite runs each test in a transaction that never commits; `committed()` ends a block of
writes as if the transaction had committed there (the stamp's raise it owes runs), which is what
moves the data stamp and lets the connection read kept pages again. A kept answer is recognised
by rendering no template.
"""

import re
from contextlib import contextmanager

import pytest
from django.contrib.messages import constants
from django.contrib.messages.storage.base import Message
from django.contrib.messages.storage.cookie import CookieStorage
from django.core.cache import caches
from django.db import connection, transaction
from django.http import HttpRequest, HttpResponse
from django.middleware.csrf import _unmask_cipher_token  # type: ignore[attr-defined]
from django.test import Client, override_settings
from django.test.utils import CaptureQueriesContext
from django.urls import path, reverse
from django.views.decorators.cache import never_cache

from khcn.accounts import services as accounts
from khcn.core import pagecache
from khcn.core.pagecache import _first_word, _punch_tokens, _table, bump_stamp, read_stamp
from khcn.geo.models import Organisation, OrganisationKind

pytestmark = pytest.mark.django_db

TOKEN = re.compile(r'name="csrfmiddlewaretoken" value="([A-Za-z0-9]{64})"')
ANY_TOKEN = re.compile(r"\b[A-Za-z0-9]{64}\b")


@pytest.fixture(autouse=True)
def _page_cache_on(settings):
    settings.KHCN_PAGE_CACHE_SECONDS = 300
    caches["pages"].clear()
    yield
    caches["pages"].clear()


def commit_now() -> None:
    """What Django does when the test's transaction would commit: run the stamp's raise it owes."""
    watcher = pagecache._watcher(connection)
    if watcher is not None and watcher.pending is not None and watcher.owes_bump(connection):
        watcher.pending()


@pytest.fixture
def committed():
    @contextmanager
    def run():
        yield
        commit_now()

    return run


def kept(response) -> bool:
    """Whether the answer came from the page cache (no template was rendered for it)."""
    assert response.status_code == 200
    return not response.templates


@pytest.fixture
def org(ward_a, committed):
    with committed():
        return Organisation.objects.create(name="Hợp tác xã Dược liệu", kind=OrganisationKind.ENTERPRISE, unit=ward_a)


@pytest.fixture
def signed_in(client, officer_a, committed):
    with committed():
        client.force_login(officer_a)
    return client


def test_a_page_is_kept_then_a_bulk_update_shows_at_once(signed_in, org, committed):
    url = reverse("geo:organisation_list")
    first = signed_in.get(url)
    assert not kept(first) and "Hợp tác xã Dược liệu" in first.content.decode()
    again = signed_in.get(url)
    assert kept(again)
    assert ANY_TOKEN.sub("", again.content.decode()) == ANY_TOKEN.sub("", first.content.decode())
    with committed():
        Organisation.objects.filter(pk=org.pk).update(name="Hợp tác xã Rau sạch")  # no signals
    fresh = signed_in.get(url)
    assert not kept(fresh)
    assert "Hợp tác xã Rau sạch" in fresh.content.decode() and "Dược liệu" not in fresh.content.decode()


def test_a_change_committed_by_another_process_shows_once_the_stamp_moves(signed_in, org):
    url = reverse("geo:organisation_detail", args=[org.pk])
    signed_in.get(url)
    # Another server process writes: this process's connection never sees the statement.
    cursor = connection.connection.cursor()
    cursor.execute(f"UPDATE geo_organisation SET name = 'HTX Nấm Thạch Thất' WHERE id = {org.pk}")
    cursor.close()
    stale = signed_in.get(url)
    assert kept(stale) and "Hợp tác xã Dược liệu" in stale.content.decode()
    bump_stamp()  # what that process does after its commit
    fresh = signed_in.get(url)
    assert not kept(fresh) and "HTX Nấm Thạch Thất" in fresh.content.decode()


def test_the_stamp_moves_after_the_commit_and_not_on_rollback(ward_a, committed):
    before = read_stamp()
    with committed():
        Organisation.objects.create(name="Trạm khuyến nông", kind=OrganisationKind.OTHER, unit=ward_a)
        Organisation.objects.create(name="Đài truyền thanh", kind=OrganisationKind.OTHER, unit=ward_a)
        assert read_stamp() == before  # nothing committed yet
    assert read_stamp() == before + 1  # one raise per transaction
    with pytest.raises(RuntimeError), transaction.atomic():
        Organisation.objects.create(name="Bỏ dở", kind=OrganisationKind.OTHER, unit=ward_a)
        raise RuntimeError
    assert read_stamp() == before + 1


def test_a_connection_that_wrote_and_has_not_committed_sees_its_own_write(signed_in, org):
    url = reverse("geo:organisation_detail", args=[org.pk])
    signed_in.get(url)
    assert kept(signed_in.get(url))
    Organisation.objects.filter(pk=org.pk).update(name="HTX Chè Ba Vì")  # the test's transaction stays open
    page = signed_in.get(url)
    assert not kept(page) and "HTX Chè Ba Vì" in page.content.decode()


def test_writes_to_unwatched_tables_leave_pages_kept(signed_in, org, committed):
    url = reverse("geo:organisation_detail", args=[org.pk])
    signed_in.get(url)
    before = read_stamp()
    with committed():
        signed_in.session["note"] = "x"
        signed_in.session.save()  # django_session
    assert read_stamp() == before
    assert kept(signed_in.get(url))


def test_each_user_gets_their_own_page(org, officer_a, dept_officer, committed):
    url = reverse("geo:organisation_detail", args=[org.pk])
    first, second = Client(), Client()
    with committed():
        first.force_login(officer_a)
        second.force_login(dept_officer)
    assert officer_a.get_full_name() in first.get(url).content.decode()
    page = second.get(url)
    assert not kept(page)
    assert dept_officer.get_full_name() in page.content.decode()
    assert officer_a.get_full_name() not in page.content.decode()


def test_visitors_share_a_public_page_each_with_their_own_csrf_token():
    url = reverse("accounts:login")
    first, second = Client(enforce_csrf_checks=True), Client(enforce_csrf_checks=True)
    rendered = first.get(url)
    assert not kept(rendered)
    shared = second.get(url)
    assert kept(shared)
    token = TOKEN.search(shared.content.decode()).group(1)
    secret = second.cookies["csrftoken"].value
    assert _unmask_cipher_token(token) == secret != first.cookies["csrftoken"].value
    assert pagecache._token_hole().decode() not in shared.content.decode()
    # The token works: a wrong password is refused by the form, not by the CSRF check.
    refused = second.post(url, {"username": "x", "password": "y", "csrfmiddlewaretoken": token})
    assert refused.status_code != 403


def test_a_page_with_waiting_messages_is_built_and_shows_them(signed_in, org):
    url = reverse("geo:organisation_detail", args=[org.pk])
    signed_in.get(url)
    storage = CookieStorage(HttpRequest())
    signed_in.cookies["messages"] = storage._encode([Message(constants.SUCCESS, "Đã lưu tổ chức.")])
    page = signed_in.get(url)
    assert not kept(page) and "Đã lưu tổ chức." in page.content.decode()
    assert kept(signed_in.get(url))  # shown once, then the page is kept again


def test_a_new_day_builds_the_page_again(signed_in, org, time_machine):
    time_machine.move_to("2026-12-03 23:59:00+07:00", tick=False)
    url = reverse("geo:organisation_detail", args=[org.pk])
    signed_in.get(url)
    assert kept(signed_in.get(url))
    time_machine.move_to("2026-12-04 00:01:00+07:00", tick=False)
    assert not kept(signed_in.get(url))


def test_api_token_calls_are_never_kept(officer_a, committed):
    with committed():
        _token, secret = accounts.token_create(user=officer_a, name="Tích hợp")
    client = Client()
    header = {"HTTP_AUTHORIZATION": f"Bearer {secret}"}
    assert client.get("/api/v1/organisations/", **header).status_code == 200
    assert client.get("/api/v1/organisations/", **header).status_code == 200
    assert client.get("/api/v1/organisations/").status_code in {401, 403}
    assert not caches["pages"]._cache  # type: ignore[attr-defined]


# -- the rules, on views made for them ------------------------------------------------------------
def _names(request: HttpRequest) -> HttpResponse:
    return HttpResponse(", ".join(Organisation.objects.values_list("name", flat=True)), content_type="text/html")


def _writes(request: HttpRequest) -> HttpResponse:
    Organisation.objects.update(website="")
    return _names(request)


def _export(request: HttpRequest) -> HttpResponse:
    response = _names(request)
    response["Content-Disposition"] = 'attachment; filename="x.html"'
    return response


urlpatterns = [
    path("names", _names),
    path("writes", _writes),
    path("export", _export),
    path("never", never_cache(_names)),
    path("opted-out", pagecache.no_page_cache(_names)),
]


@override_settings(ROOT_URLCONF=__name__)
@pytest.mark.parametrize(
    ("url", "kept_again"),
    [("/names", True), ("/writes", False), ("/export", False), ("/never", False), ("/opted-out", False)],
)
def test_what_is_kept(signed_in, org, url, kept_again):
    signed_in.get(url)
    caches_before = len(caches["pages"]._cache)  # type: ignore[attr-defined]
    assert caches_before == (1 if kept_again else 0)


@override_settings(ROOT_URLCONF=__name__)
def test_the_page_cache_can_be_turned_off(signed_in, org, settings):
    settings.KHCN_PAGE_CACHE_SECONDS = 0
    signed_in.get("/names")
    assert not caches["pages"]._cache  # type: ignore[attr-defined]


# -- reading SQL ------------------------------------------------------------------------------------
@pytest.mark.parametrize(
    ("sql", "word", "table"),
    [
        (
            'INSERT INTO "geo_organisation" ("name", "kind") VALUES (%s, %s) RETURNING "id"',
            "INSERT",
            "geo_organisation",
        ),
        ('UPDATE "reporting_value" SET "number" = %s WHERE "id" = %s', "UPDATE", "reporting_value"),
        ('DELETE FROM "django_session" WHERE "session_key" = %s', "DELETE", "django_session"),
        ('  SELECT "id" FROM "geo_adminunit" FOR UPDATE', "SELECT", ""),
        ("SAVEPOINT s123", "SAVEPOINT", ""),
        ('INSERT INTO "products_scanday"("batch_id") VALUES (1)', "INSERT", "products_scanday"),
        ('TRUNCATE "geo_organisation"', "TRUNCATE", ""),
    ],
)
def test_statements_are_read_for_their_verb_and_table(sql, word, table):
    assert _first_word(sql) == word
    assert _table(sql) == table


def test_only_tokens_of_the_secret_are_punched():
    from django.middleware.csrf import _get_new_csrf_string, _mask_cipher_secret

    secret = _get_new_csrf_string()
    mine, other = _mask_cipher_secret(secret), _mask_cipher_secret(_get_new_csrf_string())
    sha = "a" * 64
    page = f'<input value="{mine}"><input value="{other}"><p>{sha}</p>'.encode()
    punched = _punch_tokens(page, secret).decode()
    assert mine not in punched and pagecache._token_hole().decode() in punched
    assert other in punched and sha in punched


def test_a_kept_api_answer_still_counts_towards_the_rate(signed_in, org, settings, time_machine):
    time_machine.move_to("2026-11-24 09:00:00+07:00", tick=False)
    settings.KHCN_API_USER_RATE = "2/minute"
    with CaptureQueriesContext(connection) as built:
        first = signed_in.get("/api/v1/organisations/")
    assert first.status_code == 200 and first.json()["results"][0]["name"] == "Hợp tác xã Dược liệu"
    with CaptureQueriesContext(connection) as served:
        again = signed_in.get("/api/v1/organisations/")
    assert again.status_code == 200 and again.json() == first.json()
    assert len(served) == 3 < len(built)  # the session, the user, the stamp: the view did not run
    refused = signed_in.get("/api/v1/organisations/")
    assert refused.status_code == 429 and int(refused["Retry-After"]) > 0


def test_text_typed_into_a_page_never_receives_a_visitors_token(signed_in, ward_a, committed, settings):
    typed = "khcn-csrf-hole-" + "0" * 64  # what a fixed hole would look like
    with committed():
        org = Organisation.objects.create(name=typed, kind=OrganisationKind.OTHER, unit=ward_a)
    url = reverse("geo:organisation_detail", args=[org.pk])
    signed_in.get(url)
    again = signed_in.get(url)
    assert kept(again) and TOKEN.search(again.content.decode())  # a kept page, given its token
    assert typed in again.content.decode()  # and the typed text as typed
    hole = pagecache._token_hole()
    settings.SECRET_KEY = "another-deployment-key-0123456789abcdef0123456789abcdef"
    assert pagecache._token_hole() != hole  # derived from the deployment's secret


def test_visitors_pages_trust_the_stamp_for_a_second_and_this_process_writes_at_once(monkeypatch, settings):
    settings.KHCN_PAGE_CACHE_PUBLIC_STAMP_SECONDS = 1.0
    clock = [1000.0]
    monkeypatch.setattr(pagecache, "time", type("Clock", (), {"monotonic": staticmethod(lambda: clock[0])}))
    url = reverse("accounts:login")
    visitor = Client()
    assert not kept(visitor.get(url))
    with CaptureQueriesContext(connection) as queries:
        assert kept(visitor.get(url))
    assert len(queries) == 0  # not even the stamp's
    # Another process commits a change: within the second, visitors still get the kept page ...
    cursor = connection.connection.cursor()
    cursor.execute("UPDATE core_datastamp SET n = n + 1 WHERE id = 1")
    cursor.close()
    clock[0] += 0.9
    assert kept(visitor.get(url))
    # ... and after it, a page built on the new data.
    clock[0] += 0.2
    assert not kept(visitor.get(url))
    assert kept(visitor.get(url))
    # A change made by this process is seen at once.
    bump_stamp()
    assert not kept(visitor.get(url))

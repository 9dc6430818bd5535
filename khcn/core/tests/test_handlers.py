"""The WSGI application's kept URL matches and the CSRF secrets drawn in one read (issue 19)."""

from io import BytesIO

import pytest
from django.core.signals import request_finished, request_started
from django.db import close_old_connections
from django.middleware import csrf as django_csrf
from django.test import override_settings
from django.urls.resolvers import URLResolver

from khcn.core import handlers
from khcn.core.csrf import new_csrf_string
from khcn.core.handlers import KhcnWSGIHandler

pytestmark = pytest.mark.django_db


def _get(app: KhcnWSGIHandler, path: str, cookie: str = "") -> tuple[str, dict[str, str], bytes]:
    seen: dict[str, object] = {}

    def start_response(status: str, headers: list[tuple[str, str]]) -> None:
        seen["status"], seen["headers"] = status, headers

    environ = {
        "REQUEST_METHOD": "GET",
        "PATH_INFO": path,
        "QUERY_STRING": "",
        "SERVER_NAME": "testserver",
        "SERVER_PORT": "80",
        "HTTP_HOST": "testserver",
        "HTTP_COOKIE": cookie,
        "wsgi.input": BytesIO(b""),
        "wsgi.url_scheme": "http",
    }
    body = app(environ, start_response)  # type: ignore[arg-type]
    content = b"".join(body)
    body.close()  # type: ignore[attr-defined]
    headers: dict[str, str] = {}
    for name, value in seen["headers"]:  # type: ignore[attr-defined]
        headers.setdefault(name.lower(), value)
    return str(seen["status"]), headers, content


@pytest.fixture
def app(settings):  # type: ignore[no-untyped-def]
    settings.ALLOWED_HOSTS = ["testserver"]
    handlers.forget_resolved()
    # As Django's test client does: the test's transaction outlives each request.
    request_started.disconnect(close_old_connections)
    request_finished.disconnect(close_old_connections)
    try:
        yield KhcnWSGIHandler()
    finally:
        request_started.connect(close_old_connections)
        request_finished.connect(close_old_connections)
        handlers.forget_resolved()


@pytest.fixture
def resolutions(monkeypatch):  # type: ignore[no-untyped-def]
    """The paths the URL patterns were really walked for (a spy on Django's own resolver)."""
    walked: list[str] = []
    real = URLResolver.resolve

    def counting(self, path):  # type: ignore[no-untyped-def]
        if self.pattern.regex.pattern == "^/":
            walked.append(str(path))
        return real(self, path)

    monkeypatch.setattr(URLResolver, "resolve", counting)
    return walked


def test_a_path_is_resolved_once_and_each_request_gets_its_own_match(app, resolutions):
    path = "/p/KHONGCO1/"  # a product page's pattern: the view answers 404 for an unknown code
    first = _get(app, path)
    second = _get(app, path)
    assert first[0] == second[0] == "404 Not Found"
    assert _get(app, "/accounts/login/")[0] == "200 OK"
    assert resolutions == [path, "/accounts/login/"], "the second request used the kept match"

    match = handlers.resolve_once(path)
    match.kwargs["code"] = "DOI"
    assert handlers.resolve_once(path).kwargs != match.kwargs, "a request's changes stay its own"
    assert handlers.resolve_once(path).url_name == match.url_name


def test_paths_that_match_nothing_are_looked_for_each_time(app, resolutions):
    assert _get(app, "/khong-co-trang-nay/")[0].startswith("404")
    assert _get(app, "/khong-co-trang-nay/")[0].startswith("404")
    assert resolutions == ["/khong-co-trang-nay/"] * 2


def test_the_kept_matches_follow_the_settings(app, resolutions, settings):
    _get(app, "/accounts/login/")
    with override_settings(KHCN_RESOLVE_CACHE_SIZE=0):
        _get(app, "/accounts/login/")
        _get(app, "/accounts/login/")
    settings.KHCN_PAGE_CACHE_SECONDS = 0  # any setting's change forgets the kept matches
    _get(app, "/accounts/login/")
    _get(app, "/accounts/login/")
    assert resolutions == ["/accounts/login/"] * 4


def test_a_csrf_string_is_32_allowed_characters_and_never_repeats():
    drawn = [new_csrf_string() for _ in range(2000)]
    assert all(len(s) == 32 and set(s) <= set(django_csrf.CSRF_ALLOWED_CHARS) for s in drawn)
    assert len(set(drawn)) == len(drawn)
    counts = {c: 0 for c in django_csrf.CSRF_ALLOWED_CHARS}
    for s in drawn:
        for c in s:
            counts[c] += 1
    expected = 2000 * 32 / 62  # about 1,032 draws of each character
    assert all(0.8 * expected < n < 1.2 * expected for n in counts.values()), "no character favoured"
    assert django_csrf._get_new_csrf_string is new_csrf_string, "installed for Django's middleware"


def test_the_sign_in_page_token_from_the_faster_draw_signs_in(client, django_user_model):
    django_user_model.objects.create_user(username="an", password="Mat-khau-dai-2026")
    page = client.get("/accounts/login/")
    cookie = page.cookies[django_csrf.settings.CSRF_COOKIE_NAME].value
    token = page.content.decode().split('name="csrfmiddlewaretoken" value="', 1)[1][:64]
    assert django_csrf._unmask_cipher_token(token) == cookie
    client.handler.enforce_csrf_checks = True
    answer = client.post(
        "/accounts/login/", {"username": "an", "password": "Mat-khau-dai-2026", "csrfmiddlewaretoken": token}
    )
    assert answer.status_code == 302

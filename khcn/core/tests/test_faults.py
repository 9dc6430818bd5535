"""Faults end cleanly: an unreachable database is a 503 page, a bad filter value a 400 (issue 12, #10)."""

import contextlib
import json
import re

import pytest
from django.core.cache import cache
from django.db import InterfaceError, OperationalError, connections
from django.test import Client
from django.urls import reverse

pytestmark = pytest.mark.django_db

VIETNAMESE_503 = "Hệ thống tạm thời không hoạt động"


@pytest.fixture
def database_down(monkeypatch):  # type: ignore[no-untyped-def]
    """Every query fails as when PostgreSQL is down or dropped the connection."""

    def down(error: type[Exception]) -> None:
        def refuse(*args, **kwargs):  # type: ignore[no-untyped-def]
            raise error("could not connect to server: Connection refused")

        connection = connections["default"]
        monkeypatch.setattr(connection, "cursor", refuse)
        monkeypatch.setattr(connection, "chunked_cursor", refuse)

    return down


def signed_in_client(user) -> Client:  # type: ignore[no-untyped-def]
    client = Client(raise_request_exception=False)
    client.force_login(user)
    return client


@pytest.mark.parametrize("error", [OperationalError, InterfaceError])
@pytest.mark.parametrize(
    ("method", "url", "signed_in"),
    [
        ("get", "/healthz", True),
        ("get", "/healthz", False),
        ("get", "/", True),
        ("get", "/research/results/", False),
        ("post", "/accounts/login/", False),
        ("get", "/reporting/", True),
        ("get", "/meetings/", True),
    ],
)
def test_every_page_answers_503_when_the_database_is_down(database_down, dept_officer, error, method, url, signed_in):  # type: ignore[no-untyped-def]
    client = signed_in_client(dept_officer) if signed_in else Client(raise_request_exception=False)
    database_down(error)
    data = {"username": "officer", "password": "wrong-password"} if method == "post" else None
    response = getattr(client, method)(url, data)
    assert response.status_code == 503
    assert response["Retry-After"] == "60"
    if url != "/healthz":
        assert VIETNAMESE_503 in response.content.decode()


def test_the_api_answers_503_in_json_when_the_database_is_down(database_down, dept_officer):
    client = signed_in_client(dept_officer)
    database_down(OperationalError)
    response = client.get("/api/v1/units/")
    assert response.status_code == 503
    assert response.json() == {"detail": response.json()["detail"], "code": "unavailable"}
    assert VIETNAMESE_503 in response.json()["detail"] or "cơ sở dữ liệu" in response.json()["detail"]


def test_other_errors_are_still_a_500_page(monkeypatch, dept_officer):
    client = signed_in_client(dept_officer)

    def broken(*args, **kwargs):  # type: ignore[no-untyped-def]
        raise RuntimeError("a bug")

    monkeypatch.setattr("khcn.core.views.connections", broken)
    response = Client(raise_request_exception=False).get("/healthz")
    assert response.status_code == 503  # healthz catches everything itself
    monkeypatch.setattr("khcn.home.views.render", broken, raising=False)
    response = client.get(reverse("home:home"))
    assert response.status_code == 500
    assert "Đã xảy ra lỗi" in response.content.decode()


# -- bad filter values ---------------------------------------------------------------------------

BAD_NUMBERS = ["1e19", "99999999999999999999", "-99999999999999999999", "abc", "NaN"]


def _api_list_number_parameters(client) -> list[tuple[str, str]]:  # type: ignore[no-untyped-def]
    """(list path, parameter) for every number-typed query parameter of every API list."""
    schema = client.get(reverse("api:schema")).json()
    found = []
    for path, item in schema["paths"].items():
        for parameter in item.get("get", {}).get("parameters", []):
            kind = parameter.get("schema", {}).get("type")
            if parameter["in"] == "query" and kind in ("integer", "number") and parameter["name"] != "page":
                found.append((path, parameter["name"]))
    return found


def test_every_number_filter_of_every_api_list_answers_400_to_a_bad_value(client, dept_officer):
    client.force_login(dept_officer)
    parameters = _api_list_number_parameters(client)
    assert ("/api/v1/progress-reports/", "task") in parameters and ("/api/v1/followups/", "meeting") in parameters
    assert len(parameters) >= 10
    for path, name in parameters:
        if "{" in path:
            continue
        cache.clear()  # the API's throttle counts these requests too; each list starts afresh
        for value in BAD_NUMBERS:
            response = client.get(path, {name: value})
            assert response.status_code == 400, (path, name, value, response.status_code)
            assert name in response.json()


def _list_pages() -> list[str]:
    """Every page without a path argument outside the API, the admin and the exports."""
    from django.urls import URLPattern, URLResolver, get_resolver

    def walk(patterns, prefix=""):  # type: ignore[no-untyped-def]
        for p in patterns:
            if isinstance(p, URLResolver):
                yield from walk(p.url_patterns, prefix + str(p.pattern))
            elif isinstance(p, URLPattern):
                yield "/" + prefix + str(p.pattern)

    return [
        url
        for url in walk(get_resolver().url_patterns)
        if "<" not in url and "(?P" not in url and not url.startswith(("/admin/", "/api/", "/accounts/logout"))
    ]


def _page_filter_names() -> set[str]:
    """The names of every number and model-choice filter of every list page's FilterSet."""
    import importlib

    import django_filters
    from django.apps import apps

    from khcn.core.forms import KhcnFilterSet

    for config in apps.get_app_configs():
        if config.name.startswith("khcn."):
            with contextlib.suppress(ModuleNotFoundError):
                importlib.import_module(f"{config.name}.filters")
    names = set()
    stack = list(KhcnFilterSet.__subclasses__())
    while stack:
        cls = stack.pop()
        stack += cls.__subclasses__()
        for name, filter_ in cls.base_filters.items():
            if isinstance(filter_, (django_filters.NumberFilter, django_filters.ModelChoiceFilter)):
                names.add(name)
    return names


@pytest.mark.parametrize("value", ["1e19", "99999999999999999999", "abc"])
def test_list_pages_answer_400_to_a_bad_filter_value_never_500(client, dept_officer, value):
    names = _page_filter_names()
    assert {"round", "office", "call", "year", "plan_year", "program", "indicator", "unit"} <= names
    client.force_login(dept_officer)
    refused = []
    for url in _list_pages():
        # All at once: a list validates every filter before it queries.
        response = client.get(url, dict.fromkeys(names, value))
        assert response.status_code < 500, (url, response.status_code)
        if response.status_code == 400:
            refused.append(url)
            assert "Không đọc được yêu cầu" in response.content.decode()
    refused_pages = set(refused)
    assert {"/meetings/", "/meetings/items/", "/research/proposals/", "/research/calls/", "/programs/periods/"} <= (
        refused_pages
    ), refused_pages


@pytest.mark.parametrize("status", [400, 403, 404, 413, 429, 500, 503])
def test_every_error_answer_is_vietnamese_as_a_page_and_as_json(rf, status):
    from khcn.core.errors import ERRORS, error_response

    page = error_response(rf.get("/meetings/"), status)
    assert page.status_code == status
    assert "<html" in page.content.decode() and "Về trang chủ" in page.content.decode()
    body = error_response(rf.get("/api/v1/meetings/"), status)
    assert body.status_code == status
    assert json.loads(body.content)["code"] == ERRORS[status][0]
    detail = json.loads(body.content)["detail"]
    assert re.search("[ạảấầẩậắằẳặẹẻẽếềểệịọỏốồổộớờởợụủứừửựỳỷỹđ]", detail, re.I), detail

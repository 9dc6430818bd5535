"""Schemathesis probes every operation of /api/v1/ against its own OpenAPI schema.

Signed in as the Department's officer and as a commune's officer, each operation gets a bounded
number of generated requests (derandomized, so a run is repeatable); none may answer 5xx, and
every answer must be one the schema documents: its status code, content type and body.
`make bench` runs the same with more examples (SCHEMATHESIS_MAX_EXAMPLES).
"""

import os
from collections import Counter

import pytest
import schemathesis
from django.core import signals
from django.db import close_old_connections
from django.middleware.csrf import get_token
from django.test import Client, RequestFactory
from hypothesis import HealthCheck, given, settings
from schemathesis import GenerationMode
from schemathesis.checks import not_a_server_error
from schemathesis.specs.openapi.checks import (
    content_type_conformance,
    response_schema_conformance,
    status_code_conformance,
)

from khcn.accounts.services import token_create
from khcn.core.handlers import KhcnWSGIHandler
from khcn.meetings.tests.factories import FollowUpFactory, MeetingFactory

MAX_EXAMPLES = int(os.environ.get("SCHEMATHESIS_MAX_EXAMPLES", "3"))
CHECKS = [not_a_server_error, status_code_conformance, content_type_conformance, response_schema_conformance]


@pytest.fixture
def api_schema(db):  # type: ignore[no-untyped-def]
    """The schema, served by the real WSGI application (config/wsgi.py's, which keeps each
    path's URL match) inside the test's transaction.

    The WSGI handler closes "old" connections at each request's start and end, which on
    PostgreSQL would close the test's own connection mid-transaction; Django's test client
    switches that off the same way.
    """
    signals.request_started.disconnect(close_old_connections)
    signals.request_finished.disconnect(close_old_connections)
    try:
        yield schemathesis.openapi.from_wsgi("/api/v1/openapi.json", KhcnWSGIHandler())
    finally:
        signals.request_started.connect(close_old_connections)
        signals.request_finished.connect(close_old_connections)


def signed_in(user) -> tuple[dict[str, str], dict[str, str]]:  # type: ignore[no-untyped-def]
    """The cookies and CSRF header a browser signed in as `user` would send."""
    client = Client()
    client.force_login(user)
    token = get_token(RequestFactory().get("/"))
    # The schema names two ways in (tokenAuth and the session cookie): send both for real, or
    # Schemathesis makes up a bearer token of its own that is refused with 401.
    _token, secret = token_create(user=user, name="schemathesis")
    headers = {"X-CSRFToken": token, "Authorization": f"Bearer {secret}"}
    return {"sessionid": client.cookies["sessionid"].value, "csrftoken": token}, headers


@pytest.fixture(autouse=True)
def no_throttling(settings):  # type: ignore[no-untyped-def]
    """The probe sends thousands of requests under `make bench`; throttling has its own tests."""
    settings.KHCN_API_USER_RATE = "1000000/minute"


@pytest.fixture
def some_items(ward_a):  # type: ignore[no-untyped-def]
    """A session and a follow-up item, so lists and details have rows to show."""
    FollowUpFactory.create(unit=ward_a, meeting=MeetingFactory.create())


HYPOTHESIS = settings(
    max_examples=MAX_EXAMPLES, derandomize=True, deadline=None, database=None, suppress_health_check=list(HealthCheck)
)


def probe(schema, user) -> list[str]:  # type: ignore[no-untyped-def]
    """Every operation with valid and with invalid generated input; the failures found.

    A loop over the operations rather than `schema.parametrize()`: Schemathesis' pytest plugin
    does not run on pytest 9 yet (it sets `Function._nodeid`).
    """
    cookies, headers = signed_in(user)
    failures = []
    statuses: Counter[int] = Counter()
    operations = [result.ok() for result in schema.get_all_operations()]
    assert len(operations) >= 25
    for operation in operations:
        for mode in (GenerationMode.POSITIVE, GenerationMode.NEGATIVE):

            @HYPOTHESIS
            @given(case=operation.as_strategy(generation_mode=mode, cookies=cookies, headers=headers))
            def check(case):  # type: ignore[no-untyped-def]
                response = case.call()
                statuses[response.status_code] += 1
                case.validate_response(response, checks=CHECKS)

            try:
                check()
            except (Exception, BaseExceptionGroup) as exc:
                failures.append(f"{operation.label} ({mode.value}): {exc}")
    # Signed in indeed: most answers are not "who are you?".
    assert statuses[200] + statuses[201] + statuses[400] + statuses[404] > 5 * (statuses[401] + statuses[403])
    return failures


def test_api_answers_a_department_officer_as_its_schema_says(api_schema, dept_officer, some_items):  # type: ignore[no-untyped-def]
    failures = probe(api_schema, dept_officer)
    assert not failures, "\n\n".join(failures)


def test_api_answers_a_commune_officer_as_its_schema_says(api_schema, officer_a, some_items):  # type: ignore[no-untyped-def]
    failures = probe(api_schema, officer_a)
    assert not failures, "\n\n".join(failures)


@pytest.mark.django_db
def test_every_operation_documents_its_error_answers(client):
    schema = client.get("/api/v1/openapi.json").json()
    for path, item in schema["paths"].items():
        for method, operation in item.items():
            codes = set(operation["responses"])
            assert {"400", "401", "403", "404", "429"} <= codes, (method, path)
            if method != "get":
                assert {"409", "413", "415"} <= codes, (method, path)
            assert operation["responses"]["404"]["content"]["application/json"]["schema"] == {
                "$ref": "#/components/schemas/Error"
            }

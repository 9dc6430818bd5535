"""The exception handler turns a service's refusal into 409 or 400 for every app's views."""

from types import SimpleNamespace

from django.core.exceptions import PermissionDenied
from django.core.exceptions import ValidationError as DjangoValidationError

from khcn.api.errors import exception_handler
from khcn.core.concurrency import StaleObjectError


def test_a_stale_version_is_a_conflict_with_the_stored_version():
    response = exception_handler(StaleObjectError(SimpleNamespace(version=7)), {})
    assert response is not None and response.status_code == 409
    assert response.data["code"] == "stale" and response.data["current_version"] == 7


def test_a_broken_rule_is_a_400_with_its_code():
    refusal = DjangoValidationError("The call is closed.", code="call_closed")
    response = exception_handler(refusal, {})
    assert response is not None and response.status_code == 400
    assert response.data == {"detail": ["The call is closed."], "code": "call_closed"}


def test_messages_by_field_are_kept_and_a_missing_code_reads_invalid():
    refusal = DjangoValidationError({"unit": ["Pick a unit."]})
    response = exception_handler(refusal, {})
    assert response is not None and response.status_code == 400
    assert response.data["code"] == "invalid" and response.data["errors"] == {"unit": ["Pick a unit."]}


def test_other_exceptions_get_drfs_own_answer():
    response = exception_handler(PermissionDenied(), {})
    assert response is not None and response.status_code == 403
    assert exception_handler(RuntimeError("bug"), {}) is None

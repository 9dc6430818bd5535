"""The Content-Security-Policy header is built once, and again when its settings change."""

import pytest
from csp.utils import build_policy
from django.test import override_settings

from khcn.core import csp

pytestmark = pytest.mark.django_db


def test_the_header_is_the_settings_policy_built_once(client, monkeypatch):
    built = []
    monkeypatch.setattr(csp, "build_policy", lambda **kw: built.append(kw) or build_policy(**kw))
    csp._built.clear()
    first = client.get("/")["Content-Security-Policy"]
    second = client.get("/accounts/login/")["Content-Security-Policy"]
    assert first == second == build_policy()
    assert len([kw for kw in built if not kw.get("report_only")]) == 1


def test_a_changed_setting_changes_the_header(client):
    directives = {"default-src": ["'self'"], "img-src": ["'self'", "https://tiles.example.vn"]}
    before = client.get("/")["Content-Security-Policy"]
    with override_settings(CONTENT_SECURITY_POLICY={"DIRECTIVES": directives}):
        changed = client.get("/")["Content-Security-Policy"]
    assert "https://tiles.example.vn" in changed and "https://tiles.example.vn" not in before
    assert client.get("/")["Content-Security-Policy"] == before


def test_an_answer_with_its_own_parts_gets_its_own_policy():
    own = csp.policy(update={"img-src": ["https://tiles.example.vn"]})
    assert "https://tiles.example.vn" in own
    assert "https://tiles.example.vn" not in csp.policy()

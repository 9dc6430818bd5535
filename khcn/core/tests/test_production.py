"""Production settings are safe (issue 12, #12): no built-in key, check --deploy clean, no caching."""

import os
import re
import subprocess
import sys
from pathlib import Path

import pytest
from django.test import Client
from django.urls import URLPattern, URLResolver, get_resolver

ROOT = Path(__file__).resolve().parents[3]


def _manage(*args: str, env: dict[str, str]) -> subprocess.CompletedProcess[str]:
    clean = {k: v for k, v in os.environ.items() if not k.startswith(("DJANGO_", "SECRET_KEY", "DEBUG", "SECURE_"))}
    return subprocess.run(
        [sys.executable, "manage.py", *args],
        cwd=ROOT,
        env={**clean, "DJANGO_SETTINGS_MODULE": "config.settings", **env},
        capture_output=True,
        text=True,
        timeout=120,
    )


@pytest.mark.parametrize("key", ["", "insecure-dev-key-change-me-in-production"])
def test_the_app_refuses_to_start_with_the_builtin_key_when_debug_is_off(key):
    result = _manage("check", env={"DEBUG": "false", "SECRET_KEY": key})
    assert result.returncode != 0
    assert "ImproperlyConfigured: Set SECRET_KEY" in result.stderr


def test_development_may_use_the_builtin_key():
    result = _manage("check", env={"DEBUG": "true", "SECRET_KEY": ""})
    assert result.returncode == 0, result.stderr


def _readme_production_env() -> dict[str, str]:
    """The variables README's "Deploying on PostgreSQL behind gunicorn" exports."""
    readme = (ROOT / "README.md").read_text()
    block = readme.split("## Deploying on PostgreSQL behind gunicorn", 1)[1].split("```sh", 1)[1].split("```", 1)[0]
    exported = block.split("export ", 1)[1].split("\nscripts/", 1)[0].replace("\\\n", " ")
    return dict(re.findall(r"([A-Z_]+)=(\S+)", exported))


def test_check_deploy_is_clean_under_the_readme_production_settings():
    env = _readme_production_env()
    assert env["SECURE_COOKIES"] == "true" and "ALLOWED_HOSTS" in env
    env["SECRET_KEY"] = "k" * 10 + "-a-long-random-production-key-with-many-different-characters-0123456789"
    env["DATABASE_URL"] = ""  # the check needs no database; the README's host does not exist here
    result = _manage("check", "--deploy", "--fail-level", "WARNING", env=env)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "System check identified no issues" in result.stdout


def test_production_settings_redirect_to_https_and_send_hsts():
    code = (
        "from django.conf import settings as s; "
        "print(s.SECURE_SSL_REDIRECT, s.SECURE_HSTS_SECONDS, s.SECURE_PROXY_SSL_HEADER, s.SESSION_COOKIE_SECURE)"
    )
    result = _manage(
        "shell", "-v", "0", "-c", code, env={**_readme_production_env(), "SECRET_KEY": "x" * 60, "DATABASE_URL": ""}
    )
    assert result.stdout.split() == ["True", "31536000", "('HTTP_X_FORWARDED_PROTO',", "'https')", "True"]
    custom = {"SECURE_HSTS_SECONDS": "600", "SECURE_PROXY_SSL_HEADER": "X-Scheme"}
    result = _manage("shell", "-v", "0", "-c", code, env={**_readme_production_env(), **custom, "SECRET_KEY": "x" * 60})
    assert result.stdout.split()[1:3] == ["600", "('HTTP_X_SCHEME',"]


def _urls(patterns, prefix=""):  # type: ignore[no-untyped-def]
    for p in patterns:
        if isinstance(p, URLResolver):
            yield from _urls(p.url_patterns, prefix + str(p.pattern))
        elif isinstance(p, URLPattern):
            yield "/" + prefix + str(p.pattern)


@pytest.mark.django_db
def test_every_answer_to_a_signed_in_user_is_private_and_not_stored(dept_officer, org_a):
    client = Client(raise_request_exception=False)
    client.force_login(dept_officer)
    checked = 0
    for route in _urls(get_resolver().url_patterns):
        url = re.sub(r"<(int:)?(pk|id|\w*_id|\w*_pk)>", str(org_a.pk), route).replace("<path:object_id>", "1")
        url = url.replace("^", "").replace("$", "")
        if "<" in url or "(?P" in url or "logout" in url:
            continue
        response = client.get(url)
        directives = {d.strip() for d in response.get("Cache-Control", "").split(",")}
        assert {"private", "no-store"} <= directives, (url, response.status_code, response.get("Cache-Control"))
        checked += 1
    assert checked >= 60
    export = client.get("/geo/organisations/?export=xlsx")
    assert export.status_code == 200 and "no-store" in export["Cache-Control"]


@pytest.mark.django_db
def test_anonymous_public_pages_are_not_marked_private(client):
    assert "private" not in client.get("/research/results/").get("Cache-Control", "")

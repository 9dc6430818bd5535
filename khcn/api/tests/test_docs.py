"""The browsable API docs beside the schema: Swagger UI from this site, nothing inline."""

import re

import pytest

pytestmark = pytest.mark.django_db


def test_docs_page_serves_swagger_ui_from_this_site_with_nothing_inline(client):  # type: ignore[no-untyped-def]
    response = client.get("/api/v1/docs/")
    assert response.status_code == 200
    html = response.content.decode()
    assert "/static/drf_spectacular_sidecar/swagger-ui-dist/swagger-ui-bundle" in html
    assert "<style" not in html  # the Content-Security-Policy refuses inline styles
    assert re.findall(r"<script>", html) == []  # every script is a file
    script = client.get("/api/v1/docs/?script=")
    assert script["Content-Type"].startswith("application/javascript")
    assert "/api/v1/openapi.json" in script.content.decode()

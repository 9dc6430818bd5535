import pytest

pytestmark = pytest.mark.django_db


def test_openapi_schema_lists_the_endpoints(client):
    schema = client.get("/api/v1/openapi.json").json()
    assert schema["openapi"].startswith("3.")
    assert "/api/v1/organisations/" in schema["paths"]
    assert "/api/v1/units/{id}/current/" in schema["paths"]


def test_api_requires_authentication(client):
    assert client.get("/api/v1/units/").status_code in (401, 403)

"""The API's OpenAPI schema (drf-spectacular): the error answers every operation can give.

Views document their success; the refusals they share (a bad value 400, not signed in 401/403,
out of scope 404, a stale version 409, a body too large 413 or of another type 415, too many
requests 429) are added
here once, all with the one error body, so the schema names every status code the API sends
(Schemathesis checks it in khcn/api/tests/test_schemathesis.py).
"""

from typing import Any

from drf_spectacular.extensions import OpenApiAuthenticationExtension

ERROR_COMPONENT = "Error"
ERROR_SCHEMA: dict[str, Any] = {
    "type": "object",
    "description": "A refusal: `detail` says why (in the caller's language), `code` is stable. A bad value "
    "answers with the messages by field name instead (`{field: [messages]}`) or in `errors`.",
    "properties": {
        "detail": {"oneOf": [{"type": "string"}, {"type": "array", "items": {"type": "string"}}]},
        "code": {"type": "string"},
        "errors": {"type": "object", "additionalProperties": True},
        "current_version": {"type": "integer", "description": "With 409: the version stored now."},
    },
    "additionalProperties": True,
}
WRITE_METHODS = {"post", "put", "patch", "delete"}
ERROR_RESPONSES = {
    "400": "Invalid input: a value, a filter or a rule of the service.",
    "401": "Not signed in (credentials missing or wrong).",
    "403": "Not signed in, not allowed, or the CSRF check failed.",
    "404": "No such object, or outside the caller's scope; or no such page of the list.",
    "406": "The Accept header asks for a format the API does not serve (it serves JSON).",
    "429": "Too many requests: wait the seconds Retry-After names.",
}
WRITE_ERROR_RESPONSES = {
    "409": "Someone changed the object meanwhile (`current_version` names the version stored now).",
    "413": "The request body is larger than the server accepts.",
    "415": "The body is not JSON, a form or a multipart form.",
}


def add_error_responses(result: dict[str, Any], generator: Any, request: Any, public: bool) -> dict[str, Any]:
    """POSTPROCESSING_HOOKS: document the shared error answers on every operation."""
    result.setdefault("components", {}).setdefault("schemas", {})[ERROR_COMPONENT] = ERROR_SCHEMA
    body = {"application/json": {"schema": {"$ref": f"#/components/schemas/{ERROR_COMPONENT}"}}}
    for path_item in result.get("paths", {}).values():
        for method, operation in path_item.items():
            if not isinstance(operation, dict) or "responses" not in operation:
                continue
            codes = {**ERROR_RESPONSES, **(WRITE_ERROR_RESPONSES if method in WRITE_METHODS else {})}
            for code, description in codes.items():
                operation["responses"].setdefault(code, {"description": description, "content": body})
    return result


class SessionScheme(OpenApiAuthenticationExtension):
    """Our SessionAuthentication (khcn.core.drf_backends) is documented as DRF's own."""

    target_class = "khcn.core.drf_backends.SessionAuthentication"
    name = "cookieAuth"

    def get_security_definition(self, auto_schema: Any) -> dict[str, str]:
        return {"type": "apiKey", "in": "cookie", "name": "sessionid"}

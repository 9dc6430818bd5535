"""How the OpenAPI schema (drf-spectacular) describes API token authentication."""

from typing import Any

from drf_spectacular.extensions import OpenApiAuthenticationExtension


class TokenAuthenticationScheme(OpenApiAuthenticationExtension):
    target_class = "khcn.accounts.authentication.TokenAuthentication"
    name = "tokenAuth"

    def get_security_definition(self, auto_schema: Any) -> dict[str, Any]:
        return {
            "type": "http",
            "scheme": "bearer",
            "bearerFormat": "khcn_<prefix>_<secret>",
            "description": (
                "An API token its owner created on the page /accounts/tokens/, sent as "
                "`Authorization: Bearer <token>` (`Token <token>` is accepted too). It acts with its "
                "owner's roles and scope, and stops working when it expires, is revoked or its owner "
                "is deactivated. HTTP Basic is not accepted."
            ),
        }

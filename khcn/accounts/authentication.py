"""API token authentication (DRF): `Authorization: Bearer <token>` (or `Token <token>`).

The request acts as the token's user, with their roles and scope and nothing more. A token
that is malformed, unknown, revoked, expired or whose user is deactivated answers 401; those
failures count against the anonymous rate of the caller's address, so guessing is throttled
like any anonymous traffic. Checking a token costs one indexed query and a SHA-256, never a
password hash (HTTP Basic, which cost ~0.7 s of CPU per request, is not accepted).
"""

from typing import Any, NoReturn

from django.utils.translation import gettext_lazy as _
from rest_framework.authentication import BaseAuthentication, get_authorization_header
from rest_framework.exceptions import AuthenticationFailed

from khcn.accounts import selectors, services
from khcn.accounts.models import ApiToken, User
from khcn.core.throttling import FailedAuthThrottle

KEYWORDS = (b"bearer", b"token")


class TokenAuthentication(BaseAuthentication):
    def authenticate(self, request: Any) -> tuple[User, ApiToken] | None:
        parts = get_authorization_header(request).split()
        if not parts or parts[0].lower() not in KEYWORDS:
            return None  # no token: the session (or nobody) decides
        if len(parts) != 2:
            self._refuse(request)
        try:
            raw = parts[1].decode("ascii")
        except UnicodeDecodeError:
            self._refuse(request)
        token = selectors.token_get_by_secret(raw)
        if token is None:
            self._refuse(request)
        services.token_record_use(token=token)
        return token.user, token

    def authenticate_header(self, request: Any) -> str:
        return 'Bearer realm="api"'

    def _refuse(self, request: Any) -> NoReturn:
        FailedAuthThrottle().allow_request(request, None)  # raises 429 once the address is over its rate
        raise AuthenticationFailed(
            _("The token is not valid: it is wrong, expired or revoked, or its account is deactivated.")
        )

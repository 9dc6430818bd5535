"""Sign-in lockout (django-axes): a username-and-address pair, and an address that sprays.

django-axes locks the pair (AXES_LOCKOUT_PARAMETERS): wrong passwords typed from one address
lock that name there only, so nobody can lock an officer out of their own office by typing
their username elsewhere. On its own that lets one address try a password over every
username; this handler also locks an address once its failures over all usernames reach
KHCN_LOGIN_ADDRESS_FAILURE_LIMIT within the cool-off time (TCVN 11930 asks for lockout on
repeated failures, DOMAIN.md §10.1). Both locks end after AXES_COOLOFF_TIME.
"""

from typing import Any

from axes.attempts import get_cool_off_threshold
from axes.handlers.database import AxesDatabaseHandler
from axes.models import AccessAttempt
from django.conf import settings
from django.db.models import Sum


class PairAndAddressHandler(AxesDatabaseHandler):
    def address_failures(self, request: Any) -> int:
        """Failed sign-ins from the request's address over every username, within the cool-off."""
        attempts = AccessAttempt.objects.filter(
            ip_address=request.axes_ip_address, attempt_time__gte=get_cool_off_threshold(request)
        )
        return attempts.aggregate(total=Sum("failures_since_start"))["total"] or 0

    def address_locked(self, request: Any) -> bool:
        return self.address_failures(request) >= settings.KHCN_LOGIN_ADDRESS_FAILURE_LIMIT

    def is_locked(self, request: Any, credentials: dict | None = None) -> bool:
        return super().is_locked(request, credentials) or self.address_locked(request)

    def user_login_failed(self, sender: Any, credentials: dict, request: Any = None, **kwargs: Any) -> None:
        super().user_login_failed(sender, credentials, request, **kwargs)
        if request is not None and not request.axes_locked_out and self.address_locked(request):
            request.axes_locked_out = True
            request.axes_credentials = credentials

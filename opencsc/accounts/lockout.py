"""The lock-out after repeated failed sign-ins: per username across every address, and per address
across every username, each with its own limit.

django-axes locks when the failures counted for any of AXES_LOCKOUT_PARAMETERS reach one limit,
AXES_FAILURE_LIMIT. A username gets few guesses (5), wherever they come from; an address gets more
(OPENCSC_LOGIN_ADDRESS_FAILURE_LIMIT, 20), because a council's staff often share one address and one
mistyping colleague should not lock the office out. This handler scales the address's count onto
the username's limit, so both of axes' comparisons ("failures >= AXES_FAILURE_LIMIT") apply each
limit to its own count.

A right password clears the failures of that username only. Axes would also clear every failure
from the address, and so let anyone with an account of their own reset a victim's count from their
address by signing in between guesses.
"""

from typing import Any

from axes.handlers.database import AxesDatabaseHandler
from axes.helpers import get_client_username, get_failure_limit, get_lockout_parameters
from axes.models import AccessAttempt
from django.conf import settings
from django.db.models import Sum
from django.http import HttpRequest


def _failures(attempts: Any) -> int:
    return int(attempts.aggregate(total=Sum("failures_since_start"))["total"] or 0)


class UsernameOrAddressHandler(AxesDatabaseHandler):
    """Axes' database handler, with a separate (higher) limit for an address."""

    def get_failures(self, request: HttpRequest, credentials: dict[str, Any] | None = None) -> int:
        limit = get_failure_limit(request, credentials)
        address_limit = max(1, int(settings.OPENCSC_LOGIN_ADDRESS_FAILURE_LIMIT))
        parameters = get_lockout_parameters(request, credentials)
        counted = []
        for parameter, attempts in zip(
            parameters, self.get_user_attempts(request, credentials), strict=True
        ):
            failures = _failures(attempts)
            if parameter == "ip_address":
                # Reaches `limit` exactly when the address reaches its own limit.
                failures = failures * limit // address_limit
            counted.append(failures)
        return max(counted, default=0)

    def reset_user_attempts(
        self, request: HttpRequest, credentials: dict[str, Any] | None = None
    ) -> int:
        username = get_client_username(request, credentials)
        if username is None:
            return 0
        count, _ = AccessAttempt.objects.filter(username=username).delete()
        return int(count)

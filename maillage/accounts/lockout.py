"""Failed logins: django-axes' database handler, with a ceiling per network address.

Axes locks an (e-mail address, network address) pair after ``AXES_FAILURE_LIMIT``
failures. Someone trying a few passwords on each of many accounts never reaches
that, so failures from one network address are also counted across every account,
and past ``LOGIN_FAILURES_PER_IP`` in the cool-off period that address is locked
out too, whatever the account.

Why a handler rather than settings: axes compares a single failure limit with the
largest count among its lockout parameters, so ``AXES_LOCKOUT_PARAMETERS =
[["username", "ip_address"], "ip_address"]`` would lock a whole room sharing one
address after 5 failures, whatever the accounts. It would also let a successful
login clear every failure of its address (``AXES_RESET_ON_SUCCESS`` resets each
combination), so anyone with an account of their own could reset the ceiling.
Here the pair stays axes' only lockout parameter (a success clears that pair's
failures only), and the address's failures are read from the same rows.
"""

from axes.attempts import get_cool_off_threshold
from axes.handlers.database import AxesDatabaseHandler
from axes.helpers import get_failure_limit
from axes.models import AccessAttempt
from django.conf import settings
from django.db.models import Sum


def failures_from_address(request):
    """Failed logins from the request's network address in the cool-off period,
    over every account."""
    attempts = AccessAttempt.objects.filter(ip_address=request.axes_ip_address)
    if settings.AXES_COOLOFF_TIME is not None:
        attempts = attempts.filter(attempt_time__gte=get_cool_off_threshold(request))
    return attempts.aggregate(total=Sum("failures_since_start"))["total"] or 0


class LockoutHandler(AxesDatabaseHandler):
    def get_failures(self, request, credentials=None):
        """The pair's failures, or the address's scaled to the pair's limit when that
        is more: axes locks out when this reaches ``AXES_FAILURE_LIMIT``, which the
        scaled count does exactly when the address reaches ``LOGIN_FAILURES_PER_IP``."""
        pair = super().get_failures(request, credentials)
        ceiling = settings.LOGIN_FAILURES_PER_IP
        from_address = failures_from_address(request)
        request.maillage_address_locked = from_address >= ceiling
        scaled = from_address * get_failure_limit(request, credentials) // ceiling
        return max(pair, scaled)

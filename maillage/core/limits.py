"""Rate limits: what the limits count by, and counters for what leaves no row of its own.

Where the thing limited has rows of its own (registrations to events, the joins and
votes of a consultation's code participants), the limit counts those rows. What
leaves none (wrong join codes, password-reset requests) is counted here, in
``LimitCounter`` rows: every process and every machine shares them through the
database, and each hit is one ``UPDATE … SET count = count + 1``, atomic on SQLite
and PostgreSQL alike, so requests sent in parallel cannot slip past a limit.

Windows are fixed, ``seconds`` long and aligned on the epoch: a limit of N a window
lets at most N through in each window. The key of a counter is a keyed hash of the
action, the window and who is counted (a network or e-mail address), which is
therefore never stored. Spent counters are deleted by a periodic job (``prune``).
"""

import hashlib
import hmac
import ipaddress
import math
from dataclasses import dataclass
from datetime import UTC, datetime

from django.conf import settings
from django.db import IntegrityError, transaction
from django.db.models import F
from django.utils import timezone

from .models import LimitCounter

IPV6_PREFIX = 64  # one subscriber's network: a client can pick any address inside it


def keyed_hash(purpose, value):
    """A keyed hash of ``value`` (a network or e-mail address): enough to count and
    compare, not to find the person. "" for no value."""
    if not value:
        return ""
    key = settings.SECRET_KEY.encode()
    return hmac.new(key, f"{purpose}:{value}".encode(), hashlib.sha256).hexdigest()


def network(ip):
    """What a limit counts for a client's address: the address itself for IPv4, its
    /64 network for IPv6 (a client changes its address within it at will)."""
    if not ip:
        return ""
    try:
        address = ipaddress.ip_address(ip)
    except ValueError:
        return str(ip)
    if address.version == 6:
        if address.ipv4_mapped is not None:  # ::ffff:203.0.113.9, an IPv4 client
            return str(address.ipv4_mapped)
        prefix = ipaddress.ip_network(f"{address}/{IPV6_PREFIX}", strict=False)
        return str(prefix.network_address)
    return str(address)


@dataclass(frozen=True)
class Usage:
    count: int
    ends_at: datetime

    def minutes_left(self, now=None):
        """Whole minutes until the window ends (at least 1)."""
        seconds = (self.ends_at - (now or timezone.now())).total_seconds()
        return max(1, math.ceil(seconds / 60))


def _window(scope, subject, seconds, now):
    index = int(now.timestamp()) // seconds
    ends_at = datetime.fromtimestamp((index + 1) * seconds, tz=UTC)
    return keyed_hash("limits", f"{scope}:{seconds}:{index}:{subject}"), ends_at


def peek(scope, subject, *, seconds, now=None):
    """How many times ``scope`` was hit for ``subject`` in the current window."""
    key, ends_at = _window(scope, subject, seconds, now or timezone.now())
    count = LimitCounter.objects.filter(key=key).values_list("count", flat=True).first()
    return Usage(count or 0, ends_at)


def hit(scope, subject, *, seconds, now=None):
    """Count one more ``scope`` for ``subject`` in the current window; the new usage."""
    key, ends_at = _window(scope, subject, seconds, now or timezone.now())
    counters = LimitCounter.objects.filter(key=key)
    with transaction.atomic():
        if not counters.update(count=F("count") + 1):
            try:
                with transaction.atomic():
                    LimitCounter.objects.create(key=key, count=1, expires_at=ends_at)
            except IntegrityError:  # another request created it in the meantime
                counters.update(count=F("count") + 1)
        return Usage(counters.values_list("count", flat=True).get(), ends_at)


def prune(now=None):
    """Delete the counters of windows that have ended (a periodic job)."""
    deleted, _ = LimitCounter.objects.filter(expires_at__lte=now or timezone.now()).delete()
    return deleted

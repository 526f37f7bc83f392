"""Limits on participants without an account, who join with a code and vote.

Nothing but a code stands between a browser and a new participation, so one person
could join again and again from fresh sessions and vote each time. Every joining
and voting participant without an account is therefore marked with where they came
from: a keyed hash of their network address (never the address itself) and of a
long-lived random "device" cookie set when they join. The limits count the
participants' own rows:

- joins of a consultation in the last hour from one network address
  (``CONSULTATIONS_JOINS_PER_IP``) and in all from one device
  (``CONSULTATIONS_JOINS_PER_DEVICE``);
- participants who voted in a round from one network address
  (``CONSULTATIONS_VOTERS_PER_IP``) and from one device
  (``CONSULTATIONS_VOTERS_PER_DEVICE``).

A whole workshop room often shares one address (venue Wi-Fi behind NAT), so the
per-address limits are generous; those who run the consultation also see how many
participants voted from one address (``voters_sharing_an_address``). The device
cookie only catches someone who deletes the participation cookie and nothing else.
Members who join with their account are one participant per account anyway
(a database constraint) and are not counted.
"""

import secrets
from dataclasses import dataclass
from datetime import timedelta

from django.conf import settings
from django.db.models import Count
from django.utils import timezone
from django.utils.translation import gettext as _

from maillage.accounts.services import network_address
from maillage.core.errors import DomainError
from maillage.core.limits import keyed_hash

from .models import Participant, Round, Vote

DEVICE_COOKIE = "maillage_device"
DEVICE_SALT = "maillage.consultations.device"
DEVICE_MAX_AGE = 60 * 60 * 24 * 365 * 2
SHOWN_ADDRESSES = 10


@dataclass(frozen=True)
class Origin:
    """Where a participant's request came from, as keyed hashes ("" when unknown)."""

    ip_hash: str = ""
    device_hash: str = ""


def device_token(request):
    """The browser's device token, from its signed cookie, or None."""
    return request.get_signed_cookie(
        DEVICE_COOKIE, default=None, salt=DEVICE_SALT, max_age=DEVICE_MAX_AGE
    )


def origin_of(request, device=None):
    """The request's origin; ``device`` is the device token when the view has just
    made one."""
    device = device or device_token(request)
    return Origin(
        ip_hash=keyed_hash("consultations-ip", network_address(request)),
        device_hash=keyed_hash("consultations-device", device),
    )


def new_device_token():
    return secrets.token_urlsafe(18)


def remember_device(response, token):
    response.set_signed_cookie(
        DEVICE_COOKIE,
        token,
        salt=DEVICE_SALT,
        max_age=DEVICE_MAX_AGE,
        httponly=True,
        samesite="Lax",
    )
    return response


def check_join(consultation, origin, now=None):
    """Refuse a new participant without an account past the join limits."""
    if origin is None:
        return
    joined = Participant.objects.filter(consultation=consultation, user__isnull=True)
    since = (now or timezone.now()) - timedelta(hours=1)
    if (
        origin.ip_hash
        and joined.filter(ip_hash=origin.ip_hash, joined_at__gte=since).count()
        >= settings.CONSULTATIONS_JOINS_PER_IP
    ):
        raise DomainError(
            _(
                "Too many participants have joined this consultation from your network "
                "connection in the last hour. Please try again later, or ask the "
                "facilitator."
            ),
            code="joins_per_ip",
        )
    if (
        origin.device_hash
        and joined.filter(device_hash=origin.device_hash).count()
        >= settings.CONSULTATIONS_JOINS_PER_DEVICE
    ):
        raise DomainError(
            _(
                "This device has already joined this consultation several times. Go on "
                "with the participation you started, or ask the facilitator."
            ),
            code="joins_per_device",
        )


def check_voter(round_, participant, origin):
    """Refuse the first answer in ``round_`` of a participant without an account when
    too many others have voted in it from the same network address or device. Those
    who have answered already may always change or complete their answers."""
    if origin is None or participant.user_id is not None:
        return
    votes = Vote.objects.filter(round=round_)
    if votes.filter(participant=participant).exists():
        return
    # First answers one at a time per round (in the caller's transaction), so that the
    # limits count each one.
    Round.objects.select_for_update().filter(pk=round_.pk).first()
    if (
        origin.ip_hash
        and _voters(votes.filter(ip_hash=origin.ip_hash)) >= settings.CONSULTATIONS_VOTERS_PER_IP
    ):
        raise DomainError(
            _(
                "Too many participants have voted in this round from your network "
                "connection. Your answer is not saved: please try again later from "
                "another connection, or ask the facilitator."
            ),
            code="voters_per_ip",
        )
    if (
        origin.device_hash
        and _voters(votes.filter(device_hash=origin.device_hash))
        >= settings.CONSULTATIONS_VOTERS_PER_DEVICE
    ):
        raise DomainError(
            _(
                "Too many participants have voted in this round from this device. Your "
                "answer is not saved: please vote from your own device, or ask the "
                "facilitator."
            ),
            code="voters_per_device",
        )


def _voters(votes):
    return votes.values("participant").distinct().count()


def voters_sharing_an_address(round_):
    """For each network address from which several participants without an account
    voted in ``round_``, how many did, most first (at most SHOWN_ADDRESSES). For those
    who run the consultation only; never the address."""
    return list(
        Vote.objects.filter(round=round_)
        .exclude(ip_hash="")
        .values("ip_hash")
        .annotate(voters=Count("participant", distinct=True))
        .filter(voters__gte=2)
        .order_by("-voters")
        .values_list("voters", flat=True)[:SHOWN_ADDRESSES]
    )

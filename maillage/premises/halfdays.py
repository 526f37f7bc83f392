"""The half-days of a site and what makes one bookable, shared by every part of the
app (bookings, requests, the grid, occupancy, statements).

- ``slots(site)``: the site's half-days in order, with their local times;
- ``bounds(site, day, slot)``: the half-day as aware datetimes, [start, end);
- ``local_today(site, now)``: the date at the site (in its zone);
- ``closed_reason(site, day)``: why the site is closed that day, or None;
- ``not_yet_available(space, day)``: whether a space is still to come that day;
- ``lock_site(site)``: the site's row locked for the rest of the transaction: every
  booking of a site is checked and written under it (on SQLite the IMMEDIATE
  transaction already holds the database's write lock);
- ``expire_holds(site, now)``: holds past their time stop blocking;
- ``room_taken(space, starts_at, ends_at)``: the blocking bookings a room has then;
- ``free_desks(space, organisation, starts_at, ends_at)``: the desks of a pool left to
  one organisation's people (its reserved desks first, then the pool's others).
"""

from collections import namedtuple
from functools import lru_cache

from django.db import transaction
from django.db.models import Q, Sum
from django.utils import timezone
from django.utils.translation import gettext as _

from maillage.core.zones import local_datetime, zone_or_default

from .models import BLOCKING, Booking, BookingStatus, ClosedPeriod, ReservedDesks, Site, Slot

HalfDay = namedtuple("HalfDay", "slot label starts ends")


def slots(site):
    """The half-days of ``site`` in order: morning, afternoon, and evening when set."""
    result = [
        HalfDay(Slot.MORNING, Slot.MORNING.label, site.morning_starts, site.morning_ends),
        HalfDay(Slot.AFTERNOON, Slot.AFTERNOON.label, site.afternoon_starts, site.afternoon_ends),
    ]
    if site.evening_starts and site.evening_ends:
        result.append(
            HalfDay(Slot.EVENING, Slot.EVENING.label, site.evening_starts, site.evening_ends)
        )
    return result


def slot_of(site, slot):
    """The half-day ``slot`` (a Slot value) of ``site``, or None when the site has none."""
    return next((half for half in slots(site) if half.slot == slot), None)


@lru_cache(maxsize=64)
def _zone(name):
    return zone_or_default(name)


def bounds(site, day, slot):
    """The half-day ``slot`` of ``day`` at ``site`` as aware datetimes [start, end), in
    the site's zone: 08:00 stays 08:00 on the day the clocks change."""
    half = slot_of(site, slot)
    if half is None:
        raise ValueError(f"{site} has no {slot}")
    zone = _zone(site.time_zone)
    return local_datetime(day, half.starts, zone), local_datetime(day, half.ends, zone)


def local_today(site, now=None):
    """The date at ``site`` (in its zone) at ``now`` (by default, now)."""
    return timezone.localtime(now or timezone.now(), _zone(site.time_zone)).date()


def closed_reason(site, day, periods=None):
    """Why ``site`` is closed on ``day`` (a closing day of the week or a closed period),
    or None when it is open. ``periods``: the site's closed periods, read once by the
    caller for many days."""
    if day.weekday() not in site.open_weekdays:
        return _("the site is closed on that day of the week")
    if periods is None:
        periods = ClosedPeriod.objects.filter(site=site, starts_on__lte=day, ends_on__gte=day)
    for period in periods:
        if period.starts_on <= day <= period.ends_on:
            return period.reason
    return None


def not_yet_available(space, day):
    return space.available_from is not None and day < space.available_from


def lock_site(site):
    """The site's row, locked until the transaction ends (must run inside one)."""
    if not transaction.get_connection().in_atomic_block:
        raise RuntimeError("lock_site() must run inside transaction.atomic().")
    return Site.objects.select_for_update().get(pk=site.pk)


def expire_holds(site, now=None):
    """Holds of ``site`` past their time become expired; returns how many."""
    now = now or timezone.now()
    return Booking.objects.filter(site=site, status=BookingStatus.HELD, hold_until__lte=now).update(
        status=BookingStatus.EXPIRED
    )


def _overlapping(starts_at, ends_at):
    # Half-open intervals: [a, b) and [c, d) overlap when a < d and c < b.
    return Q(starts_at__lt=ends_at, ends_at__gt=starts_at, status__in=BLOCKING)


def room_taken(space, starts_at, ends_at):
    """The blocking bookings of ``space`` overlapping [starts_at, ends_at)."""
    return Booking.objects.filter(_overlapping(starts_at, ends_at), space=space)


def free_desks(space, organisation, starts_at, ends_at):
    """How many desks of the pool ``space`` one of ``organisation``'s people (None: a
    person without an organisation) may still book for [starts_at, ends_at)."""
    reserved = {row.organisation_id: row.count for row in ReservedDesks.objects.filter(space=space)}
    general = space.desks - sum(reserved.values())
    used = {
        row["organisation"]: row["total"]
        for row in Booking.objects.filter(_overlapping(starts_at, ends_at), space=space)
        .values("organisation")
        .annotate(total=Sum("desks"))
    }
    # Each organisation with reserved desks uses them first; what it books beyond them,
    # and every booking of the others, comes from the pool's general desks.
    general_used = sum(
        max(0, total - reserved.get(org, 0)) if org is not None else total
        for org, total in used.items()
    )
    own = organisation.pk if organisation is not None else None
    own_left = max(0, reserved.get(own, 0) - used.get(own, 0)) if own in reserved else 0
    return own_left + max(0, general - general_used)

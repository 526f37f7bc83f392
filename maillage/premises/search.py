"""Availability search: "a room for 20 on a Tuesday afternoon in the next 4 weeks".

``find_free`` answers with the free (space, date, slot) of a site in date order. It
reads the rooms once, the site's closed periods once and the blocking bookings of the
window once (a hold past its time does not block), then works in memory: its cost
does not grow with the bookings outside the window.
"""

from collections import defaultdict, namedtuple
from datetime import timedelta

from django.db.models import Q
from django.utils import timezone

from . import halfdays
from .models import BLOCKING, Booking, BookingStatus, ClosedPeriod
from .services_requests import ROOM_KINDS

Free = namedtuple("Free", "space date slot label starts_at ends_at")

MAX_WEEKS = 12


def find_free(
    site,
    *,
    people,
    weekday=None,
    slot=None,
    start=None,
    weeks=4,
    kind=None,
    step_free=False,
    now=None,
):
    """The free half-days of the site's rooms for ``people`` from ``start`` (today in
    the site's zone by default) for ``weeks`` weeks, in date, half-day and room order.
    ``weekday``: 0 (Monday) to 6; ``slot``: a Slot value; ``kind``: a SpaceKind of
    room; ``step_free``: only rooms with step-free access. Closed days, half-days over,
    rooms too small or not yet available are left out."""
    now = now or timezone.now()
    start = start or halfdays.local_today(site, now)
    weeks = max(1, min(MAX_WEEKS, weeks))
    end = start + timedelta(weeks=weeks)  # excluded
    rooms = site.spaces.filter(
        kind__in=[kind] if kind else ROOM_KINDS, archived_at__isnull=True, capacity__gte=people
    )
    if kind and kind not in ROOM_KINDS:
        return []
    if step_free:
        rooms = rooms.filter(step_free=True)
    rooms = list(rooms.order_by("position", "name"))
    if not rooms:
        return []
    halves = [half for half in halfdays.slots(site) if slot is None or half.slot == slot]
    periods = list(ClosedPeriod.objects.filter(site=site, starts_on__lt=end, ends_on__gte=start))
    busy = defaultdict(list)
    blocking = (
        Booking.objects.filter(
            site=site,
            space__in=[room.pk for room in rooms],
            date__gte=start,
            date__lt=end,
            status__in=BLOCKING,
        )
        .exclude(Q(status=BookingStatus.HELD, hold_until__lte=now))
        .values_list("space_id", "date", "starts_at", "ends_at")
    )
    for space_id, date, starts_at, ends_at in blocking:
        busy[space_id, date].append((starts_at, ends_at))
    found = []
    day = start
    while day < end:
        if (weekday is None or day.weekday() == weekday) and not halfdays.closed_reason(
            site, day, periods
        ):
            for half in halves:
                starts_at, ends_at = halfdays.bounds(site, day, half.slot)
                if ends_at <= now:
                    continue
                for room in rooms:
                    if halfdays.not_yet_available(room, day):
                        continue
                    if any(s < ends_at and starts_at < e for s, e in busy.get((room.pk, day), ())):
                        continue
                    found.append(Free(room, day, half.slot, half.label, starts_at, ends_at))
        day += timedelta(days=1)
    return found

"""Times kept in the zone of the place where something happens.

A model with ``starts_at``, ``ends_at`` (aware datetimes) and ``time_zone`` (an IANA
name) mixes in ``LocalTimes`` to read them as the people there do: a meeting at 14:00
in Geneva stays at 14:00 in Geneva whatever the reader's zone. The zones offered to
choose from, the check of a zone's name, and the conversions forms need (a date and a
time typed for a place, and back) are here too, for every app.
"""

import zoneinfo
from datetime import datetime, time

from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from .dates import FIRST_DAY, LAST_DAY, in_range
from .feeds import CannotWrite

DEFAULT_TIME_ZONE = "Europe/Zurich"
# The zones of the territories we work with come first in the list; any IANA zone is valid.
COMMON_TIME_ZONES = ["Europe/Zurich", "Europe/Paris", "Europe/Brussels", "Europe/Luxembourg"]


def validate_time_zone(value):
    if value not in zoneinfo.available_timezones():
        raise ValidationError(_("Unknown time zone: %(zone)s."), params={"zone": value})


def time_zone_choices():
    """The zones of our territories first, then every other IANA zone."""
    others = sorted(zoneinfo.available_timezones() - set(COMMON_TIME_ZONES))
    return [(zone, zone) for zone in COMMON_TIME_ZONES] + [
        (_("Other time zones"), [(zone, zone) for zone in others])
    ]


def zone_or_default(name):
    """The zone named ``name``; DEFAULT_TIME_ZONE's when the name is empty or unknown (a
    form read before its zone field was checked)."""
    try:
        return zoneinfo.ZoneInfo(name or DEFAULT_TIME_ZONE)
    except (zoneinfo.ZoneInfoNotFoundError, ValueError):
        return zoneinfo.ZoneInfo(DEFAULT_TIME_ZONE)


def local_datetime(day, at, zone):
    """A date and a wall-clock time (midnight when ``at`` is None) in ``zone`` (a ZoneInfo
    or an IANA name), as an aware datetime."""
    if isinstance(zone, str):
        zone = zoneinfo.ZoneInfo(zone)
    return datetime.combine(day, at or time(0, 0), tzinfo=zone)


def wall_clock(value, zone):
    """An aware datetime as the clock reads it in ``zone``, without the zone (what a
    date-and-time input shows); None stays None."""
    return timezone.localtime(value, zone).replace(tzinfo=None) if value else None


class LocalTimes:
    @property
    def zone(self):
        return zoneinfo.ZoneInfo(self.time_zone)

    @property
    def local_start(self):
        return timezone.localtime(self.starts_at, self.zone)

    @property
    def local_end(self):
        return timezone.localtime(self.ends_at, self.zone)

    def local_now(self, now=None):
        """The time it is (``now`` or now) where it happens."""
        return timezone.localtime(now or timezone.now(), self.zone)

    def local_today(self, now=None):
        """The day it is where it happens."""
        return self.local_now(now).date()

    def calendar_times(self):
        """The local start and end, for a calendar file; ``CannotWrite`` when they lie
        outside the dates forms accept (a row stored before that rule, or by hand: a
        calendar cannot hold the year 9999) or cannot be read in the zone."""
        try:
            start, end = self.local_start, self.local_end
        except (ArithmeticError, ValueError, LookupError) as error:
            raise CannotWrite(f"{self.starts_at} cannot be read in {self.time_zone!r}") from error
        if not (in_range(start) and in_range(end)):
            raise CannotWrite(f"{start.date()} is not between {FIRST_DAY} and {LAST_DAY}")
        return start, end

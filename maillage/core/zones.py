"""Times kept in the zone of the place where something happens.

A model with ``starts_at``, ``ends_at`` (aware datetimes) and ``time_zone`` (an IANA
name) mixes in ``LocalTimes`` to read them as the people there do: a meeting at 14:00
in Geneva stays at 14:00 in Geneva whatever the reader's zone.
"""

import zoneinfo

from django.utils import timezone

from .dates import FIRST_DAY, LAST_DAY, in_range
from .feeds import CannotWrite


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

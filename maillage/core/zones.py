"""Times kept in the zone of the place where something happens.

A model with ``starts_at``, ``ends_at`` (aware datetimes) and ``time_zone`` (an IANA
name) mixes in ``LocalTimes`` to read them as the people there do: a meeting at 14:00
in Geneva stays at 14:00 in Geneva whatever the reader's zone.
"""

import zoneinfo

from django.utils import timezone


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

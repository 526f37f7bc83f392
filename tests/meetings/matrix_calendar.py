"""Entries of the permission matrix (tests/test_permissions.py) for the calendar URLs.

A feed needs no login (calendar applications cannot log in): its key is the
credential, so everyone holding the address gets it; test_calendar.py checks that a
wrong key, a replaced key or a departed member gets 404.
"""

from ..permission_helpers import everyone, in_collective, logged_in
from .setting import build_meeting


def feed(w):
    from maillage.meetings.services import calendar_feed

    build_meeting(w)
    return [calendar_feed(user=w.member, collective=w.collective).key]


def meeting(w):
    return [w.collective.slug, build_meeting(w).meeting.pk]


MATRIX = {
    "meetings:calendars": ("get", None, None, logged_in(200)),
    "meetings:feed": ("get", feed, None, everyone(200)),
    "meetings:ics": ("get", meeting, None, in_collective(200)),
}
PUBLIC_MATRIX = {}

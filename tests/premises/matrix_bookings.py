"""Entries of the permission matrix (tests/test_permissions.py) for the bookings of
shared premises.

Same shape as there: name: (method, args builder or None, POST data, expected status
by persona). The builders give the world's collective a site (tests/premises/
setting.py). Members and above read the week grid and book; observers do not. A
booking or a series is cancelled (and a series read) by the person who booked it, the
members who represent its organisation (the world's member) and the coordinators; the
facilitator, who neither booked it nor represents its organisation, is refused.
"""

from datetime import date

from maillage.premises import services_bookings
from maillage.premises.models import Slot

from ..permission_helpers import in_collective
from .setting import build_site

DAY = date(2030, 6, 4)


def site(w):
    return [w.collective.slug, build_site(w).site.slug]


def _booked(w):
    premises = build_site(w)
    (booking,) = services_bookings.book(
        actor=w.member,
        space=premises.small_room,
        day=DAY,
        slots=[Slot.MORNING],
        organisation=w.organisation,
    )
    return premises, booking


def booking(w):
    premises, booking = _booked(w)
    return [w.collective.slug, premises.site.slug, booking.pk]


def series(w):
    premises = build_site(w)
    series, _booked, _skipped = services_bookings.book_series(
        actor=w.member,
        space=premises.small_room,
        starts_on=date(2030, 6, 3),
        ends_on=date(2030, 6, 30),
        weekdays=[1],
        slots=[Slot.MORNING],
        organisation=w.organisation,
    )
    return [w.collective.slug, premises.site.slug, series.pk]


MEMBERS = in_collective(200, minimum="member")
HANDLERS = {**in_collective(302, minimum="member"), "facilitator": 403}

MATRIX = {
    "premises:grid": ("get", site, None, MEMBERS),
    "premises:book": ("get", site, None, MEMBERS),
    "premises:book_series": ("get", site, None, MEMBERS),
    "premises:my_bookings": ("get", site, None, MEMBERS),
    "premises:series": ("get", series, None, {**MEMBERS, "facilitator": 403}),
    "premises:cancel_booking": ("post", booking, {}, HANDLERS),
    "premises:cancel_series_range": (
        "post",
        series,
        {"starts_on": "2030-06-01", "ends_on": "2030-06-12"},
        HANDLERS,
    ),
    "premises:cancel_series_rest": ("post", series, {"from_day": "2030-06-12"}, HANDLERS),
}

# On a public collective, outsiders see the collective but none of its bookings.
PUBLIC_MATRIX = {
    "premises:grid": ("get", site, None, in_collective(200, outsider=403, minimum="member")),
    "premises:book": ("get", site, None, in_collective(200, outsider=403, minimum="member")),
    "premises:cancel_booking": ("post", booking, {}, {**HANDLERS, "outsider": 403}),
}

"""API matrix entries (tests/api/test_api_permissions.py) for premises: sites, spaces
and bookings. Members and above read them and book (observers do not); a booking is
cancelled by who booked it (the member, for the world's organisation), the coordinators,
and nobody else (the facilitator is refused)."""

from datetime import date

from maillage.premises import services_bookings
from maillage.premises.models import Slot

from ..premises.setting import build_site
from .setting import api_change, api_in_collective

DAY = date(2030, 6, 4)


def site(w):
    return [w.collective.slug, build_site(w).site.pk]


def collective_with_site(w):
    w.premises = build_site(w)
    return [w.collective.slug]


def space(w):
    return [w.collective.slug, build_site(w).small_room.pk]


def booking(w):
    premises = build_site(w)
    (made,) = services_bookings.book(
        actor=w.member,
        space=premises.small_room,
        day=DAY,
        slots=[Slot.MORNING],
        organisation=w.organisation,
    )
    return [w.collective.slug, made.pk]


def book(w):
    return {"space": w.premises.other_room.pk, "date": DAY.isoformat(), "slots": ["afternoon"]}


MEMBERS = api_in_collective(200, minimum="member")

MATRIX = {
    "get api:site-list": (collective_with_site, None, MEMBERS),
    "get api:site-detail": (site, None, MEMBERS),
    "get api:space-list": (collective_with_site, None, MEMBERS),
    "get api:space-detail": (space, None, MEMBERS),
    "get api:booking-list": (collective_with_site, None, MEMBERS),
    "get api:booking-detail": (booking, None, MEMBERS),
    "post api:booking-list": (
        collective_with_site,
        book,
        {**api_change(201, minimum="member"), "anonymous": 401},
    ),
    "post api:booking-cancel": (
        booking,
        None,
        {**api_change(200, minimum="member"), "anonymous": 401, "facilitator": 403},
    ),
}

"""What the database itself guarantees about bookings, and the half-days' times."""

from datetime import date, time

import pytest
from django.db import IntegrityError, connection, transaction

from maillage.premises import halfdays
from maillage.premises.models import Booking, BookingStatus, ClosedPeriod, Slot

from .setting import build_site

pytestmark = pytest.mark.django_db


def _booking(premises, space, day, slot, **fields):
    starts_at, ends_at = halfdays.bounds(premises.site, day, slot)
    return Booking.objects.create(
        site=premises.site,
        space=space,
        date=day,
        slot=slot,
        starts_at=starts_at,
        ends_at=ends_at,
        **fields,
    )


def test_half_days_keep_their_wall_clock_across_the_change_of_time(world):
    premises = build_site(world)
    # Europe/Zurich moves to summer time on Sunday 29 March 2026.
    before = halfdays.bounds(premises.site, date(2026, 3, 27), Slot.MORNING)[0]
    after = halfdays.bounds(premises.site, date(2026, 3, 30), Slot.MORNING)[0]
    assert before.utcoffset().total_seconds() == 3600
    assert after.utcoffset().total_seconds() == 7200
    assert before.time() == after.time() == time(8, 0)


def test_closed_days_and_periods(world):
    premises = build_site(world)
    ClosedPeriod.objects.create(
        site=premises.site,
        starts_on=date(2026, 4, 6),
        ends_on=date(2026, 4, 6),
        reason="Lundi de Pâques",
    )
    assert halfdays.closed_reason(premises.site, date(2026, 4, 6)) == "Lundi de Pâques"
    assert halfdays.closed_reason(premises.site, date(2026, 4, 5)) is not None  # a Sunday
    assert halfdays.closed_reason(premises.site, date(2026, 4, 7)) is None


def test_reserved_desks_go_to_their_organisation_first(world):
    premises = build_site(world)
    starts_at, ends_at = halfdays.bounds(premises.site, date(2026, 6, 2), Slot.MORNING)
    # 12 desks, 6 reserved for the world's organisation: 6 for everyone else.
    assert halfdays.free_desks(premises.desks, None, starts_at, ends_at) == 6
    assert halfdays.free_desks(premises.desks, world.organisation, starts_at, ends_at) == 12
    _booking(premises, premises.desks, date(2026, 6, 2), Slot.MORNING, exclusive=False, desks=5)
    assert halfdays.free_desks(premises.desks, None, starts_at, ends_at) == 1
    assert halfdays.free_desks(premises.desks, world.organisation, starts_at, ends_at) == 7


@pytest.mark.skipif(connection.vendor != "postgresql", reason="an exclusion constraint")
def test_postgresql_refuses_two_overlapping_bookings_of_a_room(world):
    premises = build_site(world)
    day = date(2026, 6, 2)
    _booking(premises, premises.small_room, day, Slot.MORNING)
    _booking(premises, premises.small_room, day, Slot.AFTERNOON)  # back to back: fine
    _booking(premises, premises.small_room, day, Slot.MORNING, status=BookingStatus.CANCELLED)
    with pytest.raises(IntegrityError), transaction.atomic():
        _booking(premises, premises.small_room, day, Slot.MORNING, status=BookingStatus.HELD)
    assert Booking.objects.filter(space=premises.small_room).count() == 3


def test_the_core_books_back_to_back_and_refuses_an_overlap(world):
    from django.utils import timezone

    from maillage.core.errors import DomainError
    from maillage.premises.booking_core import reserve_half_day

    premises = build_site(world)
    day = date(2030, 6, 4)
    with transaction.atomic():
        site = halfdays.lock_site(premises.site)
        first = reserve_half_day(
            site=site,
            space=premises.small_room,
            day=day,
            slot=Slot.MORNING,
            organisation=world.organisation,
            booked_by=world.member,
        )
        reserve_half_day(site=site, space=premises.small_room, day=day, slot=Slot.AFTERNOON)
        with pytest.raises(DomainError) as refused:
            reserve_half_day(site=site, space=premises.small_room, day=day, slot=Slot.MORNING)
    assert refused.value.code == "taken"
    assert first.tenancy == premises.tenancy and not first.over_quota
    assert Booking.objects.filter(space=premises.small_room).count() == 2
    assert timezone.localtime(first.starts_at).hour == 8

"""Occupancy: the share of bookable half-days used, per space and month, by tenant
category; across a month boundary, the change of time, a holiday, a space still to
come and a desk pool; and the plan against the actual."""

from datetime import date
from decimal import Decimal

import pytest

from maillage.premises import economics, halfdays, occupancy
from maillage.premises.models import Booking, BookingStatus, ClosedPeriod, Slot

from .setting import SpaceFactory, TenancyFactory, build_site

pytestmark = pytest.mark.django_db


def book(premises, space, day, slot, **fields):
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


@pytest.fixture
def premises(world):
    premises = build_site(world)
    # Easter Monday 2030.
    ClosedPeriod.objects.create(
        site=premises.site, starts_on=date(2030, 4, 22), ends_on=date(2030, 4, 22), reason="Pâques"
    )
    return premises


def _row(result, space):
    return next(row for row in result.rows if row.space == space)


def test_months_are_counted_on_local_dates_across_the_change_of_time(premises):
    room = premises.small_room
    # Europe/Zurich moves to summer time on Sunday 31 March 2030: Friday 29 March is
    # in March, Monday 1 April in April, whatever their instants in UTC.
    book(premises, room, date(2030, 3, 29), Slot.MORNING, tenancy=premises.tenancy)
    book(premises, room, date(2030, 3, 29), Slot.AFTERNOON, tenancy=premises.tenancy)
    book(premises, room, date(2030, 4, 1), Slot.MORNING)
    # Neither a cancelled nor a held booking is a used half-day.
    book(premises, room, date(2030, 4, 2), Slot.MORNING, status=BookingStatus.CANCELLED)
    book(premises, room, date(2030, 4, 3), Slot.MORNING, status=BookingStatus.HELD)
    result = occupancy.occupancy(premises.site, 2030)
    row = _row(result, room)
    march, april = row.cells[2], row.cells[3]
    # March 2030: 21 weekdays × 2 half-days. April: 22 weekdays, Easter Monday closed.
    assert (march.bookable, march.used, march.share) == (42, 2, Decimal("4.76"))
    assert (april.bookable, april.used, april.share) == (42, 1, Decimal("2.38"))
    assert row.total.used == 3


def test_a_desk_pool_counts_desk_half_days_and_a_space_to_come_from_its_date(premises):
    book(premises, premises.desks, date(2030, 4, 2), Slot.MORNING, exclusive=False, desks=3)
    book(premises, premises.desks, date(2030, 4, 2), Slot.AFTERNOON, exclusive=False, desks=2)
    later = SpaceFactory(site=premises.site, name="Salle 2030", available_from=date(2030, 4, 15))
    result = occupancy.occupancy(premises.site, 2030)
    april = _row(result, premises.desks).cells[3]
    # 21 open days × 2 half-days × 12 desks = 504 desk-half-days; 5 used: 0.992…% → 0.99
    assert (april.bookable, april.used, april.share) == (504, 5, Decimal("0.99"))
    # From 15 April: 15–19, 23–26 and 29–30 April (22 closed) = 11 days × 2.
    assert _row(result, later).cells[3].bookable == 22
    assert _row(result, later).cells[2].share is None
    # Offices and the kitchen are not booked by the half-day: not in the table.
    assert {row.space for row in result.rows} == {
        premises.small_room,
        premises.other_room,
        premises.modular_room,
        premises.desks,
        later,
    }


def test_used_half_days_by_tenant_category(premises):
    room = premises.modular_room
    occasional = TenancyFactory(site=premises.site, category=premises.occasional)
    book(premises, room, date(2030, 5, 6), Slot.MORNING, tenancy=premises.tenancy)
    book(premises, room, date(2030, 5, 6), Slot.AFTERNOON, tenancy=occasional)
    book(premises, room, date(2030, 5, 7), Slot.MORNING, tenancy=occasional)
    book(premises, room, date(2030, 5, 8), Slot.MORNING)  # no tenancy: outside
    result = occupancy.occupancy(premises.site, 2030)
    assert _row(result, room).by_category == {
        premises.permanent.pk: 1,
        premises.occasional.pk: 2,
        premises.outside.pk: 1,
    }
    shares = {category.name: (used, share) for category, used, share in result.category_rows()}
    assert shares == {
        "Permanents": (1, Decimal("25.00")),
        "Occasionnels": (2, Decimal("50.00")),
        "Extérieurs": (1, Decimal("25.00")),
    }


def test_few_queries_whatever_the_bookings(premises, django_assert_max_num_queries):
    for number in range(1, 29):
        book(premises, premises.small_room, date(2030, 2, number), Slot.MORNING)
    with django_assert_max_num_queries(5):
        result = occupancy.occupancy(premises.site, 2030)
        result.category_rows()
    # February 2030: 20 weekdays; the weekend bookings above count too (used on a
    # closed day is still used), so the share is what was booked.
    assert _row(result, premises.small_room).cells[1].used == 28


def test_plan_against_actual(premises):
    premises.tenancy.spaces.add(premises.office)  # 18 m² of office, permanent
    inputs = {
        **economics.default_inputs("CHF"),
        "let_m2": "20",
        "permanent_rent_per_m2_month": "10",
        "kinds": [
            {
                "kind": "meeting_room",
                "units": "2",
                "half_days": "500",
                "occupancy": "10",
                "price": "50",
            },
        ],
    }
    book(premises, premises.small_room, date(2030, 3, 4), Slot.MORNING)
    book(premises, premises.other_room, date(2030, 3, 4), Slot.MORNING)
    plan = occupancy.plan_vs_actual(premises.site, 2030, inputs)
    (rooms,) = plan["kinds"]
    # Planned: 2 × 500 × 10 % × 50 = 5,000.00; actual: 2 half-days × 50 = 100.00.
    assert (rooms.planned, rooms.actual) == (Decimal("5000.00"), Decimal("100.00"))
    # 2030: 261 weekdays, Easter Monday closed: 260 days × 2 half-days × 2 rooms = 1,040
    # bookable; 2 used: 0.192…% → 0.19.
    assert rooms.actual_occupancy == Decimal("0.19")
    # Planned 20 m² × 10 × 12 = 2,400.00; rented 18 m² × 10 × 12 = 2,160.00.
    assert plan["let_m2"] == (Decimal("20"), Decimal("18.0"))
    assert (plan["permanent"].planned, plan["permanent"].actual) == (
        Decimal("2400.00"),
        Decimal("2160.00"),
    )

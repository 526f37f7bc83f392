"""Never double-booked: requests for the same half-day run at the same time in real
threads, each with its own database connection, against the suite's real database
(SQLite, or the PostgreSQL server of DATABASE_URL in CI).

On SQLite the IMMEDIATE transaction takes the write lock at BEGIN; on PostgreSQL the
site's row lock serialises the bookings (and the exclusion constraint would refuse an
overlap). Either way exactly one booking wins a room, and a desk pool never gives more
desks than it has.
"""

from datetime import date

import pytest

from maillage.core.errors import DomainError
from maillage.premises import services_bookings as services
from maillage.premises.models import Booking, BookingStatus, ClosedPeriod, Slot

from ..factories import MembershipFactory, OrganisationFactory
from ..threads import run_together  # noqa: E402
from .setting import build_site

pytestmark = pytest.mark.django_db(transaction=True)

REQUESTS = 50
DAY = date(2030, 6, 4)


def attempt(**fields):
    def job():
        try:
            return services.book(day=DAY, slots=[Slot.MORNING], **fields)
        except DomainError as refused:
            return refused

    return job


def members(world, count):
    """``count`` members of the collective, half of them for the world's organisation
    (which has 6 desks of the pool reserved), half for another one."""
    caritas = OrganisationFactory(name="Caritas")
    world.collective.organisations.add(caritas)
    people = []
    for number in range(count):
        organisation = world.organisation if number % 2 == 0 else caritas
        person = MembershipFactory(
            collective=world.collective, role="member", organisation=organisation
        ).user
        people.append((person, organisation))
    return people


def test_50_concurrent_requests_for_one_half_day_make_one_booking(world):
    premises = build_site(world)
    jobs = [
        attempt(actor=person, space=premises.small_room, organisation=organisation)
        for person, organisation in members(world, REQUESTS)
    ]

    results, errors = run_together(jobs, threads=REQUESTS)

    assert errors == []
    won = [result for result in results if isinstance(result, list)]
    lost = [result for result in results if isinstance(result, DomainError)]
    assert len(won) == 1 and len(lost) == REQUESTS - 1
    for refusal in lost:
        assert refusal.code == "taken"
        assert "already booked" in refusal.message
    assert (
        Booking.objects.filter(space=premises.small_room, status=BookingStatus.CONFIRMED).count()
        == 1
    )


def test_50_concurrent_requests_for_a_desk_pool_never_give_more_than_its_desks(world):
    premises = build_site(world)  # 12 desks, 6 reserved for the world's organisation
    jobs = [
        attempt(actor=person, space=premises.desks, organisation=organisation, desks=1)
        for person, organisation in members(world, REQUESTS)
    ]

    results, errors = run_together(jobs, threads=REQUESTS)

    assert errors == []
    won = [result for result in results if isinstance(result, list)]
    lost = [result for result in results if isinstance(result, DomainError)]
    booked = Booking.objects.filter(space=premises.desks, status=BookingStatus.CONFIRMED)
    # 25 ask for the world's organisation (which can use all 12), 25 for another
    # organisation (6 at most): whatever the order, the 12 desks go, never one more.
    assert sum(booked.values_list("desks", flat=True)) == 12
    assert booked.exclude(organisation=world.organisation).count() <= 6
    assert len(won) == 12 and len(lost) == REQUESTS - 12
    assert all(refusal.code == "full" and "desk" in refusal.message for refusal in lost)


def test_a_series_crossing_bookings_and_a_holiday_while_others_book(world):
    """A series books the free Tuesdays and lists the others, while other members book
    some of the same Tuesdays at the same time: no Tuesday is booked twice, and every
    Tuesday of the series is either booked or listed."""
    premises = build_site(world)
    ClosedPeriod.objects.create(
        site=premises.site, starts_on=date(2030, 6, 18), ends_on=date(2030, 6, 18), reason="Jeûne"
    )
    services.book(
        actor=world.coordinator, space=premises.small_room, day=date(2030, 6, 11), slots=["morning"]
    )
    tuesdays = [date(2030, 6, 4), date(2030, 6, 11), date(2030, 6, 18), date(2030, 6, 25)]
    people = members(world, 9)

    def series_job():
        return services.book_series(
            actor=world.member,
            space=premises.small_room,
            starts_on=date(2030, 6, 1),
            ends_on=date(2030, 6, 30),
            weekdays=[1],
            slots=[Slot.MORNING],
        )

    def single(person, day):
        def job():
            try:
                return services.book(
                    actor=person, space=premises.small_room, day=day, slots=[Slot.MORNING]
                )
            except DomainError as refused:
                return refused

        return job

    jobs = [series_job] + [
        single(person, tuesdays[number % 4]) for number, (person, _org) in enumerate(people)
    ]
    results, errors = run_together(jobs, threads=len(jobs))

    assert errors == []
    ((series, booked, skipped),) = [result for result in results if isinstance(result, tuple)]
    confirmed = Booking.objects.filter(space=premises.small_room, status=BookingStatus.CONFIRMED)
    dates = list(confirmed.values_list("date", flat=True))
    assert len(dates) == len(set(dates))  # never twice
    assert date(2030, 6, 18) not in dates
    listed = {entry["date"] for entry in skipped}
    assert {"2030-06-11", "2030-06-18"} <= listed
    assert {booking.date.isoformat() for booking in booked} | listed == {
        day.isoformat() for day in tuesdays
    }
    assert not {booking.date.isoformat() for booking in booked} & listed

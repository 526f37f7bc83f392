"""No overbooking, ever: registrations, cancellations, promotions and changes of capacity
run at the same time in real threads, each with its own database connection, against
the suite's real database (SQLite, or the PostgreSQL server of DATABASE_URL in CI).

Arrival order is the order in which registrations take the event's lock: it is the
``position`` they get, so the confirmed must be exactly the first positions.

Threads are fewer than registrations (each thread registers several people one after
the other) so that PostgreSQL's default limit of 100 connections is never reached.
"""

import pytest

from maillage.events import services
from maillage.events.models import Event, Registration, RegistrationStatus

from ..threads import run_together
from .setting import build_event, register

CONFIRMED = RegistrationStatus.CONFIRMED
WAITING = RegistrationStatus.WAITING
CANCELLED = RegistrationStatus.CANCELLED


pytestmark = pytest.mark.django_db(transaction=True)


def statuses(event):
    rows = Registration.objects.filter(event=event).order_by("position")
    return list(rows.values_list("position", "status", "email"))


def register_job(event, number):
    return lambda: register(event, number)


def fill_concurrently(event, count=200):
    results, errors = run_together([register_job(event, n) for n in range(1, count + 1)])
    assert errors == []
    assert len(results) == count
    return results


def test_200_concurrent_registrations_for_50_seats(world):
    event = build_event(world, capacity=50)

    fill_concurrently(event)

    rows = statuses(event)
    positions = [position for position, _status, _email in rows]
    assert positions == list(range(1, 201))  # unique, no gap
    assert len({email for _p, _s, email in rows}) == 200
    confirmed = [p for p, status, _e in rows if status == CONFIRMED]
    waiting = [p for p, status, _e in rows if status == WAITING]
    assert confirmed == list(range(1, 51))
    assert waiting == list(range(51, 201))
    event.refresh_from_db()
    assert event.arrivals == 200
    counts = services.attendance(event)
    assert (counts["confirmed"], counts["waiting"]) == (50, 150)


def test_concurrent_cancellations_promote_the_first_waiting_once_each(world):
    event = build_event(world, capacity=50)
    fill_concurrently(event)
    for registration in Registration.objects.filter(event=event, status=WAITING):
        services.confirm_address(registration=registration)
    assert Registration.objects.filter(event=event, status=CONFIRMED).count() == 50

    leaving = list(Registration.objects.filter(event=event, position__lte=30))
    jobs = [
        (lambda registration=registration: services.cancel_registration(registration=registration))
        for registration in leaving
    ]
    results, errors = run_together(jobs, threads=30)
    assert errors == [] and len(results) == 30

    rows = statuses(event)
    confirmed = [p for p, status, _e in rows if status == CONFIRMED]
    assert len(confirmed) == 50
    assert confirmed == list(range(31, 81))  # 20 kept + the first 30 waiting, by position
    assert [p for p, status, _e in rows if status == CANCELLED] == list(range(1, 31))
    assert [p for p, status, _e in rows if status == WAITING] == list(range(81, 201))
    promoted = Registration.objects.filter(event=event, promoted_at__isnull=False)
    assert sorted(promoted.values_list("position", flat=True)) == list(range(51, 81))


def test_cancelling_the_same_registration_twice_at_once_frees_one_seat(world):
    event = build_event(world, capacity=1)
    first = register(event, 1)
    for number in (2, 3):
        services.confirm_address(registration=register(event, number))

    results, errors = run_together(
        [lambda: services.cancel_registration(registration=first)] * 2, threads=2
    )

    assert len(results) == 1 and len(errors) == 1
    assert "already cancelled" in str(errors[0].message)
    assert [s for _p, s, _e in statuses(event)] == [CANCELLED, CONFIRMED, WAITING]


def test_concurrent_promotions_and_capacity_changes_never_overbook(world):
    event = build_event(world, capacity=10)
    fill_concurrently(event, count=60)
    waiting = list(Registration.objects.filter(event=event, status=WAITING))
    capacities = [10, 12, 15, 20, 11, 25, 13, 30]

    def promote(registration):
        def job():
            try:
                return services.promote(actor=world.facilitator, registration=registration)
            except services.DomainError as refused:
                return refused

        return job

    def capacity(value):
        def job():
            try:
                return services.set_capacity(actor=world.coordinator, event=event, capacity=value)
            except services.DomainError as refused:
                return refused

        return job

    def confirm(registration):
        return lambda: services.confirm_address(registration=registration)

    jobs = []
    for index, registration in enumerate(waiting):
        jobs.append(promote(registration))
        jobs.append(confirm(registration))
        if index < len(capacities):
            jobs.append(capacity(capacities[index]))
    results, errors = run_together(jobs)
    assert errors == []

    event = Event.objects.get(pk=event.pk)
    confirmed = Registration.objects.filter(event=event, status=CONFIRMED).count()
    assert confirmed <= event.capacity
    # Every waiting person has confirmed their address, so no seat stays empty while
    # someone waits.
    still_waiting = Registration.objects.filter(event=event, status=WAITING).count()
    assert confirmed == event.capacity or still_waiting == 0
    assert confirmed + still_waiting == 60
    refusals = [r for r in results if isinstance(r, services.DomainError)]
    for refusal in refusals:
        assert refusal.message  # a refusal, with a message, never a crash

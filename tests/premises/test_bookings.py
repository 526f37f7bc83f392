"""Booking and cancelling half-days (services_bookings): a half-day or a day, a series
that skips and lists what it cannot book, the cap of a series, cancellation terms and
who may cancel."""

from datetime import date, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
from django.core import mail
from django.utils import translation

from maillage.audit.models import AuditEvent
from maillage.core.errors import DomainError
from maillage.premises import services_bookings as services
from maillage.premises.models import Booking, BookingSeries, BookingStatus, ClosedPeriod, Slot

from ..factories import MembershipFactory, OrganisationFactory
from .setting import build_site

pytestmark = pytest.mark.django_db

TUESDAY = date(2030, 6, 4)
ZURICH = ZoneInfo("Europe/Zurich")
MORNING, AFTERNOON = Slot.MORNING, Slot.AFTERNOON


@pytest.fixture
def premises(world):
    translation.activate("en")
    yield build_site(world)
    translation.deactivate()


def other_member(world, organisation=None):
    """A member of the collective who represents another organisation."""
    organisation = organisation or OrganisationFactory(name="Caritas")
    world.collective.organisations.add(organisation)
    return MembershipFactory(
        collective=world.collective, role="member", organisation=organisation
    ).user


def test_a_member_books_a_half_day_for_their_organisation(
    world, premises, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        (booking,) = services.book(
            actor=world.member,
            space=premises.small_room,
            day=TUESDAY,
            slots=[MORNING],
            organisation=world.organisation,
            purpose="Comité",
            people=5,
        )
    assert booking.status == BookingStatus.CONFIRMED
    assert booking.tenancy == premises.tenancy and not booking.over_quota
    assert (booking.booked_by, booking.purpose, booking.people) == (world.member, "Comité", 5)
    event = AuditEvent.objects.get(action="premises.booking_made")
    assert event.collective == world.collective and event.after["slot"] == "morning"
    (message,) = mail.outbox
    assert message.to == [world.member.email]
    assert "Petite salle 1" in message.subject
    assert "/mes-reservations/" in message.body


def test_the_whole_day_is_every_half_day_and_all_or_nothing(world, premises):
    services.book(
        actor=world.coordinator, space=premises.small_room, day=TUESDAY, slots=[AFTERNOON]
    )
    with pytest.raises(DomainError) as refused:
        services.book(
            actor=world.member, space=premises.small_room, day=TUESDAY, slots=[MORNING, AFTERNOON]
        )
    assert refused.value.code == "taken"
    assert "already booked" in refused.value.message
    # The morning, free, was not kept either.
    assert Booking.objects.filter(space=premises.small_room).count() == 1
    day = services.book(
        actor=world.member, space=premises.other_room, day=TUESDAY, slots=[AFTERNOON, MORNING]
    )
    assert [booking.slot for booking in day] == [MORNING, AFTERNOON]


def test_a_member_books_only_for_an_organisation_they_represent(world, premises):
    caritas = OrganisationFactory(name="Caritas")
    world.collective.organisations.add(caritas)
    with pytest.raises(DomainError) as refused:
        services.book(
            actor=world.member,
            space=premises.small_room,
            day=TUESDAY,
            slots=[MORNING],
            organisation=caritas,
        )
    assert refused.value.field == "organisation"
    # Coordinators book for any organisation of the collective, never for another one's.
    services.book(
        actor=world.coordinator,
        space=premises.small_room,
        day=TUESDAY,
        slots=[MORNING],
        organisation=caritas,
    )
    with pytest.raises(DomainError):
        services.book(
            actor=world.coordinator,
            space=premises.other_room,
            day=TUESDAY,
            slots=[MORNING],
            organisation=OrganisationFactory(),
        )
    assert Booking.objects.count() == 1


def test_observers_and_outsiders_do_not_book(world, premises):
    for person in (world.observer, world.outsider):
        with pytest.raises(DomainError):
            services.book(actor=person, space=premises.small_room, day=TUESDAY, slots=[MORNING])
    assert not Booking.objects.exists()


def test_more_people_than_the_room_holds_is_refused(world, premises):
    with pytest.raises(DomainError) as refused:
        services.book(
            actor=world.member, space=premises.small_room, day=TUESDAY, slots=[MORNING], people=9
        )
    assert refused.value.field == "people"
    assert "8 people at most" in refused.value.message


def test_the_half_days_a_site_does_not_have_are_refused(world, premises):
    with pytest.raises(DomainError) as refused:
        services.book(actor=world.member, space=premises.small_room, day=TUESDAY, slots=["evening"])
    assert refused.value.message == "The site is not open at that time of day."


def test_a_desk_pool_gives_the_reserved_desks_to_their_organisation(world, premises):
    services.book(
        actor=world.member,
        space=premises.desks,
        day=TUESDAY,
        slots=[MORNING],
        organisation=world.organisation,
        desks=8,
    )
    outsider_of_the_org = other_member(world)
    services.book(
        actor=outsider_of_the_org, space=premises.desks, day=TUESDAY, slots=[MORNING], desks=4
    )
    with pytest.raises(DomainError) as refused:
        services.book(actor=outsider_of_the_org, space=premises.desks, day=TUESDAY, slots=[MORNING])
    assert refused.value.code == "full"
    assert "only 0 desks are free" in refused.value.message


# ------------------------------------------------------------------ series


def test_a_series_books_the_free_dates_and_lists_the_others(world, premises):
    # Every Tuesday morning of June 2030: the 4th, 11th, 18th and 25th.
    services.book(
        actor=world.coordinator, space=premises.small_room, day=date(2030, 6, 11), slots=[MORNING]
    )
    ClosedPeriod.objects.create(
        site=premises.site, starts_on=date(2030, 6, 18), ends_on=date(2030, 6, 18), reason="Jeûne"
    )
    series, booked, skipped = services.book_series(
        actor=world.member,
        space=premises.small_room,
        starts_on=date(2030, 6, 1),
        ends_on=date(2030, 6, 30),
        weekdays=[1],
        slots=[MORNING],
    )
    assert [booking.date for booking in booked] == [date(2030, 6, 4), date(2030, 6, 25)]
    assert all(booking.series == series for booking in booked)
    assert [(entry["date"], entry["code"]) for entry in skipped] == [
        ("2030-06-11", "taken"),
        ("2030-06-18", "day"),
    ]
    assert "already booked" in skipped[0]["reason"]
    assert "Jeûne" in skipped[1]["reason"]
    series.refresh_from_db()
    assert series.skipped == skipped
    assert "Tuesday" in series.rule and "every week" in series.rule


def test_a_series_every_other_week_and_several_half_days(world, premises):
    _series, booked, skipped = services.book_series(
        actor=world.member,
        space=premises.modular_room,
        starts_on=date(2030, 6, 3),
        ends_on=date(2030, 6, 30),
        weekdays=[0, 3],
        slots=[MORNING, AFTERNOON],
        every=2,
    )
    days = sorted({booking.date for booking in booked})
    assert days == [date(2030, 6, 3), date(2030, 6, 6), date(2030, 6, 17), date(2030, 6, 20)]
    assert len(booked) == 8 and skipped == []


def test_a_series_lists_dates_before_the_space_is_available_and_beyond_the_quota(world, premises):
    premises.other_room.available_from = date(2030, 6, 15)
    premises.other_room.save()
    premises.site.over_quota = "refuse"
    premises.site.save()
    _series, booked, skipped = services.book_series(
        actor=world.member,
        space=premises.other_room,
        starts_on=date(2030, 6, 3),
        ends_on=date(2030, 7, 2),
        weekdays=[0, 1, 2, 3, 4],
        slots=[MORNING],
        organisation=world.organisation,
    )
    # 10 working days before the 15th are not available; the quota of 4 takes the next
    # four; the rest of June is refused; July's quota starts again (1st and 2nd).
    assert len(booked) == 6
    reasons = [entry["code"] for entry in skipped]
    assert reasons.count("day") == 10
    assert reasons.count("quota") == 6


def test_ten_thousand_dates_are_refused_whole_with_the_cap(world, premises):
    with pytest.raises(DomainError) as refused:
        services.book_series(
            actor=world.member,
            space=premises.small_room,
            starts_on=date(2030, 1, 1),
            ends_on=date(2068, 12, 31),
            weekdays=[0, 1, 2, 3, 4],
            slots=[MORNING],
        )
    assert str(services.MAX_SERIES_DATES) in refused.value.message
    assert not BookingSeries.objects.exists() and not Booking.objects.exists()


def test_a_series_ending_before_it_starts_or_starting_in_the_past_is_refused(world, premises):
    with pytest.raises(DomainError) as refused:
        services.book_series(
            actor=world.member,
            space=premises.small_room,
            starts_on=date(2030, 6, 10),
            ends_on=date(2030, 6, 1),
            weekdays=[1],
            slots=[MORNING],
        )
    assert refused.value.field == "ends_on"
    with pytest.raises(DomainError) as refused:
        services.book_series(
            actor=world.member,
            space=premises.small_room,
            starts_on=date(2020, 6, 1),
            ends_on=date(2030, 6, 1),
            weekdays=[1],
            slots=[MORNING],
        )
    assert refused.value.field == "starts_on"
    assert not BookingSeries.objects.exists()


def test_series_dates_stop_at_the_limit():
    dates = list(services.series_dates(date(2030, 1, 1), date(9999, 1, 1), [0], limit=5))
    assert len(dates) == 5 and all(day.weekday() == 0 for day in dates)


# ------------------------------------------------------------------ cancelling


def _at(day, hour):
    return datetime(day.year, day.month, day.day, hour, tzinfo=ZURICH)


def test_cancelling_in_time_is_free_late_is_marked_and_past_is_refused(world, premises):
    morning, afternoon = services.book(
        actor=world.member, space=premises.small_room, day=TUESDAY, slots=[MORNING, AFTERNOON]
    )
    # 48 hours' notice: on Saturday it is in time.
    early = services.cancel_booking(
        actor=world.member, booking=morning, now=_at(TUESDAY - timedelta(days=3), 10)
    )
    assert early.status == BookingStatus.CANCELLED and not early.late_cancellation
    assert early.cancelled_by == world.member
    late = services.cancel_booking(actor=world.member, booking=afternoon, now=_at(TUESDAY, 9))
    assert late.late_cancellation
    with pytest.raises(DomainError):
        services.cancel_booking(actor=world.member, booking=late, now=_at(TUESDAY, 9))
    (again,) = services.book(
        actor=world.member,
        space=premises.small_room,
        day=TUESDAY,
        slots=[MORNING],
        now=_at(TUESDAY, 7),
    )
    with pytest.raises(DomainError) as refused:
        services.cancel_booking(actor=world.member, booking=again, now=_at(TUESDAY, 9))
    assert "started" in refused.value.message
    assert AuditEvent.objects.filter(action="premises.booking_cancelled").count() == 2


def test_who_may_cancel_a_booking(world, premises):
    (booking,) = services.book(
        actor=world.coordinator,
        space=premises.small_room,
        day=TUESDAY,
        slots=[MORNING],
        organisation=world.organisation,
    )
    # Another organisation's member, a facilitator, an observer: no.
    for person in (other_member(world), world.facilitator, world.observer, world.outsider):
        with pytest.raises(DomainError):
            services.cancel_booking(actor=person, booking=booking)
    # The member who represents the booking's organisation: yes.
    services.cancel_booking(actor=world.member, booking=booking)
    (mine,) = services.book(
        actor=world.facilitator, space=premises.small_room, day=TUESDAY, slots=[MORNING]
    )
    with pytest.raises(DomainError):
        services.cancel_booking(actor=world.member, booking=mine)
    services.cancel_booking(actor=world.facilitator, booking=mine)


def test_cancel_a_range_and_the_rest_of_a_series(world, premises):
    series, booked, _skipped = services.book_series(
        actor=world.member,
        space=premises.small_room,
        starts_on=date(2030, 6, 3),
        ends_on=date(2030, 7, 31),
        weekdays=[1],
        slots=[MORNING],
    )
    assert len(booked) == 9  # 4 June to 30 July
    with pytest.raises(DomainError) as refused:
        services.cancel_range(
            actor=world.member,
            series=series,
            starts_on=date(2030, 6, 20),
            ends_on=date(2030, 6, 10),
        )
    assert refused.value.field == "ends_on"
    cancelled = services.cancel_range(
        actor=world.member, series=series, starts_on=date(2030, 6, 10), ends_on=date(2030, 6, 20)
    )
    assert [booking.date for booking in cancelled] == [date(2030, 6, 11), date(2030, 6, 18)]
    rest = services.cancel_rest_of_series(
        actor=world.member, series=series, from_day=date(2030, 7, 9)
    )
    assert [booking.date for booking in rest] == [
        date(2030, 7, 9),
        date(2030, 7, 16),
        date(2030, 7, 23),
        date(2030, 7, 30),
    ]
    kept = Booking.objects.filter(series=series, status=BookingStatus.CONFIRMED)
    assert sorted(kept.values_list("date", flat=True)) == [
        date(2030, 6, 4),
        date(2030, 6, 25),
        date(2030, 7, 2),
    ]
    with pytest.raises(DomainError):
        services.cancel_rest_of_series(
            actor=other_member(world), series=series, from_day=date(2030, 6, 1)
        )
    assert AuditEvent.objects.filter(action="premises.series_rest_cancelled").count() == 1


def test_the_confirmations_are_written_in_the_bookers_language(
    world, premises, django_capture_on_commit_callbacks
):
    world.coordinator.language = "en"
    world.coordinator.save()
    services.book(
        actor=world.coordinator, space=premises.small_room, day=date(2030, 6, 11), slots=[MORNING]
    )
    with django_capture_on_commit_callbacks(execute=True):
        services.book(actor=world.member, space=premises.other_room, day=TUESDAY, slots=[MORNING])
        services.book_series(
            actor=world.coordinator,
            space=premises.small_room,
            starts_on=date(2030, 6, 1),
            ends_on=date(2030, 6, 30),
            weekdays=[1],
            slots=[MORNING],
        )
    french, english = mail.outbox
    assert french.to == [world.member.email]
    assert french.subject == "Réservé\u00a0: Petite salle 2"
    assert "mardi 4 juin 2030, matin" in french.body
    assert english.to == [world.coordinator.email]
    assert english.subject == "Recurring booking: Petite salle 1"
    assert "3 half-days are booked." in english.body
    assert "1 half-day was skipped:" in english.body and "already booked" in english.body

"""Requests for a room from people without an account, and the coordinators' decisions."""

from datetime import UTC, date, datetime, timedelta

import pytest
from django.db import transaction
from django.urls import reverse

from maillage.collectives.models import Visibility
from maillage.core.errors import DomainError
from maillage.premises import halfdays, services_requests
from maillage.premises.booking_core import reserve_half_day
from maillage.premises.models import Booking, BookingStatus, ClosedPeriod, Slot
from maillage.premises.models_requests import RoomRequest

from .setting import build_site

pytestmark = pytest.mark.django_db

DAY = date(2030, 6, 4)  # a Tuesday
NOW = datetime(2030, 6, 1, 10, 0, tzinfo=UTC)


def public_site(world, **fields):
    world.collective.visibility = Visibility.PUBLIC
    world.collective.save()
    return build_site(world, public_requests=True, **fields)


def asked(premises, **fields):
    values = {
        "site": premises.site,
        "name": "Personne Externe",
        "email": "Externe@Example.org",
        "phone": "+41 22 000 00 00",
        "organisation": "Association du quartier",
        "purpose": "Assemblée générale",
        "people": 6,
        "day": DAY,
        "first_slot": Slot.MORNING,
        "last_slot": Slot.MORNING,
        "space": premises.small_room,
        "consent_text": "J'accepte.",
        "now": NOW,
    }
    values.update(fields)
    return services_requests.submit_request(**values)


def form_data(premises, **fields):
    data = {
        "name": "Personne Externe",
        "email": "externe@example.org",
        "purpose": "Assemblée générale",
        "people": "6",
        "day": DAY.isoformat(),
        "first_slot": "morning",
        "last_slot": "afternoon",
        "space": str(premises.small_room.pk),
        "consent": "on",
    }
    data.update(fields)
    return data


def url(premises, name="premises:request", *args):
    return reverse(name, args=[premises.site.collective.slug, premises.site.slug, *args])


# ---------------------------------------------------------------------- the public page


def test_the_request_page_answers_only_for_a_public_site_taking_requests(client, world):
    premises = build_site(world, public_requests=True)
    assert client.get(url(premises)).status_code == 404  # private collective
    world.collective.visibility = Visibility.PUBLIC
    world.collective.save()
    assert client.get(url(premises)).status_code == 200
    premises.site.public_requests = False
    premises.site.save()
    assert client.get(url(premises)).status_code == 404
    client.force_login(world.coordinator)
    assert client.get(url(premises)).status_code == 404


def test_the_page_shows_the_rooms_with_capacity_access_and_equipment(client, world):
    premises = public_site(world)
    premises.modular_room.equipment = "Vidéoprojecteur"
    premises.modular_room.step_free = False
    premises.modular_room.save()
    page = client.get(url(premises)).content.decode()
    assert "Salle modulable (60 personnes, avec marches" in page
    assert "Vidéoprojecteur" in page
    assert "importe quelle salle pour ce nombre de personnes" in page  # a choice too
    assert page.count('id="id_people"') == 1  # the search beside it has its own ids
    assert premises.office.name not in page and premises.desks.name not in page


def test_a_request_is_recorded_without_blocking_and_both_sides_are_told(
    client, world, mailoutbox, django_capture_on_commit_callbacks
):
    premises = public_site(world)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(url(premises), form_data(premises))
    assert response.status_code == 302
    room_request = RoomRequest.objects.get()
    bookings = list(room_request.bookings.order_by("starts_at"))
    assert [b.slot for b in bookings] == [Slot.MORNING, Slot.AFTERNOON]
    assert {b.status for b in bookings} == {BookingStatus.REQUESTED}
    assert bookings[0].requester_email == "externe@example.org"
    assert "externe@example.org" not in room_request.consent_text  # the words, not the data
    assert "Hospice" not in room_request.consent_text and world.collective.name in (
        room_request.consent_text
    )
    recipients = sorted(message.to[0] for message in mailoutbox)
    assert recipients == sorted(["externe@example.org", world.coordinator.email])
    received = next(m for m in mailoutbox if m.to == ["externe@example.org"])
    assert received.subject == f"Demande reçue\u00a0: {premises.site.name}"
    assert "Petite salle 1\u00a0: " in received.body
    assert "4 juin 2030, matin (08:00–12:00)" in received.body
    assert "n'est pas encore réservée" in received.body
    # A request blocks nothing: a member still books the room then.
    with transaction.atomic():
        site = halfdays.lock_site(premises.site)
        reserve_half_day(site=site, space=premises.small_room, day=DAY, slot=Slot.MORNING)


@pytest.mark.parametrize(
    ("change", "field", "message"),
    [
        ({"day": "2020-06-02"}, "day", "This date is past"),
        ({"day": "2030-06-08"}, "day", "closed on that day of the week"),
        ({"first_slot": "afternoon", "last_slot": "morning"}, "last_slot", "must not be before"),
        ({"people": "9"}, "people", "takes 8 people at most"),
        ({"space": "", "people": "500"}, "people", "No room of this site takes 500 people"),
    ],
)
def test_bad_input_is_refused_clearly_and_what_was_typed_is_kept(
    client, english, change, field, message
):
    premises = public_site(english)
    client.cookies["django_language"] = "en"
    response = client.post(
        url(premises), form_data(premises, name="Nom Tapé", **change), HTTP_ACCEPT_LANGUAGE="en"
    )
    assert response.status_code == 400
    form = response.context["form"]
    assert any(message in error for error in form.errors[field]), form.errors
    assert 'value="Nom Tapé"' in response.content.decode()
    assert not Booking.objects.exists()


def test_a_closed_period_and_a_space_still_to_come_are_refused(world):
    premises = public_site(world)
    ClosedPeriod.objects.create(site=premises.site, starts_on=DAY, ends_on=DAY, reason="Travaux")
    with pytest.raises(DomainError, match="Travaux") as closed:
        asked(premises)
    assert closed.value.field == "day"
    premises.other_room.available_from = DAY + timedelta(days=30)
    premises.other_room.save()
    with pytest.raises(DomainError) as later:
        asked(premises, day=DAY + timedelta(days=1), space=premises.other_room)
    assert later.value.field == "day"
    assert not Booking.objects.exists()


def test_any_room_takes_the_smallest_free_one(world):
    premises = public_site(world)
    with transaction.atomic():
        site = halfdays.lock_site(premises.site)
        reserve_half_day(site=site, space=premises.small_room, day=DAY, slot=Slot.MORNING)
    room_request = asked(premises, space=None, people=5)
    assert room_request.any_room
    assert room_request.bookings.get().space == premises.other_room
    big = asked(premises, space=None, people=30, email="autre@example.org")
    assert big.bookings.get().space == premises.modular_room


def test_the_honeypot_stores_nothing(client, world):
    premises = public_site(world)
    response = client.post(url(premises), form_data(premises, website="http://spam.example"))
    assert response.status_code == 400
    assert not Booking.objects.exists()


def test_requests_are_limited_per_address(world, settings):
    settings.PREMISES_REQUESTS_PER_ADDRESS = 2
    premises = public_site(world)
    asked(premises)
    asked(premises, day=DAY + timedelta(days=1))
    with pytest.raises(DomainError, match="Trop de demandes") as refused:
        asked(premises, day=DAY + timedelta(days=2), email="EXTERNE@example.org")
    assert refused.value.field == "email"
    assert RoomRequest.objects.count() == 2
    asked(premises, day=DAY + timedelta(days=2), email="autre@example.org")


# ---------------------------------------------------------------------- decisions


def test_accept_confirms_the_same_rows(world, mailoutbox, django_capture_on_commit_callbacks):
    premises = public_site(world)
    room_request = asked(premises, last_slot=Slot.AFTERNOON)
    ids = set(room_request.bookings.values_list("pk", flat=True))
    with django_capture_on_commit_callbacks(execute=True):
        services_requests.accept_request(
            actor=world.coordinator, room_request=room_request, now=NOW
        )
    rows = Booking.objects.all()
    assert set(rows.values_list("pk", flat=True)) == ids
    assert {row.status for row in rows} == {BookingStatus.CONFIRMED}
    assert {row.decided_by for row in rows} == {world.coordinator}
    assert all(row.over_quota for row in rows)  # no tenancy: the outside rate
    assert [message.to for message in mailoutbox] == [["externe@example.org"]]
    # Now the room is taken for those half-days.
    with pytest.raises(DomainError) as taken, transaction.atomic():
        site = halfdays.lock_site(premises.site)
        reserve_half_day(site=site, space=premises.small_room, day=DAY, slot=Slot.MORNING, now=NOW)
    assert taken.value.code == "taken"


def test_accept_is_refused_when_the_half_day_was_taken_meanwhile_and_the_request_stays(
    client, world
):
    premises = public_site(world)
    room_request = asked(premises)
    with transaction.atomic():
        site = halfdays.lock_site(premises.site)
        reserve_half_day(site=site, space=premises.small_room, day=DAY, slot=Slot.MORNING)
    client.force_login(world.coordinator)
    response = client.post(url(premises, "premises:request_accept", room_request.pk), follow=True)
    assert "il y a déjà une réservation" in response.content.decode()
    assert room_request.bookings.get().status == BookingStatus.REQUESTED


def test_hold_blocks_the_room_until_it_expires(world, mailoutbox):
    premises = public_site(world, hold_hours=24)
    room_request = asked(premises)
    services_requests.hold_request(actor=world.coordinator, room_request=room_request, now=NOW)
    held = room_request.bookings.get()
    assert held.status == BookingStatus.HELD
    assert held.hold_until == NOW + timedelta(hours=24)
    with pytest.raises(DomainError), transaction.atomic():
        site = halfdays.lock_site(premises.site)
        reserve_half_day(site=site, space=premises.small_room, day=DAY, slot=Slot.MORNING, now=NOW)
    assert services_requests.expire_all_holds(now=NOW + timedelta(hours=25)) == 1
    held.refresh_from_db()
    assert held.status == BookingStatus.EXPIRED


def test_a_held_request_is_confirmed_without_counting_against_itself(world):
    premises = public_site(world)
    room_request = asked(premises)
    services_requests.hold_request(actor=world.coordinator, room_request=room_request, now=NOW)
    services_requests.accept_request(actor=world.coordinator, room_request=room_request, now=NOW)
    assert room_request.bookings.get().status == BookingStatus.CONFIRMED


def test_a_held_request_can_be_released(world):
    premises = public_site(world)
    room_request = asked(premises)
    services_requests.hold_request(actor=world.coordinator, room_request=room_request, now=NOW)
    services_requests.release_hold(actor=world.coordinator, room_request=room_request)
    booking = room_request.bookings.get()
    assert booking.status == BookingStatus.REQUESTED and booking.hold_until is None
    with pytest.raises(DomainError):
        services_requests.release_hold(actor=world.coordinator, room_request=room_request)


def test_refuse_needs_a_reason_and_tells_it(
    client, world, mailoutbox, django_capture_on_commit_callbacks
):
    premises = public_site(world)
    room_request = asked(premises)
    client.force_login(world.coordinator)
    client.post(url(premises, "premises:request_refuse", room_request.pk), {"reason": ""})
    assert room_request.bookings.get().status == BookingStatus.REQUESTED
    with django_capture_on_commit_callbacks(execute=True):
        client.post(
            url(premises, "premises:request_refuse", room_request.pk),
            {"reason": "La salle est en travaux"},
        )
    assert room_request.bookings.get().status == BookingStatus.REFUSED
    assert "La salle est en travaux" in mailoutbox[-1].body
    with pytest.raises(DomainError):
        services_requests.accept_request(actor=world.coordinator, room_request=room_request)


def test_the_list_shows_requests_to_coordinators(client, world):
    premises = public_site(world)
    room_request = asked(premises)
    client.force_login(world.coordinator)
    page = client.get(url(premises, "premises:requests")).content.decode()
    assert f'id="request-{room_request.pk}"' in page
    assert "Personne Externe" in page and "externe@example.org" in page


def test_requesters_data_is_erased_after_the_date_and_the_rows_stay(world, settings):
    settings.PREMISES_REQUESTS_ERASE_AFTER_DAYS = 30
    premises = public_site(world)
    room_request = asked(premises)
    services_requests.accept_request(actor=world.coordinator, room_request=room_request, now=NOW)
    assert services_requests.erase_requesters_data(now=NOW + timedelta(days=30)) == 0
    later = datetime(2030, 7, 6, 10, 0, tzinfo=UTC)  # 32 days after the date
    assert services_requests.erase_requesters_data(now=later) == 1
    booking = Booking.objects.get()
    assert (booking.requester_name, booking.requester_email, booking.requester_phone) == (
        "",
        "",
        "",
    )
    assert booking.status == BookingStatus.CONFIRMED and booking.people == 6
    assert services_requests.erase_requesters_data(now=later) == 0


def test_the_periodic_jobs_are_registered():
    from maillage.core import periodic

    assert "premises.expire_holds" in periodic.JOBS
    assert "premises.erase_requesters_data" in periodic.JOBS

"""Sending a booking twice books once: the booking form and the public request form
carry a ``client_key`` (a fresh UUID each time they are shown); services_bookings.book
returns the bookings the key made for the same person, services_requests.submit_request
the request it sent for the same address."""

import re
import uuid
from datetime import UTC, date, datetime

import pytest
from django.conf import settings
from django.core import mail
from django.test import Client
from django.urls import reverse
from django.utils import translation
from django.utils.html import escape

from maillage.audit.models import AuditEvent
from maillage.collectives.models import Visibility
from maillage.premises import services_bookings, services_requests
from maillage.premises.models import Booking, Slot
from maillage.premises.models_requests import RoomRequest

from ..threads import run_together
from .setting import build_site

pytestmark = pytest.mark.django_db

TUESDAY = date(2030, 6, 4)
DAMAGED = "This form was damaged on its way and nothing was saved. Send it again."
KEY = re.compile(r'<input type="hidden" name="client_key" value="([0-9a-f-]{36})"')


def message(text, language):
    with translation.override(language):
        return escape(translation.gettext(text))


def url(premises, name):
    site = premises.site
    return reverse(f"premises:{name}", args=[site.collective.slug, site.slug])


def book_data(premises, key, **changes):
    data = {
        "space": premises.small_room.pk,
        "day": TUESDAY.isoformat(),
        "slot": "morning",
        "whole_day": "on",
        "people": "3",
        "purpose": "Atelier vélo",
        "desks": "1",
    }
    if key is not None:
        data["client_key"] = str(key)
    return data | changes


def desks_data(premises, key, **changes):
    return book_data(premises, key, space=premises.desks.pk, whole_day="", **changes)


@pytest.fixture
def premises(english):
    return build_site(english)


@pytest.fixture
def member(client, english):
    client.force_login(english.member)
    return client


@pytest.fixture
def send(django_capture_on_commit_callbacks):
    def run(call, *args, **kwargs):
        with django_capture_on_commit_callbacks(execute=True):
            return call(*args, **kwargs)

    return run


def made(action="premises.booking_made"):
    return AuditEvent.objects.filter(action=action).count()


# ----------------------------------------------------------------- members' bookings


def test_the_booking_form_gets_a_fresh_key_each_time_it_is_shown(member, premises):
    first = KEY.findall(member.get(url(premises, "book")).content.decode())
    second = KEY.findall(member.get(url(premises, "book")).content.decode())
    assert len(first) == len(second) == 1 and first != second


def test_a_whole_day_sent_twice_books_it_once_with_one_email_and_its_audit_lines(
    member, english, premises, send
):
    key = uuid.uuid4()
    first = send(member.post, url(premises, "book"), book_data(premises, key))
    again = send(member.post, url(premises, "book"), book_data(premises, key))
    assert first.status_code == again.status_code == 302
    assert first["Location"] == again["Location"]
    rows = Booking.objects.order_by("starts_at")
    assert [(row.slot, row.client_key, row.booked_by) for row in rows] == [
        (Slot.MORNING, key, english.member),
        (Slot.AFTERNOON, key, english.member),
    ]
    assert made() == 2  # one line per half-day, once
    assert len(mail.outbox) == 1 and mail.outbox[0].to == [english.member.email]


def test_desks_sent_twice_are_booked_once_where_without_a_key_they_were_twice(
    member, premises, send
):
    """A pool of desks takes several bookings of a half-day: there, a retry without a
    key is a second booking (the old pages' behaviour); with a key, it is the first."""
    key = uuid.uuid4()
    for _ in range(2):
        send(member.post, url(premises, "book"), desks_data(premises, key))
    assert Booking.objects.filter(space=premises.desks).count() == 1
    for _ in range(2):
        send(member.post, url(premises, "book"), desks_data(premises, None))
    assert Booking.objects.filter(space=premises.desks).count() == 3
    assert made() == 3


def test_two_keys_book_twice(member, premises):
    for _ in range(2):
        member.post(url(premises, "book"), desks_data(premises, uuid.uuid4()))
    assert Booking.objects.filter(space=premises.desks).count() == 2


def test_another_member_with_the_same_key_books_for_themselves(member, english, premises):
    key = uuid.uuid4()
    member.post(url(premises, "book"), desks_data(premises, key))
    other = Client()
    other.force_login(english.coordinator)
    response = other.post(url(premises, "book"), desks_data(premises, key, people="2"))
    assert response.status_code == 302
    rows = Booking.objects.filter(client_key=key).order_by("pk")
    assert [(row.booked_by, row.people) for row in rows] == [
        (english.member, 3),
        (english.coordinator, 2),
    ]


def test_a_key_sent_again_with_another_day_returns_the_first_bookings(english, premises):
    key = uuid.uuid4()
    arguments = {
        "actor": english.member,
        "space": premises.small_room,
        "slots": [Slot.MORNING],
        "client_key": key,
    }
    first = services_bookings.book(day=TUESDAY, **arguments)
    again = services_bookings.book(day=date(2030, 6, 5), **arguments)
    assert again == first and Booking.objects.count() == 1


@pytest.mark.parametrize("language", ["fr", "en"])
def test_a_malformed_key_is_refused_with_its_message_and_nothing_is_booked(
    member, english, premises, send, language
):
    english.member.language = language
    english.member.save(update_fields=["language"])
    response = send(member.post, url(premises, "book"), book_data(premises, "00000000-pas-une-clé"))
    assert response.status_code == 200
    html = response.content.decode()
    assert message(DAMAGED, language) in html
    assert not Booking.objects.exists() and not mail.outbox and made() == 0
    assert "Atelier vélo" in html
    uuid.UUID(KEY.findall(html)[0])


def test_the_booking_that_loses_the_race_returns_the_winners(english, premises, monkeypatch):
    """Both lookups ran before the winner's booking was written: the key's constraint
    refuses the second row and the service answers the winner's booking."""
    key = uuid.uuid4()
    arguments = {
        "actor": english.member,
        "space": premises.desks,
        "day": TUESDAY,
        "slots": [Slot.MORNING],
        "desks": 1,
        "client_key": key,
    }
    (winner,) = services_bookings.book(**arguments)
    real, calls = services_bookings.booked_with_key, []

    def looked_up_too_early(*args):
        calls.append(args)
        return [] if len(calls) <= 2 else real(*args)

    monkeypatch.setattr(services_bookings, "booked_with_key", looked_up_too_early)
    assert services_bookings.book(**arguments) == [winner]
    assert Booking.objects.count() == 1 and made() == 1
    assert len(calls) == 3


@pytest.mark.django_db(transaction=True)
def test_the_same_booking_sent_at_once_by_ten_threads_is_one(world):
    premises = build_site(world)
    key = uuid.uuid4()

    def send():
        (booking,) = services_bookings.book(
            actor=world.member,
            space=premises.desks,
            day=TUESDAY,
            slots=[Slot.MORNING],
            desks=1,
            client_key=key,
        )
        return booking.pk

    results, errors = run_together([send] * 10, threads=10)
    assert errors == []
    assert len(set(results)) == 1
    assert Booking.objects.filter(space=premises.desks).count() == 1


# ------------------------------------------------------------------- public requests


@pytest.fixture
def public(world):
    world.collective.visibility = Visibility.PUBLIC
    world.collective.save()
    return build_site(world, public_requests=True)


def request_data(key, **changes):
    data = {
        "name": "Personne Externe",
        "email": "externe@example.org",
        "purpose": "Assemblée générale",
        "people": "6",
        "day": TUESDAY.isoformat(),
        "first_slot": "morning",
        "last_slot": "afternoon",
        "space": "",
        "consent": "on",
    }
    if key is not None:
        data["client_key"] = str(key)
    return data | changes


def test_a_request_sent_twice_is_one_request_with_its_emails_and_audit_line_once(
    client, world, public, send, settings
):
    settings.PREMISES_REQUESTS_PER_ADDRESS = 1  # the retry is not counted against it
    key = uuid.uuid4()
    first = send(client.post, url(public, "request"), request_data(key, space=public.small_room.pk))
    again = send(client.post, url(public, "request"), request_data(key, space=public.small_room.pk))
    assert first.status_code == again.status_code == 302
    assert first["Location"] == again["Location"]
    room_request = RoomRequest.objects.get()
    assert room_request.client_key == key
    assert room_request.bookings.count() == 2 and Booking.objects.count() == 2
    assert made("premises.request_received") == 1
    assert sorted(m.to[0] for m in mail.outbox) == sorted(
        ["externe@example.org", world.coordinator.email]
    )


def test_the_same_request_key_for_another_address_is_their_own_request(client, public, send):
    key = uuid.uuid4()
    send(client.post, url(public, "request"), request_data(key))
    send(client.post, url(public, "request"), request_data(key, email="autre@example.org"))
    requests = list(RoomRequest.objects.order_by("pk"))
    assert [r.client_key for r in requests] == [key, None]
    emails = [set(r.bookings.values_list("requester_email", flat=True)) for r in requests]
    assert emails == [{"externe@example.org"}, {"autre@example.org"}]


def test_a_request_without_a_key_is_recorded_as_before(client, public, send):
    for _ in range(2):
        assert send(client.post, url(public, "request"), request_data(None)).status_code == 302
    assert RoomRequest.objects.count() == 2


@pytest.mark.parametrize("language", ["fr", "en"])
def test_a_malformed_request_key_is_refused_and_nothing_is_recorded(client, public, send, language):
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = language
    response = send(client.post, url(public, "request"), request_data("x" * 36))
    assert response.status_code == 400
    html = response.content.decode()
    assert message(DAMAGED, language) in html
    assert not RoomRequest.objects.exists() and not Booking.objects.exists()
    assert not mail.outbox and made("premises.request_received") == 0


def test_the_request_that_loses_the_race_returns_the_winners(public, monkeypatch):
    now = datetime(2030, 6, 1, 10, 0, tzinfo=UTC)
    key = uuid.uuid4()
    arguments = {
        "site": public.site,
        "name": "Personne Externe",
        "email": "externe@example.org",
        "purpose": "Assemblée générale",
        "people": 6,
        "day": TUESDAY,
        "first_slot": Slot.MORNING,
        "last_slot": Slot.MORNING,
        "consent_text": "J'accepte.",
        "now": now,
        "client_key": key,
    }
    winner = services_requests.submit_request(**arguments)
    real, calls = services_requests.request_by_key, []

    def looked_up_too_early(*args):
        calls.append(args)
        return None if len(calls) <= 2 else real(*args)

    monkeypatch.setattr(services_requests, "request_by_key", looked_up_too_early)
    assert services_requests.submit_request(**arguments) == winner
    assert RoomRequest.objects.count() == 1 and Booking.objects.count() == 1
    assert len(calls) == 3
    # Taken at once by another address: theirs is recorded without the key.
    monkeypatch.setattr(services_requests, "request_by_key", lambda *args: None)
    other = services_requests.submit_request(**arguments | {"email": "autre@example.org"})
    assert other != winner and other.client_key is None

"""The API's ``Idempotency-Key`` on the POSTs that create (a registration, a booking):
the same request sent again answers what the first one made, 201 with the same body
and ``Idempotent-Replayed: true``, and makes no second row, e-mail or audit line."""

import json
import uuid
from datetime import date

import pytest
from django.core import mail
from django.urls import reverse

from maillage.audit.models import AuditEvent
from maillage.events.models import Registration
from maillage.premises.models import Booking

from ..events.setting import build_event
from ..premises.setting import build_site
from .setting import give_tokens, headers

DAY = date(2030, 6, 4)  # a Tuesday
MALFORMED = {
    "fr": "L'en-tête Idempotency-Key doit être un UUID, par exemple "
    "1b4e28ba-2fa1-11d2-883f-0016d3cca427.",
    "en": "The Idempotency-Key header must be a UUID, such as "
    "1b4e28ba-2fa1-11d2-883f-0016d3cca427.",
}


@pytest.fixture
def api(world):
    give_tokens(world)
    world.event = build_event(world, capacity=10)
    world.premises = build_site(world)
    return world


@pytest.fixture
def send(client, django_capture_on_commit_callbacks):
    """POST ``body`` as JSON to the collective's endpoint ``name`` (the e-mails it
    queues delivered), with ``key`` in the Idempotency-Key header when given."""

    def run(world, persona, name, body, *args, key=None, **more):
        sent = headers(world, persona) | more
        if key is not None:
            sent["Idempotency-Key"] = str(key)
        with django_capture_on_commit_callbacks(execute=True):
            return client.post(
                reverse(f"api:{name}", args=[world.collective.slug, *args]),
                data=json.dumps(body),
                content_type="application/json",
                headers=sent,
            )

    return run


def register(api, send, key, persona="facilitator", email="alix@example.org", **more):
    body = {"name": "Alix Martin", "email": email}
    return send(api, persona, "registration-list", body, api.event.pk, key=key, **more)


def book(api, send, key, persona="member", more=None, **changes):
    body = {
        "space": api.premises.desks.pk,
        "date": DAY.isoformat(),
        "slots": ["morning", "afternoon"],
        "desks": 1,
        "people": 1,
        "purpose": "Permanence",
    } | changes
    return send(api, persona, "booking-list", body, key=key, **(more or {}))


def audit(action):
    return AuditEvent.objects.filter(action=action).count()


# ----------------------------------------------------------------------- registrations


def test_a_registration_sent_twice_is_one_registration_one_email_the_same_answer(api, send):
    key = uuid.uuid4()
    first, again = register(api, send, key), register(api, send, key)
    assert first.status_code == again.status_code == 201
    assert first.json() == again.json()
    assert "Idempotent-Replayed" not in first and again["Idempotent-Replayed"] == "true"
    registration = Registration.objects.get()
    assert (registration.pk, registration.client_key) == (first.json()["id"], key)
    assert len(mail.outbox) == 1


def test_without_a_key_a_second_registration_of_the_address_is_refused(api, send):
    assert register(api, send, None).status_code == 201
    refused = register(api, send, None)
    assert refused.status_code == 400 and refused.json()["field"] == "email"
    # Another key is another request: the address is taken, as without a key.
    assert register(api, send, uuid.uuid4()).status_code == 400
    assert Registration.objects.count() == 1 and len(mail.outbox) == 1


def test_two_keys_for_two_addresses_make_two_registrations(api, send):
    register(api, send, uuid.uuid4())
    register(api, send, uuid.uuid4(), email="sam@example.org")
    assert Registration.objects.count() == 2 and len(mail.outbox) == 2


def test_a_key_sent_again_for_another_address_registers_that_address(api, send):
    key = uuid.uuid4()
    first = register(api, send, key)
    other = register(api, send, key, email="sam@example.org")
    assert other.status_code == 201 and "Idempotent-Replayed" not in other
    assert other.json()["id"] != first.json()["id"]
    assert other.json()["email"] == "sam@example.org"


@pytest.mark.parametrize("language", ["fr", "en"])
def test_a_malformed_key_is_refused_before_anything_is_written(api, send, language):
    response = register(api, send, "pas-une-clé", **{"Accept-Language": language})
    assert response.status_code == 400
    assert response.json() == {
        "detail": MALFORMED[language],
        "field": "Idempotency-Key",
        "code": "idempotency_key",
    }
    assert not Registration.objects.exists() and not mail.outbox


# ---------------------------------------------------------------------------- bookings


def test_a_booking_sent_twice_books_once_and_answers_the_same(api, send):
    key = uuid.uuid4()
    first = book(api, send, key)
    # Sent again with another content: the first bookings, unchanged.
    again = book(api, send, key, purpose="Autre chose", slots=["morning"])
    assert first.status_code == again.status_code == 201
    assert first.json() == again.json()
    assert [row["slot"] for row in first.json()["bookings"]] == ["morning", "afternoon"]
    assert again["Idempotent-Replayed"] == "true"
    assert Booking.objects.count() == 2
    assert audit("premises.booking_made") == 2
    assert len(mail.outbox) == 1 and mail.outbox[0].to == [api.member.email]


def test_desks_booked_twice_without_a_key_are_two_bookings_with_two_keys_too(api, send):
    book(api, send, None, slots=["morning"])
    book(api, send, None, slots=["morning"])
    book(api, send, uuid.uuid4(), slots=["morning"])
    book(api, send, uuid.uuid4(), slots=["morning"])
    assert Booking.objects.count() == 4


def test_another_person_with_the_same_key_books_for_themselves(api, send):
    key = uuid.uuid4()
    mine = book(api, send, key, slots=["morning"])
    theirs = book(api, send, key, persona="coordinator", slots=["morning"], people=2)
    assert theirs.status_code == 201 and "Idempotent-Replayed" not in theirs
    assert theirs.json()["bookings"][0]["id"] != mine.json()["bookings"][0]["id"]
    rows = Booking.objects.filter(client_key=key).order_by("pk")
    assert [(row.booked_by, row.people) for row in rows] == [
        (api.member, 1),
        (api.coordinator, 2),
    ]


@pytest.mark.parametrize("language", ["fr", "en"])
def test_a_malformed_booking_key_is_refused_before_anything_is_written(api, send, language):
    response = book(api, send, "12345", more={"Accept-Language": language})
    assert response.status_code == 400
    assert response.json()["detail"] == MALFORMED[language]
    assert response.json()["field"] == "Idempotency-Key"
    assert not Booking.objects.exists() and not mail.outbox
    assert audit("premises.booking_made") == 0


def test_the_schema_documents_the_header_and_the_replayed_answer(client, api):
    schema = client.get(reverse("api:schema"), {"format": "json"}).json()
    for path, name in (
        ("/api/v1/collectives/{slug}/bookings/", "post"),
        ("/api/v1/collectives/{slug}/events/{event}/registrations/", "post"),
    ):
        operation = schema["paths"][path][name]
        (parameter,) = [p for p in operation["parameters"] if p["in"] == "header"]
        assert parameter["name"] == "Idempotency-Key"
        assert parameter["schema"] == {"type": "string", "format": "uuid"}
        assert "Idempotent-Replayed" in operation["responses"]["201"]["headers"]

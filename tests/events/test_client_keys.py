"""Sending a registration twice makes one registration and one e-mail: the event page's
form carries a ``client_key`` (a fresh UUID each time it is shown), and
services.register returns what the key made for the same address, before any check."""

import re
import uuid

import pytest
from django.conf import settings
from django.core import mail
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.html import escape

from maillage.audit.models import AuditEvent
from maillage.events import services, services_registrations
from maillage.events.models import Registration

from ..threads import run_together
from .setting import build_event, event_url, register_url

DAMAGED = "This form was damaged on its way and nothing was saved. Send it again."
KEY = re.compile(r'<input type="hidden" name="client_key" value="([0-9a-f-]{36})"')


def data(key, number=1, **more):
    sent = {"name": f"Personne {number}", "email": f"personne{number}@example.org"}
    if key is not None:
        sent["client_key"] = str(key)
    return sent | more


def answer(response):
    """What a visitor is answered: status, where it leads, the page (without its
    CSRF token and fresh key, which differ on every page)."""
    html = response.content.decode()
    html = re.sub(r'(csrfmiddlewaretoken" value=|"X-CSRFToken": )"[^"]*"', "TOKEN", html)
    return response.status_code, response.redirect_chain, KEY.sub("KEY", html)


def test_the_form_gets_a_fresh_key_each_time_it_is_shown(visitor, world):
    event = build_event(world)
    first = KEY.findall(visitor.get(event_url(event)).content.decode())
    second = KEY.findall(visitor.get(event_url(event)).content.decode())
    assert len(first) == len(second) == 1 and first != second


def test_the_same_registration_sent_twice_is_one_registration_one_email(visitor, world, send):
    event = build_event(world)
    key = uuid.uuid4()
    audit = AuditEvent.objects.count()
    answers = [
        answer(send(visitor.post, register_url(event), data(key), follow=True)) for _ in range(2)
    ]
    registration = Registration.objects.get()
    assert (registration.client_key, registration.email) == (key, "personne1@example.org")
    assert len(mail.outbox) == 1
    assert AuditEvent.objects.count() == audit
    assert answers[0] == answers[1]
    status, chain, html = answers[0]
    assert status == 200
    assert chain == [
        (reverse("events:registration_sent", args=[event.collective.slug, event.pk]), 302)
    ]
    assert "Thank you. Check the e-mail at personne1@example.org." in html


def test_a_retry_is_answered_the_same_after_registrations_closed_or_the_rate_limit(
    visitor, world, send, settings
):
    """The first sending got through; its retry must not be refused for what came
    after it (registrations closed, the limit of registrations an hour reached)."""
    settings.EVENTS_RATE_PER_ADDRESS = 1
    event = build_event(world)
    key = uuid.uuid4()
    first = send(visitor.post, register_url(event), data(key))
    services.close_registrations(actor=world.coordinator, event=event)
    again = send(visitor.post, register_url(event), data(key))
    assert first.status_code == again.status_code == 302
    assert first["Location"] == again["Location"]
    assert Registration.objects.count() == 1 and len(mail.outbox) == 1


def test_a_key_sent_again_with_another_name_returns_the_first_registration(world):
    event = build_event(world)
    key = uuid.uuid4()
    first = services.register(event=event, name="Ana", email="ana@example.org", client_key=key)
    again = services.register(
        event=event, name="Ana Autre", email="ANA@example.org", client_key=key
    )
    assert again == first
    again.refresh_from_db()
    assert again.name == "Ana"


def test_two_keys_and_two_addresses_make_two_registrations(visitor, world, send):
    event = build_event(world)
    send(visitor.post, register_url(event), data(uuid.uuid4(), 1))
    send(visitor.post, register_url(event), data(uuid.uuid4(), 2))
    assert Registration.objects.count() == 2 and len(mail.outbox) == 2


def test_the_same_key_for_another_address_is_their_own_registration(visitor, world, send):
    """The form reused for a colleague (the back button keeps its key): the colleague is
    registered and e-mailed, and nothing of the first registration is returned."""
    event = build_event(world)
    key = uuid.uuid4()
    first = answer(send(visitor.post, register_url(event), data(key, 1), follow=True))
    second = answer(send(visitor.post, register_url(event), data(key, 2), follow=True))
    rows = list(Registration.objects.order_by("position").values_list("email", "client_key"))
    assert rows == [("personne1@example.org", key), ("personne2@example.org", None)]
    assert [message.to for message in mail.outbox] == [
        ["personne1@example.org"],
        ["personne2@example.org"],
    ]
    assert second[2].replace("personne2", "personne1") == first[2]
    assert "personne1@example.org" not in second[2]


def test_a_page_without_a_key_still_registers(visitor, world, send):
    event = build_event(world)
    response = send(visitor.post, register_url(event), data(None))
    assert response.status_code == 302
    assert Registration.objects.get().client_key is None
    assert len(mail.outbox) == 1


@pytest.mark.parametrize("language", ["fr", "en"])
def test_a_malformed_key_is_refused_with_its_message_and_nothing_is_written(
    client, world, send, language
):
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = language
    event = build_event(world)
    response = send(client.post, register_url(event), data("1234"))
    assert response.status_code == 400
    with translation.override(language):
        message = escape(translation.gettext(DAMAGED))
    html = response.content.decode()
    assert message in html
    assert not Registration.objects.exists() and not mail.outbox
    # Shown again with what was typed and a valid key, to send it again.
    assert 'value="Personne 1"' in html
    uuid.UUID(KEY.findall(html)[0])


def test_a_form_shown_again_with_an_error_keeps_its_key(visitor, world, send):
    event = build_event(world)
    key = uuid.uuid4()
    response = send(visitor.post, register_url(event), data(key, email="pas une adresse"))
    assert response.status_code == 400
    assert KEY.findall(response.content.decode()) == [str(key)]


def test_the_sending_that_loses_the_race_returns_the_winners_registration(world, monkeypatch):
    """Both lookups ran before the winner's row was written: the constraint refuses the
    second row and the service answers the winner's registration, with no e-mail."""
    event = build_event(world)
    key = uuid.uuid4()
    winner = services.register(event=event, name="Ana", email="ana@example.org", client_key=key)
    mail.outbox.clear()
    real, calls = services_registrations.registration_by_key, []

    def looked_up_too_early(*args):
        calls.append(args)
        return None if len(calls) <= 2 else real(*args)

    monkeypatch.setattr(services_registrations, "registration_by_key", looked_up_too_early)
    # Cancelled, so that the check of the address (which alone would make a race
    # without keys harmless) lets the insert reach the key's constraint.
    Registration.objects.filter(pk=winner.pk).update(status="cancelled")
    again = services.register(event=event, name="Ana", email="ana@example.org", client_key=key)
    assert again.pk == winner.pk
    assert Registration.objects.count() == 1 and not mail.outbox
    assert len(calls) == 3


def test_a_key_taken_by_another_address_at_once_registers_without_it(world, monkeypatch):
    event = build_event(world)
    key = uuid.uuid4()
    services.register(event=event, name="Ana", email="ana@example.org", client_key=key)
    monkeypatch.setattr(services_registrations, "registration_by_key", lambda *args: None)
    other = services.register(event=event, name="Léo", email="leo@example.org", client_key=key)
    assert (other.email, other.client_key, other.position) == ("leo@example.org", None, 2)
    assert Registration.objects.count() == 2


@pytest.mark.django_db(transaction=True)
def test_the_same_registration_sent_at_once_by_ten_threads_is_one(world):
    event = build_event(world, capacity=50)
    key = uuid.uuid4()

    def send():
        return services.register(
            event=event, name="Ana", email="ana@example.org", client_key=key, now=timezone.now()
        ).pk

    results, errors = run_together([send] * 10, threads=10)
    assert errors == []
    assert len(set(results)) == 1
    assert Registration.objects.filter(event=event).count() == 1
    event.refresh_from_db()
    assert event.arrivals == 1

"""Registering from the event page, and the registrant's personal page.

Refusals re-render the event page (400) with the message on its field, keep what was
typed and store nothing. E-mails are queued on commit: the tests run the callbacks
so that they land in ``mail.outbox``.
"""

import re
from datetime import timedelta

import pytest
from django.core import mail
from django.urls import reverse
from django.utils import timezone
from icalendar import Calendar

from maillage.events import services
from maillage.events.models import Registration, RegistrationStatus

from .setting import build_event, register, register_url

CONFIRMED = RegistrationStatus.CONFIRMED
WAITING = RegistrationStatus.WAITING
CANCELLED = RegistrationStatus.CANCELLED


def data(number=1, **more):
    return {"name": f"Personne {number}", "email": f"personne{number}@example.org"} | more


def _with_questions(world, **fields):
    event = build_event(world, **fields)
    services.add_question(
        actor=world.coordinator,
        event=event,
        label="Régime alimentaire ?",
        kind="choice",
        choices="Aucun\nVégétarien",
        required=True,
    )
    services.add_question(
        actor=world.coordinator, event=event, label="Garde d'enfants ?", kind="yes_no"
    )
    return event


# ----------------------------------------------------------------------- registering


def link_in(message):
    """The path of the personal link in a registration e-mail."""
    return re.search(r"/inscriptions/[\w-]+/", message.body).group(0)


def sent_url(event):
    return reverse("events:registration_sent", args=[event.collective.slug, event.pk])


def test_register_then_the_personal_page_from_the_e_mail(visitor, world, send):
    event = _with_questions(world)
    choice, yes_no = event.questions.all()
    response = send(
        visitor.post,
        register_url(event),
        data(**{f"question_{choice.pk}": "Végétarien", f"question_{yes_no.pk}": "yes"}),
    )
    registration = Registration.objects.get()
    assert response.status_code == 302 and response["Location"] == sent_url(event)
    assert registration.status == CONFIRMED and registration.language == "en"
    assert registration.answers == {str(choice.pk): "Végétarien", str(yes_no.pk): True}
    assert registration.ip_hash  # the rate limit counts this connection
    # The e-mail, with the calendar file and the personal link.
    assert len(mail.outbox) == 1
    message = mail.outbox[0]
    assert message.to == ["personne1@example.org"]
    assert link_in(message) == registration.get_absolute_url()
    name, content, mimetype = message.attachments[0]
    assert name == "event.ics" and mimetype.startswith("text/calendar")
    vevent = Calendar.from_ical(content).walk("VEVENT")[0]
    assert str(vevent["uid"]) == event.ical_uid
    # The page it lands on says to read the e-mail, and nothing more.
    html = visitor.get(response["Location"]).content.decode()
    assert "Check your e-mail" in html and "personne1@example.org" in html
    assert registration.key not in html
    assert "INVALID_TEMPLATE_VARIABLE" not in html
    # The e-mail's link opens the personal page.
    html = visitor.get(link_in(message)).content.decode()
    assert "Your registration is confirmed" in html
    assert "Végétarien" in html and "Garde d&#x27;enfants ?" in html and "Yes" in html
    assert "Confirm my address" in html and "Cancel my registration" in html
    assert "INVALID_TEMPLATE_VARIABLE" not in html


def test_only_the_e_mail_lets_the_address_be_confirmed(visitor, world, send):
    # Seats go to waiting people whose address is confirmed: the proof must come from
    # the e-mail, not from the pages shown right after registering.
    event = build_event(world, capacity=1)
    register(event, 1)
    responses = send(visitor.post, register_url(event), data(2), follow=True)
    registration = Registration.objects.get(email="personne2@example.org")
    assert registration.status == WAITING
    confirm = reverse("events:confirm", args=[registration.key])
    # Neither the redirections nor the page they lead to hold the key or the form.
    for shown in (responses.content.decode(), *(url for url, _ in responses.redirect_chain)):
        assert registration.key not in shown and confirm not in shown
        assert "/inscriptions/" not in shown
    assert [url for url, _status in responses.redirect_chain] == [sent_url(event)]
    # Guessing is not an option either: only a registration's own key confirms it.
    assert visitor.post(reverse("events:confirm", args=["not-the-key"])).status_code == 404
    registration.refresh_from_db()
    assert registration.email_confirmed_at is None
    # From the e-mail's link, the address is confirmed.
    (message,) = [m for m in mail.outbox if m.to == ["personne2@example.org"]]
    page = visitor.get(link_in(message)).content.decode()
    assert f'action="{confirm}"' in page
    response = visitor.post(confirm, follow=True)
    assert "you will be given a seat" in response.content.decode()
    registration.refresh_from_db()
    assert registration.email_confirmed_at is not None


def test_a_full_event_puts_people_on_the_waiting_list(visitor, world, send):
    event = build_event(world, capacity=1)
    register(event, 1)
    html = visitor.get(reverse("events:event", args=[world.collective.slug, event.pk])).content
    assert b"Join the waiting list" in html
    send(visitor.post, register_url(event), data(2))
    registration = Registration.objects.get(email="personne2@example.org")
    assert registration.status == WAITING
    assert len(mail.outbox) == 1 and mail.outbox[0].to == ["personne2@example.org"]
    html = visitor.get(link_in(mail.outbox[0])).content.decode()
    assert "You are on the waiting list: number 1 in line." in html
    assert "to be given a seat automatically" in html  # why confirming matters
    # The calendar file comes with the seat: none is offered while waiting.
    assert "text/calendar" not in html and ".ics" not in html and "calendar" not in html
    # Other registrants never show.
    assert "Personne 1" not in html and "personne1@example.org" not in html


def _refused(client, event, payload, message, field=None):
    response = client.post(register_url(event), payload)
    assert response.status_code == 400
    html = response.content.decode()
    assert message in html, html
    assert "INVALID_TEMPLATE_VARIABLE" not in html
    assert not Registration.objects.exists()
    # What was typed is kept.
    for name, value in payload.items():
        if value and name != "website" and not name.startswith("question_"):
            assert f'value="{value}"' in html, name
    if field:
        form = response.context["form"]
        assert message in " ".join(form.errors[field])
    return html


def test_before_opening_nothing_is_stored(visitor, world):
    event = build_event(world, registration_opens_at=timezone.now() + timedelta(days=2))
    _refused(visitor, event, data(), "Registrations open on")


def test_after_closing_nothing_is_stored(visitor, world):
    event = build_event(world, registration_closes_at=timezone.now() - timedelta(minutes=5))
    _refused(visitor, event, data(), "Registrations for this event are closed.")


def test_an_invalid_email_is_refused_on_its_field(visitor, world):
    event = build_event(world)
    _refused(
        visitor,
        event,
        data(email="personne@nowhere"),
        "“personne@nowhere” is not a valid e-mail address.",
        field="email",
    )


def test_a_missing_required_answer_is_refused_on_its_field(visitor, world, send):
    event = _with_questions(world)
    choice, yes_no = event.questions.all()
    html = _refused(
        visitor,
        event,
        data(**{f"question_{yes_no.pk}": "no"}),
        "Please answer “Régime alimentaire ?”.",
        field=f"question_{choice.pk}",
    )
    # The yes/no answer given stays ticked.
    assert f'name="question_{yes_no.pk}" value="no" id="id_question_{yes_no.pk}_1" checked' in html
    assert not mail.outbox


def test_the_service_refusal_of_a_bad_choice_lands_on_its_field(visitor, world):
    event = _with_questions(world)
    choice, _yes_no = event.questions.all()
    response = visitor.post(register_url(event), data(**{f"question_{choice.pk}": "Carnivore"}))
    assert response.status_code == 400
    assert response.context["form"].errors[f"question_{choice.pk}"]
    assert not Registration.objects.exists()


def _answer(client, event, payload):
    """What a visitor sees after registering: the status, where it leads, the page."""
    response = client.post(register_url(event), payload, follow=True)
    html = response.content.decode()
    # What differs between two answers by construction: the CSRF token, and what was
    # typed (each answer keeps it).
    html = re.sub(r'(csrfmiddlewaretoken" value=|"X-CSRFToken": )"[^"]*"', "TOKEN", html)
    # and the form's fresh client key (random, whoever registered).
    html = re.sub(r'name="client_key" value="[^"]*"', "KEY", html)
    html = html.replace(payload["email"], "ADDRESS").replace(payload["name"], "NAME")
    return response.status_code, response.redirect_chain, html


def test_an_address_already_registered_gets_the_same_answer_as_a_new_one(visitor, world, send):
    event = build_event(world)
    first = register(event, 1, language="en")
    # Registered two hours ago, with its e-mail then.
    Registration.objects.filter(pk=first.pk).update(created_at=timezone.now() - timedelta(hours=2))
    again = send(_answer, visitor, event, data(1))
    new = send(_answer, visitor, event, data(2))
    assert again == new
    assert again[0] == 200 and again[1] == [(sent_url(event), 302)]
    # Nothing was stored for the address already registered; its owner was told, with
    # the link (and without a second calendar file).
    assert Registration.objects.filter(email="personne1@example.org").count() == 1
    reminder, _welcome = mail.outbox
    assert reminder.to == ["personne1@example.org"] and not reminder.attachments
    assert "It was already registered: nothing has changed." in reminder.body
    assert link_in(reminder) == first.get_absolute_url()


@pytest.mark.parametrize("limit", ["EVENTS_RATE_PER_ADDRESS", "EVENTS_RATE_PER_IP"])
def test_over_the_rate_limit_registered_or_not_get_the_same_answer(visitor, world, settings, limit):
    """Once a limit is hit, the answer is the refusal, whether the address is registered
    for the event or not: in both orders, first the registered one, then the other."""
    setattr(settings, limit, 2)
    event = build_event(world, capacity=10)
    elsewhere = build_event(world, title="Atelier", capacity=10)
    # The test client's requests come from 127.0.0.1.
    ip = "127.0.0.1" if limit == "EVENTS_RATE_PER_IP" else ""
    if limit == "EVENTS_RATE_PER_ADDRESS":
        # Each address has registered twice in the hour, one of them to this event.
        register(event, 1)
        register(elsewhere, 1)
        register(elsewhere, 2)
        register(build_event(world, title="Séminaire"), 2)
    else:
        register(event, 1, ip=ip)
        register(elsewhere, 3, ip=ip)
    stored = Registration.objects.count()
    registered, other = data(1), data(2)
    answers = [_answer(visitor, event, payload) for payload in (registered, other)]
    answers += [_answer(visitor, event, payload) for payload in (other, registered)]
    first = answers[0]
    assert first[0] == 400 and first[1] == []
    assert answers.count(first) == 4
    assert "Too many registrations" in first[2]
    assert "already registered" not in first[2]
    assert Registration.objects.count() == stored


def test_the_honeypot_stores_nothing_and_says_nothing_specific(visitor, world, send):
    event = build_event(world)
    response = send(visitor.post, register_url(event), data(website="http://spam.example"))
    assert response.status_code == 400
    html = response.content.decode()
    assert "Your registration could not be recorded. Please try again." in html
    assert "honeypot" not in html.lower().replace('class="field honeypot', "")
    assert not Registration.objects.exists()
    assert not mail.outbox
    assert 'value="Personne 1"' in html


def test_missing_name_is_refused(visitor, world):
    event = build_event(world)
    _refused(visitor, event, {"name": "", "email": "a@example.org"}, "Give your name.", "name")


# --------------------------------------------------------------------- personal page


def page(registration):
    return reverse("events:registration", args=[registration.key])


def act(client, name, registration):
    return client.post(reverse(f"events:{name}", args=[registration.key]), follow=True)


def test_an_unknown_key_is_404(client, world):
    assert client.get(reverse("events:registration", args=["nope"])).status_code == 404
    assert client.post(reverse("events:cancel", args=["nope"])).status_code == 404


def test_confirm_my_address(visitor, world):
    event = build_event(world)
    registration = register(event, 1)
    response = act(visitor, "confirm", registration)
    assert response.status_code == 200
    assert "Your address is confirmed." in response.content.decode()
    registration.refresh_from_db()
    assert registration.email_confirmed_at is not None
    assert "Confirm my address" not in visitor.get(page(registration)).content.decode()


def test_cancel_promotes_the_first_confirmed_waiting_person(visitor, world, send):
    event = build_event(world, capacity=1)
    first = register(event, 1)
    unconfirmed = register(event, 2)
    third = register(event, 3)
    services.confirm_address(registration=third)
    html = visitor.get(page(third)).content.decode()
    assert "number 2 in line" in html
    mail.outbox.clear()
    response = send(act, visitor, "cancel", first)
    assert "Your registration is cancelled." in response.content.decode()
    first.refresh_from_db()
    third.refresh_from_db()
    unconfirmed.refresh_from_db()
    assert first.status == CANCELLED
    assert third.status == CONFIRMED and unconfirmed.status == WAITING
    assert [m.to for m in mail.outbox] == [["personne3@example.org"]]
    html = visitor.get(page(third)).content.decode()
    assert "Your registration is confirmed" in html


def test_a_cancelled_link_reused_says_so(visitor, world):
    event = build_event(world)
    registration = register(event, 1)
    act(visitor, "cancel", registration)
    html = visitor.get(page(registration)).content.decode()
    assert "This registration is cancelled." in html
    assert "Cancel my registration" not in html
    response = act(visitor, "cancel", registration)
    assert response.status_code == 200
    assert "This registration was already cancelled." in response.content.decode()
    response = act(visitor, "confirm", registration)
    assert "This registration was already cancelled." in response.content.decode()


def test_delete_erases_name_and_address(visitor, world):
    event = build_event(world)
    registration = register(event, 1)
    response = act(visitor, "delete", registration)
    html = response.content.decode()
    assert "Your registration and your data are deleted." in html
    assert "Personne 1" not in html and "personne1@example.org" not in html
    registration.refresh_from_db()
    assert registration.name == "" and registration.email == "" and registration.answers == {}
    assert registration.status == CANCELLED and registration.erased_at
    response = act(visitor, "delete", registration)
    assert "This registration was deleted." in response.content.decode()


def test_the_personal_page_shows_only_its_registration(visitor, world):
    event = build_event(world)
    mine = register(event, 1)
    register(event, 2)
    html = visitor.get(page(mine)).content.decode()
    assert "Personne 1" in html
    assert "Personne 2" not in html and "personne2@example.org" not in html
    response = visitor.get(page(mine))
    assert "no-cache" in response["Cache-Control"] or "no-store" in response["Cache-Control"]
    assert '<meta name="robots" content="noindex">' in html


def test_the_actions_are_post_only(client, world):
    registration = register(build_event(world), 1)
    for name in ("confirm", "cancel", "delete"):
        assert client.get(reverse(f"events:{name}", args=[registration.key])).status_code == 405

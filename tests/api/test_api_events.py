"""The API of events: what anyone and members read (counts, never registrants), the
registrations an event's organisers read, and registering someone through the events'
registration service."""

import json
from datetime import timedelta

import pytest
from django.core import mail
from django.urls import reverse
from django.utils import timezone

from maillage.events import services
from maillage.events.models import Registration

from ..events.setting import build_event, register
from .setting import assert_constant_queries, give_tokens, headers


@pytest.fixture
def api(world):
    give_tokens(world)
    world.event = build_event(world, capacity=2)  # makes the collective public
    return world


def url(world, name, *args):
    return reverse(f"api:{name}", args=[world.collective.slug, *args])


def get(client, world, persona, address, **more):
    response = client.get(address, headers=headers(world, persona) | more)
    assert response.status_code == 200, response.content[:300]
    return response.json()


def post_registration(client, world, persona, body, event=None, **more):
    return client.post(
        url(world, "registration-list", (event or world.event).pk),
        data=json.dumps(body),
        content_type="application/json",
        headers=headers(world, persona) | more,
    )


# ------------------------------------------------------------------------------- events


def test_anyone_reads_the_public_events_with_counts_and_never_names(client, api):
    register(api.event, 1)
    register(api.event, 2)
    register(api.event, 3)  # waits
    build_event(api, title="Brouillon", publish=False)
    for persona in ("anonymous", "outsider"):
        data = get(client, api, persona, url(api, "event-list"))
        assert [row["title"] for row in data["results"]] == [api.event.title]
        row = data["results"][0]
        assert (row["capacity"], row["registered"], row["waiting"]) == (2, 2, 1)
        assert row["registrations_open"] is True
        detail = get(client, api, persona, url(api, "event-detail", api.event.pk))
        assert detail["place"] == "Maison des associations"
        assert (detail["registered"], detail["waiting"]) == (2, 1)
        text = json.dumps(detail) + json.dumps(data)
        assert "Personne 1" not in text and "personne1@example.org" not in text


def test_members_read_drafts_too_and_filter_by_dates_programme_and_status(client, api):
    draft = build_event(api, title="Brouillon", publish=False, days_ahead=40)
    address = url(api, "event-list")
    data = get(client, api, "observer", address)
    assert [row["title"] for row in data["results"]] == [api.event.title, "Brouillon"]
    later = (timezone.localdate() + timedelta(days=20)).isoformat()
    assert [
        row["id"] for row in get(client, api, "observer", f"{address}?from={later}")["results"]
    ] == [draft.pk]
    assert [
        row["id"] for row in get(client, api, "observer", f"{address}?to={later}")["results"]
    ] == [api.event.pk]
    assert get(client, api, "observer", f"{address}?status=draft")["results"][0]["id"] == draft.pk
    ordered = get(client, api, "observer", f"{address}?ordering=-starts_at")
    assert [row["id"] for row in ordered["results"]] == [draft.pk, api.event.pk]
    programme = services.create_programme(
        actor=api.coordinator, collective=api.collective, title="Mois de l'emploi", slug="mois"
    )
    week = build_event(api, title="Semaine 1", programme=programme, days_ahead=3)
    in_programme = get(client, api, "observer", f"{address}?programme={programme.pk}")
    assert [row["id"] for row in in_programme["results"]] == [week.pk]
    bad = client.get(f"{address}?from=demain", headers=headers(api, "observer"))
    assert bad.status_code == 400 and "from" in bad.json()


def test_the_events_list_reads_a_constant_number_of_queries(client, api):
    def add_rows(n):
        for i in range(n):
            event = build_event(api, title=f"Atelier {i}", days_ahead=5 + i)
            register(event, 100 + i)

    assert_constant_queries(client, url(api, "event-list"), headers(api, "anonymous"), add_rows)


# ------------------------------------------------------------------------ registrations


def test_organisers_read_the_registrations_with_names_and_addresses(client, api):
    register(api.event, 1)
    register(api.event, 2)
    register(api.event, 3)
    address = url(api, "registration-list", api.event.pk)
    data = get(client, api, "facilitator", address)
    assert [(r["name"], r["email"], r["status"]) for r in data["results"]] == [
        ("Personne 1", "personne1@example.org", "confirmed"),
        ("Personne 2", "personne2@example.org", "confirmed"),
        ("Personne 3", "personne3@example.org", "waiting"),
    ]
    waiting = get(client, api, "facilitator", f"{address}?status=waiting")
    assert [r["name"] for r in waiting["results"]] == ["Personne 3"]
    # The coordinators do not organise it: registrants are shown to the fewest.
    refused = client.get(address, headers=headers(api, "coordinator"))
    assert refused.status_code == 403


def test_the_registrations_list_reads_a_constant_number_of_queries(client, api):
    services.set_capacity(actor=api.facilitator, event=api.event, capacity=None)
    count = iter(range(1, 100))

    def add_rows(n):
        for _ in range(n):
            register(api.event, next(count))

    assert_constant_queries(
        client, url(api, "registration-list", api.event.pk), headers(api, "facilitator"), add_rows
    )


def test_an_organiser_registers_someone_who_gets_the_sites_email(
    client, api, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        response = post_registration(
            client, api, "facilitator", {"name": "Alix Martin", "email": "Alix@Example.org"}
        )
    assert response.status_code == 201, response.content
    data = response.json()
    assert (data["name"], data["email"], data["status"]) == (
        "Alix Martin",
        "alix@example.org",
        "confirmed",
    )
    registration = Registration.objects.get(pk=data["id"])
    assert registration.event == api.event and registration.language == "fr"
    (message,) = mail.outbox
    assert message.to == ["alix@example.org"]
    assert registration.get_absolute_url() in message.body


def test_when_the_seats_are_taken_people_wait(client, api):
    register(api.event, 1)
    register(api.event, 2)
    response = post_registration(
        client, api, "facilitator", {"name": "Alix Martin", "email": "alix@example.org"}
    )
    assert response.status_code == 201 and response.json()["status"] == "waiting"


def test_an_address_already_registered_is_refused_and_nothing_changes(client, api):
    register(api.event, 1)
    body = {"name": "Autre nom", "email": "personne1@example.org"}
    response = post_registration(client, api, "facilitator", body)
    assert response.status_code == 400
    assert response.json() == {
        "detail": "Cette adresse est déjà inscrite à l'événement.",
        "field": "email",
    }
    english = post_registration(client, api, "facilitator", body, **{"Accept-Language": "en"})
    assert english.json()["detail"] == "This address is already registered for the event."
    assert list(Registration.objects.values_list("name", flat=True)) == ["Personne 1"]


def test_bad_input_and_closed_registrations_are_refused(client, api):
    invalid = post_registration(client, api, "facilitator", {"name": "", "email": "pas-une"})
    assert invalid.status_code == 400 and {"name", "email"} <= set(invalid.json())
    services.close_registrations(actor=api.facilitator, event=api.event)
    closed = post_registration(
        client, api, "facilitator", {"name": "Alix", "email": "alix@example.org"}
    )
    assert closed.status_code == 400
    assert closed.json()["detail"] == "Les inscriptions à cet événement sont closes."
    assert not Registration.objects.exists()


def test_a_read_only_token_and_other_members_cannot_register_anyone(client, api):
    for persona in ("reader", "coordinator", "member"):
        response = post_registration(
            client, api, persona, {"name": "Alix", "email": "alix@example.org"}
        )
        assert response.status_code == 403
    assert not Registration.objects.exists()


def test_answers_to_the_events_questions_go_through_the_service(client, api):
    meal = services.add_question(
        actor=api.facilitator, event=api.event, label="Repas ?", kind="yes_no", required=True
    )
    workshop = services.add_question(
        actor=api.facilitator,
        event=api.event,
        label="Atelier",
        kind="choice",
        choices="Matin\nSoir",
    )
    detail = get(client, api, "facilitator", url(api, "event-detail", api.event.pk))
    assert [q["choices"] for q in detail["questions"]] == [[], ["Matin", "Soir"]]
    person = {"name": "Alix", "email": "alix@example.org"}
    missing = post_registration(client, api, "facilitator", person | {"answers": {}})
    assert missing.status_code == 400
    assert missing.json()["field"] == f"question_{meal.pk}"
    wrong = post_registration(
        client, api, "facilitator", person | {"answers": {str(meal.pk): {"oui": 1}}}
    )
    assert wrong.status_code == 400
    assert wrong.json()["answers"] == {
        str(meal.pk): ["Répondez par un texte, ou par vrai ou faux."]
    }
    assert not Registration.objects.exists()
    answers = {str(meal.pk): True, str(workshop.pk): "Soir"}
    response = post_registration(client, api, "facilitator", person | {"answers": answers})
    assert response.status_code == 201, response.content
    assert Registration.objects.get().answers == answers

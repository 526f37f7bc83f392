"""The events app's part of "my data" and of an erasure (maillage/events/privacy.py)."""

import json
from datetime import timedelta

import pytest
from django.utils import timezone

from maillage.core.personal import Person, deleted_name
from maillage.events import privacy, services
from maillage.events.models import Event, Registration, Speaker
from maillage.events.services_registrations import attendance

from ..events.setting import build_event
from .app_texts import texts_holding

pytestmark = pytest.mark.django_db

NAME = "Zoé Pittet"
EMAIL = "zoe.pittet@example.org"


@pytest.fixture
def events(world):
    """An event with two seats: Zoé has one, then Personne 2; Personne 3 waits. Zoé also
    speaks. A past event where she came; an event of the other collective."""
    event = build_event(world, capacity=2, description=f"Avec {NAME}, de l'université.")
    question = services.add_question(
        actor=world.coordinator, event=event, label="Repas", kind="text"
    )
    zoe = services.register(
        event=event, name=NAME, email=EMAIL, answers={str(question.pk): "Sans gluten"}
    )
    services.register(event=event, name="Personne 2", email="personne2@example.org")
    waiting = services.register(event=event, name="Personne 3", email="personne3@example.org")
    services.confirm_address(registration=waiting)
    services.add_speaker(actor=world.coordinator, event=event, name=NAME, role="Chercheuse")
    past = build_event(world, capacity=None, title="Forum de l'an passé")
    came = services.register(event=past, name=NAME, email=EMAIL.upper())
    services.check_in(actor=world.facilitator, registration=came)
    start = timezone.now() - timedelta(days=30)
    Event.objects.filter(pk=past.pk).update(starts_at=start, ends_at=start + timedelta(hours=2))
    elsewhere = services.create_event(
        actor=world.outsider,
        collective=world.other,
        organisers=[world.outsider],
        title="Assemblée du pôle",
        kind="general_assembly",
        starts_at=event.starts_at,
        ends_at=event.ends_at,
    )
    services.publish_event(actor=world.outsider, event=elsewhere)
    other = services.register(event=elsewhere, name=NAME, email=EMAIL)
    return event, zoe, past, other


def test_the_export_holds_the_registrations_found_by_address(world, events):
    event, zoe, past, other = events
    data = privacy.export(Person(email=EMAIL))
    assert json.loads(json.dumps(data)) == data  # JSON-ready
    assert [(r["event"], r["status"], r["name"]) for r in data["registrations"]] == [
        (event.title, "confirmed", NAME),
        ("Forum de l'an passé", "confirmed", NAME),
        ("Assemblée du pôle", "confirmed", NAME),
    ]
    first = data["registrations"][0]
    assert first["collective"] == world.collective.name
    assert first["email"] == EMAIL
    assert list(first["answers"].values()) == ["Sans gluten"]
    assert data["registrations"][1]["checked_in_at"] is not None
    # A speaker is found by name only when the name is known (an account's name).
    assert "speaker_at" not in data
    # Limited to a collective, and nothing of someone else.
    mine_here = privacy.export(Person(email=EMAIL, collectives=frozenset({world.other.pk})))
    assert [r["event"] for r in mine_here["registrations"]] == ["Assemblée du pôle"]
    someone = privacy.export(Person(email="personne2@example.org"))
    assert [r["name"] for r in someone["registrations"]] == ["Personne 2"]
    # An organiser's part.
    organiser = privacy.export(Person(user=world.facilitator))
    assert [e["your_part"] for e in organiser["events"]] == [["organiser"], ["organiser"]]


def test_the_export_names_the_talks_of_a_person_with_an_account(world, events):
    world.member.display_name = NAME
    world.member.save(update_fields=["display_name"])
    data = privacy.export(Person(user=world.member))
    assert data["speaker_at"][0]["role"] == "Chercheuse"


def test_erase_keeps_the_counts_and_leaves_no_name_or_address(world, events):
    event, zoe, past, other = events
    before_past = attendance(past)
    old_key = zoe.key

    counts = privacy.erase(Person(email=EMAIL))

    assert counts == {"registrations": 3, "speakers": 1, "texts": 1}
    assert texts_holding("events", NAME, EMAIL) == []
    zoe.refresh_from_db()
    assert zoe.name == deleted_name() and zoe.email == "" and zoe.answers == {}
    assert zoe.key != old_key and zoe.erased_at is not None
    # The seat she left went to the next person waiting.
    assert zoe.status == "cancelled"
    assert Registration.objects.get(event=event, name="Personne 3").status == "confirmed"
    assert attendance(event)["confirmed"] == 2
    # A past event's figures are unchanged: she still counts as present.
    assert attendance(past) == before_past
    assert attendance(past)["present"] == 1
    assert Registration.objects.count() == 5
    assert Speaker.objects.get().name == deleted_name()
    assert f"Avec {deleted_name()}" in Event.objects.get(pk=event.pk).description


def test_an_erasure_for_one_collective_leaves_the_others(world, events):
    event, zoe, past, other = events
    counts = privacy.erase(Person(email=EMAIL, collectives=frozenset({world.other.pk})))
    assert counts == {"registrations": 1}
    other.refresh_from_db()
    assert other.name == deleted_name() and other.email == ""
    zoe.refresh_from_db()
    assert zoe.name == NAME and zoe.email == EMAIL and zoe.status == "confirmed"
    assert Speaker.objects.get().name == NAME

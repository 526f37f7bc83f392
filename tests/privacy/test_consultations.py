"""The consultations app's part of "my data" and of an erasure
(maillage/consultations/privacy.py)."""

import json
from datetime import timedelta

import pytest
from django.utils import timezone

from maillage.consultations import privacy, services, services_contact
from maillage.consultations.models import Commitment, Mood, Note, Participant, Vote
from maillage.consultations.models_analysis import Analysis
from maillage.consultations.models_contact import ParticipantContact
from maillage.core.personal import Person, deleted_name

from ..consultations.test_rounds import make_delphi
from ..consultations.workshop import build_workshop
from ..factories import GroupFactory, ParticipantFactory
from .app_texts import texts_holding

pytestmark = pytest.mark.django_db

NAME = "Camille Rochat"
ALEX = "alex.dupraz@example.org"


@pytest.fixture
def held(world):
    """The workshop (tests/consultations/workshop.py): the anonymous Alex posted notes
    and left an address; the member (renamed) joined with the account, posted a pledge
    that became their commitment, gave their mood and voted with a comment. Alex's
    address is also kept by a consultation of the other collective."""
    world.member.display_name = NAME
    world.member.save(update_fields=["display_name"])
    workshop = build_workshop(world)
    consent = services_contact.consent_text()
    services_contact.leave_contact(participant=workshop.participant, email=ALEX, consent=consent)
    member = services.join_group(group=workshop.group, user=world.member)
    pledge_question = workshop.consultation.questions.get(kind="pledge")
    pledge = services.post_note(
        participant=member, question=pledge_question, text="Je peux accueillir un atelier"
    )
    services.make_commitment(
        actor=world.facilitator,
        note=pledge,
        text="Accueillir l'atelier de mars",
        due_on=timezone.localdate() + timedelta(days=30),
        person=world.member,
    )
    services.post_note(
        participant=workshop.other_participant,
        question=workshop.questions[0],
        text=f"Comme le dit {NAME}, il faut du temps",
    )
    services.record_mood(participant=member, moment="start", value=4)
    delphi = make_delphi(world, workshop)
    services.cast_vote(
        participant=member,
        round_=delphi.round,
        statement=delphi.statements[0],
        choice=1,
        comment="D'accord, avec des moyens",
    )
    # An opinion analysis keys participants by the name facilitators see.
    Analysis.objects.create(
        consultation=workshop.consultation,
        round=delphi.round,
        kind="opinions",
        requested_by=world.facilitator,
        status="done",
        result={"k": 2, "groups": {NAME: 0, "Alex": 1, "Sam": 1}},
    )
    group = GroupFactory(consultation__collective=world.other)
    elsewhere = ParticipantFactory(group=group, display_name="Alex")
    services_contact.leave_contact(participant=elsewhere, email=ALEX, consent=consent)
    return workshop, member, elsewhere


def test_the_export_holds_participations_notes_votes_moods_and_pledges(world, held):
    workshop, member, elsewhere = held
    data = privacy.export(Person(user=world.member))
    assert json.loads(json.dumps(data)) == data  # JSON-ready
    [mine] = data["participations"]
    assert mine["consultation"] == "Pourquoi sommes-nous là ?"
    assert mine["group"] == "Plainpalais"
    assert [n["text"] for n in mine["notes"]] == ["Je peux accueillir un atelier"]
    assert mine["moods"][0]["value"] == 4
    assert mine["votes"][0]["comment"] == "D'accord, avec des moyens"
    assert [p["pledge"] for p in data["pledges"]] == ["Accueillir l'atelier de mars"]
    # Alex, by the address left for new rounds, in one collective at a time.
    alex = privacy.export(Person(email=ALEX, collectives=frozenset({world.collective.pk})))
    [participation] = alex["participations"]
    assert participation["display_name"] == "Alex"
    assert participation["address_for_new_rounds"] == ALEX
    assert len(participation["notes"]) == 3
    assert "Je peux accueillir un atelier" not in str(alex)
    assert len(privacy.export(Person(email=ALEX))["participations"]) == 2


def test_erase_keeps_the_groups_work_tied_to_no_one(world, held):
    workshop, member, elsewhere = held
    counts_before = (Note.objects.count(), Vote.objects.count(), Mood.objects.count())

    counts = privacy.erase(Person(user=world.member))

    assert counts == {"participations": 1, "pledges": 1, "texts": 2}
    assert texts_holding("consultations", NAME, world.member.email) == []
    member.refresh_from_db()
    assert member.user is None and member.display_name == ""
    assert (Note.objects.count(), Vote.objects.count(), Mood.objects.count()) == counts_before
    assert member.notes.count() == 1 and member.votes.count() == 1
    commitment = Commitment.objects.get()
    assert commitment.person is None and commitment.person_name == deleted_name()
    assert Note.objects.filter(text=f"Comme le dit {deleted_name()}, il faut du temps").exists()
    groups = Analysis.objects.get().result["groups"]
    assert groups == {deleted_name(): 0, "Alex": 1, "Sam": 1}


def test_an_anonymous_participant_erased_by_address_for_one_collective(world, held):
    workshop, member, elsewhere = held
    alex = workshop.participant
    old_token = alex.token

    counts = privacy.erase(Person(email=ALEX, collectives=frozenset({world.collective.pk})))

    assert counts["participations"] == 1 and counts["contacts"] == 1
    alex.refresh_from_db()
    assert alex.display_name == "" and alex.token != old_token
    assert alex.notes.count() == 3
    contact = ParticipantContact.objects.get(participant=alex)
    assert contact.email == "" and contact.erased_at is not None
    # The other collective's consultation keeps its participant and address.
    elsewhere.refresh_from_db()
    assert elsewhere.display_name == "Alex"
    assert ParticipantContact.objects.get(participant=elsewhere).email == ALEX
    assert Participant.objects.count() == 4

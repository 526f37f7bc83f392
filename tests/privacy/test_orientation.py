"""Orientation: what a person referred, or a professional, finds in "my data", and what
their erasure leaves."""

import pytest
from django.utils import translation

from maillage.core import personal
from maillage.core.errors import DomainError
from maillage.orientation import services_referrals as services
from maillage.orientation.models import Offer, OfferKind, Structure
from maillage.orientation.models_referrals import Referral, ReferralStatus

from ..orientation.setting_referrals import CONSENT, build_network, pdf, send
from .app_texts import erased, exported, holding

pytestmark = pytest.mark.django_db

EMAIL = "marie.dupont@example.org"


@pytest.fixture
def made(world):
    network = build_network(world)
    sent = send(network, document=pdf())
    refused = services.refuse_referral(
        actor=network.receiver,
        referral=send(network),
        reason="no_place",
        comment="Marie Dupont rappellera en septembre ; Sami Caritas est prévenu.",
    )
    someone = send(network, first_name="Paul", last_name="Martin", email="paul@example.org")
    network.other_offer.contact_name = "Sami Caritas"
    network.other_offer.email = network.sender.email
    network.other_offer.save()
    # The same person referred in another collective's catalogue.
    far_structure = Structure.objects.create(collective=world.other, name="Ailleurs")
    far_offer = Offer.objects.create(structure=far_structure, name="Loin", kind=OfferKind.JOB)
    far = Referral.objects.create(
        offer=far_offer,
        first_name="Marie",
        last_name="Dupont",
        email=EMAIL,
        consent=True,
        consent_text=CONSENT,
    )
    return network, sent, refused, someone, far


def test_the_person_referred_finds_their_referrals_and_no_one_elses(made, world):
    data = exported("orientation", personal.Person(email=EMAIL))
    mine = data["referrals_of_me"]
    assert [(r["offer"], r["status"], r["last_name"]) for r in mine] == [
        ("Qualife 50+", "sent", "Dupont"),
        ("Qualife 50+", "refused", "Dupont"),
        ("Loin", "sent", "Dupont"),
    ]
    assert mine[0]["document"] is True and mine[0]["collective"] == world.collective.name
    assert "Martin" not in str(data)
    within = personal.Person(email=EMAIL, collectives=frozenset({world.other.pk}))
    assert [r["offer"] for r in exported("orientation", within)["referrals_of_me"]] == ["Loin"]


def test_the_sender_finds_the_work_without_the_people_referred(made):
    network = made[0]
    data = exported("orientation", personal.Person(user=network.sender))
    assert [r["status"] for r in data["referrals_sent"]] == ["sent", "refused", "sent"]
    assert "Dupont" not in str(data["referrals_sent"])
    assert data["offers_i_am_the_contact_of"][0]["offer"] == "Chèque annuel de formation"
    decided = exported("orientation", personal.Person(user=network.receiver))
    assert [r["reason"] for r in decided["referrals_decided"]] == ["no_place"]


def test_erasing_the_person_referred_keeps_the_counts_and_no_trace(
    made, world, django_capture_on_commit_callbacks
):
    network, sent, refused, someone, far = made
    document = Referral.objects.get(pk=sent.pk).document
    storage, name = document.storage, document.name
    person = personal.Person(email=EMAIL, collectives=frozenset({world.collective.pk}))
    with django_capture_on_commit_callbacks(execute=True):
        result = erased("orientation", person)
    assert result == {"referrals_erased": 2, "contacts_erased": 0, "texts_scrubbed": 0}
    assert {"Marie", "Dupont", "Marie Dupont"} <= person.names
    ours = Referral.objects.filter(offer__structure__collective=world.collective)
    assert holding("orientation", EMAIL) == [f"Referral.email#{far.pk}"]
    assert not ours.filter(last_name="Dupont").exists()
    # The counts stay: offer, status, reason, dates.
    assert sorted(ours.values_list("status", flat=True)) == ["refused", "sent", "sent"]
    erased_refusal = Referral.objects.get(pk=refused.pk)
    assert (erased_refusal.reason, erased_refusal.comment) == ("no_place", "")
    assert erased_refusal.erased_at is not None and erased_refusal.decided_at is not None
    assert not storage.exists(name)
    # Another person's referral and the other collective's are untouched.
    assert Referral.objects.get(pk=someone.pk).last_name == "Martin"
    assert Referral.objects.get(pk=far.pk).person_name == "Marie Dupont"
    # An erased referral can no longer be answered.
    with translation.override("en"), pytest.raises(DomainError, match="data was erased"):
        services.accept_referral(actor=network.receiver, referral=sent)


def test_erasing_a_professional_keeps_their_work_without_their_name(made):
    network, sent, refused, someone, far = made
    sender = network.sender
    person = personal.Person(user=sender)
    result = erased("orientation", person)
    assert result == {"referrals_erased": 0, "contacts_erased": 1, "texts_scrubbed": 1}
    assert holding("orientation", "Sami Caritas", sender.email) == []
    assert Referral.objects.filter(sender=sender).count() == 3
    assert Referral.objects.get(pk=refused.pk).comment == (
        f"Marie Dupont rappellera en septembre ; {personal.deleted_name()} est prévenu."
    )
    offer = Offer.objects.get(pk=network.other_offer.pk)
    assert (offer.contact_name, offer.email, offer.published) == ("", "", True)
    assert Referral.objects.get(pk=sent.pk).status == ReferralStatus.SENT

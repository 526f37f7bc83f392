"""Referrals' services: sending (consent, contact, published offer, who may send, the
document's type and size), each transition and the ones refused, the history, the
e-mails, and the erasure of the person's data on schedule."""

from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from django.core import mail
from django.utils import translation

from maillage.audit.models import AuditEvent
from maillage.core.errors import DomainError
from maillage.orientation import services_referrals as services
from maillage.orientation.counts_referrals import referral_counts
from maillage.orientation.models import Offer
from maillage.orientation.models_referrals import Referral, ReferralStatus, RefusalReason

from .setting_referrals import PNG, build_network, pdf, send

pytestmark = pytest.mark.django_db

NOW = datetime(2030, 3, 2, 9, 0, tzinfo=UTC)


@pytest.fixture
def net(world):
    return build_network(world)


def refusal(call, **kwargs):
    with pytest.raises(DomainError) as caught:
        call(**kwargs)
    return caught.value


# ---------------------------------------------------------------------- sending


def test_sending_records_the_person_the_consent_and_the_history(net):
    referral = send(net, document=pdf(), now=NOW)
    referral.refresh_from_db()
    assert referral.status == ReferralStatus.SENT
    assert referral.sender == net.sender and referral.sender_structure == net.sending
    assert (referral.first_name, referral.last_name) == ("Marie", "Dupont")
    assert referral.consent and referral.consent_text == "La personne est d'accord."
    assert referral.consent_at == NOW
    assert referral.document_type == "application/pdf"
    # Stored under a random name, outside MEDIA_ROOT, never under the name given.
    assert "attestation" not in referral.document.name
    assert referral.document.name.endswith(".pdf")
    stored = Path(referral.document.path)
    assert stored.read_bytes().startswith(b"%PDF-")
    assert "media" not in stored.parts
    event = AuditEvent.objects.get(action="orientation.referral_sent")
    assert event.after == {"offer": "Qualife 50+", "status": "sent"}


def test_consent_is_required(net):
    with translation.override("fr"):
        error = refusal(send, network=net, consent=False)
    assert error.field == "consent"
    assert error.message == (
        "Le consentement de la personne est nécessaire\u00a0: demandez-le-lui, puis cochez la case."
    )
    assert not Referral.objects.exists()


def test_a_way_to_reach_the_person_is_required(net):
    error = refusal(send, network=net, phone="", email="")
    assert error.field == "phone"
    assert refusal(send, network=net, email="pas une adresse").field == "email"
    assert not Referral.objects.exists()


def test_an_unpublished_offer_takes_no_referral(net):
    Offer.objects.filter(pk=net.offer.pk).update(published=False)
    net.offer.refresh_from_db()
    error = refusal(send, network=net)
    assert error.message == "Cette offre n'est pas publiée\u00a0: elle ne reçoit pas d'orientation."
    assert not Referral.objects.exists()


@pytest.mark.parametrize("who", ["facilitator", "observer", "outsider"])
def test_only_professionals_and_coordinators_send(net, who):
    error = refusal(send, network=net, actor=getattr(net.world, who), sender_structure=None)
    assert error.message.startswith("Seuls les professionnels des structures du réseau")
    assert not Referral.objects.exists()


def test_a_coordinator_without_a_structure_sends(net):
    referral = send(net, actor=net.world.coordinator, sender_structure=None)
    assert referral.sender_structure is None


def test_one_sends_only_for_a_structure_one_works_for(net):
    error = refusal(send, network=net, sender_structure=net.elsewhere)
    assert error.field == "sender_structure"


def test_a_document_of_another_type_is_refused_with_a_clear_message(net):
    fake = pdf(name="virus.pdf", content=b"MZ\x90\x00 not a pdf at all")
    with translation.override("fr"):
        error = refusal(send, network=net, document=fake)
    assert error.field == "document"
    assert "PDF, JPEG ou PNG" in error.message
    assert not Referral.objects.exists()


def test_a_document_too_large_is_refused(net, settings):
    settings.ORIENTATION_REFERRAL_MAX_BYTES = 40
    error = refusal(send, network=net, document=pdf(content=PNG + b"\x00" * 64))
    assert error.field == "document"
    assert "trop volumineux" in error.message and "40\u00a0octets au plus" in error.message
    assert not Referral.objects.exists()


def test_a_png_is_accepted(net):
    referral = send(net, document=pdf(name="photo.pdf", content=PNG))
    assert referral.document_type == "image/png" and referral.document.name.endswith(".png")


# ---------------------------------------------------------------------- transitions


def test_accept_then_close(net):
    referral = send(net)
    accepted = services.accept_referral(actor=net.receiver, referral=referral, now=NOW)
    assert accepted.status == ReferralStatus.ACCEPTED
    assert accepted.decided_by == net.receiver and accepted.decided_at == NOW
    closed = services.close_referral(actor=net.receiver, referral=referral)
    assert closed.status == ReferralStatus.CLOSED
    actions = list(
        AuditEvent.objects.filter(object_id=str(referral.pk))
        .order_by("pk")
        .values_list("action", flat=True)
    )
    assert actions == [
        "orientation.referral_sent",
        "orientation.referral_accepted",
        "orientation.referral_closed",
    ]


def test_refuse_needs_a_reason_code(net):
    referral = send(net)
    with translation.override("fr"):
        error = refusal(services.refuse_referral, actor=net.receiver, referral=referral, reason="")
    assert error.field == "reason" and error.message == "Choisissez le motif du refus."
    refused = services.refuse_referral(
        actor=net.receiver,
        referral=referral,
        reason=RefusalReason.NO_PLACE,
        comment="Complet jusqu'en juin.",
    )
    assert refused.status == ReferralStatus.REFUSED
    assert (refused.reason, refused.comment) == ("no_place", "Complet jusqu'en juin.")
    event = AuditEvent.objects.get(action="orientation.referral_refused")
    assert event.after == {"status": "refused", "reason": "no_place"}


def test_other_reason_needs_a_comment(net):
    referral = send(net)
    error = refusal(
        services.refuse_referral,
        actor=net.receiver,
        referral=referral,
        reason=RefusalReason.OTHER,
    )
    assert error.field == "comment"


def test_the_sender_cancels(net):
    referral = send(net)
    cancelled = services.cancel_referral(actor=net.sender, referral=referral)
    assert cancelled.status == ReferralStatus.CANCELLED and cancelled.decided_at


@pytest.mark.parametrize(
    ("first", "then"),
    [
        ("accept", "accept"),
        ("accept", "refuse"),
        ("accept", "cancel"),
        ("refuse", "accept"),
        ("refuse", "close"),
        ("cancel", "accept"),
        ("cancel", "refuse"),
        (None, "close"),
    ],
)
def test_invalid_transitions_are_refused_in_the_readers_language(net, first, then):
    referral = send(net)
    moves = {
        "accept": lambda: services.accept_referral(actor=net.receiver, referral=referral),
        "refuse": lambda: services.refuse_referral(
            actor=net.receiver, referral=referral, reason=RefusalReason.NOT_ELIGIBLE
        ),
        "cancel": lambda: services.cancel_referral(actor=net.sender, referral=referral),
        "close": lambda: services.close_referral(actor=net.receiver, referral=referral),
    }
    if first:
        moves[first]()
    status = Referral.objects.get(pk=referral.pk).status
    with translation.override("fr"), pytest.raises(DomainError) as caught:
        moves[then]()
    assert caught.value.message.startswith("Seule une orientation")
    assert Referral.objects.get(pk=referral.pk).status == status


@pytest.mark.parametrize("who", ["sender", "other_pro"])
def test_only_the_receiving_structure_or_a_coordinator_answers(net, who):
    referral = send(net)
    with pytest.raises(DomainError):
        services.accept_referral(actor=getattr(net, who), referral=referral)
    assert services.accept_referral(actor=net.world.coordinator, referral=referral).is_accepted


def test_only_the_sender_cancels(net):
    referral = send(net)
    for person in (net.receiver, net.world.coordinator, net.other_pro):
        with pytest.raises(DomainError):
            services.cancel_referral(actor=person, referral=referral)
    assert Referral.objects.get(pk=referral.pk).status == ReferralStatus.SENT


# ---------------------------------------------------------------------- e-mails


def test_arrival_tells_the_receiving_structure_and_the_offer_and_the_person(
    net, django_capture_on_commit_callbacks
):
    net.receiver.language = "en"
    net.receiver.save(update_fields=["language"])
    with django_capture_on_commit_callbacks(execute=True):
        send(net, notify_person=True, language="fr")
    by_address = {message.to[0]: message for message in mail.outbox}
    assert set(by_address) == {
        net.receiver.email,
        "qualife@example.org",
        "marie.dupont@example.org",
    }
    to_receiver = by_address[net.receiver.email]
    assert to_receiver.subject == "New referral: Qualife 50+"
    assert "/orientation/orientations/" in to_receiver.body
    # The person's data stays behind the login.
    assert "Dupont" not in to_receiver.body and "55 ans" not in to_receiver.body
    assert by_address["qualife@example.org"].subject == "Nouvelle orientation\u00a0: Qualife 50+"
    to_person = by_address["marie.dupont@example.org"]
    assert "Qualife 50+" in to_person.subject and "022 000 00 00" in to_person.body
    assert net.other_pro.email not in by_address


def test_the_person_gets_no_email_without_asking(net, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        referral = send(net, notify_person=False)
        services.accept_referral(actor=net.receiver, referral=referral)
    assert "marie.dupont@example.org" not in [message.to[0] for message in mail.outbox]


def test_refusal_tells_the_sender_the_reason(net, django_capture_on_commit_callbacks):
    referral = send(net, notify_person=True)
    with django_capture_on_commit_callbacks(execute=True):
        services.refuse_referral(
            actor=net.receiver,
            referral=referral,
            reason=RefusalReason.NO_PLACE,
            comment="Complet jusqu'en juin.",
        )
    by_address = {message.to[0]: message for message in mail.outbox}
    to_sender = by_address[net.sender.email]
    assert to_sender.subject == "Orientation refusée\u00a0: Qualife 50+"
    assert "Aucune place disponible" in to_sender.body
    assert "Complet jusqu'en juin." in to_sender.body
    to_person = by_address["marie.dupont@example.org"]
    assert "Complet" not in to_person.body  # the comment is for the sender


def test_acceptance_tells_the_sender(net, django_capture_on_commit_callbacks):
    referral = send(net)
    with django_capture_on_commit_callbacks(execute=True):
        services.accept_referral(actor=net.receiver, referral=referral)
    assert [message.to[0] for message in mail.outbox] == [net.sender.email]
    assert mail.outbox[0].subject == "Orientation acceptée\u00a0: Qualife 50+"


# ---------------------------------------------------------------------- erasure


def test_erasure_removes_the_person_and_keeps_the_counts(
    net, settings, django_capture_on_commit_callbacks
):
    settings.ORIENTATION_REFERRAL_RETENTION_DAYS = 90
    decided = send(net, document=pdf())
    path = Path(decided.document.path)
    services.refuse_referral(
        actor=net.receiver,
        referral=decided,
        reason=RefusalReason.DECLINED,
        comment="Madame Dupont préfère attendre.",
        now=NOW,
    )
    recent = send(net)
    services.accept_referral(actor=net.receiver, referral=recent, now=NOW + timedelta(days=60))
    waiting = send(net)
    Referral.objects.filter(pk=waiting.pk).update(created_at=NOW)
    before = referral_counts(Offer.objects.all(), now=NOW)

    assert services.erase_expired(now=NOW + timedelta(days=89)) == 0
    with django_capture_on_commit_callbacks(execute=True):
        assert services.erase_expired(now=NOW + timedelta(days=91)) == 1

    erased = Referral.objects.get(pk=decided.pk)
    assert erased.erased_at == NOW + timedelta(days=91)
    for name in ("first_name", "last_name", "phone", "email", "need", "comment", "document"):
        assert not getattr(erased, name), name
    assert not path.exists()
    # The offer, the dates, the status and the reason stay.
    assert (erased.status, erased.reason, erased.offer_id) == ("refused", "declined", net.offer.pk)
    assert erased.created_at and erased.decided_at == NOW
    assert Referral.objects.get(pk=recent.pk).first_name == "Marie"
    assert Referral.objects.get(pk=waiting.pk).first_name == "Marie"
    after = referral_counts(Offer.objects.all(), now=NOW)
    assert [vars(line) for line in after[0]] == [vars(line) for line in before[0]]
    assert AuditEvent.objects.filter(action="orientation.referral_erased").count() == 1
    # Safe to run twice.
    # Then the accepted one, and the one left unanswered for 180 days.
    assert services.erase_expired(now=NOW + timedelta(days=200)) == 2


def test_a_referral_left_unanswered_is_erased_and_can_no_longer_be_answered(net, settings):
    settings.ORIENTATION_REFERRAL_UNANSWERED_DAYS = 180
    waiting = send(net)
    Referral.objects.filter(pk=waiting.pk).update(created_at=NOW)

    assert services.erase_expired(now=NOW + timedelta(days=179)) == 0
    assert services.erase_expired(now=NOW + timedelta(days=181)) == 1

    erased = Referral.objects.get(pk=waiting.pk)
    assert (erased.first_name, erased.email, erased.need) == ("", "", "")
    assert erased.status == ReferralStatus.SENT
    with translation.override("fr"), pytest.raises(DomainError) as refused:
        services.accept_referral(actor=net.receiver, referral=erased)
    assert "effacées" in str(refused.value.message)
    assert Referral.objects.get(pk=waiting.pk).status == ReferralStatus.SENT

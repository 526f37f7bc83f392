"""A small network for the tests of referrals, built on the ``world`` fixture.

The world's collective is the network's. Its catalogue has three structures, each tied
to an organisation:

- "Fondation Qualife" (the world's organisation, Hospice général's place in the world:
  the world's member is one of its people, ``receiver``), which offers "Qualife 50+";
- "Caritas Genève", whose professional ``sender`` (a member) sends referrals;
- "OFPC", whose professional ``other_pro`` (a member) is one of another structure's
  people, and which offers "Chèque annuel de formation".

The world's facilitator is a member without an organisation; the observer and the
outsider are as in the world.
"""

from dataclasses import dataclass

from django.core.files.uploadedfile import SimpleUploadedFile

from maillage.orientation import services_referrals as services
from maillage.orientation.models import Offer, OfferKind, Structure

from ..factories import MembershipFactory, OrganisationFactory

PDF = b"%PDF-1.4\n1 0 obj <<>> endobj\ntrailer <<>>\n%%EOF\n"
PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 32
CONSENT = "La personne est d'accord."


@dataclass
class Network:
    world: object
    receiving: object
    sending: object
    elsewhere: object
    offer: object
    other_offer: object
    sender: object
    receiver: object
    other_pro: object

    def persona(self, name):
        """The matrix's personas (tests/orientation/matrix_referrals.py)."""
        return {
            "anonymous": None,
            "outsider": self.world.outsider,
            "observer": self.world.observer,
            "plain_member": self.world.facilitator,
            "sender": self.sender,
            "receiver": self.receiver,
            "other_structure": self.other_pro,
            "coordinator": self.world.coordinator,
        }[name]


def build_network(world):
    collective = world.collective
    caritas = OrganisationFactory(name="Caritas Genève")
    ofpc = OrganisationFactory(name="OFPC")
    collective.organisations.add(caritas, ofpc)
    receiving = Structure.objects.create(
        collective=collective, organisation=world.organisation, name="Fondation Qualife"
    )
    sending = Structure.objects.create(
        collective=collective, organisation=caritas, name="Caritas Genève"
    )
    elsewhere = Structure.objects.create(collective=collective, organisation=ofpc, name="OFPC")
    offer = Offer.objects.create(
        structure=receiving,
        name="Qualife 50+",
        kind=OfferKind.COACHING,
        email="qualife@example.org",
        phone="022 000 00 00",
        documents="Une pièce d'identité",
    )
    other_offer = Offer.objects.create(
        structure=elsewhere, name="Chèque annuel de formation", kind=OfferKind.FINANCIAL_AID
    )
    sender = MembershipFactory(
        collective=collective, organisation=caritas, user__display_name="Sami Caritas"
    ).user
    other_pro = MembershipFactory(
        collective=collective, organisation=ofpc, user__display_name="Olga OFPC"
    ).user
    return Network(
        world=world,
        receiving=receiving,
        sending=sending,
        elsewhere=elsewhere,
        offer=offer,
        other_offer=other_offer,
        sender=sender,
        receiver=world.member,
        other_pro=other_pro,
    )


def pdf(name="attestation.pdf", content=PDF):
    return SimpleUploadedFile(name, content, content_type="application/pdf")


def send(network, *, offer=None, actor=None, **fields):
    values = {
        "first_name": "Marie",
        "last_name": "Dupont",
        "phone": "079 123 45 67",
        "email": "marie.dupont@example.org",
        "need": "Cherche un accompagnement vers l'emploi après 55 ans.",
        "consent": True,
        "consent_text": CONSENT,
        "sender_structure": network.sending,
        **fields,
    }
    return services.send_referral(
        actor=actor or network.sender, offer=offer or network.offer, **values
    )

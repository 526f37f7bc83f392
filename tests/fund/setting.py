"""A citizen foundation built on ``world`` (tests/conftest.py) and its projects' board
(tests/projects/setting.py), for the foundation's tests.

- The foundation of the world's collective, with a euro account (IBAN) and a franc
  QR-IBAN; the world's **facilitator** is its treasurer.
- An open campaign in euros (keep what is raised) for the board's funding need (the
  employer group's feasibility study, 25,000 €), and a draft campaign.
- A matching fund of the world's organisation: it doubles gifts, 100 € at most per
  gift, 1,000 € in all.
- Gifts: one promised by transfer (Camille Martin), one received (Louis Bernard, so
  matched by 100 €).
- A grant call being reviewed, with a rubric of two criteria, the world's **member** and
  coordinator on its committee, and an application by the world's **observer**.

Rows are made through the services where the foundation's services exist (gifts), and
directly otherwise (each part's services have their own tests).
"""

from dataclasses import dataclass
from datetime import timedelta
from decimal import Decimal

from django.utils import timezone

from maillage.fund import services_gifts
from maillage.fund.models import (
    Application,
    CallStatus,
    Campaign,
    CampaignNeed,
    CampaignStatus,
    Criterion,
    Foundation,
    FundingMode,
    GrantCall,
    MatchingFund,
)

from ..projects.setting import build_board

EUR_IBAN = "FR7630006000011234567890189"
CHF_QR_IBAN = "CH4431999123000889012"


@dataclass
class FundWorld:
    world: object
    board: object
    foundation: Foundation
    campaign: Campaign
    draft: Campaign
    matching: MatchingFund
    pledged: object
    received: object
    call: GrantCall
    criteria: list
    application: Application


def build_foundation(world):
    """The foundation of ``world``, built once per test (kept on ``world.fund``)."""
    if getattr(world, "fund", None) is not None:
        return world.fund
    board = build_board(world)
    today = timezone.localdate()
    foundation = Foundation.objects.create(
        collective=world.collective,
        name="Fondation territoriale citoyenne",
        purpose="Soutenir les projets qui créent de l'activité et ramènent à l'emploi.",
        address="12 rue de la République\n93100 Montreuil",
        fr_receipts=True,
        ch_certificates=True,
        ch_exemption="Exonération, décision du 3 mars 2021, canton de Genève",
        signatory="Claire Dupont, trésorière",
        creditor_name="Fondation territoriale citoyenne",
        creditor_address="Rue de Lausanne 12\n1201 Genève",
        iban_chf=CHF_QR_IBAN,
        iban_eur=EUR_IBAN,
        bic_eur="BNPAFRPPXXX",
    )
    foundation.treasurers.add(world.facilitator)
    campaign = Campaign.objects.create(
        foundation=foundation,
        title="Étude de faisabilité du groupement d'employeurs",
        description="Financer l'étude qui dira si le groupement peut voir le jour.",
        goal=Decimal("25000.00"),
        currency="EUR",
        starts_on=today - timedelta(days=10),
        ends_on=today + timedelta(days=50),
        mode=FundingMode.KEEP,
        status=CampaignStatus.OPEN,
        created_by=world.coordinator,
    )
    CampaignNeed.objects.create(campaign=campaign, need=board.funding)
    draft = Campaign.objects.create(
        foundation=foundation,
        title="Coup de pouce hiver",
        goal=Decimal("3000.00"),
        currency="CHF",
        starts_on=today + timedelta(days=20),
        ends_on=today + timedelta(days=80),
        mode=FundingMode.ALL_OR_NOTHING,
        created_by=world.coordinator,
    )
    matching = MatchingFund.objects.create(
        foundation=foundation,
        funder=world.organisation,
        name="Abondement Hospice général",
        ratio=Decimal("1.00"),
        currency="EUR",
        total=Decimal("1000.00"),
        cap_per_gift=Decimal("100.00"),
        starts_on=today - timedelta(days=10),
    )
    matching.campaigns.add(campaign)
    pledged = services_gifts.pledge_gift(
        foundation=foundation,
        campaign=campaign,
        name="Camille Martin",
        email="camille.martin@example.org",
        address="5 rue des Lilas\n93260 Les Lilas",
        amount="50",
        currency="EUR",
        shown=True,
        message="Bon courage !",
    )
    received = services_gifts.pledge_gift(
        foundation=foundation,
        campaign=campaign,
        name="Louis Bernard",
        email="louis.bernard@example.org",
        address="8 avenue Gambetta\n93170 Bagnolet",
        amount="150",
        currency="EUR",
    )
    received = services_gifts.receive_gift(
        actor=world.facilitator, gift=received, received_on=today
    )
    call = GrantCall.objects.create(
        foundation=foundation,
        title="Coup de pouce",
        description="Un coup de pouce pour démarrer une activité ou revenir vers l'emploi.",
        opens_on=today - timedelta(days=30),
        closes_on=today - timedelta(days=1),
        budget=Decimal("10000.00"),
        max_amount=Decimal("1500.00"),
        currency="EUR",
        status=CallStatus.REVIEW,
    )
    call.committee.add(world.member, world.coordinator)
    criteria = [
        Criterion.objects.create(call=call, label="Utilité sociale", weight=2, position=1),
        Criterion.objects.create(call=call, label="Faisabilité", weight=1, position=2),
    ]
    application = Application.objects.create(
        call=call,
        foundation=foundation,
        applicant=world.observer,
        title="Atelier de réparation de vélos",
        summary="Un atelier solidaire pour apprendre à réparer et se remettre en selle.",
        budget_use="Outils et pièces pour les six premiers mois.",
        amount=Decimal("1200.00"),
        submitted_at=timezone.now() - timedelta(days=5),
    )
    world.fund = FundWorld(
        world=world,
        board=board,
        foundation=foundation,
        campaign=campaign,
        draft=draft,
        matching=matching,
        pledged=pledged,
        received=received,
        call=call,
        criteria=criteria,
        application=application,
    )
    return world.fund

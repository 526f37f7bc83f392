"""Agreements on the group of tests/employers/setting.py, for the agreements tests.

- ``ours``: the world's member's organisation (the group's first employer) lends a
  cleaner to the crèche: the member is party to it;
- ``theirs``: the crèche lends to the leisure centre: the member is not party to it;
- ``offer``: an open skills sponsorship offer; ``given``: one given to the crèche.
Rows are made directly (the services have their own tests).
"""

import datetime
from dataclasses import dataclass
from decimal import Decimal

from maillage.employers.models import (
    AgreementStatus,
    LendingAgreement,
    OfferStatus,
    SponsorshipOffer,
)

from ..factories import OrganisationFactory
from .setting import build_group


@dataclass
class Agreements:
    made: object
    ours: LendingAgreement
    theirs: LendingAgreement
    offer: SponsorshipOffer
    given: SponsorshipOffer

    @property
    def group(self):
        return self.made.group


def lend(group, lender, borrower, **fields):
    values = {
        "post": "Agent d'entretien",
        "starts_on": datetime.date(2027, 1, 4),
        "ends_on": datetime.date(2027, 6, 27),
        "hours_per_week": Decimal("10"),
        "hourly_cost": Decimal("21.50"),
        **fields,
    }
    return LendingAgreement.objects.create(group=group, lender=lender, borrower=borrower, **values)


def build_agreements(world):
    if getattr(world, "_agreements", None) is not None:
        return world._agreements
    made = build_group(world)
    own, creche, leisure = made.employers
    sponsor = OrganisationFactory(name="Banque solidaire")
    world.collective.organisations.add(sponsor)
    agreements = Agreements(
        made=made,
        ours=lend(made.group, own, creche),
        theirs=lend(
            made.group,
            creche,
            leisure,
            post="Auxiliaire petite enfance",
            status=AgreementStatus.SIGNED,
        ),
        offer=SponsorshipOffer.objects.create(
            group=made.group,
            sponsor=sponsor,
            skill="Paie et droit social",
            hours=40,
            starts_on=datetime.date(2027, 2, 1),
        ),
        given=SponsorshipOffer.objects.create(
            group=made.group,
            sponsor=sponsor,
            skill="Communication",
            hours=20,
            starts_on=datetime.date(2027, 2, 1),
            beneficiary=creche,
            status=OfferStatus.AGREED,
        ),
    )
    world._agreements = agreements
    return agreements

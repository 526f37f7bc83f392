"""The same agreement sent twice at once is one agreement; one page sent twice signs
once (real threads, on SQLite and PostgreSQL alike)."""

import datetime
from decimal import Decimal

import pytest

from maillage.core.errors import DomainError
from maillage.employers import services_agreements as services
from maillage.employers.models import AgreementStatus, LendingAgreement, SponsorshipOffer

from ..threads import run_together
from .setting import build_group
from .setting_agreements import build_agreements

pytestmark = pytest.mark.django_db(transaction=True)


def test_the_same_lending_sent_twice_at_once_is_one_row(world):
    made = build_group(world)

    def add():
        return services.add_lending(
            actor=world.coordinator,
            group=made.group,
            lender=made.own,
            borrower=made.others[0],
            post="Agent d'entretien",
            starts_on=datetime.date(2027, 1, 4),
            ends_on=datetime.date(2027, 6, 27),
            hours_per_week=Decimal("10"),
            hourly_cost=Decimal("21.50"),
        )

    results, errors = run_together([add] * 4, threads=4)
    assert len(results) == 1
    assert len(errors) == 3 and all(isinstance(error, DomainError) for error in errors)
    assert {error.message for error in errors} == {"This lending agreement is already recorded."}
    assert LendingAgreement.objects.count() == 1


def test_the_same_offer_sent_twice_at_once_is_one_row(world):
    made = build_agreements(world)
    sponsor = made.offer.sponsor

    def add():
        return services.add_sponsorship(
            actor=world.coordinator,
            group=made.group,
            sponsor=sponsor,
            skill="Comptabilité",
            hours=30,
            starts_on=datetime.date(2027, 3, 1),
        )

    results, errors = run_together([add] * 4, threads=4)
    assert len(results) == 1 and len(errors) == 3
    assert SponsorshipOffer.objects.filter(skill="Comptabilité").count() == 1


def test_one_agreement_signed_twice_at_once_is_signed_once(world):
    made = build_agreements(world)

    def sign():
        return services.sign_lending(actor=world.coordinator, lending=made.ours, version=1)

    results, errors = run_together([sign] * 4, threads=4)
    assert len(results) == 1 and len(errors) == 3
    made.ours.refresh_from_db()
    assert (made.ours.status, made.ours.version) == (AgreementStatus.SIGNED, 2)

"""Staff lending and skills sponsorship: every check of the services, who may do what,
the cost over the dates, and the log."""

import datetime
from decimal import Decimal

import pytest
from django.utils import translation

from maillage.audit.models import AuditEvent
from maillage.core.errors import ConflictError, DomainError
from maillage.employers import services_agreements as services
from maillage.employers.models import (
    AgreementStatus,
    Employer,
    Group,
    LendingAgreement,
    OfferStatus,
    SponsorshipOffer,
)

from ..factories import CollectiveFactory, OrganisationFactory
from .setting import build_group
from .setting_agreements import build_agreements, lend

pytestmark = pytest.mark.django_db

JAN, JUNE = datetime.date(2027, 1, 4), datetime.date(2027, 6, 27)


@pytest.fixture(autouse=True)
def _english():
    with translation.override("en"):
        yield


def _lending(made, actor, **changes):
    own, creche, _leisure = made.employers
    fields = {
        "actor": actor,
        "group": made.group,
        "lender": own,
        "borrower": creche,
        "post": "Agent d'entretien",
        "starts_on": JAN,
        "ends_on": JUNE,
        "hours_per_week": Decimal("10"),
        "hourly_cost": Decimal("21.50"),
        "support": "Ville de Montreuil",
        **changes,
    }
    return services.add_lending(**fields)


def _refused(made, actor, field, **changes):
    with pytest.raises(DomainError) as refused:
        _lending(made, actor, **changes)
    assert refused.value.field == field, refused.value.message
    assert not LendingAgreement.objects.exists()
    return refused.value.message


def test_a_coordinator_adds_a_draft_that_is_logged(world):
    made = build_group(world)
    lending = _lending(made, world.coordinator, post="  Agent   d'entretien ")
    assert lending.status == AgreementStatus.DRAFT
    assert lending.post == "Agent d'entretien"
    assert lending.created_by == world.coordinator
    event = AuditEvent.objects.get(action="employers.lending_added")
    assert event.collective == world.collective
    assert event.after["lender"] == made.own.pk and event.after["hours_per_week"] == "10.0"


def test_the_lender_must_be_a_member_of_this_group(world):
    made = build_group(world)
    elsewhere = Group.objects.create(collective=CollectiveFactory(), name="Other group")
    stranger = Employer.objects.create(
        group=elsewhere, organisation=OrganisationFactory(), joined_on=JAN
    )
    message = _refused(made, world.coordinator, "lender", lender=stranger)
    assert message == "Choose a member employer of the group."


def test_a_member_who_left_cannot_borrow(world):
    made = build_group(world)
    creche = made.employers[1]
    creche.left_on = JAN
    creche.save()
    _refused(made, world.coordinator, "borrower")


def test_a_member_cannot_lend_to_itself(world):
    made = build_group(world)
    message = _refused(made, world.coordinator, "borrower", borrower=made.own)
    assert message == "A member cannot lend staff to itself."


def test_the_post_is_required(world):
    _refused(build_group(world), world.coordinator, "post", post="   ")


def test_dates_must_be_in_order(world):
    made = build_group(world)
    _refused(made, world.coordinator, "ends_on", ends_on=JAN - datetime.timedelta(days=1))
    _refused(made, world.coordinator, "starts_on", starts_on=None)
    _refused(made, world.coordinator, "ends_on", ends_on=None)
    assert _lending(made, world.coordinator, ends_on=JAN).ends_on == JAN  # one day is fine


@pytest.mark.parametrize("hours", [Decimal("0"), Decimal("-1"), Decimal("35.5"), None])
def test_hours_are_more_than_zero_and_at_most_the_full_time(world, hours):
    message = _refused(
        build_group(world), world.coordinator, "hours_per_week", hours_per_week=hours
    )
    assert "at most the full time (35 h)" in message


def test_the_full_time_itself_is_accepted(world):
    made = build_group(world)
    assert _lending(made, world.coordinator, hours_per_week=Decimal("35")).hours_per_week == 35


@pytest.mark.parametrize("cost", [Decimal("0"), Decimal("1000.01"), None])
def test_the_hourly_cost_is_positive(world, cost):
    _refused(build_group(world), world.coordinator, "hourly_cost", hourly_cost=cost)


def test_a_member_proposes_a_lending_only_as_the_lender(world):
    made = build_group(world)
    creche, leisure = made.others
    message = _refused(made, world.member, "lender", lender=creche, borrower=leisure)
    assert message == "You may propose a lending only as the member that lends."
    lending = _lending(made, world.member)
    assert lending.status == AgreementStatus.DRAFT


def test_the_same_lending_twice_is_one_row(world):
    made = build_group(world)
    _lending(made, world.coordinator)
    with pytest.raises(DomainError, match="already recorded"):
        _lending(made, world.coordinator)
    assert LendingAgreement.objects.count() == 1


def test_the_cost_over_the_dates(world):
    made = build_group(world)
    lending = lend(made.group, made.own, made.others[0])  # 4 Jan – 27 Jun 2027, 10 h, 21.50
    cost = services.lending_cost(lending)
    assert cost.days == 175  # both days included
    assert cost.weeks == Decimal("25.00")
    assert cost.hours == Decimal("250.00")
    assert cost.amount == Decimal("5375.00")  # 25 × 10 × 21.50
    assert (cost.payer, cost.payee) == (made.others[0], made.own)  # the borrower pays


def test_the_cost_of_part_of_a_week_is_prorated(world):
    made = build_group(world)
    lending = lend(made.group, made.own, made.others[0], ends_on=datetime.date(2027, 1, 6))
    cost = services.lending_cost(lending)  # 3 days = 3/7 week
    assert cost.amount == (Decimal(3) / 7 * 10 * Decimal("21.50")).quantize(Decimal("0.01"))
    assert cost.amount == Decimal("92.14")


def test_only_coordinators_sign_and_it_is_signed_once(world):
    made = build_agreements(world)
    with pytest.raises(DomainError, match="Only the coordinators"):
        services.sign_lending(actor=world.member, lending=made.ours)
    signed = services.sign_lending(actor=world.coordinator, lending=made.ours, version=1)
    assert (signed.status, signed.version) == (AgreementStatus.SIGNED, 2)
    with pytest.raises(DomainError, match="already signed"):
        services.sign_lending(actor=world.coordinator, lending=made.ours)


def test_a_change_made_in_between_is_refused(world):
    made = build_agreements(world)
    services.change_lending(
        actor=world.member,
        lending=made.ours,
        version=1,
        lender=made.made.own,
        borrower=made.made.others[0],
        post="Agent de propreté",
        starts_on=JAN,
        ends_on=JUNE,
        hours_per_week=Decimal("8"),
        hourly_cost=Decimal("21.50"),
    )
    with pytest.raises(ConflictError):
        services.sign_lending(actor=world.coordinator, lending=made.ours, version=1)
    made.ours.refresh_from_db()
    assert (made.ours.post, made.ours.hours_per_week) == ("Agent de propreté", Decimal("8.0"))


def test_a_signed_agreement_is_not_changed(world):
    made = build_agreements(world)
    with pytest.raises(DomainError, match="cannot be changed"):
        services.change_lending(
            actor=world.coordinator,
            lending=made.theirs,
            version=made.theirs.version,
            lender=made.theirs.lender,
            borrower=made.theirs.borrower,
            post="x",
            starts_on=JAN,
            ends_on=JUNE,
            hours_per_week=Decimal("8"),
            hourly_cost=Decimal("20"),
        )


def test_ending_early_and_ending_twice(world):
    made = build_agreements(world)
    with pytest.raises(DomainError) as refused:
        services.end_lending(
            actor=world.coordinator, lending=made.theirs, ends_on=datetime.date(2027, 7, 1)
        )
    assert refused.value.field == "ends_on"
    ended = services.end_lending(
        actor=world.coordinator, lending=made.theirs, ends_on=datetime.date(2027, 3, 28)
    )
    assert (ended.status, ended.ends_on) == (AgreementStatus.ENDED, datetime.date(2027, 3, 28))
    assert services.lending_cost(ended).amount == Decimal("2580.00")  # 12 weeks × 10 × 21.50
    with pytest.raises(DomainError, match="already ended"):
        services.end_lending(actor=world.coordinator, lending=made.theirs)
    with pytest.raises(DomainError, match="Only the coordinators"):
        services.end_lending(actor=world.member, lending=made.ours)


# ------------------------------------------------------------------- sponsorship


def _offer(made, actor, **changes):
    sponsor = changes.pop("sponsor", None) or OrganisationFactory(name="Banque solidaire")
    made.world.collective.organisations.add(sponsor)
    fields = {
        "actor": actor,
        "group": made.group,
        "sponsor": sponsor,
        "skill": "Paie",
        "hours": 40,
        "starts_on": JAN,
        **changes,
    }
    return services.add_sponsorship(**fields)


def test_a_sponsor_outside_the_collective_is_refused(world):
    made = build_group(world)
    with pytest.raises(DomainError) as refused:
        services.add_sponsorship(
            actor=world.coordinator,
            group=made.group,
            sponsor=OrganisationFactory(),
            skill="Paie",
            hours=10,
            starts_on=JAN,
        )
    assert refused.value.field == "sponsor"


@pytest.mark.parametrize(
    ("changes", "field"),
    [
        ({"skill": " "}, "skill"),
        ({"hours": 0}, "hours"),
        ({"hours": 10_001}, "hours"),
        ({"ends_on": JAN - datetime.timedelta(days=1)}, "ends_on"),
    ],
)
def test_an_offer_is_checked(world, changes, field):
    made = build_group(world)
    with pytest.raises(DomainError) as refused:
        _offer(made, world.coordinator, **changes)
    assert refused.value.field == field
    assert not SponsorshipOffer.objects.exists()


def test_only_coordinators_add_offers(world):
    with pytest.raises(DomainError, match="Only the coordinators"):
        _offer(build_group(world), world.member)


def test_an_offer_is_given_then_done(world):
    made = build_group(world)
    offer = _offer(made, world.coordinator)
    assert offer.status == OfferStatus.OPEN
    with pytest.raises(DomainError) as refused:
        services.close_sponsorship(actor=world.coordinator, offer=offer, status=OfferStatus.DONE)
    assert refused.value.field == "status"
    given = services.assign_sponsorship(
        actor=world.coordinator, offer=offer, beneficiary=made.others[0]
    )
    assert (given.status, given.beneficiary) == (OfferStatus.AGREED, made.others[0])
    done = services.close_sponsorship(actor=world.coordinator, offer=offer, status="done")
    assert done.status == OfferStatus.DONE
    with pytest.raises(DomainError, match="already closed"):
        services.close_sponsorship(actor=world.coordinator, offer=offer, status="withdrawn")
    with pytest.raises(DomainError, match="closed offer"):
        services.assign_sponsorship(actor=world.coordinator, offer=offer, beneficiary=None)
    assert AuditEvent.objects.filter(action__startswith="employers.sponsorship_").count() == 3


def test_an_offer_goes_only_to_a_member_of_the_group(world):
    made = build_group(world)
    offer = _offer(made, world.coordinator)
    elsewhere = Group.objects.create(collective=CollectiveFactory(), name="Other group")
    stranger = Employer.objects.create(
        group=elsewhere, organisation=OrganisationFactory(), joined_on=JAN
    )
    with pytest.raises(DomainError) as refused:
        services.assign_sponsorship(actor=world.coordinator, offer=offer, beneficiary=stranger)
    assert refused.value.field == "beneficiary"
    opened = services.assign_sponsorship(actor=world.coordinator, offer=offer, beneficiary=None)
    assert opened.status == OfferStatus.OPEN

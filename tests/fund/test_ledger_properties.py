"""The ledger is balanced after every service, whatever the sequence of operations: a
property test (hypothesis) over random sequences of promises, receipts of money (with
another amount than promised), cash, cancellations, refunds, funders' payments, grants
and disbursements, some of them refused. After each operation every movement sums to
zero and ``ledger.check`` finds the ledger equal to what the records say; figures are
exact to the cent.

Each example runs in a savepoint rolled back at its end, on the foundation of
tests/fund/setting.py.
"""

from datetime import timedelta
from decimal import Decimal

from django.db import transaction
from django.utils import timezone
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from maillage.core.errors import DomainError
from maillage.fund import ledger, services_gifts
from maillage.fund.models import Gift, GiftStatus, Line, MatchingFund

OPERATIONS = (
    "pledge",
    "pledge_general",
    "receive",
    "receive_other",
    "cash",
    "cancel",
    "refund",
    "funder_pays",
)

amounts = st.decimals(
    min_value=Decimal("0.01"), max_value=Decimal("5000"), places=2, allow_nan=False
)
steps = st.lists(
    st.tuples(st.sampled_from(OPERATIONS), st.integers(min_value=0, max_value=30), amounts),
    min_size=1,
    max_size=25,
)


def _apply(fund, operation, index, amount, today):
    foundation, treasurer = fund.foundation, fund.world.facilitator
    gifts = list(Gift.objects.filter(foundation=foundation).order_by("pk"))
    gift = gifts[index % len(gifts)]
    if operation in ("pledge", "pledge_general"):
        services_gifts.pledge_gift(
            foundation=foundation,
            campaign=fund.campaign if operation == "pledge" else None,
            name=f"Donatrice {index}",
            email=f"donatrice{index % 7}@example.org",
            amount=amount,
            currency="EUR",
        )
    elif operation == "receive":
        services_gifts.receive_gift(actor=treasurer, gift=gift, received_on=today)
    elif operation == "receive_other":
        services_gifts.receive_gift(actor=treasurer, gift=gift, received_on=today, amount=amount)
    elif operation == "cash":
        services_gifts.record_cash_gift(
            actor=treasurer,
            foundation=foundation,
            campaign=fund.campaign,
            amount=amount,
            currency="EUR",
            received_on=today,
            name="" if index % 2 else f"Donateur {index}",
        )
    elif operation == "cancel":
        services_gifts.cancel_pledge(actor=treasurer, gift=gift, reason="Jamais versé")
    elif operation == "refund":
        services_gifts.refund_gift(actor=treasurer, gift=gift, reason="Erreur de saisie")
    elif operation == "funder_pays":
        services_gifts.receive_funder_payment(
            actor=treasurer,
            fund=MatchingFund.objects.get(pk=fund.matching.pk),
            amount=min(amount, Decimal("100.00")),
            received_on=today,
        )


def _figures_from_gifts(fund):
    """The campaign's figures computed from the gifts and draws, not from the ledger."""
    gifts = Gift.objects.filter(campaign=fund.campaign)
    live = [g for g in gifts if g.status in (GiftStatus.PLEDGED, GiftStatus.RECEIVED)]
    received = sum((g.amount for g in live if g.status == GiftStatus.RECEIVED), Decimal("0"))
    pledged = sum((g.amount for g in live if g.status == GiftStatus.PLEDGED), Decimal("0"))
    matched = Decimal("0")
    for gift in gifts:
        for draw in gift.draws.all():
            matched += draw.amount if draw.kind == "drawn" else -draw.amount
    return received, pledged, matched


@settings(
    max_examples=30,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(sequence=steps)
def test_the_ledger_is_balanced_after_every_operation(fund, sequence):
    today = timezone.localdate()
    with transaction.atomic():
        for operation, index, amount in sequence:
            lines_before = Line.objects.count()
            try:
                _apply(fund, operation, index, amount, today)
            except DomainError:
                # A refused operation writes nothing.
                assert Line.objects.count() == lines_before
            result = ledger.check(fund.foundation)
            assert result.ok, (operation, result.problems)
            figures = ledger.figures(fund.foundation, campaign=fund.campaign)
            received, pledged, matched = _figures_from_gifts(fund)
            assert figures.received == received
            assert figures.pledged == pledged
            assert figures.matched == matched
            assert figures.raised == received + pledged + matched
            # The matching fund never gives more than its total.
            assert matched <= fund.matching.total
        transaction.set_rollback(True)


def test_a_gift_after_the_campaign_closed_is_refused_and_nothing_is_written(fund):
    campaign = fund.campaign
    campaign.ends_on = timezone.localdate() - timedelta(days=1)
    campaign.save(update_fields=["ends_on"])
    before = (Gift.objects.count(), Line.objects.count())
    try:
        services_gifts.pledge_gift(
            foundation=fund.foundation,
            campaign=campaign,
            name="Inès Moreau",
            email="ines.moreau@example.org",
            amount="20",
            currency="EUR",
        )
    except DomainError as error:
        assert "a fermé le" in str(error.message) or "closed on" in str(error.message)
    else:
        raise AssertionError("a gift after the campaign closed was accepted")
    assert (Gift.objects.count(), Line.objects.count()) == before

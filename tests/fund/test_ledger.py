"""The ledger after the core gift services: balanced, and equal to what the records say."""

from decimal import Decimal

import pytest
from django.utils import timezone

from maillage.core.errors import DomainError
from maillage.fund import ledger, services_gifts
from maillage.fund.models import GiftStatus, ImmutableRow, Line, MatchDraw


def test_setting_ledger_is_balanced_and_matches_records(fund):
    result = ledger.check(fund.foundation)
    assert result.ok, result.problems
    assert result.movements == 4  # two pledges, one received, one matched
    figures = ledger.figures(fund.foundation, campaign=fund.campaign)
    assert figures.raised == Decimal("300.00")  # 50 + 150 + 100 matched
    assert figures.received == Decimal("150.00")
    assert figures.pledged == Decimal("50.00")
    assert figures.matched == Decimal("100.00")


def test_matching_respects_cap_per_gift_and_total(fund):
    draw = MatchDraw.objects.get(gift=fund.received)
    assert draw.amount == Decimal("100.00")  # 150 doubled, capped at 100 per gift
    services_gifts.receive_gift(
        actor=fund.world.facilitator, gift=fund.pledged, received_on=timezone.localdate()
    )
    assert MatchDraw.objects.get(gift=fund.pledged).amount == Decimal("50.00")


def test_refund_releases_the_matching(fund):
    services_gifts.refund_gift(actor=fund.world.facilitator, gift=fund.received, reason="Erreur")
    fund.received.refresh_from_db()
    assert fund.received.status == GiftStatus.REFUNDED
    figures = ledger.figures(fund.foundation, campaign=fund.campaign)
    assert figures.matched == Decimal("0.00")
    assert figures.received == Decimal("0.00")
    assert ledger.check(fund.foundation).ok


def test_ledger_lines_cannot_change(fund):
    line = Line.objects.filter(foundation=fund.foundation).first()
    line.amount = Decimal("1.00")
    with pytest.raises(ImmutableRow):
        line.save()
    with pytest.raises(ImmutableRow):
        line.delete()


@pytest.mark.parametrize(
    "amount,currency,field",
    [
        ("-5", "EUR", "amount"),
        ("0", "EUR", "amount"),
        ("2000000", "EUR", "amount"),
        ("12.345", "EUR", "amount"),
        ("douze", "EUR", "amount"),
        ("10", "USD", "currency"),
    ],
)
def test_bad_amounts_are_refused_with_a_message(fund, amount, currency, field):
    before = Line.objects.count()
    with pytest.raises(DomainError) as error:
        services_gifts.pledge_gift(
            foundation=fund.foundation,
            campaign=fund.campaign,
            name="Alex Petit",
            email="alex.petit@example.org",
            amount=amount,
            currency=currency,
        )
    assert error.value.field == field
    assert Line.objects.count() == before

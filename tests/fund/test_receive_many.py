"""A bank statement's gifts received together (services_receive.receive_many) end
exactly as the same gifts received one by one (services_gifts.receive_gift): the same
statuses, amounts and matching draws, and a ledger equal to the records."""

from decimal import Decimal

from django.db import transaction
from django.utils import timezone

from maillage.fund import ledger, services_gifts, services_receive
from maillage.fund.models import Gift, MatchDraw


def _pledges(fund):
    fund.matching.total = Decimal("260.00")
    fund.matching.cap_per_donor = Decimal("120.00")
    fund.matching.ratio = Decimal("0.50")
    fund.matching.save()
    amounts = ["80", "150.55", "33.33", "250", "10", "99.99", "400", "12.01", "70", "5"]
    return [
        services_gifts.pledge_gift(
            foundation=fund.foundation,
            campaign=fund.campaign,
            name=f"Donatrice {number % 4}",
            email=f"donatrice{number % 4}@example.org",
            amount=amount,
            currency="EUR",
        )
        for number, amount in enumerate(amounts)
    ]


def _outcome(gifts):
    rows = Gift.objects.filter(pk__in=[g.pk for g in gifts]).order_by("pk")
    draws = MatchDraw.objects.filter(gift__in=gifts).order_by("gift_id")
    return (
        [(g.status, g.amount) for g in rows],
        [(d.gift_id, d.fund_id, d.amount) for d in draws],
    )


def test_together_or_one_by_one_the_same_result(fund):
    today = timezone.localdate()
    gifts = _pledges(fund)
    # One received another amount than promised, one refused (not waiting any more).
    services_gifts.cancel_pledge(actor=fund.world.facilitator, gift=gifts[4])
    amounts = {gifts[2].pk: Decimal("40.00")}
    with transaction.atomic():
        for gift in gifts:
            if gift == gifts[4]:
                continue  # cancelled: refused, as receive_many leaves it out below
            services_gifts.receive_gift(
                actor=fund.world.facilitator,
                gift=gift,
                received_on=today,
                amount=amounts.get(gift.pk),
            )
        one_by_one = _outcome(gifts)
        assert ledger.check(fund.foundation).ok
        transaction.set_rollback(True)
    received = services_receive.receive_many(
        actor=fund.world.facilitator,
        foundation=fund.foundation,
        items=[(gift, amounts.get(gift.pk, gift.amount), today, None) for gift in gifts],
    )
    assert gifts[4].pk not in received and len(received) == 9
    assert _outcome(gifts) == one_by_one
    assert ledger.check(fund.foundation).ok
    # The fund ran out (it had given 100.00 to the setting's gift): what it gave is its
    # total, never more.
    assert sum(d.amount for d in MatchDraw.objects.filter(fund=fund.matching)) == Decimal("260.00")

"""Gifts received at the same instant never draw more than a matching fund holds: the
draw happens under the fund's lock (select_for_update on PostgreSQL, an immediate
transaction on SQLite)."""

from datetime import timedelta
from decimal import Decimal

import pytest
from django.db import close_old_connections
from django.utils import timezone

from maillage.fund import ledger, services_gifts, services_matching
from maillage.fund.models import DrawKind, GiftStatus, MatchDraw

from ..threads import run_together
from .test_matching import fresh_campaign

pytestmark = pytest.mark.django_db(transaction=True)


def test_eight_gifts_received_at_once_draw_at_most_the_fund_total(fund):
    today = timezone.localdate()
    campaign = fresh_campaign(fund)
    made = services_matching.create_matching_fund(
        actor=fund.world.coordinator,
        foundation=fund.foundation,
        funder=fund.world.organisation,
        name="Trois dons",
        ratio="1",
        currency="EUR",
        total="30",
        starts_on=today - timedelta(days=1),
        campaigns=[campaign],
    )
    gifts = [
        services_gifts.pledge_gift(
            foundation=fund.foundation,
            campaign=campaign,
            name=f"Donateur {n}",
            email=f"donor{n}@example.org",
            amount="10",
            currency="EUR",
        )
        for n in range(8)
    ]
    treasurer = fund.world.facilitator

    def receiver(gift):
        def job():
            close_old_connections()
            return services_gifts.receive_gift(actor=treasurer, gift=gift, received_on=today)

        return job

    results, errors = run_together([receiver(gift) for gift in gifts], threads=8)
    assert errors == []
    assert len(results) == 8
    assert all(gift.status == GiftStatus.RECEIVED for gift in results)
    draws = MatchDraw.objects.filter(fund=made, kind=DrawKind.DRAWN)
    assert sum(draw.amount for draw in draws) == Decimal("30.00")
    assert draws.count() == 3  # room for three gifts of 10, no more
    assert services_matching.drawn(made) <= made.total
    assert ledger.check(fund.foundation).ok

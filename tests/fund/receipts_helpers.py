"""Gifts for the receipts' and donors' tests, made through the gift services."""

from datetime import date, timedelta
from decimal import Decimal

from django.utils import timezone

from maillage.fund import services_gifts
from maillage.fund.models import Method, RoundUpProgramme, RoundUpReport


def cash(
    fund,
    *,
    name="Awa Diallo",
    email="",
    address="3 rue Voltaire\n93100 Montreuil",
    amount="80",
    currency="EUR",
    method=Method.CASH,
    received_on=None,
    **fields,
):
    """A gift handed over and received at once (no campaign: the general funds)."""
    return services_gifts.record_cash_gift(
        actor=fund.world.facilitator,
        foundation=fund.foundation,
        amount=amount,
        currency=currency,
        received_on=received_on or timezone.localdate(),
        name=name,
        email=email,
        address=address,
        method=method,
        **fields,
    )


def round_up_gift(fund, amount=Decimal("312.40")):
    """An employer's round-up total, received (it has no named donor)."""
    programme = RoundUpProgramme.objects.create(
        foundation=fund.foundation,
        organisation=fund.world.organisation,
        name="Arrondi sur salaire",
        currency="EUR",
        reference="RF18539007547034",
        starts_on=date.today() - timedelta(days=60),
    )
    report = RoundUpReport.objects.create(
        programme=programme,
        month=date.today().replace(day=1),
        total=amount,
        reported_by=fund.world.facilitator,
        reported_at=timezone.now(),
    )
    gift = services_gifts._pledge(
        fund.foundation,
        campaign=None,
        project=None,
        donor=None,
        amount=report.total,
        currency="EUR",
        method=Method.ROUND_UP,
        round_up=report,
        recorded_by=fund.world.facilitator,
    )
    return services_gifts.receive_gift(
        actor=fund.world.facilitator, gift=gift, received_on=timezone.localdate()
    )

"""Many pledged gifts received at once: the credits of a bank statement
(services_bank.import_statement). The same changes as ``services_gifts.receive_gift``
for each gift — the pledge follows the money when the amount differs, the money is
received, the matching funds draw their share in the order the gifts come — but the
gifts and the funds are locked and read once, and the movements, lines, draws and log
entries are written with one INSERT per table. A statement of 10,000 gifts is received
in seconds instead of minutes (bench/bench_reconcile.py).

The matching follows ``matching.match_amount`` exactly: ``_Rooms`` keeps, for each fund,
what it has drawn in all, per donor and per project, loaded once under the funds' locks
and updated as each gift draws.
"""

from collections import defaultdict
from decimal import ROUND_DOWN, Decimal

from django.db import transaction
from django.db.models import Case, F, When
from django.utils import timezone

from maillage.audit.services import log_actions
from maillage.core.bulk import update_rows
from maillage.core.errors import DomainError

from . import ledger
from .models import (
    Account,
    DrawKind,
    Gift,
    GiftStatus,
    MatchDraw,
    MatchingFund,
    MovementKind,
)
from .money import cents_sum, check_amount, from_cents

ZERO = Decimal("0.00")


class _Rooms:
    """The matching funds that may match ``gifts``, locked, with what each has drawn."""

    def __init__(self, foundation, gifts):
        campaign_ids = {gift.campaign_id for gift in gifts if gift.campaign_id}
        through = MatchingFund.campaigns.through.objects.filter(campaign_id__in=campaign_ids)
        self.campaigns = defaultdict(set)
        for fund_id, campaign_id in through.values_list("matchingfund_id", "campaign_id"):
            self.campaigns[fund_id].add(campaign_id)
        self.funds = list(
            MatchingFund.objects.select_for_update()
            .filter(foundation=foundation, pk__in=self.campaigns, ended_at__isnull=True)
            .order_by("pk")
        )
        self.total = defaultdict(Decimal)
        self.donor = defaultdict(Decimal)
        self.project = defaultdict(Decimal)
        signed = Case(When(kind=DrawKind.RELEASED, then=-F("amount")), default=F("amount"))
        rows = (
            MatchDraw.objects.filter(fund__in=self.funds)
            .values("fund_id", "gift__donor_id", "gift__project_id")
            .annotate(s=cents_sum(signed))
            .order_by()
        )
        for row in rows:
            drawn = from_cents(row["s"])
            self.total[row["fund_id"]] += drawn
            if row["gift__donor_id"] is not None:
                self.donor[(row["fund_id"], row["gift__donor_id"])] += drawn
            if row["gift__project_id"] is not None:
                self.project[(row["fund_id"], row["gift__project_id"])] += drawn

    def funds_for(self, gift, on):
        return [
            fund
            for fund in self.funds
            if gift.campaign_id in self.campaigns[fund.pk]
            and fund.currency == gift.currency
            and fund.starts_on <= on
            and (fund.ends_on is None or fund.ends_on >= on)
        ]

    def take(self, fund, gift):
        """What ``fund`` adds to ``gift`` now (as ``matching.match_amount``), counted."""
        matched = (gift.amount * fund.ratio).quantize(Decimal("0.01"), rounding=ROUND_DOWN)
        if fund.cap_per_gift is not None:
            matched = min(matched, fund.cap_per_gift)
        left = [fund.total - self.total[fund.pk]]
        if fund.cap_per_donor is not None:
            done = self.donor[(fund.pk, gift.donor_id)] if gift.donor_id else ZERO
            left.append(fund.cap_per_donor - done)
        if fund.cap_per_project is not None:
            done = self.project[(fund.pk, gift.project_id)] if gift.project_id else ZERO
            left.append(fund.cap_per_project - done)
        matched = max(ZERO, min(matched, *left))
        if matched > 0:
            self.total[fund.pk] += matched
            if gift.donor_id:
                self.donor[(fund.pk, gift.donor_id)] += matched
            if gift.project_id:
                self.project[(fund.pk, gift.project_id)] += matched
        return matched


def receive_many(*, actor, foundation, items, now=None):
    """Receive the gifts of ``items``, a list of ``(gift, amount, received_on,
    bank_line)``. Returns the pks of the gifts received; a gift no longer waiting for
    its money, or an amount refused (``money.check_amount``), is left out."""
    if not items:
        return set()
    now = now or timezone.now()
    with transaction.atomic():
        locked = {
            gift.pk: gift
            for gift in Gift.objects.select_for_update().filter(
                foundation=foundation, pk__in=[item[0].pk for item in items]
            )
        }
        batch = ledger.Batch(foundation, actor)
        received, changes, lines = [], [], {}
        for gift, amount, received_on, bank_line in items:
            gift = locked.get(gift.pk)
            if gift is None or gift.status != GiftStatus.PLEDGED:
                continue
            try:
                amount = check_amount(amount)
            except DomainError:
                continue
            dims, fund_account = ledger.gift_dims(gift), ledger.fund_account(gift)
            if amount != gift.amount:
                batch.post(
                    kind=MovementKind.PLEDGED,
                    currency=gift.currency,
                    lines=[
                        (Account.PLEDGES, amount - gift.amount, dims),
                        (fund_account, gift.amount - amount, dims),
                    ],
                    occurred_at=now,
                    gift=gift,
                )
                gift.amount = amount
            batch.post(
                kind=MovementKind.RECEIVED,
                currency=gift.currency,
                lines=[(Account.BANK, amount, dims), (Account.PLEDGES, -amount, dims)],
                occurred_at=now,
                gift=gift,
                bank_line=bank_line,
            )
            gift.status = GiftStatus.RECEIVED
            gift.received_on = received_on
            gift.version += 1
            received.append(gift)
            changes.append(
                (
                    gift,
                    {
                        "amount": f"{amount} {gift.currency}",
                        "method": gift.method,
                        "received_on": received_on.isoformat(),
                    },
                )
            )
            lines[gift.pk] = bank_line
        update_rows(
            Gift,
            {
                gift.pk: {"amount": gift.amount, "received_on": gift.received_on}
                for gift in received
            },
            same={"status": GiftStatus.RECEIVED},
            increment=["version"],
        )
        _draw_many(foundation, received, batch, now)
        batch.write()
        log_actions(
            actor=actor,
            action="fund.gift_received",
            changes=changes,
            collective=foundation.collective,
        )
    return {gift.pk for gift in received}


def _draw_many(foundation, gifts, batch, now):
    if not any(gift.campaign_id for gift in gifts):
        return
    rooms = _Rooms(foundation, gifts)
    draws = []
    for gift in gifts:
        for fund in rooms.funds_for(gift, gift.received_on):
            matched = rooms.take(fund, gift)
            if matched > 0:
                draws.append(MatchDraw(fund=fund, gift=gift, amount=matched, drawn_at=now))
    for draw in MatchDraw.objects.bulk_create(draws, batch_size=500):
        dims = {**ledger.gift_dims(draw.gift), "fund": draw.fund_id}
        batch.post(
            kind=MovementKind.MATCHED,
            currency=draw.gift.currency,
            lines=[(Account.MATCHING, draw.amount, dims), (Account.CAMPAIGN, -draw.amount, dims)],
            occurred_at=now,
            gift=draw.gift,
            draw=draw,
        )

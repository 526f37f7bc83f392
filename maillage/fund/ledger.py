"""The foundation's ledger: append-only, in double entry.

``post`` writes one movement and its lines, and refuses lines that do not sum to zero
(a programming error, not a person's). Each money service of the foundation posts its
movements in its own transaction (services_gifts, services_bank, services_grants), so
the ledger is balanced after every service.

Balances are sums of lines, filtered by account and dimension (campaign, project,
matching fund, donor, call): nothing is stored beside the lines. ``check`` recomputes
what the ledger should hold from the gifts, draws, funder payments, grants and
disbursements, and lists every difference.

What the movements write (debits positive, credits negative; "fund" below is the
campaign's account when the gift is for a campaign, the general funds otherwise):

=========  ==============================  ================================
pledged    pledges +a                      fund −a
received   bank +a                         pledges −a
cancelled  fund +a                         pledges −a
refunded   fund +a                         bank −a
matched    matching +m (its funder)        campaign −m (its funder)
released   campaign +m                     matching −m
received   bank +p (a funder's payment)    matching −p
granted    general +g                      grants −g
disbursed  grants +d                       bank −d
=========  ==============================  ================================
"""

from collections import defaultdict
from dataclasses import dataclass, field
from decimal import Decimal

from django.db.models import BooleanField, ExpressionWrapper, Q
from django.utils import timezone

from .models import (
    Account,
    Disbursement,
    DrawKind,
    FunderPayment,
    Gift,
    GiftStatus,
    GrantDecision,
    Line,
    MatchDraw,
    Movement,
    Outcome,
)
from .money import cents_sum, from_cents

ZERO = Decimal("0.00")
DIMENSIONS = ("campaign", "project", "fund", "donor", "call")


class Unbalanced(Exception):
    """A movement whose lines do not sum to zero: never written."""


def post(*, foundation, kind, currency, lines, actor=None, occurred_at=None, **links):
    """Write a movement of ``kind`` with ``lines``, each ``(account, amount, dims)``
    where ``dims`` maps dimension names (``DIMENSIONS``) to objects or their ids.
    ``links`` are the movement's own references (gift, draw, grant, disbursement,
    bank_line, payment). A batch of one (``Batch``)."""
    batch = Batch(foundation, actor)
    batch.post(
        kind=kind,
        currency=currency,
        lines=lines,
        occurred_at=occurred_at or timezone.now(),
        **links,
    )
    movements = batch.write()
    return movements[0] if movements else None


def gift_dims(gift):
    """A gift's dimensions, by id (no query for its campaign, project or donor)."""
    return {"campaign": gift.campaign_id, "project": gift.project_id, "donor": gift.donor_id}


def _dimension_ids(dims):
    """``dims`` (name → object or id) as the Line's ``<name>_id`` fields."""
    return {f"{name}_id": getattr(dims.get(name), "pk", dims.get(name)) for name in DIMENSIONS}


def fund_account(gift):
    """Where a gift's money is counted: its campaign's account, or the general funds."""
    return Account.CAMPAIGN if gift.campaign_id else Account.GENERAL


# ------------------------------------------------------------------ balances


def total(lines):
    """The sum of ``lines`` (a queryset of Line): debits minus credits."""
    return from_cents(lines.aggregate(s=cents_sum("amount"))["s"])


def by(lines, dimension):
    """The sums of ``lines`` per value of ``dimension`` (a field of Line, ``campaign_id``
    or ``currency`` for instance): {value: Decimal}."""
    return {
        row[dimension]: from_cents(row["s"])
        for row in lines.values(dimension).annotate(s=cents_sum("amount")).order_by(dimension)
    }


@dataclass
class Figures:
    """What the ledger says of a campaign, a project or a funder (credits shown
    positive): ``raised`` = gifts promised or received and matching, ``received`` = money
    in the bank for it, ``pledged`` = promised and not yet there, ``matched`` = what
    matching funds added, ``granted`` and ``disbursed`` for grants."""

    raised: Decimal = ZERO
    received: Decimal = ZERO
    pledged: Decimal = ZERO
    matched: Decimal = ZERO
    granted: Decimal = ZERO
    disbursed: Decimal = ZERO


def _lines_by_kind(foundation, filters, by=()):
    return (
        Line.objects.filter(foundation=foundation, **filters)
        .annotate(has_fund=ExpressionWrapper(Q(fund__isnull=False), output_field=BooleanField()))
        .values(*by, "account", "movement__kind", "has_fund")
        .annotate(s=cents_sum("amount"))
        .order_by()
    )


def _figures_of(rows):
    """Figures from sums keyed by (account, movement kind, drawn from a matching fund)."""

    def sum_of(account, kinds=None, matched=None):
        return sum(
            (
                value
                for (acc, kind, is_matched), value in rows.items()
                if acc == account
                and (kinds is None or kind in kinds)
                and (matched is None or is_matched == matched)
            ),
            ZERO,
        )

    return Figures(
        raised=-(
            sum_of(Account.CAMPAIGN) + sum_of(Account.GENERAL, ("pledged", "cancelled", "refunded"))
        ),
        received=sum_of(Account.BANK, ("received", "refunded")),
        pledged=sum_of(Account.PLEDGES),
        matched=-sum_of(Account.CAMPAIGN, matched=True),
        granted=-sum_of(Account.GRANTS, ("granted",)),
        disbursed=sum_of(Account.GRANTS, ("disbursed",)),
    )


def _key(row):
    return (row["account"], row["movement__kind"], row["has_fund"])


def figures(foundation, **filters):
    """The ledger's figures over the lines of ``foundation`` that match ``filters``
    (campaign=…, project=…, fund=…, currency=…)."""
    rows = {_key(row): from_cents(row["s"]) for row in _lines_by_kind(foundation, filters)}
    return _figures_of(rows)


def figures_by_campaign(foundation, campaign_ids):
    """``figures(foundation, campaign=…)`` of each campaign of ``campaign_ids``, read in
    one query (a page of campaigns): {campaign id: Figures}."""
    rows = {pk: {} for pk in campaign_ids}
    lines = _lines_by_kind(foundation, {"campaign_id__in": campaign_ids}, by=("campaign_id",))
    for row in lines:
        rows[row["campaign_id"]][_key(row)] = from_cents(row["s"])
    return {pk: _figures_of(sums) for pk, sums in rows.items()}


# ------------------------------------------------------------------ the check


@dataclass
class Check:
    """What ``check`` found: ``problems`` is empty when the ledger holds what the
    foundation's records say."""

    movements: int = 0
    lines: int = 0
    problems: list = field(default_factory=list)

    @property
    def ok(self):
        return not self.problems


def _expected(foundation):
    """What each account should hold, per (account, currency, dimension key), computed
    from the records without reading the ledger."""
    expected = defaultdict(Decimal)
    for gift in Gift.objects.filter(foundation=foundation).only(
        "amount", "currency", "status", "campaign_id"
    ):
        fund = "campaign" if gift.campaign_id else "general"
        if gift.status == GiftStatus.PLEDGED:
            expected[("pledges", gift.currency, None)] += gift.amount
            expected[(fund, gift.currency, gift.campaign_id)] -= gift.amount
        elif gift.status == GiftStatus.RECEIVED:
            expected[("bank", gift.currency, None)] += gift.amount
            expected[(fund, gift.currency, gift.campaign_id)] -= gift.amount
    for draw in MatchDraw.objects.filter(fund__foundation=foundation).select_related(
        "fund", "gift"
    ):
        sign = 1 if draw.kind == DrawKind.DRAWN else -1
        expected[("matching", draw.fund.currency, ("fund", draw.fund_id))] += sign * draw.amount
        expected[("campaign", draw.fund.currency, draw.gift.campaign_id)] -= sign * draw.amount
    for payment in FunderPayment.objects.filter(fund__foundation=foundation).select_related("fund"):
        expected[("bank", payment.fund.currency, None)] += payment.amount
        expected[("matching", payment.fund.currency, ("fund", payment.fund_id))] -= payment.amount
    for decision in GrantDecision.objects.filter(
        foundation=foundation, outcome=Outcome.GRANTED
    ).select_related("application__call"):
        currency = decision.application.call.currency
        expected[("general", currency, None)] += decision.amount
        expected[("grants", currency, None)] -= decision.amount
    for paid in Disbursement.objects.filter(foundation=foundation).select_related(
        "decision__application__call"
    ):
        currency = paid.decision.application.call.currency
        expected[("grants", currency, None)] += paid.amount
        expected[("bank", currency, None)] -= paid.amount
    return expected


def _actual(foundation):
    actual = defaultdict(Decimal)
    lines = Line.objects.filter(foundation=foundation)
    for row in lines.values("account", "currency", "campaign_id").annotate(s=cents_sum("amount")):
        account = row["account"]
        if account in ("campaign", "general"):
            actual[(account, row["currency"], row["campaign_id"])] += from_cents(row["s"])
        elif account != "matching":
            actual[(account, row["currency"], None)] += from_cents(row["s"])
    for row in (
        lines.filter(account=Account.MATCHING)
        .values("currency", "fund_id")
        .annotate(s=cents_sum("amount"))
    ):
        actual[("matching", row["currency"], ("fund", row["fund_id"]))] += from_cents(row["s"])
    return actual


def check(foundation):
    """Recompute the foundation's balances and compare them with the ledger."""
    result = Check(
        movements=Movement.objects.filter(foundation=foundation).count(),
        lines=Line.objects.filter(foundation=foundation).count(),
    )
    unbalanced = (
        Line.objects.filter(foundation=foundation)
        .values("movement_id")
        .annotate(s=cents_sum("amount"))
        .exclude(s=0)
    )
    for row in unbalanced:
        result.problems.append(f"movement {row['movement_id']} sums to {row['s']}")
    expected, actual = _expected(foundation), _actual(foundation)
    for key in sorted(set(expected) | set(actual), key=str):
        if expected.get(key, ZERO) != actual.get(key, ZERO):
            result.problems.append(
                f"{key[0]} {key[1]} {key[2] or ''}: ledger {actual.get(key, ZERO)}, "
                f"records {expected.get(key, ZERO)}"
            )
    return result


class Batch:
    """Movements posted together (the gifts a bank statement receives, or one movement
    through ``post``): each movement's lines are checked to sum to zero when posted,
    then ``write`` makes one INSERT per table for all of them."""

    def __init__(self, foundation, actor=None):
        self.foundation = foundation
        self.actor = actor if actor is not None and actor.is_authenticated else None
        self.rows = []

    def post(self, *, kind, currency, lines, occurred_at, **links):
        rows = [
            (account, Decimal(amount).quantize(Decimal("0.01")), dims)
            for account, amount, dims in lines
        ]
        rows = [row for row in rows if row[1] != 0]
        if not rows:
            return
        if sum(amount for _a, amount, _d in rows) != 0:
            raise Unbalanced(f"{kind}: {rows}")
        movement = Movement(
            foundation=self.foundation,
            kind=kind,
            currency=currency,
            occurred_at=occurred_at,
            recorded_by=self.actor,
            **links,
        )
        self.rows.append((movement, currency, rows))

    def write(self):
        movements = Movement.objects.bulk_create([row[0] for row in self.rows], batch_size=500)
        Line.objects.bulk_create(
            (
                Line(
                    movement=movement,
                    foundation=self.foundation,
                    account=account,
                    currency=currency,
                    amount=amount,
                    **_dimension_ids(dims),
                )
                for movement, (_m, currency, rows) in zip(movements, self.rows, strict=True)
                for account, amount, dims in rows
            ),
            batch_size=1000,
        )
        self.rows = []
        return movements

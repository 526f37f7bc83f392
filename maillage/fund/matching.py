"""How much matching funds add to a gift: a fund adds ``ratio`` × the gift, at most its
cap per gift, and no more than what is left of its total, of its cap for this donor and
of its cap for this project. A fund matches the gifts to the campaigns it lists, in its
currency, between its dates, until it is ended.

``preview`` answers the donor before they give (nothing is reserved: the matching is
drawn when the money arrives, ``services_gifts.receive_gift``, under the fund's lock, so
two gifts received at once never draw more than the fund holds)."""

from dataclasses import dataclass
from decimal import ROUND_DOWN, Decimal

from django.db.models import Case, F, When

from .models import DrawKind, MatchDraw, MatchingFund
from .money import cents_sum, from_cents

ZERO = Decimal("0.00")


@dataclass
class Room:
    """What a fund can still give: in all, to this donor, to this project."""

    total: Decimal
    donor: Decimal | None
    project: Decimal | None

    @property
    def left(self):
        return min(value for value in (self.total, self.donor, self.project) if value is not None)


def funds_for(campaign, on):
    """The matching funds that match gifts to ``campaign`` on day ``on``."""
    if campaign is None:
        return MatchingFund.objects.none()
    return (
        MatchingFund.objects.filter(
            foundation_id=campaign.foundation_id,
            campaigns=campaign,
            currency=campaign.currency,
            ended_at__isnull=True,
            starts_on__lte=on,
        )
        .exclude(ends_on__lt=on)
        .order_by("pk")
    )


def _drawn(draws):
    """Drawn minus released over ``draws`` (a queryset of MatchDraw)."""
    signed = Case(When(kind=DrawKind.RELEASED, then=-F("amount")), default=F("amount"))
    return from_cents(draws.aggregate(s=cents_sum(signed))["s"])


def room(fund, *, donor=None, project=None):
    draws = MatchDraw.objects.filter(fund=fund)
    total = fund.total - _drawn(draws)
    donor_room = project_room = None
    if fund.cap_per_donor is not None:
        done = _drawn(draws.filter(gift__donor=donor)) if donor is not None else ZERO
        donor_room = fund.cap_per_donor - done
    if fund.cap_per_project is not None:
        done = _drawn(draws.filter(gift__project=project)) if project is not None else ZERO
        project_room = fund.cap_per_project - done
    return Room(total=total, donor=donor_room, project=project_room)


def match_amount(fund, amount, *, donor=None, project=None):
    """What ``fund`` adds to a gift of ``amount`` by ``donor`` to ``project`` now."""
    matched = (amount * fund.ratio).quantize(Decimal("0.01"), rounding=ROUND_DOWN)
    if fund.cap_per_gift is not None:
        matched = min(matched, fund.cap_per_gift)
    return max(ZERO, min(matched, room(fund, donor=donor, project=project).left))


@dataclass
class Preview:
    fund: MatchingFund
    matched: Decimal


def preview(campaign, amount, *, on, donor=None, project=None):
    """What each matching fund would add to a gift of ``amount`` now (funds adding
    nothing are left out)."""
    rows = []
    for fund in funds_for(campaign, on).select_related("funder"):
        matched = match_amount(fund, amount, donor=donor, project=project)
        if matched > 0:
            rows.append(Preview(fund=fund, matched=matched))
    return rows

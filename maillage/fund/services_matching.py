"""Matching funds: a company or a public body of the collective adds ``ratio`` × each
gift to the campaigns it lists, within caps per gift, per donor and per project, and a
total. The coordinators create, change and end them; what they draw is drawn as gifts
arrive (services_gifts.receive_gift, under the fund's lock) and what their funders pay
is received with services_gifts.receive_funder_payment.

A fund's currency never changes once it has drawn, and its total never falls below what
it has already drawn: the gifts it matched stay matched.
"""

from decimal import Decimal, InvalidOperation

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from maillage.audit.services import log_action
from maillage.core.changes import clean_line
from maillage.core.errors import DomainError

from . import matching
from .models import Campaign, MatchDraw, MatchingFund
from .money import cents_sum, check_amount, check_currency, from_cents, parse_amount, shown

RATIO_MAX = Decimal("10")
NAME_MAX = 200


def check_ratio(value):
    """``value`` as a ratio: more than 0, at most 10, two decimals at most."""
    ratio = parse_amount(value)
    try:
        valid = ratio is not None and ratio.is_finite() and ratio == ratio.quantize(Decimal("0.01"))
    except InvalidOperation:
        valid = False
    if not valid:
        raise DomainError(
            _("Write the ratio as a number with two decimals at most: 1 doubles each gift."),
            field="ratio",
        )
    if not Decimal("0") < ratio <= RATIO_MAX:
        raise DomainError(
            _("The ratio is more than 0 and at most 10: 1 doubles each gift, 0.5 adds half."),
            field="ratio",
        )
    return ratio.quantize(Decimal("0.01"))


def _cap(value, field):
    if value in (None, ""):
        return None
    return check_amount(value, field=field)


def _clean(foundation, fields):
    """The fund's fields checked: raise DomainError on the first wrong one."""
    collective = foundation.collective
    funder = fields["funder"]
    if funder is None or not collective.organisations.filter(pk=funder.pk).exists():
        raise DomainError(
            _("Choose the funder among the collective's organisations."), field="funder"
        )
    name = clean_line(
        fields["name"],
        field="name",
        max_length=NAME_MAX,
        empty_message=_("Give the matching fund a name, for example its funder's programme."),
    )
    currency = check_currency(fields["currency"])
    total = check_amount(fields["total"], field="total")
    caps = {
        key: _cap(fields.get(key), key)
        for key in ("cap_per_gift", "cap_per_donor", "cap_per_project")
    }
    for key, cap in caps.items():
        if cap is not None and cap > total:
            raise DomainError(
                _("A cap cannot be more than the fund's total (%(total)s %(currency)s).")
                % {"total": shown(total), "currency": currency},
                field=key,
            )
    campaigns = list(fields.get("campaigns") or [])
    for campaign in campaigns:
        if campaign.foundation_id != foundation.pk:
            raise DomainError(_("Choose campaigns of this foundation."), field="campaigns")
        if campaign.currency != currency:
            raise DomainError(
                _(
                    "“%(campaign)s” collects in %(other)s: a fund in %(currency)s matches "
                    "campaigns in %(currency)s only."
                )
                % {"campaign": campaign.title, "other": campaign.currency, "currency": currency},
                field="campaigns",
            )
    starts_on, ends_on = fields["starts_on"], fields.get("ends_on")
    if starts_on is None:
        raise DomainError(_("Give the day from which the fund matches gifts."), field="starts_on")
    if ends_on is not None and ends_on < starts_on:
        raise DomainError(
            _("The fund cannot end before it starts: check the dates."), field="ends_on"
        )
    return {
        "funder": funder,
        "name": name,
        "ratio": check_ratio(fields["ratio"]),
        "currency": currency,
        "total": total,
        **caps,
        "starts_on": starts_on,
        "ends_on": ends_on,
    }, campaigns


def _summary(fund, campaigns):
    return {
        "funder": fund.funder_id,
        "ratio": str(fund.ratio),
        "total": f"{fund.total} {fund.currency}",
        "cap_per_gift": fund.cap_per_gift and f"{fund.cap_per_gift} {fund.currency}",
        "cap_per_donor": fund.cap_per_donor and f"{fund.cap_per_donor} {fund.currency}",
        "cap_per_project": fund.cap_per_project and f"{fund.cap_per_project} {fund.currency}",
        "campaigns": sorted(campaign.pk for campaign in campaigns),
        "starts_on": fund.starts_on.isoformat(),
        "ends_on": fund.ends_on and fund.ends_on.isoformat(),
    }


def drawn(fund):
    """What ``fund`` has drawn and not released."""
    return fund.total - matching.room(fund).total


def create_matching_fund(
    *,
    actor,
    foundation,
    funder,
    name,
    ratio,
    currency,
    total,
    starts_on,
    ends_on=None,
    cap_per_gift=None,
    cap_per_donor=None,
    cap_per_project=None,
    campaigns=(),
):
    values, campaigns = _clean(foundation, locals())
    with transaction.atomic():
        fund = MatchingFund.objects.create(foundation=foundation, **values)
        fund.campaigns.set(campaigns)
        log_action(
            actor=actor,
            action="fund.matching_created",
            obj=fund,
            after=_summary(fund, campaigns),
        )
    return fund


def change_matching_fund(
    *,
    actor,
    fund,
    funder,
    name,
    ratio,
    currency,
    total,
    starts_on,
    ends_on=None,
    cap_per_gift=None,
    cap_per_donor=None,
    cap_per_project=None,
    campaigns=(),
):
    with transaction.atomic():
        fund = (
            MatchingFund.objects.select_for_update(of=("self",))
            .select_related("foundation")
            .get(pk=fund.pk)
        )
        if fund.ended_at is not None:
            raise DomainError(_("This matching fund has ended: it can no longer be changed."))
        fields = dict(locals())
        values, campaigns = _clean(fund.foundation, fields)
        already = drawn(fund)
        has_draws = MatchDraw.objects.filter(fund=fund).exists()
        if has_draws and values["currency"] != fund.currency:
            raise DomainError(
                _("The fund has already matched gifts in %(currency)s: its currency stays.")
                % {"currency": fund.currency},
                field="currency",
            )
        if values["total"] < already:
            raise DomainError(
                _(
                    "The fund has already drawn %(drawn)s %(currency)s for the gifts it "
                    "matched: its total cannot be less."
                )
                % {"drawn": shown(already), "currency": fund.currency},
                field="total",
            )
        before = _summary(fund, list(fund.campaigns.all()))
        for key, value in values.items():
            setattr(fund, key, value)
        fund.save()
        fund.campaigns.set(campaigns)
        after = _summary(fund, campaigns)
        changed = [key for key in after if after[key] != before[key]]
        log_action(
            actor=actor,
            action="fund.matching_changed",
            obj=fund,
            before={key: before[key] for key in changed},
            after={key: after[key] for key in changed},
        )
    return fund


def end_matching_fund(*, actor, fund, now=None):
    """The fund stops matching new gifts today; what it drew stays drawn (and owed)."""
    now = now or timezone.now()
    with transaction.atomic():
        fund = MatchingFund.objects.select_for_update().get(pk=fund.pk)
        if fund.ended_at is not None:
            raise DomainError(_("This matching fund has already ended."))
        fund.ended_at = now
        fund.save(update_fields=["ended_at"])
        log_action(
            actor=actor,
            action="fund.matching_ended",
            obj=fund,
            after={"drawn": f"{drawn(fund)} {fund.currency}"},
        )
    return fund


def campaigns_for(foundation):
    """The campaigns a fund of ``foundation`` may match (not closed)."""
    return Campaign.objects.filter(foundation=foundation).order_by("-starts_on", "pk")


def summary(fund):
    """What the fund's page shows: drawn, left, owed by the funder, paid; drawn per
    project; how many donors' gifts it matched."""
    from django.db.models import Case, Count, F, When

    from . import ledger
    from .models import Account, DrawKind, Line

    signed = Case(When(kind=DrawKind.RELEASED, then=-F("amount")), default=F("amount"))
    draws = MatchDraw.objects.filter(fund=fund)
    per_project = [
        {**row, "drawn": from_cents(row["drawn"])}
        for row in draws.values("gift__project", "gift__project__title")
        .annotate(drawn=cents_sum(signed))
        .order_by("gift__project__title")
        if row["drawn"]
    ]
    taken = drawn(fund)
    return {
        "drawn": taken,
        "left": fund.total - taken,
        "owed": ledger.total(Line.objects.filter(fund=fund, account=Account.MATCHING)),
        "paid": from_cents(fund.payments.aggregate(s=cents_sum("amount"))["s"]),
        "per_project": per_project,
        "donors": draws.filter(kind=DrawKind.DRAWN, gift__donor__isnull=False).aggregate(
            n=Count("gift__donor", distinct=True)
        )["n"],
        "gifts": draws.filter(kind=DrawKind.DRAWN).count(),
    }

"""Gifts: promised, received, cancelled, refunded; cash at an event; a standing order's
month; an employer's round-up total; a matching funder's payment.

Each change runs in one transaction, locks the rows it changes, posts its movements in
the ledger (ledger.py: balanced after every one of them) and records itself in the
collective's log by amounts and codes, never a donor's name.
"""

import secrets
from datetime import date

from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from maillage.audit.services import log_action
from maillage.core.changes import clean_line
from maillage.core.errors import DomainError
from maillage.core.payments import creditor_reference, is_qr_iban, qr_reference

from . import ledger, services_receive
from .models import (
    Account,
    Campaign,
    CampaignStatus,
    Donor,
    DonorKind,
    DrawKind,
    FunderPayment,
    Gift,
    GiftStatus,
    Line,
    MatchDraw,
    MatchingFund,
    Method,
    MovementKind,
)
from .money import check_amount, check_currency, shown

MESSAGE_MAX = 1000
NAME_MAX = 200


def _today(now=None):
    return timezone.localdate(now or timezone.now())


# ------------------------------------------------------------------ donors and references


def donor_for(foundation, *, name, email="", address="", kind=DonorKind.PERSON, organisation=None):
    """The donor known by ``email`` in ``foundation`` (made when new; an erased donor is
    never found again). Without an e-mail address, a new donor each time."""
    email = (email or "").strip().lower()
    name = clean_line(
        name, field="name", max_length=NAME_MAX, empty_message=_("Write the donor's name.")
    )
    if email:
        donor = Donor.objects.filter(foundation=foundation, email=email).first()
        if donor is not None:
            if address and not donor.address:
                donor.address = address
                donor.save(update_fields=["address"])
            return donor
    for _attempt in range(5):
        pseudonym = "D-" + secrets.token_hex(4).upper()
        if not Donor.objects.filter(foundation=foundation, pseudonym=pseudonym).exists():
            break
    return Donor.objects.create(
        foundation=foundation,
        kind=kind,
        name=name,
        email=email,
        address=(address or "").strip(),
        organisation=organisation,
        pseudonym=pseudonym,
    )


def new_reference(foundation, currency, model=Gift):
    """A payment reference no other gift (or standing order) of ``foundation`` has: a
    Swiss QR reference when the francs' account is a QR-IBAN, an ISO 11649 creditor
    reference ("RF…") otherwise."""
    qr = currency == "CHF" and is_qr_iban(foundation.iban_chf or "")
    for _attempt in range(20):
        body = f"{foundation.pk:05d}{secrets.randbelow(10**12):012d}"
        reference = qr_reference(body) if qr else creditor_reference(body)
        if not model.objects.filter(foundation=foundation, reference=reference).exists():
            return reference
    raise RuntimeError("no free payment reference")  # 20 collisions in 10^12: never


# ------------------------------------------------------------------ checks


def check_campaign_open(campaign, today):
    if campaign.status != CampaignStatus.OPEN or not (
        campaign.starts_on <= today <= campaign.ends_on
    ):
        if campaign.status == CampaignStatus.DRAFT or today < campaign.starts_on:
            message = _("This campaign has not opened yet: it opens on %(date)s.") % {
                "date": date_format(campaign.starts_on, "DATE_FORMAT")
            }
        else:
            message = _(
                "This campaign closed on %(date)s: gifts are no longer recorded for it."
            ) % {"date": date_format(campaign.ends_on, "DATE_FORMAT")}
        raise DomainError(message, code="closed")


def projects_of(campaign):
    """The projects ``campaign`` raises money for (from its needs)."""
    from maillage.projects.models import Project

    return Project.objects.filter(needs__in=campaign.campaign_needs.values("need")).distinct()


def check_project(campaign, project):
    """The project a gift to ``campaign`` goes to: ``project`` when it is one of the
    campaign's, the only one when there is one, else none (shared between them)."""
    projects = list(projects_of(campaign)) if campaign is not None else []
    if project is None:
        return projects[0] if len(projects) == 1 else None
    if project not in projects:
        raise DomainError(_("Choose one of the campaign's projects."), field="project")
    return project


# ------------------------------------------------------------------ pledges and receipts


def _pledge(foundation, *, campaign, project, donor, amount, currency, method, **fields):
    gift = Gift.objects.create(
        foundation=foundation,
        campaign=campaign,
        project=project,
        donor=donor,
        amount=amount,
        currency=currency,
        method=method,
        key=secrets.token_urlsafe(32),
        pledged_at=fields.pop("now", None) or timezone.now(),
        **fields,
    )
    ledger.post(
        foundation=foundation,
        kind=MovementKind.PLEDGED,
        currency=currency,
        lines=[
            (Account.PLEDGES, amount, ledger.gift_dims(gift)),
            (ledger.fund_account(gift), -amount, ledger.gift_dims(gift)),
        ],
        actor=fields.get("recorded_by"),
        gift=gift,
    )
    return gift


def pledge_gift(
    *,
    foundation,
    campaign=None,
    project=None,
    name,
    email,
    amount,
    currency,
    method=Method.TRANSFER,
    address="",
    kind=DonorKind.PERSON,
    shown=False,
    message="",
    wants_receipt=True,
    now=None,
):
    """A gift promised by someone without an account: by bank transfer (its unique
    reference is made here) or through the collective's payment provider."""
    amount = check_amount(amount)
    currency = check_currency(currency)
    if method not in (Method.TRANSFER, Method.PROVIDER):
        raise DomainError(_("Choose how you will give."), field="method")
    email = (email or "").strip()
    if not email:
        raise DomainError(
            _("Give an e-mail address: the payment details and the receipt are sent there."),
            field="email",
        )
    message = (message or "").strip()
    if len(message) > MESSAGE_MAX:
        raise DomainError(
            _("The message is at most %(count)d characters.") % {"count": MESSAGE_MAX},
            field="message",
        )
    with transaction.atomic():
        if campaign is not None:
            campaign = Campaign.objects.select_for_update().get(pk=campaign.pk)
            check_campaign_open(campaign, _today(now))
            if campaign.currency != currency:
                raise DomainError(
                    _("This campaign collects in %(currency)s.") % {"currency": campaign.currency},
                    field="currency",
                )
        project = check_project(campaign, project)
        donor = donor_for(foundation, name=name, email=email, address=address, kind=kind)
        gift = _pledge(
            foundation,
            campaign=campaign,
            project=project,
            donor=donor,
            amount=amount,
            currency=currency,
            method=method,
            reference=new_reference(foundation, currency),
            shown=bool(shown),
            message=message,
            wants_receipt=bool(wants_receipt),
            now=now,
        )
        log_action(
            actor=None,
            action="fund.gift_pledged",
            obj=gift,
            after={
                "amount": f"{amount} {currency}",
                "method": method,
                "campaign": campaign and campaign.pk,
            },
        )
    return gift


def receive_gift(*, actor, gift, received_on, amount=None, bank_line=None, now=None):
    """The money of a pledged gift is there (``amount`` when it differs from the
    promise): the matching funds draw their share now. The same path as a bank
    statement's gifts (``services_receive.receive_many``), for one gift, refusing with a
    message what that path leaves out."""
    amount = None if amount is None else check_amount(amount)
    with transaction.atomic():
        locked = Gift.objects.select_for_update().filter(pk=gift.pk).first()
        if locked is None or locked.status != GiftStatus.PLEDGED:
            raise DomainError(_("This gift is not waiting for its money any more."), code="state")
        services_receive.receive_many(
            actor=actor,
            foundation=locked.foundation,
            items=[(locked, locked.amount if amount is None else amount, received_on, bank_line)],
            now=now,
        )
    return Gift.objects.select_related("campaign", "foundation").get(pk=gift.pk)


def record_cash_gift(
    *,
    actor,
    foundation,
    amount,
    currency,
    received_on,
    campaign=None,
    project=None,
    name="",
    email="",
    address="",
    method=Method.CASH,
    event=None,
    shown=False,
    message="",
    now=None,
):
    """Cash (or a cheque) handed over, at an event for instance: received at once. A gift
    without a name stays anonymous (and gets no receipt)."""
    amount = check_amount(amount)
    currency = check_currency(currency)
    if method not in (Method.CASH, Method.CHEQUE):
        raise DomainError(_("Choose cash or cheque."), field="method")
    now = now or timezone.now()
    if received_on > _today(now):
        raise DomainError(_("A gift cannot be received in the future."), field="received_on")
    with transaction.atomic():
        if campaign is not None:
            campaign = Campaign.objects.select_for_update().get(pk=campaign.pk)
            check_campaign_open(campaign, received_on)
            if campaign.currency != currency:
                raise DomainError(
                    _("This campaign collects in %(currency)s.") % {"currency": campaign.currency},
                    field="currency",
                )
        project = check_project(campaign, project)
        donor = (
            donor_for(foundation, name=name, email=email, address=address)
            if (name or "").strip()
            else None
        )
        gift = _pledge(
            foundation,
            campaign=campaign,
            project=project,
            donor=donor,
            amount=amount,
            currency=currency,
            method=method,
            shown=bool(shown) and donor is not None,
            message=(message or "").strip()[:MESSAGE_MAX],
            wants_receipt=donor is not None,
            event=event,
            recorded_by=actor,
            now=now,
        )
        services_receive.receive_many(
            actor=actor, foundation=foundation, items=[(gift, amount, received_on, None)], now=now
        )
        gift.refresh_from_db()
    return gift


def _give_back(gift, kind, account, *, actor, now):
    """The movement that takes ``gift`` out of its fund: from the pledges (a promise
    cancelled) or from the bank (money refunded)."""
    dims = ledger.gift_dims(gift)
    ledger.post(
        foundation=gift.foundation,
        kind=kind,
        currency=gift.currency,
        lines=[(ledger.fund_account(gift), gift.amount, dims), (account, -gift.amount, dims)],
        actor=actor,
        occurred_at=now,
        gift=gift,
    )


def cancel_pledge(*, actor, gift, reason="", now=None):
    """A promise that will not be kept (the donor changed their mind, or never paid)."""
    now = now or timezone.now()
    with transaction.atomic():
        gift = Gift.objects.select_for_update().get(pk=gift.pk)
        if gift.status != GiftStatus.PLEDGED:
            raise DomainError(_("Only a gift still waiting for its money can be cancelled."))
        _give_back(gift, MovementKind.CANCELLED, Account.PLEDGES, actor=actor, now=now)
        gift.status = GiftStatus.CANCELLED
        gift.closed_at = now
        gift.version += 1
        gift.save(update_fields=["status", "closed_at", "version"])
        log_action(
            actor=actor,
            action="fund.gift_cancelled",
            obj=gift,
            after={
                "amount": f"{gift.amount} {gift.currency}",
                "reason": clean_line(reason, max_length=300),
            },
        )
    return gift


def refund_gift(*, actor, gift, reason="", now=None):
    """Money given back (an all-or-nothing campaign that missed its goal, a mistake):
    what the matching funds drew for it is released."""
    now = now or timezone.now()
    with transaction.atomic():
        gift = Gift.objects.select_for_update().get(pk=gift.pk)
        if gift.status != GiftStatus.RECEIVED:
            raise DomainError(_("Only a received gift can be refunded."))
        if gift.receipt_id is not None:
            raise DomainError(
                _("Receipt %(number)s covers this gift: cancel the receipt first.")
                % {"number": gift.receipt.number}
            )
        _give_back(gift, MovementKind.REFUNDED, Account.BANK, actor=actor, now=now)
        for draw in MatchDraw.objects.filter(gift=gift, kind=DrawKind.DRAWN).select_related("fund"):
            MatchingFund.objects.select_for_update().get(pk=draw.fund_id)
            release = MatchDraw.objects.create(
                fund=draw.fund, gift=gift, kind=DrawKind.RELEASED, amount=draw.amount, drawn_at=now
            )
            dims = {**ledger.gift_dims(gift), "fund": draw.fund}
            ledger.post(
                foundation=gift.foundation,
                kind=MovementKind.RELEASED,
                currency=gift.currency,
                lines=[
                    (Account.CAMPAIGN, draw.amount, dims),
                    (Account.MATCHING, -draw.amount, dims),
                ],
                actor=actor,
                occurred_at=now,
                gift=gift,
                draw=release,
            )
        gift.status = GiftStatus.REFUNDED
        gift.closed_at = now
        gift.version += 1
        gift.save(update_fields=["status", "closed_at", "version"])
        log_action(
            actor=actor,
            action="fund.gift_refunded",
            obj=gift,
            after={
                "amount": f"{gift.amount} {gift.currency}",
                "reason": clean_line(reason, max_length=300),
            },
        )
    return gift


def receive_funder_payment(*, actor, fund, amount, received_on, now=None):
    """A matching funder paid (part of) what it owes for the gifts it matched."""
    amount = check_amount(amount)
    now = now or timezone.now()
    with transaction.atomic():
        fund = MatchingFund.objects.select_for_update().get(pk=fund.pk)
        owed = ledger.total(Line.objects.filter(fund=fund, account=Account.MATCHING))
        if amount > owed:
            raise DomainError(
                _("%(funder)s owes %(owed)s %(currency)s for the gifts it matched, not more.")
                % {"funder": fund.funder.name, "owed": shown(owed), "currency": fund.currency},
                field="amount",
            )
        payment = FunderPayment.objects.create(
            fund=fund, amount=amount, received_on=received_on, recorded_by=actor, recorded_at=now
        )
        dims = {"fund": fund}
        ledger.post(
            foundation=fund.foundation,
            kind=MovementKind.RECEIVED,
            currency=fund.currency,
            lines=[(Account.BANK, amount, dims), (Account.MATCHING, -amount, dims)],
            actor=actor,
            occurred_at=now,
            payment=payment,
        )
        log_action(
            actor=actor,
            action="fund.funder_paid",
            obj=fund,
            after={"amount": f"{amount} {fund.currency}", "received_on": received_on.isoformat()},
        )
    return payment


# ------------------------------------------------------------------ standing orders, round-ups


def pledge_month(monthly, month):
    """The gift of ``monthly`` (a standing order) for ``month`` (its first day), made
    once: a second call returns the same gift."""
    month = date(month.year, month.month, 1)
    with transaction.atomic():
        existing = Gift.objects.filter(monthly=monthly, month=month).first()
        if existing is not None:
            return existing
        try:
            with transaction.atomic():
                return _pledge(
                    monthly.foundation,
                    campaign=monthly.campaign,
                    project=check_project(monthly.campaign, None),
                    donor=monthly.donor,
                    amount=monthly.amount,
                    currency=monthly.currency,
                    method=Method.TRANSFER,
                    monthly=monthly,
                    month=month,
                    shown=monthly.shown,
                )
        except IntegrityError:
            return Gift.objects.get(monthly=monthly, month=month)


def pledge_round_up(report, *, actor=None, now=None):
    """The pledged gift of a round-up ``report`` (an employer's monthly total): no donor,
    the programme's campaign while it is open (the general funds otherwise), received
    when the employer's transfer with the programme's reference is reconciled."""
    programme = report.programme
    campaign = programme.campaign
    if campaign is not None and not (
        campaign.status == CampaignStatus.OPEN
        and campaign.starts_on <= _today(now) <= campaign.ends_on
    ):
        campaign = None
    return _pledge(
        programme.foundation,
        campaign=campaign,
        project=check_project(campaign, None),
        donor=None,
        amount=report.total,
        currency=programme.currency,
        method=Method.ROUND_UP,
        round_up=report,
        wants_receipt=False,
        recorded_by=actor,
        now=now,
    )

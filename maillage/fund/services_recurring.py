"""Gifts that come back every month.

- A **standing order** (``MonthlyGift``): someone without an account asks their bank to
  send the same amount every month with the order's own reference. ``start_monthly``
  records it and e-mails the bank details; each month's gift is pledged by the periodic
  job (tasks.py, ``pledge_due_months``) once the month has started, and received when
  the transfer is reconciled. The donor ends it from their page (by its key), or a
  treasurer does.
- A **round-up programme** (``RoundUpProgramme``, "arrondi solidaire"): an employer's
  staff round up their salaries; each month the people who represent the employer (or a
  treasurer) report the month's total from the payroll (``report_round_up``). The total
  is one pledged gift (method round-up, no donor), received when the employer's transfer
  with the programme's reference arrives.
"""

import secrets
from datetime import date, timedelta

from django.conf import settings
from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from maillage.audit.services import log_action
from maillage.core.changes import clean_line
from maillage.core.errors import DomainError
from maillage.core.mail import queue_email

from . import services_gifts
from .models import Campaign, Gift, MonthlyGift, RoundUpProgramme, RoundUpReport
from .money import check_amount, check_currency

NAME_MAX = 200
# A standing order set up today may start up to a year from now, not later.
START_AHEAD = timedelta(days=366)
PARTICIPANTS_MAX = 100_000


def first_of_month(day):
    return date(day.year, day.month, 1)


def _today(now=None):
    return timezone.localdate(now or timezone.now())


def _check_campaign(campaign, currency, today):
    if campaign is None:
        return None
    campaign = Campaign.objects.select_for_update().get(pk=campaign.pk)
    services_gifts.check_campaign_open(campaign, today)
    if campaign.currency != currency:
        raise DomainError(
            _("This campaign collects in %(currency)s.") % {"currency": campaign.currency},
            field="currency",
        )
    return campaign


# ------------------------------------------------------------------ standing orders


def start_monthly(
    *,
    foundation,
    campaign,
    name,
    email,
    address,
    amount,
    currency,
    shown,
    starts_on=None,
    now=None,
):
    """A standing order promised by someone without an account: its own reference and
    key; the donor is e-mailed the bank details to set it up with their bank."""
    amount = check_amount(amount)
    currency = check_currency(currency)
    email = (email or "").strip()
    if not email:
        raise DomainError(
            _("Give an e-mail address: the bank details of the standing order are sent there."),
            field="email",
        )
    today = _today(now)
    starts_on = starts_on or today
    if starts_on < today:
        raise DomainError(_("A standing order starts today or later."), field="starts_on")
    if starts_on > today + START_AHEAD:
        raise DomainError(_("A standing order starts within a year from today."), field="starts_on")
    if not foundation.iban(currency):
        raise DomainError(
            _("The foundation has no bank account in %(currency)s yet: give in another currency.")
            % {"currency": currency},
            field="currency",
        )
    with transaction.atomic():
        campaign = _check_campaign(campaign, currency, today)
        donor = services_gifts.donor_for(foundation, name=name, email=email, address=address)
        monthly = MonthlyGift.objects.create(
            foundation=foundation,
            campaign=campaign,
            donor=donor,
            amount=amount,
            currency=currency,
            reference=services_gifts.new_reference(foundation, currency, model=MonthlyGift),
            shown=bool(shown),
            key=secrets.token_urlsafe(32),
            starts_on=starts_on,
        )
        log_action(
            actor=None,
            action="fund.monthly_started",
            obj=monthly,
            after={
                "amount": f"{amount} {currency}",
                "campaign": campaign and campaign.pk,
                "starts_on": starts_on.isoformat(),
            },
        )
        queue_email(
            template="fund/recurring/email/monthly_started",
            to=donor.email,
            context={
                "monthly": monthly,
                "foundation": foundation,
                "iban": foundation.iban(currency),
                "url": settings.SITE_URL
                + reverse("fund:monthly", args=[foundation.collective.slug, monthly.key]),
            },
        )
    return monthly


def end_monthly(*, actor, monthly, now=None):
    """The standing order ends: no gift is pledged for the months after this one. The
    donor (``actor`` None, from their page) still has to stop the order at their bank."""
    now = now or timezone.now()
    with transaction.atomic():
        monthly = MonthlyGift.objects.select_for_update().get(pk=monthly.pk)
        if monthly.ended_at is not None:
            raise DomainError(_("This standing order has already ended."))
        monthly.ended_at = now
        monthly.save(update_fields=["ended_at"])
        log_action(
            actor=actor,
            action="fund.monthly_ended",
            obj=monthly,
            after={"amount": f"{monthly.amount} {monthly.currency}"},
        )
    return monthly


def pledge_due_months(now=None):
    """The periodic job: this month's gift of every active standing order whose month
    has started (from its first day on). Safe to run twice: a month's gift is made once
    (services_gifts.pledge_month). Returns how many gifts were made."""
    today = _today(now)
    month = first_of_month(today)
    due = (
        MonthlyGift.objects.filter(ended_at__isnull=True, starts_on__lte=today)
        .exclude(gifts__month=month)
        .select_related("foundation", "campaign", "donor")
    )
    made = 0
    for monthly in due:
        services_gifts.pledge_month(monthly, month)
        made += 1
    return made


# ------------------------------------------------------------------ round-ups


def create_round_up(*, actor, foundation, organisation, name, currency, campaign=None, now=None):
    """A round-up programme of ``organisation`` (one of the collective's), for
    ``campaign`` or the general funds, with a unique reference for its transfers."""
    collective = foundation.collective
    if organisation is None or not collective.organisations.filter(pk=organisation.pk).exists():
        raise DomainError(
            _("Choose the employer among the collective's organisations."), field="organisation"
        )
    name = clean_line(
        name,
        field="name",
        max_length=NAME_MAX,
        empty_message=_("Give the programme a name, for example “Arrondi sur salaire 2026”."),
    )
    currency = check_currency(currency)
    today = _today(now)
    with transaction.atomic():
        campaign = _check_campaign(campaign, currency, today)
        programme = RoundUpProgramme.objects.create(
            foundation=foundation,
            organisation=organisation,
            campaign=campaign,
            name=name,
            currency=currency,
            reference=services_gifts.new_reference(foundation, currency, model=RoundUpProgramme),
            starts_on=today,
        )
        log_action(
            actor=actor,
            action="fund.round_up_created",
            obj=programme,
            after={
                "organisation": organisation.pk,
                "currency": currency,
                "campaign": campaign and campaign.pk,
            },
        )
    return programme


def end_round_up(*, actor, programme, now=None):
    now = now or timezone.now()
    with transaction.atomic():
        programme = RoundUpProgramme.objects.select_for_update().get(pk=programme.pk)
        if programme.ended_at is not None:
            raise DomainError(_("This round-up programme has already ended."))
        programme.ended_at = now
        programme.save(update_fields=["ended_at"])
        log_action(actor=actor, action="fund.round_up_ended", obj=programme, after={})
    return programme


def _check_participants(participants):
    if participants in (None, ""):
        return None
    try:
        count = int(participants)
    except (TypeError, ValueError):
        count = -1
    if not 0 <= count <= PARTICIPANTS_MAX:
        raise DomainError(
            _("Give the number of people taking part, or leave it empty."), field="participants"
        )
    return count


def report_round_up(*, actor, programme, month, total, participants=None, now=None):
    """The employer's total of ``month`` (any day of it): one report per month, for a
    month since the programme started and not in the future; it becomes one pledged
    gift, posted to the ledger."""
    now = now or timezone.now()
    total = check_amount(total, field="total")
    participants = _check_participants(participants)
    if month is None:
        raise DomainError(_("Choose the month of the payroll."), field="month")
    month = first_of_month(month)
    today = _today(now)
    with transaction.atomic():
        programme = (
            RoundUpProgramme.objects.select_for_update(of=("self",))
            .select_related("foundation", "campaign")
            .get(pk=programme.pk)
        )
        if month > first_of_month(today):
            raise DomainError(
                _("A month's total is reported once the month has started."), field="month"
            )
        if month < first_of_month(programme.starts_on):
            raise DomainError(
                _("The programme started in %(month)s: report a month since then.")
                % {"month": date_format(programme.starts_on, "YEAR_MONTH_FORMAT")},
                field="month",
            )
        if programme.ended_at is not None and month > first_of_month(
            timezone.localdate(programme.ended_at)
        ):
            raise DomainError(
                _("The programme ended in %(month)s: there is no total to report after it.")
                % {
                    "month": date_format(
                        timezone.localdate(programme.ended_at), "YEAR_MONTH_FORMAT"
                    )
                },
                field="month",
            )
        first = RoundUpReport.objects.filter(programme=programme, month=month).first()
        if first is not None:
            raise DomainError(_already(month, first), field="month")
        try:
            with transaction.atomic():
                report = RoundUpReport.objects.create(
                    programme=programme,
                    month=month,
                    total=total,
                    participants=participants,
                    reported_by=actor,
                    reported_at=now,
                )
        except IntegrityError:
            first = RoundUpReport.objects.get(programme=programme, month=month)
            raise DomainError(_already(month, first), field="month") from None
        gift = services_gifts.pledge_round_up(report, actor=actor, now=now)
        log_action(
            actor=actor,
            action="fund.round_up_reported",
            obj=programme,
            after={
                "month": month.isoformat(),
                "amount": f"{total} {programme.currency}",
                "participants": participants,
                "campaign": gift.campaign_id,
            },
        )
    return report


def _already(month, first):
    return _(
        "The total of %(month)s was already reported on %(date)s: a month is reported once. "
        "Ask a treasurer if it must be corrected."
    ) % {
        "month": date_format(month, "YEAR_MONTH_FORMAT"),
        "date": date_format(timezone.localtime(first.reported_at), "DATE_FORMAT"),
    }


def gift_of(report):
    return Gift.objects.filter(round_up=report).first()

"""The foundation and its campaigns: creating the foundation and changing its settings,
a campaign for the board's funding needs, opening it, its news, and closing it.

Closing follows the campaign's mode. Keep what is raised: the campaign is closed (or
its goal reached). All or nothing: when the money received and matched misses the
goal, every received gift is refunded and every promise cancelled, and the donors are
told by e-mail once the change is saved. Promises never count towards the goal.

Each change runs in one transaction, locks the rows it changes, and records itself in
the collective's log by codes, dates, amounts and ids, never a donor's name.
"""

import logging
from datetime import timedelta

from django.db import transaction
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from stdnum import bic as stdnum_bic
from stdnum import iban as stdnum_iban
from stdnum.exceptions import ValidationError

from maillage.audit.services import log_action
from maillage.collectives.models import Membership
from maillage.core.changes import clean_line, lock_at_version
from maillage.core.errors import DomainError
from maillage.core.payments import is_qr_iban
from maillage.projects.models import Need, NeedKind

from . import emails_campaigns, ledger, services_gifts
from .models import (
    Campaign,
    CampaignNeed,
    CampaignNews,
    CampaignStatus,
    Currency,
    Foundation,
    FrenchStatus,
    FundingMode,
    Gift,
    GiftStatus,
    Provider,
)
from .money import check_amount, check_currency

logger = logging.getLogger(__name__)

TITLE_MAX = 200
TEXT_MAX = 20000
# A campaign runs at most this long: longer ones are typing errors (a year of 20260).
LONGEST = timedelta(days=3 * 366)
GOAL_MAX = 10_000_000


def _today(now=None):
    return timezone.localdate(now or timezone.now())


# ------------------------------------------------------------------ the foundation


def create_foundation(*, actor, collective, name, purpose="", address=""):
    """The collective's foundation (one per collective); its coordinators run it."""
    name = clean_line(
        name, field="name", max_length=TITLE_MAX, empty_message=_("Give the foundation a name.")
    )
    with transaction.atomic():
        type(collective).objects.select_for_update().get(pk=collective.pk)
        if Foundation.objects.filter(collective=collective).exists():
            raise DomainError(
                _("This collective already has its foundation: change its settings instead."),
                code="exists",
            )
        foundation = Foundation.objects.create(
            collective=collective,
            name=name,
            purpose=(purpose or "").strip()[:TEXT_MAX],
            address=(address or "").strip(),
            creditor_name=name[:70],
        )
        log_action(actor=actor, action="fund.foundation_created", obj=foundation, after={})
    return foundation


def _iban(value, *, field, currency):
    compact = "".join(str(value or "").split()).upper()
    if not compact:
        return ""
    try:
        compact = stdnum_iban.validate(compact)
    except ValidationError:
        raise DomainError(
            _("This IBAN is not valid: check it against the bank's statement."), field=field
        ) from None
    if is_qr_iban(compact) and currency != Currency.CHF:
        raise DomainError(
            _("A QR-IBAN receives francs only (Swiss QR-bill): give the account's ordinary IBAN."),
            field=field,
        )
    if currency == Currency.CHF and compact[:2] not in ("CH", "LI"):
        raise DomainError(
            _("A Swiss QR-bill needs a Swiss or Liechtenstein account (IBAN starting CH or LI)."),
            field=field,
        )
    return compact


def _bic(value):
    compact = "".join(str(value or "").split()).upper()
    if not compact:
        return ""
    try:
        return stdnum_bic.validate(compact)
    except ValidationError:
        raise DomainError(
            _("This BIC is not valid: it has 8 or 11 letters and digits."), field="bic_eur"
        ) from None


def _treasurers(foundation, people):
    people = list(people or [])
    members = Membership.objects.member_ids(foundation.collective)
    outsider = next((person for person in people if person.pk not in members), None)
    if outsider is not None:
        raise DomainError(
            _("Treasurers are chosen among the collective's current members."),
            field="treasurers",
        )
    return people


FOUNDATION_FIELDS = (
    "name",
    "purpose",
    "address",
    "public",
    "fr_receipts",
    "fr_status",
    "ch_certificates",
    "ch_exemption",
    "signatory",
    "creditor_name",
    "creditor_address",
    "iban_chf",
    "iban_eur",
    "bic_eur",
    "provider",
)


def _foundation_values(foundation):
    values = {name: getattr(foundation, name) for name in FOUNDATION_FIELDS}
    # Never the provider's key itself: only whether there is one.
    values["provider_key_set"] = bool(foundation.provider_key)
    values["treasurers"] = sorted(foundation.treasurers.values_list("pk", flat=True))
    return values


def change_foundation(
    *,
    actor,
    foundation,
    version=None,
    name,
    purpose="",
    address="",
    public=False,
    fr_receipts=False,
    fr_status=FrenchStatus.GENERAL_INTEREST,
    ch_certificates=False,
    ch_exemption="",
    signatory="",
    creditor_name="",
    creditor_address="",
    iban_chf="",
    iban_eur="",
    bic_eur="",
    provider="",
    provider_key=None,
    treasurers=(),
):
    """The foundation's settings. ``provider_key`` None keeps the key it has."""
    name = clean_line(
        name, field="name", max_length=TITLE_MAX, empty_message=_("Give the foundation a name.")
    )
    iban_chf = _iban(iban_chf, field="iban_chf", currency=Currency.CHF)
    iban_eur = _iban(iban_eur, field="iban_eur", currency=Currency.EUR)
    bic_eur = _bic(bic_eur)
    creditor_name = clean_line(creditor_name, field="creditor_name", max_length=70)
    if (iban_chf or iban_eur) and not creditor_name:
        raise DomainError(
            _("Give the account holder's name: the payment details show it."),
            field="creditor_name",
        )
    if fr_status not in FrenchStatus.values:
        raise DomainError(_("Choose the foundation's status."), field="fr_status")
    if provider not in Provider.values:
        raise DomainError(_("Choose a payment provider from the list."), field="provider")
    if fr_receipts and not (address or "").strip():
        raise DomainError(
            _("French tax receipts need the foundation's postal address."), field="address"
        )
    with transaction.atomic():
        foundation = lock_at_version(Foundation, foundation.pk, version)
        people = _treasurers(foundation, treasurers)
        key = foundation.provider_key if provider_key is None else provider_key.strip()
        if provider and not key:
            raise DomainError(
                _("Give the provider's API key, or choose no provider."), field="provider_key"
            )
        before = _foundation_values(foundation)
        foundation.name = name
        foundation.purpose = (purpose or "").strip()[:TEXT_MAX]
        foundation.address = (address or "").strip()
        foundation.public = bool(public)
        foundation.fr_receipts = bool(fr_receipts)
        foundation.fr_status = fr_status
        foundation.ch_certificates = bool(ch_certificates)
        foundation.ch_exemption = clean_line(ch_exemption, max_length=300)
        foundation.signatory = clean_line(signatory, max_length=200)
        foundation.creditor_name = creditor_name
        foundation.creditor_address = (creditor_address or "").strip()
        foundation.iban_chf = iban_chf
        foundation.iban_eur = iban_eur
        foundation.bic_eur = bic_eur
        foundation.provider = provider
        foundation.provider_key = key if provider else ""
        foundation.version += 1
        foundation.save()
        foundation.treasurers.set(people)
        after = _foundation_values(foundation)
        changed = [field for field in after if after[field] != before[field]]
        log_action(
            actor=actor,
            action="fund.foundation_changed",
            obj=foundation,
            before={field: before[field] for field in changed},
            after={field: after[field] for field in changed},
        )
    return foundation


# ------------------------------------------------------------------ campaigns


def funding_needs(foundation, currency=None):
    """The board's funding needs a campaign of ``foundation`` may raise money for: open
    (neither met nor given up), of a live project of its collective."""
    needs = Need.objects.filter(
        project__collective_id=foundation.collective_id,
        project__archived_at=None,
        kind=NeedKind.FUNDING,
        met_at=None,
        archived_at=None,
    ).select_related("project")
    if currency:
        needs = needs.filter(currency=currency)
    return needs.order_by("project__title", "pk")


def _needs(foundation, needs, currency):
    needs = list(needs or [])
    if not needs:
        raise DomainError(
            _("Choose at least one funding need of the projects' board."), field="needs"
        )
    allowed = set(funding_needs(foundation).values_list("pk", flat=True))
    for need in needs:
        if need.pk not in allowed:
            raise DomainError(
                _("Choose open funding needs of this collective's projects."), field="needs"
            )
        if need.currency != currency:
            raise DomainError(
                _("Every need of the campaign is in %(currency)s, the campaign's currency.")
                % {"currency": currency},
                field="needs",
            )
    return needs


def _dates(starts_on, ends_on):
    if starts_on is None:
        raise DomainError(_("Give the campaign's first day."), field="starts_on")
    if ends_on is None:
        raise DomainError(_("Give the campaign's last day."), field="ends_on")
    if ends_on < starts_on:
        raise DomainError(_("The campaign ends on or after the day it starts."), field="ends_on")
    if ends_on - starts_on > LONGEST:
        raise DomainError(_("A campaign lasts three years at most."), field="ends_on")


def _campaign_values(campaign):
    return {
        "title": campaign.title,
        "goal": f"{campaign.goal} {campaign.currency}",
        "currency": campaign.currency,
        "mode": campaign.mode,
        "starts_on": campaign.starts_on.isoformat(),
        "ends_on": campaign.ends_on.isoformat(),
        "status": campaign.status,
        "needs": sorted(campaign.campaign_needs.values_list("need_id", flat=True)),
    }


def create_campaign(
    *,
    actor,
    foundation,
    title,
    needs,
    currency,
    starts_on,
    ends_on,
    mode=FundingMode.KEEP,
    goal=None,
    description="",
):
    """A draft campaign for ``needs`` (funding needs of the board, in ``currency``);
    its goal is their sum unless given."""
    title = clean_line(
        title, field="title", max_length=TITLE_MAX, empty_message=_("Give the campaign a title.")
    )
    currency = check_currency(currency)
    if mode not in FundingMode.values:
        raise DomainError(_("Choose how the campaign ends."), field="mode")
    _dates(starts_on, ends_on)
    with transaction.atomic():
        foundation = Foundation.objects.select_for_update().get(pk=foundation.pk)
        needs = _needs(foundation, needs, currency)
        if goal in (None, ""):
            goal = sum((need.amount for need in needs), start=0)
        goal = check_amount(goal, field="goal", maximum=GOAL_MAX)
        campaign = Campaign.objects.create(
            foundation=foundation,
            title=title,
            description=(description or "").strip()[:TEXT_MAX],
            goal=goal,
            currency=currency,
            starts_on=starts_on,
            ends_on=ends_on,
            mode=mode,
            created_by=actor,
        )
        CampaignNeed.objects.bulk_create(
            CampaignNeed(campaign=campaign, need=need) for need in needs
        )
        log_action(
            actor=actor,
            action="fund.campaign_created",
            obj=campaign,
            after=_campaign_values(campaign),
        )
    return campaign


def change_campaign(
    *,
    actor,
    campaign,
    version=None,
    title,
    description="",
    goal,
    starts_on,
    ends_on,
    mode=None,
    needs=None,
    now=None,
):
    """A campaign's title, text, goal and dates. A draft may change everything; an open
    campaign keeps its needs, mode and first day (donors gave on those terms), and its
    last day may not be put in the past."""
    title = clean_line(
        title, field="title", max_length=TITLE_MAX, empty_message=_("Give the campaign a title.")
    )
    _dates(starts_on, ends_on)
    goal = check_amount(goal, field="goal", maximum=GOAL_MAX)
    with transaction.atomic():
        campaign = lock_at_version(Campaign, campaign.pk, version)
        if campaign.status not in (CampaignStatus.DRAFT, CampaignStatus.OPEN):
            raise DomainError(_("A closed campaign no longer changes."), code="state")
        before = _campaign_values(campaign)
        if campaign.status == CampaignStatus.OPEN:
            if starts_on != campaign.starts_on or (mode is not None and mode != campaign.mode):
                raise DomainError(
                    _(
                        "The campaign is open: its first day and its mode stay as the donors "
                        "knew them."
                    ),
                    field="starts_on" if starts_on != campaign.starts_on else "mode",
                )
            if ends_on < _today(now):
                raise DomainError(
                    _("The last day cannot be in the past: close the campaign instead."),
                    field="ends_on",
                )
        else:
            if mode is not None:
                if mode not in FundingMode.values:
                    raise DomainError(_("Choose how the campaign ends."), field="mode")
                campaign.mode = mode
            if needs is not None:
                chosen = _needs(campaign.foundation, needs, campaign.currency)
                campaign.campaign_needs.exclude(need__in=chosen).delete()
                have = set(campaign.campaign_needs.values_list("need_id", flat=True))
                CampaignNeed.objects.bulk_create(
                    CampaignNeed(campaign=campaign, need=need)
                    for need in chosen
                    if need.pk not in have
                )
        campaign.title = title
        campaign.description = (description or "").strip()[:TEXT_MAX]
        campaign.goal = goal
        campaign.starts_on = starts_on
        campaign.ends_on = ends_on
        campaign.version += 1
        campaign.save()
        after = _campaign_values(campaign)
        changed = [field for field in after if after[field] != before[field]]
        log_action(
            actor=actor,
            action="fund.campaign_changed",
            obj=campaign,
            before={field: before[field] for field in changed},
            after={field: after[field] for field in changed},
        )
    return campaign


def open_campaign(*, actor, campaign, version=None, now=None):
    """A draft campaign opens: its public page shows, gifts are taken from its first
    day."""
    with transaction.atomic():
        campaign = lock_at_version(Campaign, campaign.pk, version)
        if campaign.status != CampaignStatus.DRAFT:
            raise DomainError(_("Only a draft campaign can be opened."), code="state")
        if not campaign.campaign_needs.exists():
            raise DomainError(_("Choose the campaign's funding needs before opening it."))
        if campaign.ends_on < _today(now):
            raise DomainError(
                _("The campaign's last day has passed: change its dates first."), field="ends_on"
            )
        campaign.status = CampaignStatus.OPEN
        campaign.version += 1
        campaign.save(update_fields=["status", "version"])
        log_action(
            actor=actor,
            action="fund.campaign_opened",
            obj=campaign,
            before={"status": CampaignStatus.DRAFT},
            after={"status": campaign.status},
        )
    return campaign


def add_news(*, actor, campaign, project, title, body, now=None):
    """News from one of the campaign's projects, shown on its page."""
    title = clean_line(
        title, field="title", max_length=TITLE_MAX, empty_message=_("Give the news a title.")
    )
    body = (body or "").strip()
    if not body:
        raise DomainError(_("Write the news."), field="body")
    if len(body) > TEXT_MAX:
        raise DomainError(
            _("The news is at most %(count)d characters.") % {"count": TEXT_MAX}, field="body"
        )
    with transaction.atomic():
        campaign = Campaign.objects.select_for_update().get(pk=campaign.pk)
        if project is None or project not in services_gifts.projects_of(campaign):
            raise DomainError(_("Choose one of the campaign's projects."), field="project")
        news = CampaignNews.objects.create(
            campaign=campaign,
            project=project,
            title=title,
            body=body,
            published_at=now or timezone.now(),
            author=actor,
        )
        log_action(
            actor=actor,
            action="fund.news_added",
            obj=campaign,
            after={"news": news.pk, "project": project.pk},
        )
    return news


# ------------------------------------------------------------------ closing


def reached(campaign):
    """Whether the money received and matched for ``campaign`` meets its goal (promises
    do not count)."""
    figures = ledger.figures(campaign.foundation, campaign=campaign)
    return figures.received + figures.matched >= campaign.goal


def close_campaign(*, actor, campaign, version=None, early=False, now=None):
    """Close ``campaign`` on or after its last day (before it, only with ``early``, a
    coordinator's choice). All or nothing and the goal missed: every received gift is
    refunded, every promise cancelled, and their donors told by e-mail."""
    now = now or timezone.now()
    today = _today(now)
    told = []
    with transaction.atomic():
        campaign = lock_at_version(Campaign, campaign.pk, version)
        if campaign.status != CampaignStatus.OPEN:
            raise DomainError(_("Only an open campaign can be closed."), code="state")
        if today <= campaign.ends_on and not early:
            raise DomainError(
                _("The campaign runs until %(date)s: confirm that you close it before its end.")
                % {"date": date_format(campaign.ends_on, "DATE_FORMAT")},
                field="early",
            )
        goal_met = reached(campaign)
        if goal_met:
            status = CampaignStatus.SUCCEEDED
        elif campaign.mode == FundingMode.ALL_OR_NOTHING:
            status = CampaignStatus.FAILED
        else:
            status = CampaignStatus.CLOSED
        refunded = cancelled = 0
        if status == CampaignStatus.FAILED:
            reason = _("The campaign missed its goal.")
            gifts = Gift.objects.filter(
                campaign=campaign, status__in=(GiftStatus.RECEIVED, GiftStatus.PLEDGED)
            ).select_related("donor")
            for gift in gifts.order_by("pk"):
                if gift.status == GiftStatus.RECEIVED:
                    services_gifts.refund_gift(actor=actor, gift=gift, reason=reason, now=now)
                    refunded += 1
                else:
                    services_gifts.cancel_pledge(actor=actor, gift=gift, reason=reason, now=now)
                    cancelled += 1
                if gift.donor is not None and gift.donor.email and gift.donor.erased_at is None:
                    told.append((gift.donor.email, gift.pk))
        campaign.status = status
        campaign.closed_at = now
        campaign.version += 1
        campaign.save(update_fields=["status", "closed_at", "version"])
        log_action(
            actor=actor,
            action="fund.campaign_closed",
            obj=campaign,
            before={"status": CampaignStatus.OPEN},
            after={
                "status": status,
                "early": bool(today <= campaign.ends_on),
                "refunded": refunded,
                "cancelled": cancelled,
            },
        )
        if told:
            campaign_pk = campaign.pk
            transaction.on_commit(lambda: emails_campaigns.tell_failed(campaign_pk, told))
    return campaign


def close_due_campaigns(now=None):
    """Close every open campaign whose last day has passed (a periodic task calls it).
    Returns the campaigns closed; one that cannot be closed (a receipt covers a gift to
    refund) is left open and logged, the others are closed."""
    now = now or timezone.now()
    closed = []
    due = Campaign.objects.filter(status=CampaignStatus.OPEN, ends_on__lt=_today(now))
    for campaign in due.order_by("pk"):
        try:
            closed.append(close_campaign(actor=None, campaign=campaign, now=now))
        except DomainError as refused:
            logger.warning("campaign %s not closed: %s", campaign.pk, refused.message)
    return closed

"""Staff lending between members and skills sponsorship offers of an employer group.

- **Staff lending** (prêt de main-d'œuvre à but non lucratif, Code du travail
  L8241-2): a member lends an employee to another member for a while; the borrower pays
  the lender back exactly the wages, charges and costs of the hours lent, nothing more
  (``lending_cost``). A member who acts for the lender may propose one (a draft); the
  coordinators sign it, and end it.
- **Skills sponsorship** (mécénat de compétences): an organisation of the collective,
  member of the group or not, offers a number of hours of a skill; the coordinators
  give it to a member and close it (done or withdrawn).

Each change runs in one transaction, locks the row it changes and records itself in
the collective's log (by numbers and codes, never a person's name).
"""

from dataclasses import dataclass
from decimal import Decimal

from django.db import transaction
from django.utils.translation import gettext as _

from maillage.audit.services import log_action
from maillage.core.changes import clean_line, lock_at_version
from maillage.core.errors import DomainError

from .models import AgreementStatus, Group, LendingAgreement, OfferStatus, SponsorshipOffer

COST_MAX = Decimal("1000")
SPONSORSHIP_HOURS_MAX = 10_000
DESCRIPTION_MAX = 5000
CENT = Decimal("0.01")


# ------------------------------------------------------------------- the cost


@dataclass
class LendingCost:
    """What a lending agreement costs over its dates: the borrower pays the lender
    ``amount`` = ``weeks`` × ``hours_per_week`` × ``hourly_cost``."""

    days: int
    weeks: Decimal
    hours: Decimal
    amount: Decimal
    payer: object
    payee: object


def lending_weeks(starts_on, ends_on):
    """The weeks from ``starts_on`` to ``ends_on``, both days included (days ÷ 7)."""
    days = (ends_on - starts_on).days + 1
    return days, Decimal(days) / 7


def lending_cost(lending):
    days, weeks = lending_weeks(lending.starts_on, lending.ends_on)
    hours = weeks * lending.hours_per_week
    return LendingCost(
        days=days,
        weeks=weeks.quantize(CENT),
        hours=hours.quantize(CENT),
        amount=(hours * lending.hourly_cost).quantize(CENT),
        payer=lending.borrower,
        payee=lending.lender,
    )


# ------------------------------------------------------------------- staff lending


def _is_coordinator(actor, group):
    return actor.has_perm("employers.manage_group", group)


def _member(group, employer, field):
    if employer is None or employer.group_id != group.pk or employer.left_on is not None:
        raise DomainError(_("Choose a member employer of the group."), field=field)
    return employer


def _lending_fields(
    group, *, lender, borrower, post, starts_on, ends_on, hours_per_week, hourly_cost, support
):
    lender = _member(group, lender, "lender")
    borrower = _member(group, borrower, "borrower")
    if lender.pk == borrower.pk:
        raise DomainError(_("A member cannot lend staff to itself."), field="borrower")
    post = clean_line(
        post, field="post", max_length=200, empty_message=_("Say which post is lent.")
    )
    if starts_on is None:
        raise DomainError(_("Give the first day of the lending."), field="starts_on")
    if ends_on is None:
        raise DomainError(_("Give the last day of the lending."), field="ends_on")
    if ends_on < starts_on:
        raise DomainError(_("An agreement cannot end before it starts."), field="ends_on")
    if hours_per_week is None or not 0 < hours_per_week <= group.target_hours:
        raise DomainError(
            _("Give the hours a week: more than 0 and at most the full time (%(full)s h).")
            % {"full": group.target_hours.normalize()},
            field="hours_per_week",
        )
    if hourly_cost is None or not 0 < hourly_cost <= COST_MAX:
        raise DomainError(
            _("Give the wages and charges an hour: more than 0 and at most %(max)s.")
            % {"max": COST_MAX},
            field="hourly_cost",
        )
    support = clean_line(support, field="support", max_length=300)
    return {
        "lender": lender,
        "borrower": borrower,
        "post": post,
        "starts_on": starts_on,
        "ends_on": ends_on,
        "hours_per_week": Decimal(hours_per_week).quantize(Decimal("0.1")),
        "hourly_cost": Decimal(hourly_cost).quantize(CENT),
        "support": support,
    }


def _lending_summary(lending):
    return {
        "lender": lending.lender_id,
        "borrower": lending.borrower_id,
        "post": lending.post,
        "starts_on": lending.starts_on,
        "ends_on": lending.ends_on,
        "hours_per_week": lending.hours_per_week,
        "hourly_cost": lending.hourly_cost,
        "support": lending.support,
        "status": lending.status,
    }


def _may_propose(actor, group, lender):
    """Coordinators, or someone who acts for the lender (who proposes a draft)."""
    if _is_coordinator(actor, group):
        return
    if lender is None or not actor.has_perm("employers.act_for_employer", lender):
        raise DomainError(
            _("You may propose a lending only as the member that lends."), field="lender"
        )


@transaction.atomic
def add_lending(
    *,
    actor,
    group,
    lender,
    borrower,
    post,
    starts_on,
    ends_on,
    hours_per_week,
    hourly_cost,
    support="",
):
    """A new staff lending agreement between two members, as a draft."""
    _may_propose(actor, group, lender)
    fields = _lending_fields(
        group,
        lender=lender,
        borrower=borrower,
        post=post,
        starts_on=starts_on,
        ends_on=ends_on,
        hours_per_week=hours_per_week,
        hourly_cost=hourly_cost,
        support=support,
    )
    Group.objects.select_for_update().get(pk=group.pk)  # one identical submission
    same = {key: fields[key] for key in ("lender", "borrower", "post", "starts_on")}
    if group.lendings.filter(**same).exclude(status=AgreementStatus.ENDED).exists():
        raise DomainError(_("This lending agreement is already recorded."))
    lending = LendingAgreement.objects.create(group=group, created_by=actor, **fields)
    log_action(
        actor=actor,
        action="employers.lending_added",
        obj=lending,
        collective=group.collective,
        after=_lending_summary(lending),
    )
    return lending


def _locked(lending, version):
    return lock_at_version(
        LendingAgreement.objects.select_related("group__collective", "lender", "borrower"),
        lending.pk,
        version,
        of=("self",),
    )


@transaction.atomic
def change_lending(
    *,
    actor,
    lending,
    version,
    lender,
    borrower,
    post,
    starts_on,
    ends_on,
    hours_per_week,
    hourly_cost,
    support="",
):
    """Change a draft agreement (a signed one is ended, not changed)."""
    locked = _locked(lending, version)
    if locked.status != AgreementStatus.DRAFT:
        raise DomainError(_("A signed or ended agreement cannot be changed."))
    group = locked.group
    _may_propose(actor, group, locked.lender)
    _may_propose(actor, group, lender)
    before = _lending_summary(locked)
    fields = _lending_fields(
        group,
        lender=lender,
        borrower=borrower,
        post=post,
        starts_on=starts_on,
        ends_on=ends_on,
        hours_per_week=hours_per_week,
        hourly_cost=hourly_cost,
        support=support,
    )
    for name, value in fields.items():
        setattr(locked, name, value)
    locked.version += 1
    locked.save()
    log_action(
        actor=actor,
        action="employers.lending_changed",
        obj=locked,
        collective=group.collective,
        before=before,
        after=_lending_summary(locked),
    )
    return locked


@transaction.atomic
def sign_lending(*, actor, lending, version=None):
    """The coordinators sign a draft agreement."""
    locked = _locked(lending, version)
    if not _is_coordinator(actor, locked.group):
        raise DomainError(_("Only the coordinators sign a lending agreement."))
    if locked.status != AgreementStatus.DRAFT:
        raise DomainError(_("This agreement is already signed or ended."))
    locked.status = AgreementStatus.SIGNED
    locked.version += 1
    locked.save(update_fields=["status", "version"])
    log_action(
        actor=actor,
        action="employers.lending_signed",
        obj=locked,
        collective=locked.group.collective,
        after={"status": locked.status},
    )
    return locked


@transaction.atomic
def end_lending(*, actor, lending, version=None, ends_on=None):
    """End an agreement (a draft is dropped, a signed one stops), on ``ends_on`` when
    it stops before its planned last day."""
    locked = _locked(lending, version)
    if not _is_coordinator(actor, locked.group):
        raise DomainError(_("Only the coordinators end a lending agreement."))
    if locked.status == AgreementStatus.ENDED:
        raise DomainError(_("This agreement has already ended."))
    before = {"status": locked.status, "ends_on": locked.ends_on}
    if ends_on is not None:
        if not locked.starts_on <= ends_on <= locked.ends_on:
            raise DomainError(
                _("The last day must fall between the agreement's first and last days."),
                field="ends_on",
            )
        locked.ends_on = ends_on
    locked.status = AgreementStatus.ENDED
    locked.version += 1
    locked.save(update_fields=["status", "ends_on", "version"])
    log_action(
        actor=actor,
        action="employers.lending_ended",
        obj=locked,
        collective=locked.group.collective,
        before=before,
        after={"status": locked.status, "ends_on": locked.ends_on},
    )
    return locked


# ------------------------------------------------------------------- sponsorship


def _sponsorship_fields(group, *, sponsor, skill, hours, starts_on, ends_on, description):
    collective = group.collective
    if sponsor is None or not collective.organisations.filter(pk=sponsor.pk).exists():
        raise DomainError(_("Choose an organisation of the collective."), field="sponsor")
    skill = clean_line(
        skill, field="skill", max_length=200, empty_message=_("Say which skill is offered.")
    )
    if hours is None or not 0 < hours <= SPONSORSHIP_HOURS_MAX:
        raise DomainError(
            _("Give the hours offered, between 1 and %(max)s.") % {"max": SPONSORSHIP_HOURS_MAX},
            field="hours",
        )
    if starts_on is None:
        raise DomainError(_("Give the first day of the offer."), field="starts_on")
    if ends_on is not None and ends_on < starts_on:
        raise DomainError(_("An offer cannot end before it starts."), field="ends_on")
    description = (description or "").strip()
    if len(description) > DESCRIPTION_MAX:
        raise DomainError(
            _("%(max)s characters at most (this one has %(count)s).")
            % {"max": DESCRIPTION_MAX, "count": len(description)},
            field="description",
        )
    return {
        "sponsor": sponsor,
        "skill": skill,
        "hours": hours,
        "starts_on": starts_on,
        "ends_on": ends_on,
        "description": description,
    }


def _sponsorship_summary(offer):
    return {
        "sponsor": offer.sponsor_id,
        "skill": offer.skill,
        "hours": offer.hours,
        "starts_on": offer.starts_on,
        "ends_on": offer.ends_on,
        "beneficiary": offer.beneficiary_id,
        "status": offer.status,
    }


def _coordinators_only(actor, group):
    if not _is_coordinator(actor, group):
        raise DomainError(_("Only the coordinators manage sponsorship offers."))


@transaction.atomic
def add_sponsorship(
    *, actor, group, sponsor, skill, hours, starts_on, ends_on=None, description=""
):
    """A new skills sponsorship offer, open to the group's members."""
    _coordinators_only(actor, group)
    fields = _sponsorship_fields(
        group,
        sponsor=sponsor,
        skill=skill,
        hours=hours,
        starts_on=starts_on,
        ends_on=ends_on,
        description=description,
    )
    Group.objects.select_for_update().get(pk=group.pk)  # one identical submission
    same = {key: fields[key] for key in ("sponsor", "skill", "starts_on")}
    if group.sponsorships.filter(**same).exclude(status=OfferStatus.WITHDRAWN).exists():
        raise DomainError(_("This sponsorship offer is already recorded."))
    offer = SponsorshipOffer.objects.create(group=group, created_by=actor, **fields)
    log_action(
        actor=actor,
        action="employers.sponsorship_added",
        obj=offer,
        collective=group.collective,
        after=_sponsorship_summary(offer),
    )
    return offer


def _locked_offer(offer):
    return (
        SponsorshipOffer.objects.select_for_update(of=("self",))
        .select_related("group__collective")
        .get(pk=offer.pk)
    )


@transaction.atomic
def change_sponsorship(
    *, actor, offer, sponsor, skill, hours, starts_on, ends_on=None, description=""
):
    """Change an open or agreed offer."""
    locked = _locked_offer(offer)
    _coordinators_only(actor, locked.group)
    if locked.status not in (OfferStatus.OPEN, OfferStatus.AGREED):
        raise DomainError(_("A closed offer cannot be changed."))
    before = _sponsorship_summary(locked)
    fields = _sponsorship_fields(
        locked.group,
        sponsor=sponsor,
        skill=skill,
        hours=hours,
        starts_on=starts_on,
        ends_on=ends_on,
        description=description,
    )
    for name, value in fields.items():
        setattr(locked, name, value)
    locked.save()
    log_action(
        actor=actor,
        action="employers.sponsorship_changed",
        obj=locked,
        collective=locked.group.collective,
        before=before,
        after=_sponsorship_summary(locked),
    )
    return locked


@transaction.atomic
def assign_sponsorship(*, actor, offer, beneficiary):
    """Give an open offer to a member employer (it is then agreed); ``None`` opens it
    again."""
    locked = _locked_offer(offer)
    group = locked.group
    _coordinators_only(actor, group)
    if locked.status not in (OfferStatus.OPEN, OfferStatus.AGREED):
        raise DomainError(_("A closed offer cannot be given to a member."))
    if beneficiary is not None:
        _member(group, beneficiary, "beneficiary")
    before = {"beneficiary": locked.beneficiary_id, "status": locked.status}
    locked.beneficiary = beneficiary
    locked.status = OfferStatus.OPEN if beneficiary is None else OfferStatus.AGREED
    locked.save(update_fields=["beneficiary", "status"])
    log_action(
        actor=actor,
        action="employers.sponsorship_assigned",
        obj=locked,
        collective=group.collective,
        before=before,
        after={"beneficiary": locked.beneficiary_id, "status": locked.status},
    )
    return locked


@transaction.atomic
def close_sponsorship(*, actor, offer, status):
    """Close an offer: done (given to a member, who had the hours) or withdrawn."""
    locked = _locked_offer(offer)
    _coordinators_only(actor, locked.group)
    if status not in (OfferStatus.DONE, OfferStatus.WITHDRAWN):
        raise DomainError(_("Choose how the offer ends: done or withdrawn."), field="status")
    if locked.status not in (OfferStatus.OPEN, OfferStatus.AGREED):
        raise DomainError(_("This offer is already closed."))
    if status == OfferStatus.DONE and locked.beneficiary_id is None:
        raise DomainError(_("Give the offer to a member before saying it is done."), field="status")
    before = {"status": locked.status}
    locked.status = status
    locked.save(update_fields=["status"])
    log_action(
        actor=actor,
        action="employers.sponsorship_closed",
        obj=locked,
        collective=locked.group.collective,
        before=before,
        after={"status": locked.status},
    )
    return locked

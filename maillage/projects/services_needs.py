"""Every change to a project's needs (funding, volunteers, partners sought) and to the
volunteers' sign-ups; recorded under the project, like every change of services.py."""

from decimal import Decimal, InvalidOperation

from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from maillage.audit.services import log_action
from maillage.collectives.models import Membership
from maillage.core.changes import clean_line
from maillage.core.errors import DomainError

from .models import Currency, Need, NeedKind, VolunteerSignup

# The largest amount a need may ask for (the column holds 12 digits, 2 after the point).
MAX_AMOUNT = Decimal("9999999999.99")


# ------------------------------------------------------------------------------- needs


def parse_amount(value):
    """An amount typed by a person: "12 000", "12'000.50" or "12000,5"; positive."""
    if value in (None, ""):
        raise DomainError(_("Give the amount sought."), field="amount")
    text = str(value).strip().replace("\u202f", "").replace("\xa0", "")
    text = text.replace(" ", "").replace("'", "").replace("’", "").replace(",", ".")
    try:
        amount = Decimal(text)
    except InvalidOperation:
        raise DomainError(
            _("“%(value)s” is not an amount: write a number, e.g. 12000 or 12 000.50.")
            % {"value": value},
            field="amount",
        ) from None
    if not amount.is_finite() or amount <= 0:
        raise DomainError(_("The amount must be more than zero."), field="amount")
    if amount > MAX_AMOUNT or amount != amount.quantize(Decimal("0.01")):
        raise DomainError(
            _("The amount must be under ten billion, with at most two decimals."), field="amount"
        )
    return amount


@transaction.atomic
def add_need(*, actor, project, kind, description, amount=None, currency="", approached=""):
    if kind not in NeedKind.values:
        raise DomainError(_("Choose what kind of need it is."), field="kind")
    description = description.strip()
    if not description:
        raise DomainError(_("Say what is needed and what for."), field="description")
    if kind == NeedKind.FUNDING:
        amount = parse_amount(amount)
        if currency not in Currency.values:
            raise DomainError(
                _("Unknown currency “%(currency)s”: choose CHF or EUR.") % {"currency": currency},
                field="currency",
            )
    else:
        amount, currency = None, ""
    need = Need.objects.create(
        project=project,
        kind=kind,
        description=description,
        amount=amount,
        currency=currency,
        approached=approached.strip(),
    )
    log_action(
        actor=actor,
        action="projects.need_added",
        obj=project,
        after={
            "need": kind,
            "description": description,
            "amount": f"{amount} {currency}" if amount else None,
        },
    )
    return need


@transaction.atomic
def close_need(*, actor, need, met=True):
    """The need is met (or given up): it leaves the board, and stays in the history."""
    need = Need.objects.select_for_update().get(pk=need.pk)
    if not need.is_open:
        raise DomainError(_("This need is already closed."))
    if met:
        need.met_at = timezone.now()
    else:
        need.archived_at = timezone.now()
    need.save()
    project = need.project
    log_action(
        actor=actor,
        action="projects.need_closed",
        obj=project,
        after={"need": need.description, "met": met},
    )
    return need


@transaction.atomic
def volunteer(*, actor, need, message=""):
    """A member signs up for a call for volunteers; the pilots see who."""
    need = Need.objects.select_related("project__collective").get(pk=need.pk)
    project = need.project
    if need.kind != NeedKind.VOLUNTEERS:
        raise DomainError(_("This need is not a call for volunteers."))
    if not need.is_open:
        raise DomainError(_("This call for volunteers is closed."))
    if not Membership.objects.active().filter(collective=project.collective, user=actor).exists():
        raise DomainError(_("Only members of the collective can sign up."))
    if VolunteerSignup.objects.filter(need=need, user=actor, withdrawn_at=None).exists():
        raise DomainError(_("You have already signed up for this call."), code="twice")
    try:
        with transaction.atomic():
            signup = VolunteerSignup.objects.create(
                need=need, user=actor, message=clean_line(message)[:300]
            )
    except IntegrityError:
        raise DomainError(_("You have already signed up for this call."), code="twice") from None
    log_action(
        actor=actor,
        action="projects.volunteer_signed_up",
        obj=project,
        after={"need": need.description, "volunteer": str(actor)},
    )
    return signup


@transaction.atomic
def withdraw(*, actor, signup):
    if signup.user_id != actor.pk:
        raise DomainError(_("Only the volunteer can withdraw their sign-up."))
    if signup.withdrawn_at:
        raise DomainError(_("This sign-up is already withdrawn."))
    signup.withdrawn_at = timezone.now()
    signup.save(update_fields=["withdrawn_at"])
    project = signup.need.project
    log_action(
        actor=actor,
        action="projects.volunteer_withdrew",
        obj=project,
        after={"need": signup.need.description, "volunteer": str(actor)},
    )
    return signup

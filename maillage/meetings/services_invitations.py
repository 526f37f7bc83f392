"""Who is invited and their answers: the list of invited people, the invitations and
reminders sent, the answers (RSVP), and taking someone off the list."""

from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from maillage.audit.services import log_action
from maillage.collectives.models import Membership
from maillage.core.changes import clean_line
from maillage.core.dates import FIRST_DAY, LAST_DAY
from maillage.core.errors import DomainError
from maillage.core.feeds import CannotWrite
from maillage.core.mail import queue_email
from maillage.core.typography import one_line

from .models import (
    Invitee,
    Minutes,
    Rsvp,
)
from .services_common import (
    _calendar_attachments,
    _invitee_context,
    _locked,
)


def _check_calendar(meeting):
    """Invitations are refused for a meeting whose dates no calendar can hold: without
    its calendar file an invitation is half an invitation, and such a date is a typo."""
    try:
        meeting.calendar_times()
    except CannotWrite:
        raise DomainError(
            _(
                "The date of this meeting cannot be written in a calendar: correct it to a "
                "date between %(first)s and %(last)s, then send the invitations."
            )
            % {"first": FIRST_DAY.year, "last": LAST_DAY.year},
            code="calendar",
        ) from None


@transaction.atomic
def send_invitations(*, actor, meeting):
    """E-mail the invitation (with its calendar file) to everyone not invited yet.

    Returns how many were sent."""
    meeting = _locked(meeting)
    if meeting.is_cancelled:
        raise DomainError(_("This meeting is cancelled: no invitation can be sent."))
    if meeting.starts_at <= timezone.now():
        raise DomainError(
            _("This meeting is in the past: invitations can only be sent before it starts.")
        )
    pending = list(meeting.invitees.reachable().exclude(email="").filter(invited_at=None))
    if not pending:
        raise DomainError(_("Everyone on the list has already been invited."), code="nobody")
    _check_calendar(meeting)
    now = timezone.now()
    context = {"organiser": str(actor)}
    for invitee in pending:
        queue_email(
            template="meetings/email/invitation",
            to=invitee.email,
            context=_invitee_context(meeting, invitee) | context,
            language=invitee.language,
            attachments=_calendar_attachments(meeting, invitee, "REQUEST"),
        )
    Invitee.objects.filter(pk__in=[invitee.pk for invitee in pending]).update(
        invited_at=now, sent_sequence=meeting.sequence
    )
    meeting.invitations_sent_at = meeting.invitations_sent_at or now
    meeting.save(update_fields=["invitations_sent_at", "updated_at"])
    log_action(
        actor=actor, action="meetings.invitations_sent", obj=meeting, after={"sent": len(pending)}
    )
    return len(pending)


@transaction.atomic
def invite_member(*, actor, meeting, user):
    """Add a member of the collective to the list of invited people."""
    membership = (
        Membership.objects.active()
        .filter(collective=meeting.collective, user=user)
        .select_related("organisation")
        .first()
    )
    if membership is None:
        raise DomainError(_("This person is not a member of the collective."), field="user")
    if meeting.invitees.filter(user=user).exists():
        raise DomainError(_("This person is already invited."), field="user")
    guest = meeting.invitees.filter(user=None, email__iexact=user.email).first()
    if user.email and guest is not None:
        raise DomainError(
            _("%(name)s is already on the list as a guest, with the same e-mail address.")
            % {"name": guest.name},
            field="user",
        )
    invitee = Invitee.objects.create(
        meeting=meeting,
        user=user,
        name=user.display_name,
        email=user.email,
        organisation=membership.organisation,
        language=user.language,
    )
    log_action(
        actor=actor, action="meetings.invitee_added", obj=invitee, after={"name": invitee.name}
    )
    return invitee


@transaction.atomic
def invite_guest(
    *, actor, meeting, name, email="", organisation=None, organisation_name="", logged_name=None
):
    """Add a guest (a person without an account, or not a member); on the day, a
    walk-in is added the same way and marked present. ``logged_name``: what the audit
    log records instead of the name (a job café's seekers are logged by number)."""
    name = clean_line(name, field="name", empty_message=_("Give the guest's name."))
    email = email.strip().lower()
    if email and meeting.invitees.filter(email__iexact=email).exists():
        raise DomainError(_("This address is already invited."), field="email")
    try:
        with transaction.atomic():
            invitee = Invitee.objects.create(
                meeting=meeting,
                name=name,
                email=email,
                organisation=organisation,
                organisation_name=one_line(organisation_name),
            )
    except IntegrityError:
        raise DomainError(_("This address is already invited."), field="email") from None
    logged = name if logged_name is None else logged_name
    log_action(actor=actor, action="meetings.invitee_added", obj=invitee, after={"name": logged})
    return invitee


@transaction.atomic
def answer(*, invitee, rsvp, represented_by="", comment="", actor=None):
    """The invited person answers: coming, excused, or represented by someone else."""
    invitee = Invitee.objects.select_for_update().select_related("meeting").get(pk=invitee.pk)
    meeting = invitee.meeting
    if meeting.is_cancelled:
        raise DomainError(_("This meeting is cancelled."))
    if meeting.starts_at <= timezone.now():
        raise DomainError(
            _("The meeting has started: answers are closed. Tell the organisers directly.")
        )
    if rsvp not in (Rsvp.COMING, Rsvp.EXCUSED, Rsvp.REPRESENTED):
        raise DomainError(_("Choose an answer."), field="rsvp")
    represented_by = one_line(represented_by)
    if rsvp == Rsvp.REPRESENTED and not represented_by:
        raise DomainError(_("Say who will represent you."), field="represented_by")
    before = {"rsvp": invitee.rsvp}
    actor = actor or invitee.user  # a guest answering from their e-mail has no account
    invitee.rsvp = rsvp
    invitee.represented_by = represented_by if rsvp == Rsvp.REPRESENTED else ""
    invitee.rsvp_comment = one_line(comment)[:300]
    invitee.answered_at = timezone.now()
    invitee.save()
    log_action(
        actor=actor,
        action="meetings.rsvp",
        obj=invitee,
        before=before,
        after={"rsvp": rsvp, "represented_by": invitee.represented_by},
    )
    return invitee


def send_reminder(meeting):
    """Remind invited people who have not excused themselves (periodic job). Returns
    how many e-mails were queued."""
    with transaction.atomic():
        meeting = _locked(meeting)
        if meeting.reminded_for == meeting.starts_at or meeting.is_cancelled:
            return 0
        invitees = (
            meeting.invitees.reachable()
            .exclude(email="")
            .exclude(invited_at=None)
            .exclude(rsvp=Rsvp.EXCUSED)
        )
        count = 0
        for invitee in invitees:
            queue_email(
                template="meetings/email/reminder",
                to=invitee.email,
                context=_invitee_context(meeting, invitee),
                language=invitee.language,
            )
            count += 1
        meeting.reminded_for = meeting.starts_at
        meeting.save(update_fields=["reminded_for"])
        return count


@transaction.atomic
def remove_invitee(*, actor, invitee):
    """Take someone added by mistake off the list, with their answer and attendance,
    until the minutes are approved. If the invitation reached them and the meeting is
    still to come, they are told, with a calendar file that removes it."""
    invitee = Invitee.objects.select_related("meeting__collective").get(pk=invitee.pk)
    meeting = _locked(invitee.meeting)
    minutes = Minutes.objects.filter(meeting=meeting).first()
    if minutes is not None and minutes.is_frozen:
        raise DomainError(
            _(
                "The minutes of this meeting are approved: %(name)s stays on the list. "
                "To correct the list, start a new version of the minutes first."
            )
            % {"name": invitee.name},
            code="frozen",
        )
    before = {
        "name": invitee.name,
        "rsvp": invitee.rsvp,
        "attendance": invitee.attendance,
    }
    told = (
        invitee.invited_at is not None
        and invitee.email
        and not meeting.is_cancelled
        and meeting.starts_at > timezone.now()
        and (invitee.user_id is None or Invitee.objects.filter(pk=invitee.pk).reachable().exists())
    )
    if told:
        attachments = _calendar_attachments(meeting, invitee, "CANCEL")
        queue_email(
            template="meetings/email/removed",
            to=invitee.email,
            context=_invitee_context(meeting, invitee) | {"calendar_attached": bool(attachments)},
            language=invitee.language,
            attachments=attachments,
        )
    log_action(actor=actor, action="meetings.invitee_removed", obj=invitee, before=before)
    invitee.delete()
    return before["name"]

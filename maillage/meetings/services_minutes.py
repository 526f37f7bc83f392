"""The minutes' lifecycle: submitted to the participants, proposed changes accepted or
refused, approved (frozen as a version), reopened as a new version."""

from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from maillage.audit.services import log_action
from maillage.core.errors import DomainError
from maillage.core.mail import queue_email
from maillage.core.typography import one_line

from .models import (
    AgendaItem,
    Amendment,
    AmendmentStatus,
    AmendmentTarget,
    Decision,
    Minutes,
    MinutesStatus,
    MinutesVersion,
)
from .services_common import _recipients, absolute

# --------------------------------------------------------------------------- minutes


def _minutes(meeting, lock=True):
    manager = Minutes.objects.select_for_update() if lock else Minutes.objects
    minutes, _created = manager.get_or_create(meeting=meeting)
    return minutes


@transaction.atomic
def submit_minutes(*, actor, meeting):
    """Send the draft minutes to the participants for comments and changes."""
    minutes = _minutes(meeting)
    if minutes.is_approved:
        raise DomainError(_("These minutes are already approved."), code="approved")
    if minutes.is_submitted:
        raise DomainError(_("These minutes have already been submitted."), code="submitted")
    if meeting.starts_at > timezone.now():
        raise DomainError(_("The meeting has not taken place yet."))
    minutes.status = MinutesStatus.SUBMITTED
    minutes.submitted_at = timezone.now()
    minutes.save()
    url = absolute(reverse("meetings:minutes", args=[meeting.collective.slug, meeting.pk]))
    for invitee in _recipients(meeting):
        queue_email(
            template="meetings/email/minutes_submitted",
            to=invitee.email,
            context={"meeting": meeting, "invitee": invitee, "minutes_url": url},
            language=invitee.language,
        )
    log_action(
        actor=actor,
        action="meetings.minutes_submitted",
        obj=minutes,
        after={"number": minutes.number},
    )
    return minutes


@transaction.atomic
def propose_amendment(
    *,
    actor,
    meeting,
    target=AmendmentTarget.GENERAL,
    item=None,
    decision=None,
    comment="",
    proposed_text="",
):
    """A participant comments on the submitted minutes or proposes a new text for one
    item's notes or one decision."""
    minutes = _minutes(meeting)
    if not minutes.is_submitted:
        raise DomainError(
            _("Changes can be proposed only while the minutes are submitted to participants.")
        )
    comment, proposed_text = comment.strip(), proposed_text.strip()
    if target == AmendmentTarget.ITEM:
        if item is None or item.meeting_id != meeting.pk:
            raise DomainError(_("Choose the item you want to change."), field="item")
        decision = None
    elif target == AmendmentTarget.DECISION:
        if decision is None or decision.meeting_id != meeting.pk:
            raise DomainError(_("Choose the decision you want to change."), field="decision")
        item = None
    else:
        item = decision = None
        proposed_text = ""
    if target != AmendmentTarget.GENERAL and not proposed_text:
        raise DomainError(_("Write the text you propose."), field="proposed_text")
    if not comment and not proposed_text:
        raise DomainError(_("Write your comment."), field="comment")
    amendment = Amendment.objects.create(
        minutes=minutes,
        number=minutes.number,
        target=target,
        item=item,
        decision=decision,
        comment=comment,
        proposed_text=proposed_text,
        author=actor,
    )
    log_action(
        actor=actor,
        action="meetings.amendment_proposed",
        obj=amendment,
        # Said: core.changes.collective_of stops at an amendment's empty decision.
        collective=meeting.collective,
        after={"target": target, "comment": comment, "proposed_text": proposed_text},
    )
    return amendment


@transaction.atomic
def decide_amendment(*, actor, amendment, accept, reason=""):
    """The person in charge of the minutes accepts a proposed change (it is applied)
    or refuses it, with a reason."""
    amendment = (
        Amendment.objects.select_for_update(of=("self",))
        .select_related("minutes__meeting", "item", "decision")
        .get(pk=amendment.pk)
    )
    meeting = amendment.minutes.meeting
    if not amendment.is_pending:
        raise DomainError(_("This proposal has already been answered."))
    if amendment.minutes.is_approved:
        raise DomainError(_("These minutes are already approved."), code="approved")
    reason = one_line(reason)
    if not accept and not reason:
        raise DomainError(_("Say why the proposal is refused."), field="reason")
    if accept and amendment.target == AmendmentTarget.ITEM:
        AgendaItem.objects.filter(pk=amendment.item_id).update(
            notes=amendment.proposed_text, version=amendment.item.version + 1
        )
    elif accept and amendment.target == AmendmentTarget.DECISION:
        Decision.objects.filter(pk=amendment.decision_id).update(text=amendment.proposed_text)
    amendment.status = AmendmentStatus.ACCEPTED if accept else AmendmentStatus.REFUSED
    amendment.decided_by = actor
    amendment.decided_at = timezone.now()
    amendment.reason = reason[:300]
    amendment.save()
    log_action(
        actor=actor,
        action="meetings.amendment_decided",
        obj=amendment,
        # Said: core.changes.collective_of stops at an amendment's empty decision.
        collective=meeting.collective,
        after={"status": amendment.status, "reason": amendment.reason},
    )
    return amendment


@transaction.atomic
def approve_minutes(*, actor, meeting, comment=""):
    """Approve the minutes: their content is frozen as version N, kept for good."""
    from .minutes import build_content

    minutes = _minutes(meeting)
    if minutes.is_approved:
        raise DomainError(
            _("These minutes are already approved (version %(number)s).")
            % {"number": minutes.number},
            code="approved",
        )
    if meeting.starts_at > timezone.now():
        raise DomainError(_("The meeting has not taken place yet."))
    waiting = minutes.amendments.filter(status=AmendmentStatus.PENDING).count()
    if waiting:
        raise DomainError(
            ngettext(
                "%(count)s proposed change still waits for an answer: accept or refuse it first.",
                "%(count)s proposed changes still wait for an answer: accept or refuse them first.",
                waiting,
            )
            % {"count": waiting},
            code="pending",
        )
    now = timezone.now()
    minutes.status = MinutesStatus.APPROVED
    minutes.approved_at = now
    minutes.approved_by = actor
    minutes.save()
    content = build_content(meeting)
    MinutesVersion.objects.create(
        minutes=minutes,
        number=minutes.number,
        content=content,
        comment=one_line(comment)[:300],
        approved_by=actor,
        approved_at=now,
    )
    url = absolute(reverse("meetings:minutes", args=[meeting.collective.slug, meeting.pk]))
    for invitee in _recipients(meeting):
        queue_email(
            template="meetings/email/minutes_approved",
            to=invitee.email,
            context={
                "meeting": meeting,
                "invitee": invitee,
                "minutes_url": url,
                "number": minutes.number,
            },
            language=invitee.language,
        )
    log_action(
        actor=actor,
        action="meetings.minutes_approved",
        obj=minutes,
        after={"number": minutes.number},
    )
    return minutes


@transaction.atomic
def start_new_version(*, actor, meeting):
    """Reopen approved minutes as a new draft version; the approved ones stay as they were."""
    minutes = _minutes(meeting)
    if not minutes.is_approved:
        raise DomainError(_("These minutes are not approved: edit the current draft."))
    minutes.status = MinutesStatus.DRAFT
    minutes.number += 1
    minutes.submitted_at = None
    minutes.save()
    log_action(
        actor=actor,
        action="meetings.minutes_reopened",
        obj=minutes,
        after={"number": minutes.number},
    )
    return minutes

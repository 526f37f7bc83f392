"""What came of the meeting: decisions, announcements, next steps and annexes."""

from django.db import transaction
from django.utils.translation import gettext as _

from maillage.audit.services import log_action
from maillage.core.changes import clean_line
from maillage.core.errors import DomainError

from .models import (
    Announcement,
    Decision,
    DecisionStatus,
)
from .services_common import _locked, check_not_frozen

# ------------------------------------------------------------- decisions, announcements


@transaction.atomic
def add_decision(*, actor, meeting, text, status=DecisionStatus.ADOPTED, item=None):
    meeting = _locked(meeting)
    check_not_frozen(meeting)
    text = text.strip()
    if not text:
        raise DomainError(_("Write the decision."), field="text")
    if status not in DecisionStatus.values:
        raise DomainError(_("Choose the decision's status."), field="status")
    if item is not None and item.meeting_id != meeting.pk:
        raise DomainError(_("This item belongs to another meeting."), field="item")
    decision = Decision.objects.create(
        meeting=meeting, item=item, text=text, status=status, created_by=actor
    )
    log_action(
        actor=actor,
        action="meetings.decision_added",
        obj=decision,
        after={"text": text, "status": status},
    )
    return decision


@transaction.atomic
def update_decision(*, actor, decision, text, status):
    # Only the decision's row is locked: its meeting is on the nullable side of the join
    # (a decision by consultation has none), which PostgreSQL cannot lock.
    decision = (
        Decision.objects.select_for_update(of=("self",))
        .select_related("meeting")
        .get(pk=decision.pk)
    )
    if decision.meeting is not None:
        check_not_frozen(decision.meeting)
    text = text.strip()
    if not text:
        raise DomainError(_("Write the decision."), field="text")
    if status not in DecisionStatus.values:
        raise DomainError(_("Choose the decision's status."), field="status")
    before = {"text": decision.text, "status": decision.status}
    decision.text, decision.status = text, status
    decision.save()
    log_action(
        actor=actor,
        action="meetings.decision_updated",
        obj=decision,
        before=before,
        after={"text": text, "status": status},
    )
    return decision


@transaction.atomic
def add_announcement(*, actor, meeting, title, body="", date=None, link=""):
    check_not_frozen(meeting)
    title = clean_line(title, field="title", empty_message=_("Give the announcement a title."))
    announcement = Announcement.objects.create(
        meeting=meeting, title=title, body=body.strip(), date=date, link=link, shared_by=actor
    )
    log_action(
        actor=actor, action="meetings.announcement_added", obj=announcement, after={"title": title}
    )
    return announcement


@transaction.atomic
def set_next_steps(*, actor, meeting, next_steps, annexes):
    meeting = _locked(meeting)
    check_not_frozen(meeting)
    before = {"next_steps": meeting.next_steps, "annexes": meeting.annexes}
    meeting.next_steps, meeting.annexes = next_steps.strip(), annexes.strip()
    meeting.save(update_fields=["next_steps", "annexes", "updated_at"])
    log_action(
        actor=actor,
        action="meetings.next_steps_set",
        obj=meeting,
        before=before,
        after={"next_steps": meeting.next_steps, "annexes": meeting.annexes},
    )
    return meeting

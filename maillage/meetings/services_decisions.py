"""What came of the meeting: decisions, announcements, next steps and annexes."""

from django.db import transaction
from django.utils.translation import gettext as _

from maillage.core.errors import DomainError
from maillage.core.typography import one_line

from .models import (
    Announcement,
    Decision,
    DecisionStatus,
)
from .services_common import _audit, _locked, check_not_frozen

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
    _audit(
        actor, "meetings.decision_added", decision, meeting, after={"text": text, "status": status}
    )
    return decision


@transaction.atomic
def update_decision(*, actor, decision, text, status):
    decision = Decision.objects.select_for_update().select_related("meeting").get(pk=decision.pk)
    check_not_frozen(decision.meeting)
    text = text.strip()
    if not text:
        raise DomainError(_("Write the decision."), field="text")
    if status not in DecisionStatus.values:
        raise DomainError(_("Choose the decision's status."), field="status")
    before = {"text": decision.text, "status": decision.status}
    decision.text, decision.status = text, status
    decision.save()
    _audit(
        actor,
        "meetings.decision_updated",
        decision,
        decision.meeting,
        before=before,
        after={"text": text, "status": status},
    )
    return decision


@transaction.atomic
def add_announcement(*, actor, meeting, title, body="", date=None, link=""):
    check_not_frozen(meeting)
    title = one_line(title)
    if not title:
        raise DomainError(_("Give the announcement a title."), field="title")
    announcement = Announcement.objects.create(
        meeting=meeting, title=title, body=body.strip(), date=date, link=link, shared_by=actor
    )
    _audit(actor, "meetings.announcement_added", announcement, meeting, after={"title": title})
    return announcement


@transaction.atomic
def set_next_steps(*, actor, meeting, next_steps, annexes):
    meeting = _locked(meeting)
    check_not_frozen(meeting)
    before = {"next_steps": meeting.next_steps, "annexes": meeting.annexes}
    meeting.next_steps, meeting.annexes = next_steps.strip(), annexes.strip()
    meeting.save(update_fields=["next_steps", "annexes", "updated_at"])
    _audit(
        actor,
        "meetings.next_steps_set",
        meeting,
        meeting,
        before=before,
        after={"next_steps": meeting.next_steps, "annexes": meeting.annexes},
    )
    return meeting

"""The agenda: items added or proposed, kept or not, moved, commented, and their notes
written before and during the meeting (with a version check)."""

from django.db import transaction
from django.db.models import Max
from django.utils import timezone
from django.utils.translation import gettext as _

from maillage.audit.services import log_action
from maillage.core.changes import clean_line, lock_at_version
from maillage.core.errors import DomainError
from maillage.core.typography import one_line

from .models import (
    AgendaItem,
    ItemComment,
    ItemStatus,
)
from .services_common import _locked, check_not_frozen

ITEM_FIELDS = ("title", "theme", "description", "presenter", "starts_at", "ends_at", "notes")


# ---------------------------------------------------------------------------- agenda


def _clean_item(title, starts_at, ends_at):
    title = clean_line(title, field="title", empty_message=_("Give the item a title."))
    if starts_at and ends_at and ends_at <= starts_at:
        raise DomainError(_("The item must end after it starts."), field="ends_at")
    return title


@transaction.atomic
def add_item(
    *,
    actor,
    meeting,
    title,
    theme="",
    description="",
    presenter="",
    starts_at=None,
    ends_at=None,
    proposal=False,
):
    """Put an item on the agenda; with ``proposal`` a member proposes it and those who
    plan the meeting keep it or not."""
    meeting = _locked(meeting)
    check_not_frozen(meeting)
    if proposal and meeting.starts_at <= timezone.now():
        raise DomainError(_("The meeting has started: items can no longer be proposed."))
    title = _clean_item(title, starts_at, ends_at)
    last = meeting.items.aggregate(last=Max("position"))["last"] or 0
    item = AgendaItem.objects.create(
        meeting=meeting,
        position=last + 1,
        title=title,
        theme=one_line(theme),
        description=description.strip(),
        presenter=one_line(presenter),
        proposed_by=actor,
        starts_at=starts_at,
        ends_at=ends_at,
        status=ItemStatus.PROPOSED if proposal else ItemStatus.ACCEPTED,
    )
    log_action(
        actor=actor,
        action="meetings.item_proposed" if proposal else "meetings.item_added",
        obj=item,
        after={"title": title},
    )
    return item


@transaction.atomic
def update_item(*, actor, item, base_version, **fields):
    """Change an item: its title, theme, time slot, and its notes (descriptions /
    solutions), with a version check so two note-takers cannot overwrite each other."""
    item = lock_at_version(
        AgendaItem.objects.select_related("meeting"),
        item.pk,
        base_version,
        message=_(
            "Someone changed this item while you were editing it. Your text is not "
            "saved yet: it is shown below, merge it with the current notes."
        ),
    )
    check_not_frozen(item.meeting)
    allowed = ITEM_FIELDS
    fields = {key: value for key, value in fields.items() if key in allowed}
    merged = {name: getattr(item, name) for name in allowed} | fields
    fields["title"] = _clean_item(merged["title"], merged["starts_at"], merged["ends_at"])
    before = {name: getattr(item, name) for name in fields}
    for name, value in fields.items():
        setattr(item, name, value.strip() if isinstance(value, str) else value)
    item.version += 1
    item.save()
    log_action(
        actor=actor,
        action="meetings.item_updated",
        obj=item,
        before={k: v for k, v in before.items() if v != getattr(item, k)},
        after={k: getattr(item, k) for k, v in before.items() if v != getattr(item, k)},
    )
    return item


@transaction.atomic
def save_item_notes(*, actor, item, base_version, notes):
    """Save an item's notes as they are typed on the meeting's page, during the meeting.

    ``base_version`` is the version the text was typed on: when someone else saved the
    notes in the meantime, ConflictError, and nothing is saved; the person sees both
    texts and saves again, having read the other one, with its version."""
    item = lock_at_version(
        AgendaItem.objects.select_related("meeting"),
        item.pk,
        base_version,
        message=_(
            "Someone else saved these notes while you were typing. Your text is not "
            "saved yet: read theirs, merge the two in your text, then save it."
        ),
    )
    check_not_frozen(item.meeting)
    if item.meeting.is_cancelled:
        raise DomainError(_("This meeting is cancelled: its notes can no longer be written."))
    if not item.is_on_agenda:
        raise DomainError(_("This item is not on the agenda."))
    notes = notes.strip()
    if notes == item.notes:
        return item
    before = item.notes
    item.notes = notes
    item.version += 1
    item.save(update_fields=["notes", "version"])
    log_action(
        actor=actor,
        action="meetings.item_updated",
        obj=item,
        before={"notes": before},
        after={"notes": notes},
    )
    return item


@transaction.atomic
def decide_item(*, actor, item, keep):
    """Keep a proposed item on the agenda, or not."""
    item = AgendaItem.objects.select_for_update().select_related("meeting").get(pk=item.pk)
    check_not_frozen(item.meeting)
    if not item.is_proposed:
        raise DomainError(_("This item has already been dealt with."))
    item.status = ItemStatus.ACCEPTED if keep else ItemStatus.DECLINED
    item.save(update_fields=["status"])
    log_action(actor=actor, action="meetings.item_decided", obj=item, after={"status": item.status})
    return item


@transaction.atomic
def move_item(*, actor, item, direction):
    """Move an item one place up (-1) or down (+1) among the items on the agenda."""
    meeting = _locked(item.meeting)
    check_not_frozen(meeting)
    items = list(meeting.items.filter(status=ItemStatus.ACCEPTED).order_by("position", "pk"))
    index = next((i for i, other in enumerate(items) if other.pk == item.pk), None)
    if index is None:
        raise DomainError(_("This item is not on the agenda."))
    target = index + (1 if direction > 0 else -1)
    if not 0 <= target < len(items):
        return item
    items[index], items[target] = items[target], items[index]
    for position, other in enumerate(items, start=1):
        if other.position != position:
            AgendaItem.objects.filter(pk=other.pk).update(position=position)
    log_action(actor=actor, action="meetings.item_moved", obj=item, after={"position": target + 1})
    return item


@transaction.atomic
def comment_item(*, actor, item, body):
    body = body.strip()
    if not body:
        raise DomainError(_("The comment is empty."), field="body")
    if len(body) > 2000:
        raise DomainError(_("A comment has at most 2,000 characters."), field="body")
    comment = ItemComment.objects.create(item=item, author=actor, body=body)
    log_action(actor=actor, action="meetings.item_commented", obj=comment, after={"body": body})
    return comment

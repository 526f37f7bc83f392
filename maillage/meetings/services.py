"""Every change to a meeting, its invitations, agenda, minutes and calendars.

Each function runs in one transaction, records what changed in the audit log and
raises DomainError with a message for the person when the change is refused.
E-mails are queued only when the transaction commits (core.mail.queue_email).
"""

import logging
import unicodedata
from datetime import datetime, time, timedelta

from django.conf import settings
from django.db import IntegrityError, models, transaction
from django.db.models import Max
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from maillage.audit.services import log_action
from maillage.collectives.models import Membership
from maillage.core.dates import FIRST_DAY, LAST_DAY
from maillage.core.errors import ConflictError, DomainError
from maillage.core.feeds import CannotWrite
from maillage.core.mail import queue_email
from maillage.core.typography import one_line
from maillage.core.values import KEEP

from .models import (
    AgendaItem,
    Agreement,
    Amendment,
    AmendmentStatus,
    AmendmentTarget,
    Announcement,
    Attendance,
    CalendarFeed,
    Decision,
    DecisionStatus,
    Invitee,
    ItemComment,
    ItemStatus,
    Meeting,
    MeetingStatus,
    Minutes,
    MinutesStatus,
    MinutesVersion,
    Rsvp,
    validate_time_zone,
)

logger = logging.getLogger(__name__)

# Fields of the meeting that invited people must hear about when they change.
CALENDAR_FIELDS = ("title", "starts_at", "ends_at", "time_zone", "place", "address", "room")
MEETING_FIELDS = (
    "kind",
    "title",
    "purpose",
    "objectives",
    "format",
    "starts_at",
    "ends_at",
    "time_zone",
    "place",
    "address",
    "room",
    "access",
    "online_url",
    "consultation",
)
# What a change of an agenda item may touch.
ITEM_FIELDS = ("title", "theme", "description", "presenter", "starts_at", "ends_at", "notes")


def _audit(actor, action, obj, meeting, before=None, after=None):
    log_action(
        actor=actor,
        action=action,
        obj=obj,
        collective=meeting.collective,
        before=before,
        after=after,
    )


def absolute(url):
    return settings.SITE_URL + url


def _check_people(collective, facilitators=(), secretary=None):
    members = Membership.objects.member_ids(collective)
    for person in facilitators:
        if person.pk not in members:
            raise DomainError(
                _("%(person)s is not a member of the collective: they cannot facilitate it.")
                % {"person": person},
                field="facilitators",
            )
    if secretary is not None and secretary.pk not in members:
        raise DomainError(
            _("%(person)s is not a member of the collective: they cannot keep the minutes.")
            % {"person": secretary},
            field="secretary",
        )


def _check_fields(collective, fields):
    starts, ends = fields.get("starts_at"), fields.get("ends_at")
    if starts is None or ends is None:
        raise DomainError(_("Give the date and times of the meeting."), field="starts_at")
    if ends <= starts:
        raise DomainError(_("The meeting must end after it starts."), field="ends_at")
    if ends - starts > timedelta(days=7):
        raise DomainError(_("A meeting cannot last more than a week."), field="ends_at")
    if not one_line(fields.get("title") or ""):
        raise DomainError(_("Give the meeting a title."), field="title")
    from django.core.exceptions import ValidationError

    try:
        validate_time_zone(fields.get("time_zone") or "")
    except ValidationError as error:
        raise DomainError(error.messages[0], field="time_zone") from None
    consultation = fields.get("consultation")
    if consultation is not None and consultation.collective_id != collective.pk:
        raise DomainError(
            _("The workshop must be a consultation of the same collective."), field="consultation"
        )


def check_not_frozen(meeting):
    minutes = Minutes.objects.filter(meeting=meeting).first()
    if minutes is not None and minutes.is_frozen:
        raise DomainError(
            _(
                "The minutes of this meeting are approved and frozen. "
                "To change anything, start a new version of the minutes first."
            ),
            code="frozen",
        )


def _locked(meeting):
    return Meeting.objects.select_for_update().select_related("collective").get(pk=meeting.pk)


# ------------------------------------------------------------------------- the meeting


@transaction.atomic
def create_meeting(
    *, actor, collective, facilitators=(), secretary=None, invite_members=True, **fields
):
    """Plan a meeting; the collective's members are on the list of invited people
    (nobody is e-mailed before ``send_invitations``)."""
    fields = {key: value for key, value in fields.items() if key in MEETING_FIELDS}
    fields["title"] = one_line(fields.get("title") or "")
    _check_fields(collective, fields)
    _check_people(collective, facilitators, secretary)
    meeting = Meeting.objects.create(
        collective=collective, secretary=secretary, created_by=actor, **fields
    )
    meeting.facilitators.set(facilitators)
    Minutes.objects.create(meeting=meeting)
    if invite_members:
        _invite_members(meeting)
    _audit(
        actor,
        "meetings.meeting_created",
        meeting,
        meeting,
        after={"title": meeting.title, "starts_at": meeting.starts_at.isoformat()},
    )
    return meeting


def _invite_members(meeting):
    memberships = (
        Membership.objects.active()
        .filter(collective=meeting.collective)
        .select_related("user", "organisation")
    )
    already = set(meeting.invitees.exclude(user=None).values_list("user_id", flat=True))
    Invitee.objects.bulk_create(
        Invitee(
            meeting=meeting,
            user=membership.user,
            name=membership.user.display_name,
            email=membership.user.email,
            organisation=membership.organisation,
            language=membership.user.language,
        )
        for membership in memberships
        if membership.user_id not in already and membership.user.is_active
    )


def _describe_changes(before, meeting):
    """What changed, in words, for the update e-mail."""
    changes = []
    if before["starts_at"] != meeting.starts_at or before["ends_at"] != meeting.ends_at:
        changes.append(_("Date and time: %(when)s") % {"when": when_text(meeting)})
    if before["title"] != meeting.title:
        changes.append(_("Title: %(title)s") % {"title": meeting.title})
    place_fields = ("place", "address", "room", "time_zone")
    if any(before[name] != getattr(meeting, name) for name in place_fields):
        changes.append(_("Place: %(place)s") % {"place": meeting.where() or "—"})
    return changes


def when_text(meeting):
    from django.utils.formats import date_format

    start, end = meeting.local_start, meeting.local_end
    day, start_time = date_format(start, "DATE_FORMAT"), date_format(start, "TIME_FORMAT")
    return f"{day}, {start_time}–{date_format(end, 'TIME_FORMAT')} ({meeting.time_zone})"


@transaction.atomic
def update_meeting(*, actor, meeting, base_version, facilitators=None, secretary=KEEP, **fields):
    """Change what the meeting is, when and where. If invitations went out and the
    time, place or title changed, invited people get an update (same calendar event,
    higher SEQUENCE)."""
    meeting = _locked(meeting)
    if meeting.version != base_version:
        raise ConflictError(
            _(
                "Someone changed this meeting while you were editing it. "
                "Your changes are not saved: check the meeting and make them again."
            ),
            code="conflict",
        )
    if meeting.is_cancelled:
        raise DomainError(_("This meeting is cancelled: it cannot be changed."))
    check_not_frozen(meeting)
    fields = {key: value for key, value in fields.items() if key in MEETING_FIELDS}
    if "title" in fields:
        fields["title"] = one_line(fields["title"] or "")
    merged = {name: getattr(meeting, name) for name in MEETING_FIELDS} | fields
    _check_fields(meeting.collective, merged)
    if secretary is KEEP:
        secretary = meeting.secretary
    _check_people(meeting.collective, facilitators or (), secretary)
    before = {name: getattr(meeting, name) for name in MEETING_FIELDS}
    for name, value in fields.items():
        setattr(meeting, name, value)
    meeting.secretary = secretary
    calendar_changed = any(before[name] != getattr(meeting, name) for name in CALENDAR_FIELDS)
    meeting.version += 1
    if calendar_changed and meeting.invitations_sent_at:
        meeting.sequence += 1
    meeting.save()
    if facilitators is not None:
        meeting.facilitators.set(facilitators)
    changed = {
        name: getattr(meeting, name)
        for name in MEETING_FIELDS
        if before[name] != getattr(meeting, name)
    }
    _audit(
        actor,
        "meetings.meeting_updated",
        meeting,
        meeting,
        before={name: before[name] for name in changed},
        after=changed,
    )
    if calendar_changed and meeting.invitations_sent_at:
        _send_to_invited(meeting, "meetings/email/update", before=before)
    return meeting


@transaction.atomic
def cancel_meeting(*, actor, meeting, reason=""):
    """Cancel the meeting; everyone who was invited gets the calendar cancellation."""
    meeting = _locked(meeting)
    if meeting.is_cancelled:
        raise DomainError(_("This meeting is already cancelled."))
    if meeting.starts_at <= timezone.now():
        # Once it has started, the meeting happens (or happened): its minutes say how.
        raise DomainError(
            _("This meeting has already started: it can no longer be cancelled."),
            code="started",
        )
    meeting.status = MeetingStatus.CANCELLED
    meeting.cancel_reason = reason.strip()[:300]
    meeting.sequence += 1
    meeting.version += 1
    meeting.save()
    _audit(actor, "meetings.meeting_cancelled", meeting, meeting, after={"reason": reason})
    if meeting.invitations_sent_at:
        _send_to_invited(meeting, "meetings/email/cancellation", reason=meeting.cancel_reason)
    return meeting


# ----------------------------------------------------------------- invitations and RSVP


def _invitee_context(meeting, invitee):
    return {
        "meeting": meeting,
        "invitee": invitee,
        "meeting_url": absolute(meeting.get_absolute_url()),
        "rsvp_url": absolute(invitee.get_rsvp_url()),
        "items": list(meeting.items.filter(status=ItemStatus.ACCEPTED)),
    }


def _calendar_attachments(meeting, invitee, method):
    """The calendar file for one invited person, as a list of attachments: empty when
    the meeting's dates cannot be written (a row stored outside 1900–2100: an update or
    a cancellation still reaches people, without the file)."""
    from . import ical

    name = "annulation.ics" if method == "CANCEL" else "invitation.ics"
    try:
        text = ical.invitation(meeting, invitee, method=method)
    except CannotWrite:
        logger.warning("Meeting %s: e-mail sent without its calendar file.", meeting.pk)
        return []
    return [(name, text, "text/calendar")]


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


def _send_to_invited(meeting, template, *, before=None, **extra):
    """Send an update (``before`` holds the old values) or a cancellation to those
    already invited, each in their own language."""
    method = "CANCEL" if template.endswith("cancellation") else "REQUEST"
    invitees = meeting.invitees.reachable().exclude(email="").exclude(invited_at=None)
    for invitee in invitees:
        context = _invitee_context(meeting, invitee) | extra
        if before is not None:
            with translation.override(invitee.language):
                context["changes"] = _describe_changes(before, meeting)
        attachments = _calendar_attachments(meeting, invitee, method)
        queue_email(
            template=template,
            to=invitee.email,
            context=context | {"calendar_attached": bool(attachments)},
            language=invitee.language,
            attachments=attachments,
        )
    invitees.update(sent_sequence=meeting.sequence)


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
    _audit(actor, "meetings.invitations_sent", meeting, meeting, after={"sent": len(pending)})
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
    _audit(actor, "meetings.invitee_added", invitee, meeting, after={"name": invitee.name})
    return invitee


@transaction.atomic
def invite_guest(*, actor, meeting, name, email="", organisation=None, organisation_name=""):
    """Add a guest (a person without an account, or not a member); on the day, a
    walk-in is added the same way and marked present."""
    name = one_line(name)
    if not name:
        raise DomainError(_("Give the guest's name."), field="name")
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
    _audit(actor, "meetings.invitee_added", invitee, meeting, after={"name": name})
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
    _audit(
        actor,
        "meetings.rsvp",
        invitee,
        meeting,
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


# ----------------------------------------------------------------------- attendance


@transaction.atomic
def record_attendance(*, actor, meeting, marks, proxies=None):
    """``marks`` maps invitee ids to an Attendance value; ``proxies`` maps invitee ids
    to (who represents them, Agreement), typed on the sheet for anyone on the list.
    Naming a representative marks the person represented. Only on or after the day."""
    meeting = _locked(meeting)
    check_not_frozen(meeting)
    if meeting.is_cancelled:
        raise DomainError(_("This meeting is cancelled."))
    if timezone.localdate(timezone.now(), meeting.zone) < meeting.local_start.date():
        raise DomainError(_("Attendance is recorded on the day of the meeting or after it."))
    proxies = proxies or {}
    valid = set(Attendance.values)
    invitees = {invitee.pk: invitee for invitee in meeting.invitees.all()}
    changed = 0
    for pk in sorted({int(pk) for pk in [*marks, *proxies]}):
        invitee = invitees.get(pk)
        if invitee is None:
            raise DomainError(_("This person is not on the list of the meeting."))
        mark = marks.get(pk, marks.get(str(pk)))
        if mark is not None and mark not in valid:
            raise DomainError(_("Unknown attendance mark: %(mark)s.") % {"mark": mark})
        fields = {}
        if pk in proxies or str(pk) in proxies:
            proxy, agreement = proxies.get(pk, proxies.get(str(pk)))
            proxy = one_line(proxy)
            if agreement not in Agreement.values:
                agreement = Agreement.NEUTRAL
            if proxy and mark is None:
                mark = Attendance.REPRESENTED
            if proxy and mark != Attendance.REPRESENTED:
                raise DomainError(
                    _(
                        "%(name)s is marked “%(mark)s”: tick “%(represented)s” to say who "
                        "represents them, or clear the name of the representative."
                    )
                    % {
                        "name": invitee.name,
                        "mark": Attendance(mark).label,
                        "represented": Attendance.REPRESENTED.label,
                    }
                )
            if len(proxy) > Invitee._meta.get_field("represented_by").max_length:
                raise DomainError(
                    _("The name of who represents %(name)s is too long.") % {"name": invitee.name}
                )
            fields["represented_by"], fields["agreement"] = proxy, agreement
        if mark is not None:
            fields["attendance"] = mark
        fields = {name: value for name, value in fields.items() if getattr(invitee, name) != value}
        if fields:
            for name, value in fields.items():
                setattr(invitee, name, value)
            invitee.save(update_fields=list(fields))
            changed += 1
    _audit(actor, "meetings.attendance_recorded", meeting, meeting, after={"changed": changed})
    return changed


# ---------------------------------------------------------------------------- agenda


def _clean_item(title, starts_at, ends_at):
    title = one_line(title or "")
    if not title:
        raise DomainError(_("Give the item a title."), field="title")
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
    _audit(
        actor,
        "meetings.item_proposed" if proposal else "meetings.item_added",
        item,
        meeting,
        after={"title": title},
    )
    return item


@transaction.atomic
def update_item(*, actor, item, base_version, **fields):
    """Change an item: its title, theme, time slot, and its notes (descriptions /
    solutions), with a version check so two note-takers cannot overwrite each other."""
    item = AgendaItem.objects.select_for_update().select_related("meeting").get(pk=item.pk)
    check_not_frozen(item.meeting)
    if item.version != base_version:
        raise ConflictError(
            _(
                "Someone changed this item while you were editing it. Your text is not "
                "saved yet: it is shown below, merge it with the current notes."
            ),
            code="conflict",
        )
    allowed = ITEM_FIELDS
    fields = {key: value for key, value in fields.items() if key in allowed}
    merged = {name: getattr(item, name) for name in allowed} | fields
    fields["title"] = _clean_item(merged["title"], merged["starts_at"], merged["ends_at"])
    before = {name: getattr(item, name) for name in fields}
    for name, value in fields.items():
        setattr(item, name, value.strip() if isinstance(value, str) else value)
    item.version += 1
    item.save()
    _audit(
        actor,
        "meetings.item_updated",
        item,
        item.meeting,
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
    item = AgendaItem.objects.select_for_update().select_related("meeting").get(pk=item.pk)
    check_not_frozen(item.meeting)
    if item.meeting.is_cancelled:
        raise DomainError(_("This meeting is cancelled: its notes can no longer be written."))
    if item.status != ItemStatus.ACCEPTED:
        raise DomainError(_("This item is not on the agenda."))
    if item.version != base_version:
        raise ConflictError(
            _(
                "Someone else saved these notes while you were typing. Your text is not "
                "saved yet: read theirs, merge the two in your text, then save it."
            ),
            code="conflict",
        )
    notes = notes.strip()
    if notes == item.notes:
        return item
    before = item.notes
    item.notes = notes
    item.version += 1
    item.save(update_fields=["notes", "version"])
    _audit(
        actor,
        "meetings.item_updated",
        item,
        item.meeting,
        before={"notes": before},
        after={"notes": notes},
    )
    return item


@transaction.atomic
def decide_item(*, actor, item, keep):
    """Keep a proposed item on the agenda, or not."""
    item = AgendaItem.objects.select_for_update().select_related("meeting").get(pk=item.pk)
    check_not_frozen(item.meeting)
    if item.status != ItemStatus.PROPOSED:
        raise DomainError(_("This item has already been dealt with."))
    item.status = ItemStatus.ACCEPTED if keep else ItemStatus.DECLINED
    item.save(update_fields=["status"])
    _audit(actor, "meetings.item_decided", item, item.meeting, after={"status": item.status})
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
    _audit(actor, "meetings.item_moved", item, meeting, after={"position": target + 1})
    return item


@transaction.atomic
def comment_item(*, actor, item, body):
    body = body.strip()
    if not body:
        raise DomainError(_("The comment is empty."), field="body")
    if len(body) > 2000:
        raise DomainError(_("A comment has at most 2,000 characters."), field="body")
    comment = ItemComment.objects.create(item=item, author=actor, body=body)
    _audit(actor, "meetings.item_commented", comment, item.meeting, after={"body": body})
    return comment


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


@transaction.atomic
def create_next_meeting(*, actor, meeting, starts_at, ends_at, title=""):
    """Plan the next meeting in one step: same kind, place, facilitators, person in
    charge of the minutes and invited members; linked to this one."""
    if starts_at is not None and starts_at <= meeting.starts_at:
        raise DomainError(_("The next meeting must start after this one."), field="starts_at")
    following = create_meeting(
        actor=actor,
        collective=meeting.collective,
        facilitators=list(
            meeting.facilitators.filter(pk__in=Membership.objects.member_ids(meeting.collective))
        ),
        secretary=meeting.secretary
        if meeting.secretary_id in Membership.objects.member_ids(meeting.collective)
        else None,
        kind=meeting.kind,
        title=title or meeting.title,
        format=meeting.format,
        starts_at=starts_at,
        ends_at=ends_at,
        time_zone=meeting.time_zone,
        place=meeting.place,
        address=meeting.address,
        room=meeting.room,
        access=meeting.access,
        online_url=meeting.online_url,
    )
    following.previous = meeting
    following.save(update_fields=["previous"])
    # Guests of this meeting are asked again.
    for guest in meeting.invitees.filter(user=None):
        Invitee.objects.create(
            meeting=following,
            name=guest.name,
            email=guest.email,
            organisation=guest.organisation,
            organisation_name=guest.organisation_name,
            language=guest.language,
        )
    _audit(
        actor,
        "meetings.next_meeting_created",
        following,
        meeting,
        after={"previous": str(meeting), "starts_at": following.starts_at},
    )
    return following


def local_datetime(day, at, zone_name):
    """A date and a wall-clock time in the meeting's zone, as an aware datetime."""
    import zoneinfo

    return datetime.combine(day, at or time(0, 0), tzinfo=zoneinfo.ZoneInfo(zone_name))


# --------------------------------------------------------------------------- minutes


def _minutes(meeting, lock=True):
    manager = Minutes.objects.select_for_update() if lock else Minutes.objects
    minutes, _created = manager.get_or_create(meeting=meeting)
    return minutes


def _recipients(meeting):
    return (
        meeting.invitees.reachable().exclude(email="").exclude(rsvp=Rsvp.PENDING, invited_at=None)
    )


@transaction.atomic
def submit_minutes(*, actor, meeting):
    """Send the draft minutes to the participants for comments and changes."""
    minutes = _minutes(meeting)
    if minutes.status == MinutesStatus.APPROVED:
        raise DomainError(_("These minutes are already approved."), code="approved")
    if minutes.status == MinutesStatus.SUBMITTED:
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
    _audit(actor, "meetings.minutes_submitted", minutes, meeting, after={"number": minutes.number})
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
    if minutes.status != MinutesStatus.SUBMITTED:
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
    _audit(
        actor,
        "meetings.amendment_proposed",
        amendment,
        meeting,
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
    if amendment.status != AmendmentStatus.PENDING:
        raise DomainError(_("This proposal has already been answered."))
    if amendment.minutes.status == MinutesStatus.APPROVED:
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
    _audit(
        actor,
        "meetings.amendment_decided",
        amendment,
        meeting,
        after={"status": amendment.status, "reason": amendment.reason},
    )
    return amendment


@transaction.atomic
def approve_minutes(*, actor, meeting, comment=""):
    """Approve the minutes: their content is frozen as version N, kept for good."""
    from .minutes import build_content

    minutes = _minutes(meeting)
    if minutes.status == MinutesStatus.APPROVED:
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
    _audit(actor, "meetings.minutes_approved", minutes, meeting, after={"number": minutes.number})
    return minutes


@transaction.atomic
def start_new_version(*, actor, meeting):
    """Reopen approved minutes as a new draft version; the approved ones stay as they were."""
    minutes = _minutes(meeting)
    if minutes.status != MinutesStatus.APPROVED:
        raise DomainError(_("These minutes are not approved: edit the current draft."))
    minutes.status = MinutesStatus.DRAFT
    minutes.number += 1
    minutes.submitted_at = None
    minutes.save()
    _audit(actor, "meetings.minutes_reopened", minutes, meeting, after={"number": minutes.number})
    return minutes


# ------------------------------------------------------------------------- calendars


@transaction.atomic
def calendar_feed(*, user, collective=None, renew=False):
    """The person's private calendar address (all their meetings, or one collective's).

    ``renew`` replaces the key: the old address stops working at once."""
    feed = CalendarFeed.objects.filter(user=user, collective=collective).first()
    if feed is not None and renew:
        feed.delete()
        feed = None
    if feed is None:
        feed = CalendarFeed.objects.create(user=user, collective=collective)
        log_action(
            actor=user,
            action="meetings.feed_created",
            obj=feed,
            collective=collective,
            after={"renewed": renew},
        )
    return feed


# --- added for the meeting pages


def same_name(name):
    """A name compared without case, accents or extra spaces."""
    decomposed = unicodedata.normalize("NFKD", " ".join((name or "").split()))
    return "".join(c for c in decomposed if not unicodedata.combining(c)).casefold()


def find_on_list(meeting, *, name, email=""):
    """The person already on the meeting's list that a walk-in is: the same e-mail
    address (theirs or their account's), or, when one of the two has no address, the
    same name. None when nobody matches."""
    email = email.strip().lower()
    key = same_name(name)
    for invitee in meeting.invitees.select_related("user"):
        addresses = {invitee.email.lower()} | (
            {invitee.user.email.lower()} if invitee.user_id else set()
        )
        addresses.discard("")
        if email and email in addresses:
            return invitee
        names = {same_name(invitee.name)} | (
            {same_name(invitee.user.display_name)} if invitee.user_id else set()
        )
        if (not email or not addresses) and key in names:
            return invitee
    return None


@transaction.atomic
def add_walk_in(*, actor, meeting, name, email="", organisation=None, organisation_name=""):
    """Someone who came without being on the list: added as a guest and marked present,
    both or neither (attendance is recorded on the day of the meeting or after it).

    Someone already on the list (see ``find_on_list``) is not added again: their row is
    marked present. A member of the collective, known by their address, is added as
    the member they are. Returns (invitee, whether they were already on the list)."""
    meeting = _locked(meeting)
    name = one_line(name)
    if not name:
        raise DomainError(_("Give the guest's name."), field="name")
    existing = find_on_list(meeting, name=name, email=email)
    if existing is not None:
        # They came in person: nobody represents them.
        record_attendance(
            actor=actor,
            meeting=meeting,
            marks={existing.pk: Attendance.PRESENT},
            proxies={existing.pk: ("", existing.agreement)},
        )
        existing.refresh_from_db()
        return existing, True
    from maillage.accounts.models import User

    email = email.strip().lower()
    account = User.objects.filter(email__iexact=email).first() if email else None
    if account is not None and account.pk in Membership.objects.member_ids(meeting.collective):
        invitee = invite_member(actor=actor, meeting=meeting, user=account)
    else:
        invitee = invite_guest(
            actor=actor,
            meeting=meeting,
            name=name,
            email=email,
            organisation=organisation,
            organisation_name=organisation_name,
        )
    record_attendance(actor=actor, meeting=meeting, marks={invitee.pk: Attendance.PRESENT})
    invitee.refresh_from_db()
    return invitee, False


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
    _audit(actor, "meetings.invitee_removed", invitee, meeting, before=before)
    invitee.delete()
    return before["name"]


# ------------------------------------------------------------------------ memberships


def release_roles(*, actor, membership):
    """Called when ``membership`` ends (collectives.services.end_membership, in its
    transaction): the person stops facilitating, or keeping the minutes of, the
    collective's meetings still to come. Past meetings keep who held those roles."""
    user = membership.user
    meetings = (
        Meeting.objects.filter(
            collective=membership.collective,
            status=MeetingStatus.PLANNED,
            ends_at__gt=timezone.now(),
        )
        .filter(models.Q(facilitators=user) | models.Q(secretary=user))
        .distinct()
    )
    for meeting in meetings:
        meeting = _locked(meeting)
        facilitators = list(meeting.facilitators.all())
        before = {
            "facilitators": ", ".join(str(p) for p in facilitators),
            "secretary": str(meeting.secretary or ""),
        }
        meeting.facilitators.remove(user)
        if meeting.secretary_id == user.pk:
            meeting.secretary = None
        meeting.version += 1
        meeting.save(update_fields=["secretary", "version", "updated_at"])
        after = {
            "facilitators": ", ".join(str(p) for p in facilitators if p.pk != user.pk),
            "secretary": str(meeting.secretary or ""),
        }
        changed = [name for name in before if before[name] != after[name]]
        _audit(
            actor,
            "meetings.meeting_updated",
            meeting,
            meeting,
            before={name: before[name] for name in changed},
            after={name: after[name] for name in changed},
        )


from .services_trace import decide_from_statement  # noqa: E402, F401 - the trace

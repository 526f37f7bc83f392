"""Planning a meeting: creating, changing and cancelling it, planning the next one, and
what ending a membership releases in the meetings to come."""

from datetime import timedelta

from django.db import models, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from maillage.audit.services import log_action
from maillage.collectives.models import Membership
from maillage.core.changes import clean_line, lock_at_version
from maillage.core.errors import DomainError
from maillage.core.typography import one_line
from maillage.core.values import KEEP
from maillage.core.zones import validate_time_zone

from .models import (
    Invitee,
    Meeting,
    MeetingStatus,
    Minutes,
)
from .services_common import _locked, _send_to_invited, check_not_frozen

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
    clean_line(fields.get("title"), field="title", empty_message=_("Give the meeting a title."))
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
    log_action(
        actor=actor,
        action="meetings.meeting_created",
        obj=meeting,
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


@transaction.atomic
def update_meeting(*, actor, meeting, base_version, facilitators=None, secretary=KEEP, **fields):
    """Change what the meeting is, when and where. If invitations went out and the
    time, place or title changed, invited people get an update (same calendar event,
    higher SEQUENCE)."""
    meeting = lock_at_version(
        Meeting.objects.select_related("collective"),
        meeting.pk,
        base_version,
        message=_(
            "Someone changed this meeting while you were editing it. "
            "Your changes are not saved: check the meeting and make them again."
        ),
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
    log_action(
        actor=actor,
        action="meetings.meeting_updated",
        obj=meeting,
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
    log_action(
        actor=actor, action="meetings.meeting_cancelled", obj=meeting, after={"reason": reason}
    )
    if meeting.invitations_sent_at:
        _send_to_invited(meeting, "meetings/email/cancellation", reason=meeting.cancel_reason)
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
    log_action(
        actor=actor,
        action="meetings.next_meeting_created",
        obj=following,
        after={"previous": str(meeting), "starts_at": following.starts_at},
    )
    return following


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
        log_action(
            actor=actor,
            action="meetings.meeting_updated",
            obj=meeting,
            before={name: before[name] for name in changed},
            after={name: after[name] for name in changed},
        )

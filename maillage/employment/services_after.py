"""After the café: outcomes at the checkpoints, the follow-up requests sent at 1, 3 and 6
months, the follow-up sessions ("post-CCE") and the obstacles heard there.

- ``record_outcome``: one row per seeker and checkpoint, whoever records it (an
  organiser, a recruiter the seeker met, the seeker from their link). The seeker's row
  is locked while it is written, so two people recording at once give one row: the
  second is told who recorded it and when, or, when they recorded something else from
  a page opened before, what is recorded now (``ConflictError``).
- ``send_follow_ups``: periodic; creates the requests of cafés that have ended and
  e-mails each one due once (the row's ``sent_at`` is set by one atomic update before
  the e-mail is queued, so two workers at once send it once).
- ``plan_session``, ``note_obstacle``, ``make_action``: a meeting of the collective
  with the café's consenting seekers invited; an obstacle (it names nobody) made an
  action of the collective.

The audit log names no seeker: it records their id only.
"""

import calendar
import datetime
from decimal import Decimal

from django.conf import settings
from django.db import IntegrityError, transaction
from django.db.models import Count, Exists, OuterRef
from django.urls import reverse
from django.utils import formats, timezone
from django.utils.translation import gettext as _

from maillage.actions.services import create_action
from maillage.audit.services import log_action
from maillage.core.changes import clean_line
from maillage.core.errors import ConflictError, DomainError
from maillage.core.mail import queue_email
from maillage.meetings.models import MeetingKind
from maillage.meetings.services_invitations import invite_guest, send_invitations
from maillage.meetings.services_meetings import create_meeting

from .models import Contract, Seeker, SeekerStatus, Slot
from .models_after import (
    CHECKPOINTS,
    CafeSession,
    FollowUpRequest,
    Obstacle,
    ObstacleTheme,
    Outcome,
    OutcomeKind,
    RecordedBy,
)

FOLLOW_UP_MONTHS = (1, 3, 6)
NOTE_MAX = 300
OBSTACLE_MAX = 2000
HOURS_MAX = Decimal("80")


def add_months(day, months):
    """``day`` ``months`` later, on the last day of the month when it has fewer days."""
    month = day.month - 1 + months
    year, month = day.year + month // 12, month % 12 + 1
    return datetime.date(year, month, min(day.day, calendar.monthrange(year, month)[1]))


def cafe_date(cafe):
    """The day of the café, in the event's time zone."""
    return cafe.event.local_start.date()


def outcome_link(seeker):
    return settings.SITE_URL + reverse("employment:seeker_outcome", args=[seeker.key])


# ------------------------------------------------------------------------- outcomes


def _clean_outcome(seeker, checkpoint, kind, contract, hours, recruiter, note):
    if checkpoint not in CHECKPOINTS:
        raise DomainError(_("Choose when: at the café, or 1, 3 or 6 months after."))
    if kind not in OutcomeKind.values:
        raise DomainError(_("Choose where the person stands."), field="kind")
    contract = contract or ""
    if kind == OutcomeKind.HIRED:
        if contract not in Contract.values:
            raise DomainError(_("Give the type of contract."), field="contract")
    else:
        contract, hours = "", None
    if hours is not None and not (Decimal(0) < Decimal(hours) <= HOURS_MAX):
        raise DomainError(
            _("Give the hours a week, between 1 and %(max)s.") % {"max": HOURS_MAX},
            field="hours",
        )
    if recruiter is not None and recruiter.cafe_id != seeker.cafe_id:
        raise DomainError(_("This recruiter was not at this café."), field="recruiter")
    note = clean_line(note, field="note", max_length=NOTE_MAX)
    return {
        "kind": kind,
        "contract": contract,
        "hours": None if hours is None else Decimal(hours).quantize(Decimal("0.1")),
        "recruiter": recruiter,
        "note": note,
    }


def _same(outcome, values):
    return all(
        getattr(outcome, name) == value
        for name, value in values.items()
        if name != "note" or value  # an empty note does not make it a different answer
    )


def _who(outcome):
    if outcome.recorded_by == RecordedBy.ORGANISER and outcome.recorded_by_user is not None:
        return str(outcome.recorded_by_user)
    return str(RecordedBy(outcome.recorded_by).label).lower()


def _when(outcome):
    return formats.date_format(timezone.localtime(outcome.recorded_at), "DATETIME_FORMAT")


def describe_outcome(outcome):
    """An outcome in words: "Hired (Permanent contract (CDI), 35 h)"."""
    text = str(OutcomeKind(outcome.kind).label)
    if outcome.kind == OutcomeKind.HIRED:
        details = [str(Contract(outcome.contract).label)] if outcome.contract else []
        if outcome.hours is not None:
            hours = outcome.hours
            hours = formats.number_format(int(hours) if hours == int(hours) else hours)
            details.append(_("%(hours)s h a week") % {"hours": hours})
        if details:
            text += " (" + ", ".join(details) + ")"
    return text


@transaction.atomic
def record_outcome(
    *,
    seeker,
    checkpoint,
    kind,
    contract="",
    hours=None,
    recruiter=None,
    note="",
    recorded_by,
    actor=None,
    version=None,
    now=None,
):
    """Record where ``seeker`` stands at ``checkpoint`` (months after the café).

    ``version``: the version of the outcome the form showed (None: the form showed
    none). The same answer recorded twice is refused with who recorded it and when; a
    different answer over a version that moved on is refused with what is there now."""
    now = now or timezone.now()
    seeker = Seeker.objects.select_for_update().select_related("cafe__event").get(pk=seeker.pk)
    if seeker.erased_at is not None:
        raise DomainError(_("This person's data has been erased."))
    if recorded_by not in RecordedBy.values:
        raise DomainError(_("Say who records this outcome."))
    met = recruiter is not None and Slot.objects.filter(seeker=seeker, recruiter=recruiter).exists()
    if recorded_by == RecordedBy.RECRUITER and not met:
        raise DomainError(_("You can record an outcome only for a person you met."))
    values = _clean_outcome(seeker, checkpoint, kind, contract, hours, recruiter, note)
    outcome = Outcome.objects.filter(seeker=seeker, checkpoint=checkpoint).first()
    before = None
    if outcome is not None:
        if _same(outcome, values):
            raise DomainError(
                _("This outcome is already recorded, by %(who)s on %(when)s.")
                % {"who": _who(outcome), "when": _when(outcome)},
                code="already",
            )
        if version != outcome.version:
            raise ConflictError(
                _(
                    "This outcome was changed meanwhile, by %(who)s on %(when)s: here is "
                    "what is recorded now, %(what)s. Your answer is kept below: save it "
                    "again to replace it."
                )
                % {"who": _who(outcome), "when": _when(outcome), "what": describe_outcome(outcome)},
                code="conflict",
            )
        before = _summary(outcome)
        for name, value in values.items():
            setattr(outcome, name, value)
        outcome.version += 1
    else:
        outcome = Outcome(seeker=seeker, checkpoint=checkpoint, **values)
    outcome.recorded_by = recorded_by
    outcome.recorded_by_user = actor if actor is not None and actor.is_authenticated else None
    try:
        with transaction.atomic():
            outcome.save()
    except IntegrityError:  # another process created it without the seeker's lock
        raise DomainError(_("This outcome has just been recorded by someone else.")) from None
    seeker.last_activity_at = now
    seeker.save(update_fields=["last_activity_at"])
    FollowUpRequest.objects.filter(
        seeker=seeker, months=checkpoint, answered_at__isnull=True
    ).update(answered_at=now)
    log_action(
        actor=outcome.recorded_by_user,
        action="employment.outcome_recorded",
        obj=outcome,
        collective=seeker.cafe.event.collective,
        before=before,
        after=_summary(outcome),
    )
    return outcome


def _summary(outcome):
    return {
        "seeker": outcome.seeker_id,
        "checkpoint": outcome.checkpoint,
        "kind": outcome.kind,
        "contract": outcome.contract,
        "recorded_by": outcome.recorded_by,
    }


# ------------------------------------------------------------------------- follow-ups


def create_follow_up_requests(now=None):
    """The requests at 1, 3 and 6 months of every seeker of a café that has ended, who
    has an e-mail address, was not erased and did not cancel; returns how many were
    made (a seeker's requests are made once: the unique constraint keeps them so)."""
    now = now or timezone.now()
    seekers = (
        Seeker.objects.filter(cafe__event__ends_at__lte=now, erased_at__isnull=True)
        .exclude(email="")
        .exclude(status=SeekerStatus.CANCELLED)
        .annotate(asked=Count("follow_ups"))
        .filter(asked__lt=len(FOLLOW_UP_MONTHS))
        .select_related("cafe__event")
    )
    made = [
        FollowUpRequest(
            seeker=seeker, months=months, due_on=add_months(cafe_date(seeker.cafe), months)
        )
        for seeker in seekers
        for months in FOLLOW_UP_MONTHS
    ]
    return len(FollowUpRequest.objects.bulk_create(made, ignore_conflicts=True))


def _due(now):
    six_months_known = Outcome.objects.filter(seeker=OuterRef("seeker"), checkpoint=6)
    already_known = Outcome.objects.filter(seeker=OuterRef("seeker"), checkpoint=OuterRef("months"))
    return (
        FollowUpRequest.objects.filter(
            due_on__lte=timezone.localdate(now),
            sent_at__isnull=True,
            answered_at__isnull=True,
            seeker__erased_at__isnull=True,
        )
        .exclude(seeker__email="")
        .exclude(Exists(six_months_known))
        .exclude(Exists(already_known))
    )


def send_follow_ups(now=None):
    """E-mail each follow-up request due and not sent yet, once; returns how many."""
    now = now or timezone.now()
    create_follow_up_requests(now)
    sent = 0
    for pk in list(_due(now).values_list("pk", flat=True)):
        with transaction.atomic():
            # Whoever sets sent_at sends the e-mail: a second worker updates nothing. The
            # claim filters on the row's own columns only: PostgreSQL re-checks those on
            # the row a concurrent worker has just changed, not a subquery's (an update
            # through ``_due``'s joins would send twice).
            claimed = FollowUpRequest.objects.filter(
                pk=pk, sent_at__isnull=True, answered_at__isnull=True
            ).update(sent_at=now)
            if not claimed:
                continue
            request = FollowUpRequest.objects.select_related("seeker__cafe__event__collective").get(
                pk=pk
            )
            _mail_follow_up(request)
            sent += 1
    return sent


def _mail_follow_up(request):
    seeker = request.seeker
    cafe = seeker.cafe
    queue_email(
        template="employment/after/email/follow_up",
        to=seeker.email,
        language=seeker.language or settings.LANGUAGE_CODE,
        context={
            "seeker": seeker,
            "months": request.months,
            "event": cafe.event,
            "cafe_date": cafe_date(cafe),
            "collective": cafe.event.collective,
            "link": outcome_link(seeker),
        },
    )


# ------------------------------------------------------------------------- sessions


def invited_seekers(cafe):
    """The seekers a follow-up session invites: consenting, with an address, not erased."""
    return (
        cafe.seekers.filter(consented_at__isnull=False, erased_at__isnull=True)
        .exclude(email="")
        .exclude(status=SeekerStatus.CANCELLED)
        .order_by("pk")
    )


@transaction.atomic
def plan_session(
    *,
    actor,
    cafe,
    title,
    starts_at,
    ends_at,
    place="",
    address="",
    time_zone="",
    purpose="",
    invite_members=False,
    send_now=False,
):
    """A follow-up session of ``cafe``: a meeting of the collective (its members invited
    when ``invite_members``) with the café's consenting seekers as guests; with
    ``send_now`` the invitations go at once, otherwise from the meeting's page."""
    meeting = create_meeting(
        actor=actor,
        collective=cafe.event.collective,
        invite_members=invite_members,
        kind=MeetingKind.WORKING_GROUP,
        title=title,
        starts_at=starts_at,
        ends_at=ends_at,
        time_zone=time_zone or cafe.event.time_zone,
        place=place,
        address=address,
        purpose=purpose,
    )
    session = CafeSession.objects.create(cafe=cafe, meeting=meeting)
    invited = 0
    for seeker in invited_seekers(cafe):
        try:
            invite_guest(
                actor=actor,
                meeting=meeting,
                name=seeker.name,
                email=seeker.email,
                logged_name=f"#{seeker.pk}",  # the log names no job seeker
            )
        except DomainError:  # the address is already on the list (a member's)
            continue
        invited += 1
    log_action(
        actor=actor,
        action="employment.session_planned",
        obj=session,
        collective=cafe.event.collective,
        after={"meeting": meeting.pk, "seekers": invited},
    )
    if send_now and meeting.invitees.exists():
        send_invitations(actor=actor, meeting=meeting)
    return session


# ------------------------------------------------------------------------- obstacles


@transaction.atomic
def note_obstacle(*, actor, cafe, theme, text, session=None):
    """An obstacle heard at the café or at one of its sessions. It names nobody."""
    if theme not in ObstacleTheme.values:
        raise DomainError(_("Choose a theme."), field="theme")
    text = (text or "").strip()
    if not text:
        raise DomainError(_("Say what was heard."), field="text")
    if len(text) > OBSTACLE_MAX:
        raise DomainError(
            _("%(max)s characters at most (this one has %(count)s).")
            % {"max": OBSTACLE_MAX, "count": len(text)},
            field="text",
        )
    if session is not None and session.cafe_id != cafe.pk:
        raise DomainError(_("This session belongs to another café."), field="session")
    obstacle = Obstacle.objects.create(
        cafe=cafe, session=session, theme=theme, text=text, noted_by=actor
    )
    log_action(
        actor=actor,
        action="employment.obstacle_noted",
        obj=obstacle,
        collective=cafe.event.collective,
        after={"theme": theme},
    )
    return obstacle


@transaction.atomic
def make_action(*, actor, obstacle, title, owners=(), due_date=None):
    """The obstacle made an action of the collective (tied to its session's meeting when
    it was heard at one); an obstacle becomes one action at most."""
    obstacle = (
        Obstacle.objects.select_for_update(of=("self",))
        .select_related("cafe__event__collective", "session__meeting")
        .get(pk=obstacle.pk)
    )
    if obstacle.action_id is not None:
        raise DomainError(_("This obstacle is already an action."), code="already")
    action = create_action(
        actor=actor,
        collective=obstacle.cafe.event.collective,
        title=title,
        owners=owners,
        due_date=due_date,
        description=obstacle.text,
        meeting=obstacle.session.meeting if obstacle.session_id else None,
    )
    obstacle.action = action
    obstacle.save(update_fields=["action"])
    log_action(
        actor=actor,
        action="employment.obstacle_action",
        obj=obstacle,
        collective=obstacle.cafe.event.collective,
        after={"action": action.pk},
    )
    return action

"""The rounds of a job café's day: the plan (who meets whom, in which round, at which
table), re-planned from a given round when people arrive late, leave, or a recruiter is
absent; the outcome a recruiter or an organiser notes for each meeting; the log of the
profiles a recruiter's page shows.

The plan itself is ``maillage.planning.plan_meetings`` (optimal, see its module): this
module only gathers its input from the café and stores its output as ``Slot`` rows.
Rounds are numbered from 0 here and from 1 on the pages.
"""

from datetime import timedelta

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from maillage.audit.services import log_action
from maillage.core.errors import DomainError
from maillage.planning import plan_meetings

from .models import Cafe, MeetingOutcome, Recruiter, Seeker, SeekerStatus, Slot, Wish

# Seekers who may still be given meetings (cancelled and left ones never are).
STILL_IN = (SeekerStatus.REGISTERED, SeekerStatus.ARRIVED)


# ----------------------------------------------------------------- the day's clock


def first_round_at(cafe):
    """When the first round starts: the café's own time, else its event's start."""
    return cafe.rotations_start_at or cafe.event.starts_at


def round_starts(cafe):
    """The start of each round, in order (aware datetimes)."""
    start = first_round_at(cafe)
    step = timedelta(minutes=cafe.minutes_per_rotation)
    return [start + number * step for number in range(cafe.rotations)]


def round_in_progress(cafe, now=None):
    """The round under way (from 0), or None before the first one. Past the last round
    it is the number of rounds (nothing is left to plan)."""
    now = now or timezone.now()
    start = first_round_at(cafe)
    if now < start:
        return None
    elapsed = (now - start) // timedelta(minutes=cafe.minutes_per_rotation)
    return min(int(elapsed), cafe.rotations)


def next_round(cafe, now=None):
    """The first round a re-plan changes by default: 0 before the day, otherwise the
    round after the one under way."""
    current = round_in_progress(cafe, now)
    return 0 if current is None else min(current + 1, cafe.rotations)


# ----------------------------------------------------------------- the planner's input


def eligible_recruiters(cafe):
    return Recruiter.objects.filter(cafe=cafe, present=True, tables__gt=0).order_by("pk")


def eligible_seekers(cafe, *, started):
    """Seekers the plan may seat: not cancelled, not gone, not erased; once the day has
    started, only those who arrived (a seeker registered but not there is left out)."""
    seekers = Seeker.objects.filter(cafe=cafe, erased_at__isnull=True)
    if started:
        return seekers.filter(status=SeekerStatus.ARRIVED).order_by("pk")
    return seekers.filter(status__in=STILL_IN).order_by("pk")


def planner_input(cafe, *, started):
    """``recruiters`` {id: tables} and ``seekers`` {id: {recruiter id: weight}} as
    ``plan_meetings`` takes them, ids as strings."""
    recruiters = {
        str(pk): tables for pk, tables in eligible_recruiters(cafe).values_list("pk", "tables")
    }
    seekers = {
        str(pk): {} for pk in eligible_seekers(cafe, started=started).values_list("pk", flat=True)
    }
    wishes = Wish.objects.filter(seeker__cafe=cafe).values_list(
        "seeker_id", "recruiter_id", "weight"
    )
    for seeker_id, recruiter_id, weight in wishes.order_by("seeker_id", "recruiter_id"):
        sid, rid = str(seeker_id), str(recruiter_id)
        if sid in seekers and rid in recruiters:
            seekers[sid][rid] = weight
    return recruiters, seekers


# ----------------------------------------------------------------- planning


@transaction.atomic
def plan_rotations(*, actor, cafe, from_rotation=None, now=None):
    """Plan the rounds from ``from_rotation`` (from 0) to the last; earlier rounds are
    kept as they are (they happened) and their pairs do not meet again. ``None``: 0
    before the day, otherwise the round after the one under way. The café's row is
    locked: two organisers planning at once get one plan after the other.
    Returns the planner's ``MeetingPlan`` for the rounds planned."""
    now = now or timezone.now()
    cafe = Cafe.objects.select_for_update().select_related("event__collective").get(pk=cafe.pk)
    if from_rotation is None:
        from_rotation = next_round(cafe, now)
    if not 0 <= from_rotation < cafe.rotations:
        raise DomainError(
            ngettext(
                "There is no round %(number)s to plan: the café has %(count)s round.",
                "There is no round %(number)s to plan: the café has %(count)s rounds.",
                cafe.rotations,
            )
            % {"number": from_rotation + 1, "count": cafe.rotations},
            field="from_round",
        )
    noted = (
        Slot.objects.filter(cafe=cafe, rotation__gte=from_rotation)
        .exclude(outcome="")
        .order_by("-rotation")
        .values_list("rotation", flat=True)
        .first()
    )
    if noted is not None:
        # Those meetings happened: re-planning them would lose what the recruiters noted.
        raise DomainError(
            _(
                "Round %(number)s already has outcomes noted by recruiters: "
                "re-plan from round %(next)s or later."
            )
            % {"number": noted + 1, "next": noted + 2},
            field="from_round",
        )
    started = from_rotation > 0 or now >= first_round_at(cafe)
    kept = Slot.objects.filter(cafe=cafe, rotation__lt=from_rotation)
    met = {(str(s), str(r)) for s, r in kept.values_list("seeker_id", "recruiter_id")}
    kept_total = sum(kept.values_list("weight", flat=True))
    recruiters, seekers = planner_input(cafe, started=started)
    plan = plan_meetings(cafe.rotations - from_rotation, cafe.seats, recruiters, seekers, met=met)
    replaced = Slot.objects.filter(cafe=cafe, rotation__gte=from_rotation).delete()[0]
    Slot.objects.bulk_create(
        Slot(
            cafe=cafe,
            rotation=from_rotation + meeting.rotation,
            recruiter_id=int(meeting.recruiter),
            table=meeting.table,
            seeker_id=int(meeting.seeker),
            weight=meeting.weight,
        )
        for meeting in plan.meetings
    )
    before = (
        {"plan_from": cafe.plan_from + 1, "plan_total": cafe.plan_total}
        if cafe.planned_at
        else None
    )
    cafe.plan_total = kept_total + plan.total
    cafe.plan_from = from_rotation
    cafe.planned_at = now
    cafe.version += 1
    cafe.save(update_fields=["plan_total", "plan_from", "planned_at", "version"])
    # Counts only: the log names no seeker.
    log_action(
        actor=actor,
        action="employment.rotations_planned",
        obj=cafe,
        before=before,
        after={
            "plan_from": from_rotation + 1,
            "plan_total": cafe.plan_total,
            "meetings": len(plan.meetings),
            "replaced": replaced,
            "seekers": len(seekers),
            "recruiters": len(recruiters),
        },
    )
    return plan


# ----------------------------------------------------------------- outcomes


@transaction.atomic
def record_meeting_outcome(*, slot, outcome, recruiter=None, actor=None):
    """Note a meeting's outcome: by its recruiter (``recruiter``, from their link: only
    their own meetings) or by an organiser (``actor``). One value per meeting: recording
    again changes it, and of two recordings at once the last one stays."""
    if outcome not in MeetingOutcome.values:
        raise DomainError(_("Choose one of the outcomes offered."), field="outcome")
    slot = (
        Slot.objects.select_for_update().select_related("cafe__event__collective").get(pk=slot.pk)
    )
    if recruiter is not None and slot.recruiter_id != recruiter.pk:
        raise DomainError(_("This meeting is not one of yours."))
    before = slot.outcome
    if before == outcome:
        return slot
    slot.outcome = outcome
    slot.outcome_at = timezone.now()
    slot.save(update_fields=["outcome", "outcome_at"])
    # The café is the logged object: a meeting's name would name its seeker.
    log_action(
        actor=actor,
        action="employment.meeting_outcome_recorded",
        obj=slot.cafe,
        before={"meeting": slot.pk, "outcome": before} if before else None,
        after={
            "meeting": slot.pk,
            "outcome": outcome,
            "recorded_by": "recruiter" if recruiter is not None else "organiser",
        },
    )
    return slot

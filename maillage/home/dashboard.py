"""What a person's dashboard shows: what is coming for them, each item with its link.

Every section reads only what the person's roles allow, with the same rules as the
apps' pages: the collectives they are an **active** member of (``Membership.active``),
the apps' scoped querysets (``Meeting.objects.visible_to``, ``Action.objects.visible_to``,
``Collective.objects.of_member``), and, for a role held on an object (taking part in a
consultation, organising an event, keeping the minutes), the condition of
``collectives.rules.object_role``: named on the object **and** an active member of its
collective. So a former member's meetings, rounds, events and requests disappear from
their dashboard the day their membership ends.

Each section costs a fixed number of queries whatever the number of collectives and
items (tests/test_dashboard.py counts them at two sizes).
"""

from dataclasses import dataclass, field

from django.db.models import Count, F, Prefetch, Q
from django.utils import timezone

from maillage.actions.views import DASHBOARD_SHOWN, open_actions_of
from maillage.collectives.models import (
    Collective,
    Membership,
    MembershipRequest,
    RequestStatus,
    Role,
)
from maillage.collectives.rules import ROLE_RANK
from maillage.consultations.models import Participant, Round, RoundKind, RoundStatus, Vote
from maillage.events.models import Event, EventStatus, RegistrationStatus
from maillage.meetings.models import AmendmentStatus, Invitee, Meeting, Minutes, MinutesStatus, Rsvp
from maillage.meetings.services import when_text

# How many items a section lists; the apps' pages list the rest.
SHOWN = 10


@dataclass
class Dashboard:
    memberships: list
    meetings: list = field(default_factory=list)
    more_meetings: bool = False
    invitations: list = field(default_factory=list)
    rounds: list = field(default_factory=list)
    events: list = field(default_factory=list)
    more_events: bool = False
    requests: list = field(default_factory=list)
    more_requests: bool = False
    minutes: list = field(default_factory=list)
    my_actions: list = field(default_factory=list)
    my_actions_count: int = 0

    def _where(self, minimum):
        """The memberships whose role is ``minimum`` or above."""
        return [m for m in self.memberships if ROLE_RANK[Role(m.role)] >= ROLE_RANK[minimum]]

    @property
    def plans(self):
        """Where the person may plan meetings and create events (facilitator or above)."""
        return self._where(Role.FACILITATOR)

    @property
    def coordinates(self):
        return self._where(Role.COORDINATOR)


def build(user):
    """The person's dashboard (a logged-in person)."""
    memberships = list(
        Membership.objects.active()
        .filter(user=user)
        .select_related("collective", "organisation")
        .order_by("collective__name", "pk")
    )
    board = Dashboard(memberships=memberships)
    if not memberships:
        return board
    now = timezone.now()
    collectives = [m.collective_id for m in memberships]
    board.meetings, board.more_meetings = next_meetings(user, now)
    board.invitations = unanswered_invitations(user, now)
    board.rounds = open_rounds(user, collectives)
    board.events, board.more_events = organised_events(user, now)
    coordinated = [m.collective_id for m in board.coordinates]
    board.requests, board.more_requests = requests_to_answer(coordinated)
    board.minutes = minutes_to_approve(user, coordinated, collectives)
    actions = open_actions_of(user)
    board.my_actions = list(actions[:DASHBOARD_SHOWN])
    board.my_actions_count = actions.count()
    return board


def _cut(rows):
    """The first SHOWN rows, and whether there were more (rows holds SHOWN + 1 at most)."""
    return rows[:SHOWN], len(rows) > SHOWN


def next_meetings(user, now):
    """The coming meetings of the person's collectives (observers read them all), the
    soonest first, each with the person's invitation when they are on its list."""
    mine = Invitee.objects.filter(user=user)
    meetings = list(
        Meeting.objects.visible_to(user)
        .upcoming()
        .select_related("collective")
        .prefetch_related(Prefetch("invitees", queryset=mine, to_attr="my_invitations"))
        .order_by("starts_at", "pk")[: SHOWN + 1]
    )
    for meeting in meetings:
        meeting.when = when_text(meeting)
        meeting.invitation = meeting.my_invitations[0] if meeting.my_invitations else None
    return _cut(meetings)


def unanswered_invitations(user, now):
    """The person's invitations without an answer, to meetings not started yet (answers
    close when a meeting starts), of collectives they still belong to."""
    coming = Meeting.objects.visible_to(user).upcoming().filter(starts_at__gt=now)
    invitations = list(
        Invitee.objects.filter(user=user, rsvp=Rsvp.PENDING, meeting__in=coming)
        .select_related("meeting__collective")
        .order_by("meeting__starts_at", "pk")
    )
    for invitation in invitations:
        invitation.meeting.when = when_text(invitation.meeting)
    return invitations


def open_rounds(user, collectives):
    """Open vote rounds (Delphi) of the consultations the person takes part in with
    their account, where their group votes and some statement still waits for their
    answer. Taking part counts while they are a member of the consultation's
    collective or of their group's territory (consultations.rules.takes_part)."""
    participants = {
        participant.consultation_id: participant
        for participant in Participant.objects.filter(user=user).filter(
            Q(consultation__collective_id__in=collectives) | Q(group__territory_id__in=collectives)
        )
    }
    if not participants:
        return []
    rounds = list(
        Round.objects.filter(
            consultation_id__in=list(participants),
            status=RoundStatus.OPEN,
            kind__in=[RoundKind.AGREE, RoundKind.RATE],
        )
        .select_related("consultation__collective")
        .prefetch_related("groups")
        .order_by(F("ends_on").asc(nulls_last=True), "consultation__title", "number")
    )
    statements = {}
    for round_id, statement_id in Round.statements.through.objects.filter(
        round__in=rounds
    ).values_list("round_id", "statement_id"):
        statements.setdefault(round_id, set()).add(statement_id)
    answered = {}
    for round_id, statement_id in Vote.objects.filter(
        round__in=rounds, participant__in=list(participants.values())
    ).values_list("round_id", "statement_id"):
        answered.setdefault(round_id, set()).add(statement_id)
    shown = []
    for round_ in rounds:
        participant = participants[round_.consultation_id]
        groups = {group.pk for group in round_.groups.all()}
        if groups and participant.group_id not in groups:
            continue
        asked = statements.get(round_.pk, set())
        done = asked & answered.get(round_.pk, set())
        if not asked or done == asked:
            continue
        round_.asked, round_.answered = len(asked), len(done)
        shown.append(round_)
    return shown


def organised_events(user, now):
    """The coming events the person organises (not the cancelled ones), in the
    collectives they belong to (events.rules.organises_event), with their seats."""
    events = list(
        Event.objects.filter(organisers=user, collective__in=Collective.objects.of_member(user))
        .upcoming(now)
        .exclude(status=EventStatus.CANCELLED)
        .select_related("collective")
        .annotate(
            confirmed=Count(
                "registrations", filter=Q(registrations__status=RegistrationStatus.CONFIRMED)
            ),
            waiting=Count(
                "registrations", filter=Q(registrations__status=RegistrationStatus.WAITING)
            ),
        )
        .order_by("starts_at", "pk")[: SHOWN + 1]
    )
    return _cut(events)


def requests_to_answer(coordinated):
    """Requests to join the collectives the person coordinates, the oldest first."""
    if not coordinated:
        return [], False
    requests = list(
        MembershipRequest.objects.filter(
            collective_id__in=coordinated, status=RequestStatus.PENDING
        )
        .select_related("collective", "user", "organisation")
        .order_by("created_at", "pk")[: SHOWN + 1]
    )
    return _cut(requests)


def minutes_to_approve(user, coordinated, collectives):
    """Minutes submitted to the participants, waiting to be approved by a coordinator
    or by the person in charge of them (meetings.change_minutes), with the number of
    proposed changes still to answer."""
    minutes = (
        Minutes.objects.filter(status=MinutesStatus.SUBMITTED)
        .filter(
            Q(meeting__collective_id__in=coordinated)
            | Q(meeting__secretary=user, meeting__collective_id__in=collectives)
        )
        .select_related("meeting__collective")
        .annotate(waiting=Count("amendments", filter=Q(amendments__status=AmendmentStatus.PENDING)))
        .order_by("submitted_at", "pk")
    )
    return list(minutes)

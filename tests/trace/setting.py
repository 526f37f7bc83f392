"""One whole chain on ``world`` (tests/conftest.py), through the services:

the workshop of tests/consultations/workshop.py (its participant "Alex" wrote three
notes, now gathered in the theme "Vivre dignement") → a statement of that theme, voted
by three participants in round 2 (agree/disagree), closed → a decision of a meeting of
the collective → two actions (one from a pledge of the workshop) → a project piloted by
the member, with a milestone reached.
"""

from dataclasses import dataclass
from datetime import datetime, time, timedelta
from zoneinfo import ZoneInfo

from django.utils import timezone

from maillage.actions import services as actions
from maillage.consultations import services as consultations
from maillage.meetings import services as meetings
from maillage.meetings.models import MeetingKind
from maillage.projects import services as projects

from ..consultations.workshop import build_workshop

GENEVA = ZoneInfo("Europe/Zurich")
STATEMENT = "Chacun doit pouvoir vivre dignement de ce qu'il fait pour la transition."
OTHER_STATEMENT = "Le groupe se réunit une fois par mois."
PLEDGE = "Je peux animer un atelier de réparation"
PLEDGE_NAME = "Dominique Favre"


@dataclass
class Chain:
    workshop: object
    theme: object
    statement: object
    other_statement: object
    round: object
    meeting: object
    commitment: object
    decision: object = None
    action: object = None
    pledge_action: object = None
    project: object = None
    milestone: object = None


def build_votes(world):
    """The workshop up to the closed vote round and a planned meeting, nothing decided."""
    if getattr(world, "chain", None) is not None:
        return world.chain
    workshop = build_workshop(world)
    consultation, facilitator = workshop.consultation, world.facilitator
    theme = consultations.create_theme(
        actor=facilitator, group=workshop.group, title="Vivre dignement", statement=STATEMENT
    )
    for note in workshop.notes:
        consultations.move_note(actor=facilitator, note=note, theme=theme, base_version=None)
    pledge = consultations.post_note(
        participant=workshop.participant, question=workshop.questions[2], text=PLEDGE
    )
    commitment = consultations.make_commitment(
        actor=facilitator,
        note=pledge,
        text="Animer un atelier de réparation à Plainpalais",
        due_on=timezone.localdate() + timedelta(days=30),
        person_name=PLEDGE_NAME,
    )
    statement = consultations.add_statement(
        actor=facilitator, consultation=consultation, text=STATEMENT, theme=theme
    )
    other = consultations.add_statement(
        actor=facilitator, consultation=consultation, text=OTHER_STATEMENT
    )
    first, vote = consultation.rounds.order_by("number")
    consultations.close_round(actor=facilitator, round_=first)
    consultations.set_round_statements(
        actor=facilitator, round_=vote, statements=[statement, other]
    )
    consultations.open_round(actor=facilitator, round_=vote)
    third = consultations.join_group(group=workshop.group, display_name="Lou")
    voters = [workshop.participant, workshop.other_participant, third]
    for voter, choice in zip(voters, (1, 1, 1), strict=True):
        consultations.cast_vote(participant=voter, round_=vote, statement=statement, choice=choice)
    for voter, choice in zip(voters, (1, -1, 0), strict=True):
        consultations.cast_vote(participant=voter, round_=vote, statement=other, choice=choice)
    consultations.close_round(actor=facilitator, round_=vote)
    day = timezone.localdate() + timedelta(days=7)
    starts = datetime.combine(day, time(14, 0), tzinfo=GENEVA)
    meeting = meetings.create_meeting(
        actor=world.coordinator,
        collective=world.collective,
        kind=MeetingKind.PLENARY,
        title="Séance plénière : adopter la raison d'être",
        starts_at=starts,
        ends_at=starts + timedelta(hours=3),
        time_zone="Europe/Zurich",
    )
    world.chain = Chain(
        workshop=workshop,
        theme=theme,
        statement=statement,
        other_statement=other,
        round=vote,
        meeting=meeting,
        commitment=commitment,
    )
    return world.chain


def build_chain(world):
    """The whole chain: decided, two actions, a project with a milestone reached."""
    chain = build_votes(world)
    if chain.decision is not None:
        return chain
    coordinator = world.coordinator
    chain.decision = meetings.decide_from_statement(
        actor=coordinator, round_=chain.round, statement=chain.statement, meeting=chain.meeting
    )
    stream = projects.create_work_stream(
        actor=coordinator, collective=world.collective, title="Revenu de transition"
    )
    chain.project = projects.create_project(
        actor=coordinator,
        work_stream=stream,
        title="Ateliers de réparation",
        pilots=[world.member],
        starts_on=timezone.localdate(),
    )
    chain.action = actions.create_action(
        actor=coordinator,
        collective=world.collective,
        title="Trouver une salle pour les ateliers",
        owners=[world.member],
        due_date=timezone.localdate() + timedelta(days=20),
        meeting=chain.meeting,
        decision=chain.decision,
        project=chain.project,
    )
    chain.pledge_action = actions.action_from_commitment(
        actor=coordinator,
        commitment=chain.commitment,
        project=chain.project,
        decision=chain.decision,
    )
    chain.milestone = projects.add_milestone(
        actor=coordinator,
        project=chain.project,
        title="Premier atelier tenu",
        due_on=timezone.localdate() + timedelta(days=10),
    )
    projects.reach_milestone(actor=coordinator, milestone=chain.milestone)
    return chain

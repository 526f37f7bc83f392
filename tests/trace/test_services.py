"""The trace's services: a statement made a decision (meetings.services_trace), a pledge
made an action (actions.services.action_from_commitment); each refusal, the figures kept."""

import pytest
from django.utils import translation

from maillage.actions import services as actions
from maillage.actions.models import Action
from maillage.audit.models import AuditEvent
from maillage.consultations import services as consultations
from maillage.core.errors import DomainError
from maillage.meetings import services as meetings
from maillage.meetings.models import Decision, DecisionStatus, Meeting, MeetingStatus

from ..factories import ConsultationFactory, StatementFactory
from .setting import build_chain, build_votes

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def in_english():
    """The messages are read in English (the French catalogue translates them)."""
    with translation.override("en"):
        yield


def decide(world, chain, **extra):
    fields = {"round_": chain.round, "statement": chain.statement, "meeting": chain.meeting}
    return meetings.decide_from_statement(actor=world.coordinator, **(fields | extra))


def test_a_statement_becomes_a_decision_of_the_meeting_with_its_figures(world):
    chain = build_votes(world)
    decision = decide(world, chain)
    assert decision.collective == world.collective and decision.meeting == chain.meeting
    assert (decision.statement, decision.round) == (chain.statement, chain.round)
    assert decision.text == chain.statement.text
    assert decision.status == DecisionStatus.ADOPTED
    # Three votes, all agreeing: broad agreement (the round's "consensus" list).
    assert (decision.agree_share, decision.consensus, decision.votes) == (1.0, True, 3)
    event = AuditEvent.objects.get(action="meetings.decision_from_statement")
    assert event.collective == world.collective
    assert event.after["agree_share"] == 100 and event.after["consensus"] is True


def test_the_figures_are_those_of_the_round_results(world):
    chain = build_votes(world)
    decision = decide(world, chain, statement=chain.other_statement, meeting=None)
    # One agrees, one disagrees, one passes: a third agree, no consensus.
    assert decision.votes == 3 and decision.consensus is False
    assert decision.agree_share == pytest.approx(1 / 3)


def test_a_decision_by_consultation_has_no_meeting(world):
    chain = build_votes(world)
    decision = decide(world, chain, meeting=None, text="Nous voulons vivre dignement.")
    assert decision.meeting is None and decision.by_consultation
    assert decision.collective == world.collective
    assert decision.text == "Nous voulons vivre dignement."


def test_refused_while_the_round_is_open(world):
    chain = build_votes(world)
    first = chain.workshop.consultation.rounds.get(number=1)
    with pytest.raises(DomainError, match="once its vote round is closed"):
        decide(world, chain, round_=first)
    assert not Decision.objects.exists()


def test_refused_for_a_statement_of_another_consultation(world):
    chain = build_votes(world)
    other = ConsultationFactory(collective=world.collective, created_by=world.coordinator)
    stranger = StatementFactory(consultation=other, created_by=world.coordinator)
    with pytest.raises(DomainError, match="another consultation"):
        decide(world, chain, statement=stranger)


def test_refused_for_a_statement_that_was_not_in_the_round(world):
    chain = build_votes(world)
    outside = consultations.add_statement(
        actor=world.facilitator,
        consultation=chain.workshop.consultation,
        text="Une phrase jamais soumise au vote.",
    )
    with pytest.raises(DomainError, match="not in this round"):
        decide(world, chain, statement=outside)


def test_refused_for_a_meeting_of_another_collective(world):
    chain = build_votes(world)
    Meeting.objects.filter(pk=chain.meeting.pk).update(collective=world.other)
    chain.meeting.refresh_from_db()
    with pytest.raises(DomainError, match="another collective"):
        decide(world, chain)


def test_refused_for_a_cancelled_meeting(world):
    chain = build_votes(world)
    Meeting.objects.filter(pk=chain.meeting.pk).update(status=MeetingStatus.CANCELLED)
    chain.meeting.refresh_from_db()
    with pytest.raises(DomainError, match="cancelled"):
        decide(world, chain)


def test_refused_twice_saying_where_it_was_decided(world):
    chain = build_votes(world)
    decide(world, chain)
    with pytest.raises(DomainError, match="already a decision of the meeting") as refused:
        decide(world, chain, meeting=None)
    assert chain.meeting.title in refused.value.message
    assert Decision.objects.count() == 1


def test_refused_twice_by_consultation_too(world):
    chain = build_votes(world)
    decide(world, chain, meeting=None)
    with pytest.raises(DomainError, match="already a decision by consultation"):
        decide(world, chain)


def test_a_meetings_own_decision_belongs_to_its_collective(world):
    chain = build_votes(world)
    decision = meetings.add_decision(
        actor=world.coordinator, meeting=chain.meeting, text="Se revoir en janvier."
    )
    assert decision.collective_id == world.collective.pk


# ------------------------------------------------------------------ pledge → action


def test_a_pledge_becomes_an_action_in_one_step(world):
    chain = build_votes(world)
    action = actions.action_from_commitment(actor=world.coordinator, commitment=chain.commitment)
    assert action.commitment == chain.commitment and action.collective == world.collective
    assert action.title == chain.commitment.text
    assert action.due_date == chain.commitment.due_on
    assert action.owner_names == "Dominique Favre"
    assert action.meeting is None and action.project is None


def test_a_members_pledge_is_owned_by_the_member(world):
    chain = build_votes(world)
    chain.commitment.person, chain.commitment.person_name = world.member, ""
    chain.commitment.save()
    action = actions.action_from_commitment(actor=world.coordinator, commitment=chain.commitment)
    assert [o.user for o in action.owners.all()] == [world.member]


def test_a_pledge_becomes_an_action_once(world):
    chain = build_votes(world)
    made = actions.action_from_commitment(actor=world.coordinator, commitment=chain.commitment)
    with pytest.raises(DomainError, match="already the action") as refused:
        actions.action_from_commitment(actor=world.facilitator, commitment=chain.commitment)
    assert made.title in refused.value.message
    assert Action.objects.filter(commitment=chain.commitment).count() == 1


def test_a_pledge_action_in_a_project_from_a_decision(world):
    chain = build_chain(world)
    action = chain.pledge_action
    assert (action.project, action.decision, action.meeting) == (
        chain.project,
        chain.decision,
        chain.meeting,
    )


def test_a_decision_by_consultation_leads_to_actions_without_a_meeting(world):
    chain = build_votes(world)
    decision = decide(world, chain, meeting=None)
    action = actions.action_from_commitment(
        actor=world.coordinator, commitment=chain.commitment, decision=decision
    )
    assert (action.decision, action.meeting) == (decision, None)
    typed = actions.create_action(
        actor=world.coordinator,
        collective=world.collective,
        title="Écrire au canton",
        decision=decision,
    )
    assert typed.decision == decision and typed.meeting is None


def test_a_decision_by_consultation_is_not_carried_out_from_a_meeting(world):
    chain = build_votes(world)
    decision = decide(world, chain, meeting=None)
    with pytest.raises(DomainError, match="another meeting") as refused:
        actions.create_action(
            actor=world.coordinator,
            collective=world.collective,
            title="Écrire au canton",
            meeting=chain.meeting,
            decision=decision,
        )
    assert refused.value.field == "decision"
    assert not Action.objects.filter(decision=decision).exists()


def test_a_decision_of_another_collective_is_refused(world):
    chain = build_votes(world)
    decision = decide(world, chain, meeting=None)
    with pytest.raises(DomainError, match="another collective"):
        actions.create_action(
            actor=world.outsider, collective=world.other, title="Écrire", decision=decision
        )

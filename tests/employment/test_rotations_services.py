"""Planning a job café's rounds (services_rotations): the plan keeps every constraint
and reaches the planner's optimum; re-planning from round N keeps the earlier rounds
and never repeats a pair; absent recruiters, cancelled or gone seekers, and seekers who
have not arrived once the day started are left out; outcomes of meetings."""

from collections import Counter

import pytest

from maillage.audit.models import AuditEvent
from maillage.core.errors import DomainError
from maillage.employment.models import Recruiter, Seeker, SeekerStatus, Slot, Wish
from maillage.employment.services_rotations import (
    next_round,
    plan_rotations,
    record_meeting_outcome,
    round_in_progress,
)

from .setting import build_cafe
from .setting_rotations import arrive, optimum, random_cafe, slots, start_day

pytestmark = pytest.mark.django_db


def assert_constraints(cafe):
    rows = slots(cafe)
    wishes = {
        (w.seeker_id, w.recruiter_id): w.weight for w in Wish.objects.filter(seeker__cafe=cafe)
    }
    # One table per seeker per round.
    assert max(Counter((s.rotation, s.seeker_id) for s in rows).values(), default=0) <= 1
    # At most `seats` seekers per table and round, tables within the recruiter's.
    assert (
        max(Counter((s.rotation, s.recruiter_id, s.table) for s in rows).values(), default=0)
        <= cafe.seats
    )
    for slot in rows:
        assert 0 <= slot.table < slot.recruiter.tables
        assert 0 <= slot.rotation < cafe.rotations
        # Only wished pairs, with their weight.
        assert wishes[(slot.seeker_id, slot.recruiter_id)] == slot.weight
    # A pair at most once.
    assert max(Counter((s.seeker_id, s.recruiter_id) for s in rows).values(), default=0) <= 1
    return rows


@pytest.mark.parametrize("seed", [1, 2, 3])
def test_the_plan_keeps_every_constraint_and_reaches_the_optimum(world, seed):
    made = random_cafe(world, recruiters=5, seekers=24, rotations=3, seats=2, seed=seed)
    plan = plan_rotations(actor=world.facilitator, cafe=made.cafe)
    made.cafe.refresh_from_db()
    rows = assert_constraints(made.cafe)
    assert rows, "the plan seats somebody"
    expected = optimum(made.cafe)
    assert sum(s.weight for s in rows) == expected == plan.total == made.cafe.plan_total
    # The linear relaxation's bound is the proof of optimality.
    assert plan.bound == pytest.approx(expected)
    assert made.cafe.plan_from == 0 and made.cafe.planned_at is not None
    assert made.cafe.version == 2


def test_a_scarce_café_seats_the_heaviest_wishes(world):
    made = build_cafe(world, recruiters=1, seekers=3, rotations=1, seats=1)
    Wish.objects.filter(seeker=made.seekers[1]).update(weight=3)
    Wish.objects.exclude(seeker=made.seekers[1]).update(weight=1)
    plan_rotations(actor=world.facilitator, cafe=made.cafe)
    assert [(s.seeker_id, s.weight) for s in slots(made.cafe)] == [(made.seekers[1].pk, 3)]


def test_absent_recruiters_cancelled_and_gone_seekers_are_left_out(world):
    made = build_cafe(world, recruiters=3, seekers=6)
    absent = made.recruiters[0]
    Recruiter.objects.filter(pk=absent.pk).update(present=False)
    Seeker.objects.filter(pk=made.seekers[0].pk).update(status=SeekerStatus.CANCELLED)
    Seeker.objects.filter(pk=made.seekers[1].pk).update(status=SeekerStatus.LEFT)
    plan_rotations(actor=world.facilitator, cafe=made.cafe)
    rows = assert_constraints(made.cafe)
    assert {s.recruiter_id for s in rows} == {r.pk for r in made.recruiters[1:]}
    assert {s.seeker_id for s in rows} == {s.pk for s in made.seekers[2:]}


def test_once_the_day_started_only_arrived_seekers_are_planned(world):
    made = build_cafe(world, recruiters=2, seekers=4, rotations=4)
    start_day(made.cafe, minutes_ago=1)
    arrive(made.seekers[0], made.seekers[2])
    plan_rotations(actor=world.facilitator, cafe=made.cafe, from_rotation=0)
    assert {s.seeker_id for s in slots(made.cafe)} == {made.seekers[0].pk, made.seekers[2].pk}


def test_re_plan_from_round_n_keeps_earlier_rounds_and_never_repeats_a_pair(world):
    made = random_cafe(
        world, recruiters=4, seekers=16, rotations=4, seats=1, seed=5, tables=[1, 2, 1, 1]
    )
    plan_rotations(actor=world.facilitator, cafe=made.cafe)
    before = {
        (s.rotation, s.seeker_id, s.recruiter_id, s.table)
        for s in slots(made.cafe)
        if s.rotation < 2
    }
    # The day goes on: everyone arrived but one seeker who leaves, and a recruiter
    # who is gone; a late seeker who wishes everybody.
    start_day(made.cafe, minutes_ago=made.cafe.minutes_per_rotation + 1)  # round 2 under way
    arrive(*made.seekers)
    gone = made.seekers[0]
    Seeker.objects.filter(pk=gone.pk).update(status=SeekerStatus.LEFT)
    Recruiter.objects.filter(pk=made.recruiters[3].pk).update(present=False)
    late = Seeker.objects.create(cafe=made.cafe, name="Retard Tardif", status=SeekerStatus.ARRIVED)
    for recruiter in made.recruiters:
        Wish.objects.create(seeker=late, recruiter=recruiter, weight=3)
    made.cafe.refresh_from_db()
    assert round_in_progress(made.cafe) == 1 and next_round(made.cafe) == 2
    plan_rotations(actor=world.facilitator, cafe=made.cafe)  # from round 2 (index), by default
    made.cafe.refresh_from_db()
    assert made.cafe.plan_from == 2
    rows = assert_constraints(made.cafe)
    assert {
        (s.rotation, s.seeker_id, s.recruiter_id, s.table) for s in rows if s.rotation < 2
    } == before
    later = [s for s in rows if s.rotation >= 2]
    assert gone.pk not in {s.seeker_id for s in later}
    assert made.recruiters[3].pk not in {s.recruiter_id for s in later}
    assert late.pk in {s.seeker_id for s in later}
    # The later rounds are optimal given the pairs that already met.
    met = {(str(s.seeker_id), str(s.recruiter_id)) for s in rows if s.rotation < 2}
    assert sum(s.weight for s in later) == optimum(made.cafe, started=True, rotations=2, met=met)
    assert made.cafe.plan_total == sum(s.weight for s in rows)


def test_a_round_out_of_range_is_refused(world):
    made = build_cafe(world, rotations=4)
    with pytest.raises(DomainError) as refused:
        plan_rotations(actor=world.facilitator, cafe=made.cafe, from_rotation=4)
    assert refused.value.field == "from_round"
    assert not Slot.objects.exists()


def test_the_log_names_no_seeker(world):
    made = build_cafe(world)
    plan_rotations(actor=world.facilitator, cafe=made.cafe)
    slot = Slot.objects.filter(cafe=made.cafe).first()
    record_meeting_outcome(slot=slot, outcome="interview", actor=world.facilitator)
    events = AuditEvent.objects.filter(action__startswith="employment.")
    assert {e.action for e in events} == {
        "employment.rotations_planned",
        "employment.meeting_outcome_recorded",
    }
    for event in events:
        text = f"{event.object_repr} {event.before} {event.after}"
        assert not any(seeker.name in text for seeker in made.seekers)
        assert "Personne" not in text


def test_an_outcome_is_one_value_per_meeting(world):
    made = build_cafe(world)
    plan_rotations(actor=world.facilitator, cafe=made.cafe)
    slot = Slot.objects.filter(cafe=made.cafe).first()
    record_meeting_outcome(slot=slot, outcome="follow_up", recruiter=slot.recruiter)
    record_meeting_outcome(slot=slot, outcome="no", actor=world.facilitator)
    slot.refresh_from_db()
    assert slot.outcome == "no" and slot.outcome_at is not None
    with pytest.raises(DomainError):
        record_meeting_outcome(slot=slot, outcome="maybe", actor=world.facilitator)
    other = next(r for r in made.recruiters if r.pk != slot.recruiter_id)
    with pytest.raises(DomainError):
        record_meeting_outcome(slot=slot, outcome="interview", recruiter=other)
    slot.refresh_from_db()
    assert slot.outcome == "no"


def test_rounds_with_outcomes_noted_are_not_re_planned(world):
    made = build_cafe(world, rotations=4)
    plan_rotations(actor=world.facilitator, cafe=made.cafe)
    slot = Slot.objects.filter(cafe=made.cafe, rotation=1).first()
    record_meeting_outcome(slot=slot, outcome="follow_up", recruiter=slot.recruiter)
    before = sorted(Slot.objects.values_list("pk", "rotation", "seeker_id", "recruiter_id"))
    for first in (0, 1):
        with pytest.raises(DomainError) as refused:
            plan_rotations(actor=world.facilitator, cafe=made.cafe, from_rotation=first)
        assert refused.value.field == "from_round"
    assert sorted(Slot.objects.values_list("pk", "rotation", "seeker_id", "recruiter_id")) == before
    plan_rotations(actor=world.facilitator, cafe=made.cafe, from_rotation=2)
    slot.refresh_from_db()
    assert slot.outcome == "follow_up"

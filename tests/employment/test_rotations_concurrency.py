"""Two organisers planning the same café at once, and two recordings of one meeting's
outcome at once, in real threads with their own database connections (SQLite, or the
PostgreSQL server of DATABASE_URL in CI): one consistent plan, one value per meeting,
no error."""

from collections import Counter

import pytest

from maillage.employment.models import Cafe, Slot
from maillage.employment.services_rotations import plan_rotations, record_meeting_outcome

from ..threads import run_together
from .setting_rotations import random_cafe

pytestmark = pytest.mark.django_db(transaction=True)


def test_two_plans_at_once_give_one_consistent_plan(world):
    made = random_cafe(world, recruiters=4, seekers=12, rotations=4, seats=1, seed=11)
    cafe = made.cafe
    plan_rotations(actor=world.facilitator, cafe=cafe)
    results, errors = run_together(
        [
            lambda: plan_rotations(actor=world.facilitator, cafe=cafe, from_rotation=0),
            lambda: plan_rotations(actor=world.coordinator, cafe=cafe, from_rotation=2),
        ]
    )
    assert errors == [] and len(results) == 2
    cafe = Cafe.objects.get(pk=cafe.pk)
    rows = list(Slot.objects.filter(cafe=cafe))
    assert cafe.version == 4  # three plans, one after the other
    assert cafe.plan_total == sum(slot.weight for slot in rows)
    assert max(Counter((s.rotation, s.seeker_id) for s in rows).values()) == 1
    assert max(Counter((s.seeker_id, s.recruiter_id) for s in rows).values()) == 1
    assert max(Counter((s.rotation, s.recruiter_id, s.table) for s in rows).values()) <= cafe.seats


def test_two_recordings_of_one_outcome_at_once_keep_one_value(world):
    made = random_cafe(world, recruiters=2, seekers=4, rotations=2, seed=3)
    plan_rotations(actor=world.facilitator, cafe=made.cafe)
    slot = Slot.objects.filter(cafe=made.cafe).select_related("recruiter").first()
    results, errors = run_together(
        [
            lambda: record_meeting_outcome(slot=slot, outcome="interview", actor=world.facilitator),
            lambda: record_meeting_outcome(slot=slot, outcome="no", recruiter=slot.recruiter),
        ]
    )
    assert errors == [] and len(results) == 2
    slot.refresh_from_db()
    assert slot.outcome in {"interview", "no"}
    assert Slot.objects.filter(pk=slot.pk).count() == 1

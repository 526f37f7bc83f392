"""Job cafés for the rotations' tests: random wishes, the day started, a second café."""

import random
from datetime import timedelta

from django.utils import timezone

from maillage.employment.models import Recruiter, Seeker, SeekerStatus, Slot, Wish
from maillage.planning import plan_meetings

from .setting import build_cafe


def random_cafe(world, *, recruiters=6, seekers=20, rotations=4, seats=2, seed=7, tables=None):
    """A café whose seekers wish random recruiters with random weights, some recruiters
    with two tables."""
    made = build_cafe(
        world, recruiters=recruiters, seekers=seekers, rotations=rotations, seats=seats
    )
    chance = random.Random(seed)
    Wish.objects.filter(seeker__cafe=made.cafe).delete()
    for number, recruiter in enumerate(made.recruiters):
        recruiter.tables = tables[number] if tables else chance.choice([1, 1, 2])
        recruiter.save(update_fields=["tables"])
    for seeker in made.seekers:
        for recruiter in chance.sample(made.recruiters, chance.randint(0, len(made.recruiters))):
            Wish.objects.create(seeker=seeker, recruiter=recruiter, weight=chance.randint(1, 3))
    return made


def start_day(cafe, *, minutes_ago):
    """The first round started ``minutes_ago`` minutes ago."""
    cafe.rotations_start_at = timezone.now() - timedelta(minutes=minutes_ago)
    cafe.save(update_fields=["rotations_start_at"])
    return cafe


def arrive(*seekers):
    Seeker.objects.filter(pk__in=[s.pk for s in seekers]).update(
        status=SeekerStatus.ARRIVED, arrived_at=timezone.now()
    )


def optimum(cafe, *, started=False, rotations=None, met=frozenset()):
    """The planner's optimum computed from the rows, independently of the service."""
    recruiters = {
        str(r.pk): r.tables for r in Recruiter.objects.filter(cafe=cafe, present=True, tables__gt=0)
    }
    statuses = ["arrived"] if started else ["registered", "arrived"]
    seekers = {
        str(s.pk): {
            str(w.recruiter_id): w.weight
            for w in s.wishes.all()
            if str(w.recruiter_id) in recruiters
        }
        for s in Seeker.objects.filter(cafe=cafe, status__in=statuses)
    }
    return plan_meetings(
        rotations or cafe.rotations, cafe.seats, recruiters, seekers, met=met
    ).total


def slots(cafe):
    return list(Slot.objects.filter(cafe=cafe).select_related("recruiter"))

"""A job café that has taken place, for the tests of what follows it: built with
``build_cafe`` (setting.py), moved to ``CAFE_START`` (the rows are changed directly:
events cannot be created in the past through the services), every seeker having met
one recruiter in round 0 (seeker i meets recruiter i modulo the number of recruiters).
"""

from datetime import UTC, datetime, timedelta

from maillage.employment.models import Slot
from maillage.events.models import Event

from .setting import build_cafe

# 15 January 2026, 14:00–17:00 in Geneva or Paris (13:00 UTC).
CAFE_START = datetime(2026, 1, 15, 13, 0, tzinfo=UTC)


def past_cafe(world, *, start=CAFE_START, **fields):
    made = build_cafe(world, public=False, **fields)
    Event.objects.filter(pk=made.cafe.event_id).update(
        starts_at=start, ends_at=start + timedelta(hours=3)
    )
    made.cafe.event.refresh_from_db()
    for index, seeker in enumerate(made.seekers):
        Slot.objects.create(
            cafe=made.cafe,
            rotation=0,
            recruiter=made.recruiters[index % len(made.recruiters)],
            table=0,
            seeker=seeker,
            weight=3,
        )
    return made

"""Two organisers recording the same outcome at the same time, in real threads with
their own database connections (SQLite, or the PostgreSQL server of DATABASE_URL in
CI): one row, and the second is told who recorded it and when."""

from decimal import Decimal

import pytest

from maillage.core.errors import DomainError
from maillage.employment import services_after as services
from maillage.employment.models import Outcome, RecordedBy

from ..threads import run_together
from .setting_after import past_cafe

pytestmark = pytest.mark.django_db(transaction=True)


def test_two_organisers_record_the_same_outcome_at_once(world):
    made = past_cafe(world, recruiters=2, seekers=2)
    seeker = made.seekers[0]

    def job(actor):
        return lambda: services.record_outcome(
            seeker=seeker,
            checkpoint=3,
            kind="hired",
            contract="cdi",
            hours=Decimal("35"),
            recorded_by=RecordedBy.ORGANISER,
            actor=actor,
        )

    results, errors = run_together([job(world.facilitator), job(world.coordinator)], threads=2)

    assert Outcome.objects.filter(seeker=seeker, checkpoint=3).count() == 1
    assert len(results) == 1
    assert len(errors) == 1 and isinstance(errors[0], DomainError)
    assert "This outcome is already recorded, by " in errors[0].message
    assert str(results[0].recorded_by_user) in errors[0].message


def test_many_answers_for_one_seeker_at_once_give_one_row_per_checkpoint(world):
    made = past_cafe(world, recruiters=2, seekers=2)
    seeker = made.seekers[1]

    def job(checkpoint, kind):
        return lambda: services.record_outcome(
            seeker=seeker, checkpoint=checkpoint, kind=kind, recorded_by=RecordedBy.SEEKER
        )

    jobs = [job(c, k) for c in (0, 1, 3, 6) for k in ("interview", "training", "nothing_yet")]
    results, errors = run_together(jobs, threads=12)

    assert len(results) == 4  # the first answer at each checkpoint
    assert len(errors) == 8 and all(isinstance(error, DomainError) for error in errors)
    assert sorted(Outcome.objects.filter(seeker=seeker).values_list("checkpoint", flat=True)) == [
        0,
        1,
        3,
        6,
    ]


def test_two_workers_sending_the_follow_ups_at_once_send_each_once(world, mailoutbox):
    from datetime import UTC, datetime

    past_cafe(world, recruiters=2, seekers=5)
    now = datetime(2026, 2, 15, 8, 0, tzinfo=UTC)
    services.create_follow_up_requests(now)

    results, errors = run_together([lambda: services.send_follow_ups(now=now)] * 2, threads=2)

    assert errors == []
    assert sum(results) == 5
    assert len(mailoutbox) == 5
    assert len({message.to[0] for message in mailoutbox}) == 5

"""Two coordinators starting a run at the same moment get one run (the group's row is
locked while the check is made), in real threads with their own connections (SQLite, or
PostgreSQL in CI); the task's claim runs a run once, even given twice at once."""

from types import SimpleNamespace

import pytest

from maillage.core.errors import DomainError
from maillage.employers import services_pooling as services
from maillage.employers.models import Run, RunStatus, Week
from maillage.employers.tasks import run_pooling

from ..threads import run_together
from .setting import build_group

pytestmark = pytest.mark.django_db(transaction=True)


def test_two_runs_started_at_once_make_one_run(world, monkeypatch):
    made = build_group(world)
    # The task is left queued: only the starts race here.
    monkeypatch.setattr("maillage.employers.tasks.run_pooling", SimpleNamespace(enqueue=print))

    def start():
        return services.start_run(actor=world.coordinator, group=made.group, week=Week.TERM)

    results, errors = run_together([start] * 6, threads=6)
    assert len(results) == 1
    assert len(errors) == 5
    assert all(isinstance(error, DomainError) for error in errors)
    assert {error.message for error in errors} == {
        "A run of the group is already under way: wait for it to finish."
    }
    assert Run.objects.filter(group=made.group).count() == 1


def test_a_run_claimed_by_two_workers_runs_once(world):
    made = build_group(world)
    run = Run.objects.create(group=made.group, week=Week.TERM)
    results, errors = run_together([lambda: run_pooling.call(run.pk)] * 4, threads=4)
    assert not errors
    assert sorted(results) == sorted([RunStatus.DONE] + ["skipped"] * 3)
    assert run.jobs.count() == 1

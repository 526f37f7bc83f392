"""The task worker every node runs (maillage/core/worker.py, ``manage.py task_worker``):
a task is done once with several workers; a task whose worker died (its lease expired,
or it never took one) is taken back and run once elsewhere; a task whose heartbeat
keeps its lease alive is not, however long it runs."""

import logging
import threading
import time
from datetime import timedelta

import pytest
from django.core.management import call_command
from django.db import connection
from django.test import override_settings
from django.utils import timezone
from django_tasks.base import TaskResultStatus
from django_tasks_db.management.commands import db_worker
from django_tasks_db.models import DBTaskResult

from maillage.core.models import TaskLease
from maillage.core.worker import Worker, take_back_expired

from .recording_tasks import record_run, record_slow_run, runs

DB_TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend", "QUEUES": ["default"]}}

pytestmark = [pytest.mark.django_db(transaction=True), pytest.mark.usefixtures("db_tasks")]


@pytest.fixture
def db_tasks():
    with override_settings(TASKS=DB_TASKS):
        yield


def worker(worker_id):
    """A worker in batch mode: it runs what is ready, then stops."""
    return Worker(
        queue_names=["default"],
        interval=0,
        batch=True,
        backend_name="default",
        startup_delay=False,
        max_tasks=None,
        worker_id=worker_id,
        excluded_queue_names=[],
    )


def in_thread(target):
    """Run ``target`` in a thread with a database connection of its own."""

    def work():
        try:
            target()
        finally:
            connection.close()

    thread = threading.Thread(target=work)
    thread.start()
    return thread


def claimed_by_a_dead_worker(task_result, *, lease_expired_ago=None, started_ago):
    """What a worker killed after its claim leaves: the task RUNNING, and its lease
    expired long ago (or no lease when it died before taking one)."""
    row = DBTaskResult.objects.get(id=task_result.id)
    row.claim("dead-node-worker")
    DBTaskResult.objects.filter(id=row.id).update(started_at=timezone.now() - started_ago)
    if lease_expired_ago is not None:
        TaskLease.objects.create(
            task_id=row.id,
            worker_id="dead-node-worker",
            expires_at=timezone.now() - lease_expired_ago,
        )
    return row


def test_three_workers_run_sixty_tasks_each_exactly_once():
    results = [record_run.enqueue(number) for number in range(60)]
    workers = [worker(f"worker-{n}") for n in range(3)]
    barrier = threading.Barrier(3)

    def run(one):
        def target():
            barrier.wait(timeout=30)
            one.run()

        return target

    threads = [in_thread(run(one)) for one in workers]
    for thread in threads:
        thread.join(timeout=120)
    assert not any(thread.is_alive() for thread in threads)

    assert runs() == dict.fromkeys(range(60), 1)
    rows = DBTaskResult.objects.filter(id__in=[r.id for r in results])
    assert sorted(rows.values_list("status", flat=True)) == [TaskResultStatus.SUCCESSFUL] * 60
    assert sorted(rows.values_list("return_value", flat=True)) == list(range(60))
    assert all(len(row.worker_ids) == 1 for row in rows)
    # The three took turns (each claims one task at a time, locked with skip_locked).
    assert len({row.worker_ids[0] for row in rows}) >= 2
    assert sum(one._run_tasks for one in workers) == 60
    assert not TaskLease.objects.exists()


def test_a_task_whose_lease_expired_is_taken_back_and_run_once_elsewhere(caplog):
    result = record_run.enqueue(7)
    row = claimed_by_a_dead_worker(
        result, lease_expired_ago=timedelta(seconds=5), started_ago=timedelta(minutes=2)
    )

    with caplog.at_level(logging.WARNING, logger="maillage.core.worker"):
        worker("live-worker").run()

    row.refresh_from_db()
    assert row.status == TaskResultStatus.SUCCESSFUL
    assert row.worker_ids == ["dead-node-worker", "live-worker"]
    assert runs() == {7: 1}
    assert not TaskLease.objects.exists()
    [warning] = [r for r in caplog.records if r.levelno == logging.WARNING]
    assert str(row.id) in warning.getMessage()
    assert "dead-node-worker" in warning.getMessage()
    assert "its lease expired" in warning.getMessage()


def test_a_task_claimed_without_a_lease_is_taken_back_after_a_lease(caplog):
    # The worker died between its claim and its lease, more than a lease ago.
    old = claimed_by_a_dead_worker(record_run.enqueue(1), started_ago=timedelta(seconds=61))
    # Another one claimed a moment ago: its worker is about to take its lease.
    recent = claimed_by_a_dead_worker(record_run.enqueue(2), started_ago=timedelta(seconds=1))

    with caplog.at_level(logging.WARNING, logger="maillage.core.worker"):
        worker("live-worker").run()

    old.refresh_from_db()
    recent.refresh_from_db()
    assert old.status == TaskResultStatus.SUCCESSFUL
    assert old.worker_ids == ["dead-node-worker", "live-worker"]
    assert recent.status == TaskResultStatus.RUNNING
    assert recent.worker_ids == ["dead-node-worker"]
    assert runs() == {1: 1}
    assert [r.getMessage() for r in caplog.records if r.levelno == logging.WARNING] == [
        f"Task {old.id} taken back from worker dead-node-worker (it took no lease): "
        "it is ready to run again."
    ]


def test_a_task_is_taken_back_once_and_a_live_lease_is_left_alone():
    dead = claimed_by_a_dead_worker(
        record_run.enqueue(1), lease_expired_ago=timedelta(seconds=1), started_ago=timedelta(0)
    )
    alive = claimed_by_a_dead_worker(record_run.enqueue(2), started_ago=timedelta(minutes=5))
    TaskLease.objects.filter(task_id=alive.id).delete()
    TaskLease.objects.create(
        task_id=alive.id, worker_id="busy-worker", expires_at=timezone.now() + timedelta(seconds=30)
    )
    # A lease left behind by a task that no longer runs is only removed.
    finished = claimed_by_a_dead_worker(record_run.enqueue(3), started_ago=timedelta(0))
    DBTaskResult.objects.filter(id=finished.id).update(status=TaskResultStatus.SUCCESSFUL)
    TaskLease.objects.create(
        task_id=finished.id, worker_id="gone", expires_at=timezone.now() - timedelta(seconds=1)
    )

    assert take_back_expired(backend_name="default") == [(str(dead.id), "dead-node-worker")]
    assert take_back_expired(backend_name="default") == []

    statuses = dict(DBTaskResult.objects.values_list("id", "status"))
    assert statuses == {
        dead.id: TaskResultStatus.READY,
        alive.id: TaskResultStatus.RUNNING,
        finished.id: TaskResultStatus.SUCCESSFUL,
    }
    assert list(TaskLease.objects.values_list("task_id", flat=True)) == [alive.id]
    assert DBTaskResult.objects.get(id=dead.id).worker_ids == ["dead-node-worker"]


@override_settings(TASK_LEASE_SECONDS=2)
def test_a_task_longer_than_its_lease_is_kept_by_its_heartbeat():
    result = record_slow_run.enqueue(5, 3.0)
    running = worker("slow-worker")
    thread = in_thread(running.run)

    deadline = time.monotonic() + 10
    while not TaskLease.objects.exists():
        assert time.monotonic() < deadline, "the worker never took its lease"
        time.sleep(0.05)
    time.sleep(2.5)  # past the first lease: only its renewals keep it
    assert TaskLease.objects.get().expires_at > timezone.now()
    worker("other-worker").run()  # looks for expired leases, finds none, stops
    assert DBTaskResult.objects.get(id=result.id).status == TaskResultStatus.RUNNING

    thread.join(timeout=30)
    row = DBTaskResult.objects.get(id=result.id)
    assert row.status == TaskResultStatus.SUCCESSFUL
    assert row.worker_ids == ["slow-worker"]
    assert runs() == {5: 1}
    assert not TaskLease.objects.exists()


def test_the_command_runs_tasks_under_leases_and_takes_back_the_dead_ones():
    done = record_run.enqueue(1)
    dead = claimed_by_a_dead_worker(
        record_run.enqueue(2), lease_expired_ago=timedelta(seconds=1), started_ago=timedelta(0)
    )

    call_command("task_worker", "--batch", "--no-startup-delay", "--worker-id", "node-b")

    rows = {str(row.id): row for row in DBTaskResult.objects.all()}
    assert rows[done.id].status == TaskResultStatus.SUCCESSFUL
    assert rows[done.id].worker_ids == ["node-b"]
    assert rows[str(dead.id)].status == TaskResultStatus.SUCCESSFUL
    assert rows[str(dead.id)].worker_ids == ["dead-node-worker", "node-b"]
    assert runs() == {1: 1, 2: 1}
    assert not TaskLease.objects.exists()
    # db_worker itself is left as it was.
    assert db_worker.Worker is not Worker


def test_the_lease_lasts_at_least_five_seconds(monkeypatch):
    import importlib

    from maillage.settings import base

    monkeypatch.setenv("TASK_LEASE_SECONDS", "1")
    assert importlib.reload(base).TASK_LEASE_SECONDS == 5
    monkeypatch.delenv("TASK_LEASE_SECONDS")
    assert importlib.reload(base).TASK_LEASE_SECONDS == 60

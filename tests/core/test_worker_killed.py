"""A node lost for real: ``manage.py task_worker`` in a process of its own, killed with
SIGKILL in the middle of a task. Its task stays RUNNING until its lease expires, then
another worker takes it back and runs it, once."""

import os
import signal
import subprocess
import sys
import time
from datetime import timedelta
from pathlib import Path

import pytest
from django.db import connection
from django.utils import timezone
from django_tasks.base import TaskResultStatus
from django_tasks_db.models import DBTaskResult

from maillage.core.models import TaskLease

from .recording_tasks import record_after_a_long_first_attempt, runs
from .test_worker import worker

pytestmark = [pytest.mark.django_db(transaction=True), pytest.mark.usefixtures("db_tasks")]

ROOT = Path(__file__).resolve().parents[2]
LEASE = 5  # the shortest TASK_LEASE_SECONDS allows


@pytest.fixture
def db_tasks():
    from django.test import override_settings

    from .test_worker import DB_TASKS

    with override_settings(TASKS=DB_TASKS, TASK_LEASE_SECONDS=LEASE):
        yield


def database_url():
    """The test database, for a process of its own."""
    settings = connection.settings_dict
    if connection.vendor == "sqlite":
        return f"sqlite:///{settings['NAME']}"
    host = f"{settings['HOST'] or '127.0.0.1'}:{settings['PORT'] or 5432}"
    user = settings["USER"] + (f":{settings['PASSWORD']}" if settings["PASSWORD"] else "")
    return f"postgres://{user}@{host}/{settings['NAME']}"


def start_node(worker_id):
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "maillage.settings.base",  # the database backend
        "SECRET_KEY": "test-secret-key-for-a-worker-node-of-the-tests",
        "DATABASE_URL": database_url(),
        "TASK_LEASE_SECONDS": str(LEASE),
        "PYTHONPATH": str(ROOT),
    }
    return subprocess.Popen(
        [sys.executable, "manage.py", "task_worker", "--no-reload", "--no-startup-delay"]
        + ["--interval", "0.2", "--worker-id", worker_id],
        cwd=ROOT,
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )


def wait_for(condition, seconds, what):
    deadline = time.monotonic() + seconds
    while not condition():
        assert time.monotonic() < deadline, what
        time.sleep(0.1)


def test_the_task_of_a_killed_worker_runs_once_on_another_after_its_lease():
    result = record_after_a_long_first_attempt.enqueue(3)
    node = start_node("node-a")
    try:
        wait_for(
            lambda: TaskLease.objects.filter(worker_id="node-a").exists(),
            60,
            "node-a never started the task",
        )
    finally:
        node.send_signal(signal.SIGKILL)  # the node is lost: no clean-up at all
        node.wait(timeout=10)
    killed_at = timezone.now()

    row = DBTaskResult.objects.get(id=result.id)
    assert row.status == TaskResultStatus.RUNNING
    assert row.worker_ids == ["node-a"]
    lease = TaskLease.objects.get(task_id=row.id)

    # Before the lease ends, the task is still node-a's: a worker leaves it alone.
    if timezone.now() < lease.expires_at - timedelta(seconds=1):
        worker("node-b").run()
        assert DBTaskResult.objects.get(id=result.id).status == TaskResultStatus.RUNNING

    wait_for(lambda: timezone.now() > lease.expires_at, LEASE + 2, "the lease never ended")
    worker("node-b").run()

    row.refresh_from_db()
    assert row.status == TaskResultStatus.SUCCESSFUL
    assert row.worker_ids == ["node-a", "node-b"]
    assert runs() == {3: 1}
    assert not TaskLease.objects.exists()
    assert (row.finished_at - killed_at).total_seconds() < LEASE + 5

"""The task worker every node runs (``manage.py task_worker``): django-tasks-db's
worker, with leases so that a task whose worker is lost is run again elsewhere.

django-tasks-db's worker claims a ready task (``select_for_update(skip_locked=True)``:
two workers never claim the same one) and marks it RUNNING. If that worker is killed,
the task would stay RUNNING for ever. Here:

- the worker takes a lease (``core.TaskLease``) on the task it starts, renewed by a
  heartbeat thread every third of ``TASK_LEASE_SECONDS`` while the task runs, and
  deleted when the task finishes;
- before it looks for work (at most once every few seconds), any worker takes back the
  RUNNING tasks whose lease expired, or that have no lease and started more than a
  lease ago (a worker killed between its claim and its lease): they are READY again,
  their ``worker_ids`` kept, and the next worker to look for work runs them.

Times of leases are the database's clock (``Now()``), the one clock every node shares.
A task taken back runs a second time: tasks must be safe to run again (``send_email``
keeps a ledger so that a message is not sent twice).
"""

import logging
import threading
import time
from datetime import timedelta

from django.conf import settings
from django.db import DatabaseError, OperationalError, close_old_connections, connection
from django.db.models import Q
from django.db.models.functions import Now
from django_tasks.base import TaskResultStatus
from django_tasks_db.management.commands import db_worker
from django_tasks_db.models import DBTaskResult
from django_tasks_db.utils import exclusive_transaction, is_locked_database_exception

from .models import TaskLease

logger = logging.getLogger(__name__)

# A worker looks for expired leases at most this often (seconds), or twice a lease
# when the lease is shorter.
TAKE_BACK_EVERY = 5.0


def lease_seconds() -> int:
    return settings.TASK_LEASE_SECONDS


def lease_until():
    """The end of a lease taken or renewed now, on the database's clock."""
    return Now() + timedelta(seconds=lease_seconds())


def take_back_expired(*, backend_name: str) -> list[tuple[str, str]]:
    """Set READY again the RUNNING tasks of ``backend_name`` whose worker is gone.

    Gone means its lease expired, or it has no lease and started more than a lease ago.
    One transaction; the tasks' rows are locked with skip_locked, so that two workers
    sweeping at once take back each task once, and the lease is deleted only if it is
    still expired (a heartbeat that renewed it in the meantime wins). Returns the
    (task id, worker id) pairs taken back; each is logged at WARNING.
    """
    lease = timedelta(seconds=lease_seconds())
    expired = TaskLease.objects.filter(expires_at__lt=Now())
    taken_back = []
    with exclusive_transaction(DBTaskResult.objects.db):
        candidates = (
            DBTaskResult.objects.running()
            .filter(backend_name=backend_name)
            .filter(
                Q(id__in=expired.values("task_id"))
                | (~Q(id__in=TaskLease.objects.values("task_id")) & Q(started_at__lt=Now() - lease))
            )
            .select_for_update(skip_locked=True)
            .only("id", "worker_ids")
        )
        for task in candidates:
            held = TaskLease.objects.filter(task_id=task.id).first()
            if held is not None:
                # Deleted only if still expired: on PostgreSQL the DELETE waits for a
                # heartbeat's UPDATE in flight and checks the renewed row again.
                if not expired.filter(pk=held.pk).delete()[0]:
                    continue
                dead_worker, why = held.worker_id, "its lease expired"
            else:
                dead_worker = task.worker_ids[-1] if task.worker_ids else "?"
                why = "it took no lease"
            DBTaskResult.objects.filter(id=task.id, status=TaskResultStatus.RUNNING).update(
                status=TaskResultStatus.READY
            )
            taken_back.append((str(task.id), dead_worker, why))
        # Leases left by tasks no longer running (deleted, or finished without their
        # worker deleting the lease): nothing to take back, only rows to remove.
        expired.exclude(task_id__in=DBTaskResult.objects.running().values("id")).delete()
    for task_id, dead_worker, why in taken_back:
        logger.warning(
            "Task %s taken back from worker %s (%s): it is ready to run again.",
            task_id,
            dead_worker,
            why,
        )
    return [(task_id, dead_worker) for task_id, dead_worker, _why in taken_back]


class Heartbeat(threading.Thread):
    """Renews a task's lease every third of TASK_LEASE_SECONDS until stopped.

    It has its own database connection (Django's connections are per thread), closed
    when it stops. A renewal that fails (database unreachable) is retried at the next
    beat; a lease that is gone (another worker took the task back after missed
    renewals) stops the heartbeat with an error: the task may then run twice.
    """

    def __init__(self, *, task_id, worker_id: str):
        super().__init__(name=f"lease-{task_id}", daemon=True)
        self.task_id = task_id
        self.worker_id = worker_id
        self.stopped = threading.Event()
        self.renewals = 0

    def run(self):
        try:
            while not self.stopped.wait(lease_seconds() / 3):
                try:
                    renewed = TaskLease.objects.filter(
                        task_id=self.task_id, worker_id=self.worker_id
                    ).update(expires_at=lease_until())
                except DatabaseError:
                    logger.exception("The lease of task %s could not be renewed.", self.task_id)
                    continue
                if not renewed:
                    logger.error(
                        "Task %s lost its lease (taken back by another worker): it may run twice.",
                        self.task_id,
                    )
                    return
                self.renewals += 1
        finally:
            connection.close()

    def stop(self):
        self.stopped.set()
        self.join()


class Worker(db_worker.Worker):
    """django-tasks-db's worker, with leases (see the module's docstring)."""

    def __init__(self, **options):
        super().__init__(**options)
        self._last_take_back = None
        self._taking_back = False
        self._in_signal = False

    # The base loop reads ``self.running`` right before each look for work (``while
    # self.running:``), and again before it sleeps: the one place where a subclass can
    # act before the worker looks for work without copying the loop.
    @property
    def running(self) -> bool:
        if self._running and not self._in_signal and not self._taking_back:
            self.take_back_when_due()
        return self._running

    @running.setter
    def running(self, value: bool) -> None:
        self._running = value

    def shutdown(self, signum, frame):
        # The signal handler reads ``running`` too: no database work from there.
        self._in_signal = True
        try:
            super().shutdown(signum, frame)
        finally:
            self._in_signal = False

    def take_back_when_due(self) -> None:
        every = min(TAKE_BACK_EVERY, lease_seconds() / 2)
        now = time.monotonic()
        if self._last_take_back is not None and now - self._last_take_back < every:
            return
        self._taking_back = True
        try:
            close_old_connections()  # as the loop does right after: a dropped connection
            take_back_expired(backend_name=self.backend_name)
        except OperationalError as exc:
            # SQLite busy with another writer: the next round tries again.
            if not is_locked_database_exception(exc):
                raise
        finally:
            self._taking_back = False
            self._last_take_back = now

    def run_task(self, db_task_result: DBTaskResult) -> None:
        """Run the task under a lease that a heartbeat keeps alive, then release it."""
        TaskLease.objects.update_or_create(
            task_id=db_task_result.id,
            defaults={"worker_id": self.worker_id, "expires_at": lease_until()},
        )
        heartbeat = Heartbeat(task_id=db_task_result.id, worker_id=self.worker_id)
        heartbeat.start()
        try:
            super().run_task(db_task_result)
        finally:
            heartbeat.stop()
            TaskLease.objects.filter(task_id=db_task_result.id, worker_id=self.worker_id).delete()

"""Finished background tasks are deleted after TASK_RESULTS_KEEP_DAYS: a finished
e-mail task holds its recipient and its text, which must not outlive the erasure of
personal data."""

from datetime import timedelta

import pytest
from django.utils import timezone
from django_tasks.base import TaskResultStatus
from django_tasks_db.models import DBTaskResult

from maillage.core import periodic
from maillage.core.tasks import prune_finished_tasks

pytestmark = pytest.mark.django_db


def task_row(status, finished_days_ago=None):
    now = timezone.now()
    return DBTaskResult.objects.create(
        status=status,
        args_kwargs={"args": [], "kwargs": {"to": ["personne1@example.org"]}},
        task_path="maillage.core.tasks.send_email",
        backend_name="default",
        run_after=now,
        finished_at=None if finished_days_ago is None else now - timedelta(days=finished_days_ago),
        exception_class_path="",
        traceback="",
    )


def test_finished_tasks_are_pruned_after_the_delay(settings):
    settings.TASK_RESULTS_KEEP_DAYS = 7
    old_sent = task_row(TaskResultStatus.SUCCESSFUL, finished_days_ago=8)
    old_failed = task_row(TaskResultStatus.FAILED, finished_days_ago=30)
    recent = task_row(TaskResultStatus.SUCCESSFUL, finished_days_ago=2)
    waiting = task_row(TaskResultStatus.READY)

    assert prune_finished_tasks() == 2

    left = set(DBTaskResult.objects.values_list("pk", flat=True))
    assert left == {recent.pk, waiting.pk}
    assert old_sent.pk not in left and old_failed.pk not in left


def test_the_pruning_is_a_periodic_job():
    assert periodic.JOBS["core.prune_finished_tasks"] is prune_finished_tasks

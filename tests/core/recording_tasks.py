"""Tasks for the worker's tests: each run writes a row (a LimitCounter keyed by the
task's number and a random suffix), so that a test counts how many times each ran."""

import time
import uuid
from datetime import timedelta

from django.utils import timezone
from django_tasks import task

from maillage.core.models import LimitCounter

PREFIX = "test-run"


def record(number):
    LimitCounter.objects.create(
        key=f"{PREFIX}:{number}:{uuid.uuid4().hex[:12]}",
        count=1,
        expires_at=timezone.now() + timedelta(days=1),
    )


def runs():
    """How many times each task number ran: {number: count}."""
    counted = {}
    for key in LimitCounter.objects.filter(key__startswith=f"{PREFIX}:").values_list(
        "key", flat=True
    ):
        number = int(key.split(":")[1])
        counted[number] = counted.get(number, 0) + 1
    return counted


@task()
def record_run(number: int) -> int:
    time.sleep(0.01)  # long enough for the workers to take turns
    record(number)
    return number


@task()
def record_slow_run(number: int, seconds: float) -> int:
    time.sleep(seconds)
    record(number)
    return number


@task(takes_context=True)
def record_after_a_long_first_attempt(context, number: int) -> int:
    """Its first attempt hangs (the node is killed meanwhile); later ones record at once."""
    if len(context.task_result.worker_ids) == 1:
        time.sleep(120)
    record(number)
    return number

"""The employer group's background work: a pooling run, run by the task worker.

The run is CLAIMED first (queued → running, an update filtered on the run's own
primary key and status), so that two workers given the same run never run it twice.
An unexpected error marks the run failed with a code the run's page says in the
reader's language (``RUN_ERRORS``), never a traceback.
"""

import logging

from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django_tasks import task

from .models import Run, RunStatus

logger = logging.getLogger(__name__)

UNEXPECTED = "unexpected"
RUN_ERRORS = {
    UNEXPECTED: _(
        "The planner stopped on an unexpected error. Nothing was proposed; run it again, "
        "and tell the site's team if it happens again."
    ),
}


def error_message(run):
    """What to show for a failed run: the code's message, or the planner's own words on
    input it could not use."""
    return RUN_ERRORS.get(run.error, run.error)


@task()
def run_pooling(run_id: int) -> str:
    from .pooling_data import execute

    claimed = Run.objects.filter(pk=run_id, status=RunStatus.QUEUED).update(
        status=RunStatus.RUNNING
    )
    if not claimed:
        return "skipped"
    run = Run.objects.select_related("group").get(pk=run_id)
    try:
        run = execute(run)
    except Exception:  # noqa: BLE001 - the run says it failed; the log keeps the trace
        logger.exception("Pooling run %s failed", run_id)
        Run.objects.filter(pk=run_id).update(
            status=RunStatus.FAILED, error=UNEXPECTED, finished_at=timezone.now()
        )
        return RunStatus.FAILED
    return run.status

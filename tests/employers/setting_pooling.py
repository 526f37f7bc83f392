"""Helpers for the pooling tests: a done run on the built group (tests/employers/setting.py),
started through the service (the immediate task backend runs it once committed)."""

from maillage.employers import services_pooling as services
from maillage.employers.models import Run, Week


def done_run(made, week=Week.TERM, capture=None):
    """A finished run of ``made.group`` for ``week``. ``capture`` is pytest-django's
    ``django_capture_on_commit_callbacks`` fixture when the test runs in a transaction."""
    actor = made.world.coordinator
    if capture is None:
        run = services.start_run(actor=actor, group=made.group, week=week)
    else:
        with capture(execute=True):
            run = services.start_run(actor=actor, group=made.group, week=week)
    return Run.objects.get(pk=run.pk)


def proposal_of(run, *needs):
    """The run's proposed job that holds exactly ``needs``."""
    wanted = {need.pk for need in needs}
    for job in run.jobs.prefetch_related("needs"):
        if {need.pk for need in job.needs.all()} == wanted:
            return job
    raise AssertionError(f"no proposal of {sorted(wanted)} in run {run.pk}")


def needs_of(proposed):
    return {need.pk for need in proposed.needs.all()}

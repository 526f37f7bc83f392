from datetime import timedelta

from django.conf import settings
from django.core.mail import EmailMultiAlternatives
from django.utils import timezone
from django_tasks import task
from django_tasks_db.models import DBTaskResult


@task()
def send_email(
    *,
    subject: str,
    body: str,
    to: list[str],
    html: str | None = None,
    attachments: list | None = None,
) -> int:
    """Send one e-mail through Django's mail framework, from the task worker.

    Messages are rendered (in the recipient's language) before they are queued,
    so the worker only delivers them.
    """
    message = EmailMultiAlternatives(
        subject=subject, body=body, from_email=settings.DEFAULT_FROM_EMAIL, to=to
    )
    if html:
        message.attach_alternative(html, "text/html")
    for filename, content, mimetype in attachments or []:
        message.attach(filename, content, mimetype)
    return message.send()


@task()
def tick() -> dict:
    """Run the periodic jobs, then schedule the next tick (core/periodic.py)."""
    from datetime import timedelta

    from django.utils import timezone
    from django_tasks import default_task_backend

    from . import periodic

    done = periodic.run_jobs()
    if default_task_backend.supports_defer:
        later = timezone.now() + timedelta(minutes=periodic.INTERVAL_MINUTES)
        tick.using(run_after=later).enqueue()
    return {name: str(result) for name, result in done.items()}


def prune_finished_tasks(now=None) -> int:
    """Delete background tasks that finished TASK_RESULTS_KEEP_DAYS ago or more.

    A finished e-mail task keeps its recipient and text in its arguments: without this,
    registrants' addresses would outlive the erasure of their personal data.
    Returns how many rows were deleted.
    """
    cutoff = (now or timezone.now()) - timedelta(days=settings.TASK_RESULTS_KEEP_DAYS)
    deleted, _by_model = DBTaskResult.objects.finished().filter(finished_at__lt=cutoff).delete()
    return deleted

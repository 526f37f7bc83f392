import logging
import zlib
from datetime import timedelta
from email.utils import parseaddr

from django.conf import settings
from django.core.mail import EmailMultiAlternatives
from django.db import connection, transaction
from django.utils import timezone
from django_tasks import default_task_backend, task
from django_tasks.base import TaskResultStatus
from django_tasks_db.models import DBTaskResult
from django_tasks_db.utils import exclusive_transaction

from .models import SentEmail

logger = logging.getLogger(__name__)


@task(takes_context=True)
def send_email(
    context=None,
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

    Once only: a task whose worker was killed runs again on another worker
    (core.worker), so each message handed to the mail server is written down in the
    ledger (``core.SentEmail``, keyed by the task's id, committed right after
    ``send()``) and a task that finds its key there sends nothing and returns 0. The
    only window left is a worker killed between the mail server's acceptance and that
    commit (a few milliseconds): the message then goes twice. Its ``Message-ID`` is
    made from the same key, the same on every run, so that a mail server or a mail
    client that deduplicates by Message-ID can close that window too.

    Called directly (``send_email.call(...)``, inside another task), there is no task
    id: the message is sent without the ledger.
    """
    key = str(context.task_result.id) if context is not None else None
    if key is not None and SentEmail.objects.filter(key=key).exists():
        logger.info("E-mail of task %s was already sent: not sent again.", key)
        return 0
    message = EmailMultiAlternatives(
        subject=subject, body=body, from_email=settings.DEFAULT_FROM_EMAIL, to=to
    )
    if key is not None:
        message.extra_headers["Message-ID"] = message_id(key)
    if html:
        message.attach_alternative(html, "text/html")
    for filename, content, mimetype in attachments or []:
        message.attach(filename, content, mimetype)
    sent = message.send()
    if key is not None:
        # Its own transaction (the worker runs tasks in autocommit), committed now.
        with transaction.atomic():
            SentEmail.objects.create(key=key, sent_at=timezone.now())
    return sent


def message_id(key: str) -> str:
    """The Message-ID of the e-mail of task ``key``: the same on every run and every
    node (``make_msgid`` adds the time and a random number, so it is not used), at the
    domain of DEFAULT_FROM_EMAIL."""
    domain = parseaddr(settings.DEFAULT_FROM_EMAIL)[1].rpartition("@")[2] or "maillage.invalid"
    return f"<maillage.task.{key}@{domain}>"


# The number PostgreSQL's advisory lock knows the tick's scheduling by.
TICK_LOCK = zlib.crc32(b"maillage.core.tasks.tick")


def schedule_tick(*, run_after=None, while_running: bool) -> bool:
    """Enqueue a tick unless one is already waiting; True if one was enqueued.

    Exclusive across nodes, so that two nodes starting at once (``start_ticking``) or
    two ticks finishing at once do not make two chains of ticks: on PostgreSQL under
    ``pg_advisory_xact_lock``, on SQLite in an exclusive transaction (one writer at a
    time). Waiting means READY, or also RUNNING when ``while_running`` (a running tick
    enqueues the next one itself; a tick asking for its successor is RUNNING itself).
    """
    statuses = [TaskResultStatus.READY]
    if while_running:
        statuses.append(TaskResultStatus.RUNNING)
    with exclusive_transaction(DBTaskResult.objects.db):
        if connection.vendor == "postgresql":
            with connection.cursor() as cursor:
                cursor.execute("SELECT pg_advisory_xact_lock(%s)", [TICK_LOCK])
        waiting = DBTaskResult.objects.filter(task_path=tick.module_path, status__in=statuses)
        if waiting.exists():
            return False
        (tick.using(run_after=run_after) if run_after else tick).enqueue()
        return True


@task()
def tick() -> dict:
    """Run the periodic jobs, then schedule the next tick (core/periodic.py), unless
    another tick is already waiting (two chains would become one)."""
    from . import periodic

    done = periodic.run_jobs()
    if default_task_backend.supports_defer:
        later = timezone.now() + timedelta(minutes=periodic.INTERVAL_MINUTES)
        schedule_tick(run_after=later, while_running=False)
    return {name: str(result) for name, result in done.items()}


def prune_finished_tasks(now=None) -> int:
    """Delete background tasks that finished TASK_RESULTS_KEEP_DAYS ago or more.

    A finished e-mail task keeps its recipient and text in its arguments: without this,
    registrants' addresses would outlive the erasure of their personal data. The
    e-mails' ledger rows (``core.SentEmail``) of that age go too: they only stop a task
    that runs again from sending twice, and a finished task does not run again.
    Returns how many task rows were deleted.
    """
    cutoff = (now or timezone.now()) - timedelta(days=settings.TASK_RESULTS_KEEP_DAYS)
    with transaction.atomic():
        # A task sends before it finishes: the ledger rows of the tasks deleted here
        # were written before the cutoff (and so were those of tasks deleted otherwise,
        # by account deletion, or never kept, the tests' immediate tasks).
        SentEmail.objects.filter(sent_at__lt=cutoff).delete()
        deleted, _by_model = DBTaskResult.objects.finished().filter(finished_at__lt=cutoff).delete()
    return deleted

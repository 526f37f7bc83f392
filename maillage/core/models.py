from django.db import models


class LimitCounter(models.Model):
    """How many times something was done in one window of time, for a rate limit
    (core.limits). The key is a keyed hash of what is counted (an action, a network
    or e-mail address, the window), never the address itself."""

    key = models.CharField(max_length=64, unique=True)
    count = models.PositiveIntegerField(default=0)
    expires_at = models.DateTimeField(db_index=True)

    def __str__(self):
        return f"{self.key[:8]}…: {self.count}"


class TaskLease(models.Model):
    """A worker's claim on a background task while it runs (core.worker).

    Made when a worker starts a task, pushed forward by its heartbeat every third of
    TASK_LEASE_SECONDS, deleted when the task finishes. A lease that expires means
    the worker is gone (its node lost): any other worker sets the task ready again.
    """

    task_id = models.UUIDField(unique=True)  # django_tasks_db's DBTaskResult.id
    worker_id = models.CharField(max_length=64)
    expires_at = models.DateTimeField(db_index=True)

    def __str__(self):
        return f"{self.task_id} → {self.worker_id}"


class SentEmail(models.Model):
    """One e-mail handed to the mail server by the task ``send_email``, so that the
    task, run again after its worker died, does not send it twice (core.tasks).

    The key is the task's id: neither the address nor the text is kept here.
    """

    key = models.CharField(max_length=64, unique=True)
    sent_at = models.DateTimeField(db_index=True)

    def __str__(self):
        return self.key

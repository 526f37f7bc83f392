"""``manage.py task_worker``: the worker every node runs. The options of django-tasks-db's
``db_worker``, whose worker it runs with leases (maillage/core/worker.py)."""

from django_tasks_db.management.commands import db_worker

from maillage.core.worker import Worker


class Command(db_worker.Command):
    help = (
        "Run a database background worker that holds a lease on the task it runs and "
        "runs again the tasks of workers whose lease expired (TASK_LEASE_SECONDS)."
    )

    def handle(self, *args, **options):
        # db_worker's handle builds the module's Worker: it builds ours while it runs.
        original = db_worker.Worker
        db_worker.Worker = Worker
        try:
            return super().handle(*args, **options)
        finally:
            db_worker.Worker = original

from django.core.management.base import BaseCommand
from django_tasks import default_task_backend

from maillage.core.tasks import tick


class Command(BaseCommand):
    help = "Enqueue the periodic jobs' tick unless one is already waiting (make serve runs it)."

    def handle(self, *args, **options):
        if default_task_backend.supports_defer:
            from django_tasks_db.models import DBTaskResult

            waiting = DBTaskResult.objects.filter(
                task_path=tick.module_path, status__in=["READY", "RUNNING"]
            )
            if waiting.exists():
                self.stdout.write("The periodic jobs are already scheduled.")
                return
        tick.enqueue()
        self.stdout.write("Periodic jobs scheduled (reminders, weekly digests).")

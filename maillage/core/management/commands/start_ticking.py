from django.core.management.base import BaseCommand
from django_tasks import default_task_backend

from maillage.core.tasks import schedule_tick, tick


class Command(BaseCommand):
    help = (
        "Enqueue the periodic jobs' tick unless one is already waiting or running "
        "(every node runs it at start; make serve does)."
    )

    def handle(self, *args, **options):
        if not default_task_backend.supports_defer:
            tick.enqueue()  # a backend without a queue (the tests'): the jobs run now
        elif not schedule_tick(while_running=True):
            self.stdout.write("The periodic jobs are already scheduled.")
            return
        self.stdout.write("Periodic jobs scheduled (reminders, weekly digests).")

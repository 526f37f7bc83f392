from django.apps import AppConfig


class CoreConfig(AppConfig):
    name = "maillage.core"
    label = "core"

    def ready(self):
        from django_tasks.signals import task_finished, task_started

        from . import limits, periodic, requests, tasks

        # A task's log lines carry its id, as a request's carry the request's.
        task_started.connect(requests.task_started, dispatch_uid="core.request_id.started")
        task_finished.connect(requests.task_finished, dispatch_uid="core.request_id.finished")

        periodic.register("core.prune_finished_tasks", tasks.prune_finished_tasks)
        periodic.register("core.prune_limit_counters", limits.prune)

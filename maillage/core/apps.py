from django.apps import AppConfig


class CoreConfig(AppConfig):
    name = "maillage.core"
    label = "core"

    def ready(self):
        from . import limits, periodic, tasks

        periodic.register("core.prune_finished_tasks", tasks.prune_finished_tasks)
        periodic.register("core.prune_limit_counters", limits.prune)

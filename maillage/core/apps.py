from django.apps import AppConfig


class CoreConfig(AppConfig):
    name = "maillage.core"
    label = "core"

    def ready(self):
        from . import periodic, tasks

        periodic.register("core.prune_finished_tasks", tasks.prune_finished_tasks)

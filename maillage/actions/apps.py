from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ActionsConfig(AppConfig):
    name = "maillage.actions"
    label = "actions"
    verbose_name = _("Actions")

    def ready(self):
        from maillage.core import periodic

        from . import tasks

        periodic.register("actions.weekly_digest", tasks.send_weekly_digests)

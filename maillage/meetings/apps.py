from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class MeetingsConfig(AppConfig):
    name = "maillage.meetings"
    label = "meetings"
    verbose_name = _("Meetings")

    def ready(self):
        from maillage.collectives.services import on_membership_end
        from maillage.core import periodic

        from . import services, tasks

        periodic.register("meetings.reminders", tasks.send_due_reminders)
        on_membership_end(services.release_roles)

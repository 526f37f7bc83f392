from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class EventsConfig(AppConfig):
    name = "maillage.events"
    label = "events"
    verbose_name = _("Public events")

    def ready(self):
        from maillage.collectives.services import on_membership_end
        from maillage.core import periodic

        from . import (
            rules,  # noqa: F401
            services,
        )

        periodic.register("events.reminders", services.send_reminders)
        periodic.register("events.erase_personal_data", services.erase_past_personal_data)
        on_membership_end(services.release_roles)

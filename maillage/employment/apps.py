from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class EmploymentConfig(AppConfig):
    name = "maillage.employment"
    label = "employment"
    verbose_name = _("Employment")

    def ready(self):
        from . import (
            periodic_jobs,
            rules,  # noqa: F401
        )

        periodic_jobs.register()

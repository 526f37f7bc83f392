from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ProjectsConfig(AppConfig):
    name = "maillage.projects"
    label = "projects"
    verbose_name = _("Projects")

    def ready(self):
        from maillage.collectives.services import on_membership_end

        from . import services

        on_membership_end(services.release_roles)

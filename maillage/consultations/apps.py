from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ConsultationsConfig(AppConfig):
    name = "maillage.consultations"
    label = "consultations"
    verbose_name = _("Consultations")

    def ready(self):
        from maillage.collectives.services import on_membership_end

        from . import services

        on_membership_end(services.release_roles)

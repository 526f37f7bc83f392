from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ConsultationsConfig(AppConfig):
    name = "maillage.consultations"
    label = "consultations"
    verbose_name = _("Consultations")

    def ready(self):
        from maillage.collectives.services import on_membership_end
        from maillage.core import periodic

        from . import services

        on_membership_end(services.release_roles)
        periodic.register("consultations.rounds_on_their_dates", services.open_and_close_due_rounds)

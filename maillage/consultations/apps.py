from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ConsultationsConfig(AppConfig):
    name = "maillage.consultations"
    label = "consultations"
    verbose_name = _("Consultations")

    def ready(self):
        from maillage.collectives.services import on_membership_end
        from maillage.collectives.views_network import on_network_page
        from maillage.core import periodic

        from . import services, views_network

        on_membership_end(services.release_roles)
        on_network_page(views_network.network_section)
        periodic.register("consultations.rounds_on_their_dates", services.open_and_close_due_rounds)

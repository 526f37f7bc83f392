from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class OrientationConfig(AppConfig):
    name = "maillage.orientation"
    label = "orientation"
    verbose_name = _("Orientation")

    def ready(self):
        from maillage.core import periodic

        from . import (
            rules,  # noqa: F401
            rules_questionnaire,  # noqa: F401
            services_catalogue,
            services_questionnaire,
            services_referrals,
        )

        periodic.register("orientation.remind_stale_offers", services_catalogue.remind_stale_offers)
        periodic.register("orientation.erase_referrals", services_referrals.erase_expired)
        periodic.register(
            "orientation.erase_handover_codes", services_questionnaire.erase_expired_handovers
        )

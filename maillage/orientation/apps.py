from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class OrientationConfig(AppConfig):
    name = "maillage.orientation"
    label = "orientation"
    verbose_name = _("Orientation")

    def ready(self):
        from maillage.core import periodic

        from . import rules_questionnaire, services_questionnaire  # noqa: F401

        periodic.register(
            "orientation.erase_handover_codes", services_questionnaire.erase_expired_handovers
        )

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PremisesConfig(AppConfig):
    name = "maillage.premises"
    label = "premises"
    verbose_name = _("Shared premises")

    def ready(self):
        from . import rules  # noqa: F401

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class FundConfig(AppConfig):
    name = "maillage.fund"
    label = "fund"
    verbose_name = _("Citizen foundation")

    def ready(self):
        from . import rules  # noqa: F401

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class EmployersConfig(AppConfig):
    name = "maillage.employers"
    label = "employers"
    verbose_name = _("Employer group")

    def ready(self):
        from . import rules  # noqa: F401

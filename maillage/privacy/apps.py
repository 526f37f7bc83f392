from django.apps import AppConfig
from django.utils.module_loading import autodiscover_modules
from django.utils.translation import gettext_lazy as _


class PrivacyConfig(AppConfig):
    name = "maillage.privacy"
    label = "privacy"
    verbose_name = _("Personal data")

    def ready(self):
        # Every app's privacy.py registers its export and erase functions (core/personal.py).
        autodiscover_modules("privacy")

        from maillage.core import periodic

        from . import services

        periodic.register("privacy.delete_expired_exports", services.delete_expired_exports)

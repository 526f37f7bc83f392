from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class OpendataConfig(AppConfig):
    name = "maillage.opendata"
    label = "opendata"
    verbose_name = _("Open data")

    def ready(self):
        from maillage.core import periodic

        from . import services

        periodic.register("opendata.rebuild", services.rebuild_due)

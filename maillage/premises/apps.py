from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PremisesConfig(AppConfig):
    name = "maillage.premises"
    label = "premises"
    verbose_name = _("Shared premises")

    def ready(self):
        from maillage.core import periodic

        from . import (
            rules,  # noqa: F401
            services_requests,
        )

        periodic.register("premises.expire_holds", services_requests.expire_all_holds)
        periodic.register("premises.erase_requesters_data", services_requests.erase_requesters_data)

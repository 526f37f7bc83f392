from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class FundConfig(AppConfig):
    name = "maillage.fund"
    label = "fund"
    verbose_name = _("Citizen foundation")

    def ready(self):
        from maillage.core import periodic

        from . import rules, tasks  # noqa: F401

        periodic.register("fund.pledge_months", tasks.pledge_due_months)
        periodic.register("fund.close_due", tasks.close_due_now)

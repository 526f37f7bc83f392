from importlib import import_module

from django.apps import AppConfig, apps
from django.utils.module_loading import module_has_submodule
from django.utils.translation import gettext_lazy as _


class AuditConfig(AppConfig):
    name = "maillage.audit"
    label = "audit"
    verbose_name = _("Audit log")

    def ready(self):
        # Each app says in its ``history.py`` how the fields it records read (history.register).
        for app in apps.get_app_configs():
            if app.name.startswith("maillage.") and module_has_submodule(app.module, "history"):
                import_module(f"{app.name}.history")

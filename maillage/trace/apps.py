from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class TraceConfig(AppConfig):
    """The trace: from a sticky note to a result. It only reads the apps below it
    (consultations, meetings, actions, projects) and has no model."""

    name = "maillage.trace"
    label = "trace"
    verbose_name = _("Trace")

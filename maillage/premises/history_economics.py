"""How the changes of the economic model read in the collective's log."""

from django.utils.translation import gettext_lazy as _

from maillage.audit.history import Field, Number, register

register(
    "premises.scenario_saved",
    {"version": Field(_("Version"), Number()), "note": Field(_("Note"))},
)

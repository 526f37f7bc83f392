"""How answers to personal data requests read in the log (audit.history): what was done
and how many rows; never the address."""

from django.utils.translation import gettext_lazy as _

from maillage.audit.history import Choice, Field, Number, register
from maillage.audit.models import ACTION_LABELS

from .models import RequestKind

register(
    ["privacy.export", "privacy.erasure", "privacy.account_deleted"],
    {
        "kind": Field(_("Request"), Choice(RequestKind.choices)),
        "rows": Field(_("Rows erased"), Number()),
    },
)

ACTION_LABELS.update(
    {
        "privacy.export": _("Personal data sent to an address"),
        "privacy.erasure": _("Personal data of an address erased"),
        "privacy.account_deleted": _("Account deleted by its owner"),
    }
)

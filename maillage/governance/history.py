"""How the changes of governance texts read in the log (audit.history)."""

from django.utils.translation import gettext_lazy as _

from maillage.audit.history import Field, Number, register

register(
    ["governance.text_created", "governance.text_updated"],
    {
        "title": Field(_("Title")),
        "body": Field(_("Text")),
        "version": Field(_("Version"), Number()),
    },
)

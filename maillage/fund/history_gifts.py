"""How gifts read in the collective's log (audit.history): amounts, how, dates; never a
donor's name."""

from django.utils.translation import gettext_lazy as _

from maillage.audit.history import Choice, Date, Field, Money, Reference, register
from maillage.audit.models import ACTION_LABELS

from .models import Method

GIFT = {
    "amount": Field(_("Amount"), Money()),
    "method": Field(_("How"), Choice(Method.choices)),
    "campaign": Field(_("Campaign"), Reference("fund.Campaign", "title")),
    "received_on": Field(_("Received on"), Date()),
    "reason": Field(_("Reason")),
}

register(
    ["fund.gift_pledged", "fund.gift_received", "fund.gift_cancelled", "fund.gift_refunded"],
    GIFT,
)
register(
    ["fund.funder_paid"],
    {"amount": Field(_("Amount"), Money()), "received_on": Field(_("Received on"), Date())},
)

# The foundation's actions are named here, beside their fields (the log reads them from
# audit.models.ACTION_LABELS).
ACTION_LABELS.update(
    {
        "fund.gift_pledged": _("Gift promised"),
        "fund.gift_received": _("Gift received"),
        "fund.gift_cancelled": _("Promised gift cancelled"),
        "fund.gift_refunded": _("Gift refunded"),
        "fund.funder_paid": _("Matching funder's payment received"),
    }
)

"""How matching funds, standing orders, round-ups and online payments read in the
collective's log (audit.history): amounts, ratios, dates and references to rows, never
a donor's name."""

from django.utils.translation import gettext_lazy as _

from maillage.audit.history import Date, Field, Money, Number, Reference, register
from maillage.audit.models import ACTION_LABELS

MATCHING = {
    "funder": Field(_("Funder"), Reference("collectives.Organisation", "name")),
    "ratio": Field(_("Ratio"), Number()),
    "total": Field(_("Total committed"), Money()),
    "cap_per_gift": Field(_("Cap per gift"), Money()),
    "cap_per_donor": Field(_("Cap per donor"), Money()),
    "cap_per_project": Field(_("Cap per project"), Money()),
    "campaigns": Field(_("Campaigns")),
    "starts_on": Field(_("From"), Date()),
    "ends_on": Field(_("Until"), Date()),
    "drawn": Field(_("Drawn"), Money()),
}
RECURRING = {
    "amount": Field(_("Amount"), Money()),
    "campaign": Field(_("Campaign"), Reference("fund.Campaign", "title")),
    "starts_on": Field(_("From"), Date()),
    "organisation": Field(_("Employer"), Reference("collectives.Organisation", "name")),
    "currency": Field(_("Currency")),
    "month": Field(_("Month"), Date()),
    "participants": Field(_("People taking part"), Number()),
    "payment": Field(_("Payment at the provider")),
}

register(["fund.matching_created", "fund.matching_changed", "fund.matching_ended"], MATCHING)
register(
    [
        "fund.monthly_started",
        "fund.monthly_ended",
        "fund.round_up_created",
        "fund.round_up_ended",
        "fund.round_up_reported",
        "fund.provider_checkout",
    ],
    RECURRING,
)

ACTION_LABELS.update(
    {
        "fund.matching_created": _("Matching fund created"),
        "fund.matching_changed": _("Matching fund changed"),
        "fund.matching_ended": _("Matching fund ended"),
        "fund.monthly_started": _("Standing order started"),
        "fund.monthly_ended": _("Standing order ended"),
        "fund.round_up_created": _("Round-up programme created"),
        "fund.round_up_ended": _("Round-up programme ended"),
        "fund.round_up_reported": _("Round-up total reported"),
        "fund.provider_checkout": _("Online payment started"),
    }
)

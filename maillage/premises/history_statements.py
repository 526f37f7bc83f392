"""How the changes of prices and statements read in the collective's log."""

from django.utils.translation import gettext_lazy as _

from maillage.audit.history import Date, Field, Money, Number, register

NUMBER = Field(_("Number"))
TOTAL = Field(_("Total"), Money())

register("premises.prices_changed", {"changed": Field(_("Prices changed"), Number())})
register(
    "premises.service_price_set",
    {"service": Field(_("Service")), "amount": Field(_("Price a month"), Money())},
)
register(
    ["premises.service_subscribed", "premises.service_unsubscribed"],
    {"service": Field(_("Service")), "quantity": Field(_("Quantity"), Number())},
)
register("premises.statement_issued", {"number": NUMBER, "total": TOTAL})
register(
    "premises.credit_note_issued", {"number": NUMBER, "total": TOTAL, "reason": Field(_("Reason"))}
)
register("premises.statement_paid", {"paid_on": Field(_("Paid on"), Date())})

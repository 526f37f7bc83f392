"""How requests from outside and calendar feeds read in the collective's log."""

from django.utils.translation import gettext_lazy as _

from maillage.audit.history import Date, DateTime, Field, Number, register

register(
    "premises.request_received",
    {
        "space": Field(_("Room")),
        "date": Field(_("Date"), Date()),
        "people": Field(_("People"), Number()),
    },
)
register("premises.request_held", {"hold_until": Field(_("Held until"), DateTime())})
register("premises.request_refused", {"reason": Field(_("Reason"))})
register(
    [
        "premises.request_accepted",
        "premises.request_released",
        "premises.requester_data_erased",
        "premises.feed_renewed",
    ],
    {},
)

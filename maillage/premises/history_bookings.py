"""How the changes of bookings read in the collective's log (audit.history)."""

from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from maillage.audit.history import Choice, Date, Field, Number, YesNo, register

from .models import Slot

BOOKING = {
    "space": Field(_("Space")),
    "date": Field(_("Date"), Date()),
    "slot": Field(pgettext_lazy("booking", "Half-day"), Choice(Slot)),
    "organisation": Field(_("Organisation")),
}

register("premises.booking_made", BOOKING)
register("premises.booking_cancelled", {**BOOKING, "late": Field(_("Cancelled late"), YesNo())})
register(
    "premises.series_booked",
    {
        "space": Field(_("Space")),
        "rule": Field(_("Rule")),
        "starts_on": Field(_("From"), Date()),
        "ends_on": Field(_("Until"), Date()),
        "booked": Field(_("Half-days booked"), Number()),
        "skipped": Field(_("Half-days skipped"), Number()),
    },
)
register(
    ["premises.series_range_cancelled", "premises.series_rest_cancelled"],
    {
        "starts_on": Field(_("From"), Date()),
        "ends_on": Field(_("Until"), Date()),
        "cancelled": Field(_("Half-days cancelled"), Number()),
        "late": Field(_("Of which cancelled late"), Number()),
    },
)

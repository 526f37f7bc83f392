"""How the changes of sites, spaces, reserved desks and price categories read in the
collective's log (audit.history)."""

from django.utils.translation import gettext_lazy as _

from maillage.audit.history import Field, Number, YesNo, model_field, model_fields, register

from .models import ClosedPeriod, PriceCategory, Site, Space
from .services_sites import SITE_FIELDS, SPACE_FIELDS

register(
    ["premises.site_created", "premises.site_updated"],
    model_fields(Site, SITE_FIELDS),
)
register(
    ["premises.closed_period_added", "premises.closed_period_removed"],
    model_fields(ClosedPeriod, ["starts_on", "ends_on", "reason"]),
)
register(
    ["premises.space_added", "premises.space_updated", "premises.space_archived"],
    {**model_fields(Space, SPACE_FIELDS), "photo": Field(_("Photo"), YesNo())},
)
register(
    "premises.desks_reserved",
    {"organisation": Field(_("Organisation")), "count": model_field(Space, "desks")},
)
register(
    ["premises.category_added", "premises.category_updated"],
    model_fields(PriceCategory, ["name", "outside"]),
)
register(
    "premises.holidays_added",
    {
        "year": Field(_("Year"), Number()),
        "subdivision": Field(_("Canton or region")),
        "days": Field(_("Public holidays added"), Number()),
    },
)

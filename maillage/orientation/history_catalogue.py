"""How the changes of the orientation catalogue read in the collective's log."""

from django.utils.translation import gettext_lazy as _

from maillage.audit.history import Choices, Date, Field, Number, YesNo, model_fields, register

from .models import Need, Offer, Public, Structure
from .services_catalogue import OFFER_FIELDS, STRUCTURE_FIELDS

# Model fields whose verbose name reads the same in both languages.
_SAME = {"commune": Field(_("Commune")), "places": Field(_("Places"), Number())}
register(
    ["orientation.structure_created", "orientation.structure_updated"],
    model_fields(Structure, STRUCTURE_FIELDS, **_SAME),
)
_OFFER = {
    **model_fields(
        Offer, [name for name in OFFER_FIELDS if name not in ("needs", "publics")], **_SAME
    ),
    "needs": Field(_("Needs it answers"), Choices(Need.choices)),
    "publics": Field(_("For whom"), Choices(Public.choices)),
    "published": Field(_("Published"), YesNo()),
}
register(["orientation.offer_created", "orientation.offer_updated"], _OFFER)
register(
    ["orientation.structure_checked", "orientation.offer_checked"],
    {"last_checked_on": Field(_("Last checked on"), Date())},
)
register(
    ["orientation.offer_published", "orientation.offer_unpublished"],
    {"published": Field(_("Published"), YesNo())},
)
register("orientation.criteria_changed", {"criteria": Field(_("Number of criteria"), Number())})
register(
    "orientation.catalogue_imported",
    {
        "created": Field(_("Records created"), Number()),
        "updated": Field(_("Records updated"), Number()),
        "unchanged": Field(_("Records unchanged"), Number()),
    },
)

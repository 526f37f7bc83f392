"""How the changes of collectives and memberships read in the log (audit.history)."""

from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from maillage.audit.history import Choice, Choices, Field, model_field, model_fields, register

from .models import CONTENT_LANGUAGES, Collective, Membership, Role, Visibility
from .services import COLLECTIVE_FIELDS

ROLE = Field(_("Role"), Choice(Role))
REASON = Field(_("Reason"))
PERSON = Field(_("Person"))

register(
    ["collective.created", "collective.updated"],
    model_fields(
        Collective,
        COLLECTIVE_FIELDS,
        visibility=Field(
            _("Visibility"),
            Choice(
                [
                    (Visibility.PUBLIC, pgettext_lazy("collective", "Public")),
                    (Visibility.PRIVATE, pgettext_lazy("collective", "Private")),
                ]
            ),
        ),
        languages=Field(_("Languages"), Choices(CONTENT_LANGUAGES)),
    ),
)
register("collective.organisation_added", {"organisation": Field(_("Organisation"))})
register(
    ["invitation.sent", "invitation.revoked"],
    {"email": Field(_("E-mail address")), "role": ROLE},
)
register(
    "membership.joined_by_invitation", {"role": ROLE, "organisation": Field(_("Organisation"))}
)
register("membership_request.created", {"message": Field(_("Message"))})
register("membership_request.accepted", {"person": PERSON, "role": ROLE})
register("membership_request.refused", {"person": PERSON, "reason": REASON})
register("membership.role_changed", {"role": ROLE})
register(
    "membership.ended",
    {
        "role": ROLE,
        "end_date": model_field(Membership, "end_date"),
        "reason": REASON,
    },
)
register(
    ["network.coordinator_named", "network.coordinator_removed"],
    {"network": Field(_("Network")), "person": PERSON},
)

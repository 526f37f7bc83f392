"""How the changes of tenancies read in the collective's log (audit.history)."""

from django.utils.translation import gettext_lazy as _

from maillage.audit.history import Field, model_field, model_fields, register

from .models import Tenancy, TenancyApplication

register(
    [
        "premises.application_submitted",
        "premises.application_accepted",
        "premises.application_refused",
    ],
    {
        "organisation": Field(_("Organisation")),
        "kind": model_field(TenancyApplication, "kind"),
        "starts_on": model_field(TenancyApplication, "starts_on"),
        "quota_half_days": model_field(Tenancy, "quota_half_days"),
        "reason": model_field(TenancyApplication, "decision_reason"),
    },
)
register(
    ["premises.tenancy_updated", "premises.tenancy_ended"],
    {
        **model_fields(Tenancy, ["quota_half_days", "ends_on"]),
        "category": Field(_("Price category")),
    },
)

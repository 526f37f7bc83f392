"""How referrals' changes read in the collective's log and on a referral's page."""

from django.utils.translation import gettext_lazy as _

from maillage.audit.history import Choice, Field, register

from .models_referrals import ReferralStatus, RefusalReason

OFFER = Field(_("Offer"))
STATUS = Field(_("Status"), Choice(ReferralStatus))

register("orientation.referral_sent", {"offer": OFFER, "status": STATUS})
register(
    "orientation.referral_refused",
    {"status": STATUS, "reason": Field(_("Reason"), Choice(RefusalReason))},
)
register(
    [
        "orientation.referral_accepted",
        "orientation.referral_cancelled",
        "orientation.referral_closed",
    ],
    {"status": STATUS},
)
register("orientation.referral_erased", {})
